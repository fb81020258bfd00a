package incident

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/sitrep/sitrep"
)

// View is what an incident shows: its reports, how many independent
// sources give them, what they agree on, where they disagree and who
// asserts or denies it.
type View struct {
	ID string `json:"id"`
	// Consensus fields: the value most sources give (ties: the smallest).
	Type       string   `json:"type"`
	Actors     []string `json:"actors"`
	Recipients []string `json:"recipients"`
	Date       string   `json:"date,omitempty"`
	Place      string   `json:"place,omitempty"`
	// Sources is the number of independent sources: distinct outlets
	// (a document without an outlet counts alone). Near-duplicate
	// re-publications are not coded, so they add none.
	Sources int `json:"sources"`
	// FirstReport and LastReport are the earliest and latest publication
	// dates of the reports.
	FirstReport string `json:"first_report,omitempty"`
	LastReport  string `json:"last_report,omitempty"`
	// Contested is true when some report denies the incident.
	Contested     bool           `json:"contested"`
	Disagreements []Disagreement `json:"disagreements"`
	Claims        []Claim        `json:"claims"`
	Reports       []ViewReport   `json:"reports"`
}

// ViewReport is one report of an incident: an event and its document.
type ViewReport struct {
	Role      string        `json:"role"`
	Document  int64         `json:"document"`
	Outlet    string        `json:"outlet,omitempty"`
	Published string        `json:"published,omitempty"`
	Title     string        `json:"title,omitempty"`
	URL       string        `json:"url,omitempty"`
	Event     *sitrep.Event `json:"event"`

	// context is the sentence after the evidence, where reports often
	// give the toll ("Eight people were killed.").
	context string
}

// nextSentence returns the text after an event's evidence sentence up to
// the end of the next sentence, roughly; "" for a headline event.
func nextSentence(text string, ev *sitrep.Event) string {
	if ev.Sentence < 0 || ev.End <= 0 || ev.End >= len(text) {
		return ""
	}
	rest := text[ev.End:]
	if len(rest) > 300 {
		rest = rest[:300]
	}
	if i := strings.IndexAny(strings.TrimLeft(rest, " \n"), ".!?"); i >= 0 {
		rest = strings.TrimLeft(rest, " \n")[:i+1]
	}
	return rest
}

// Disagreement is a field on which the reports differ, with each value
// and the events that give it.
type Disagreement struct {
	Field  string  `json:"field"` // date, place, actors, recipients, killed, wounded
	Values []Value `json:"values"`
}

// Value is one value of a disputed field and the events that give it.
type Value struct {
	Value  string   `json:"value"`
	Events []string `json:"events"`
}

// Claim is one source's position on the incident.
type Claim struct {
	// Role is sitrep.RoleAsserts or sitrep.RoleDenies.
	Role string `json:"role"`
	// Source is who says it: the speaker the text names, else the outlet.
	Source    string `json:"source"`
	Outlet    string `json:"outlet,omitempty"`
	Certainty string `json:"certainty,omitempty"`
	Event     string `json:"event"`
	Evidence  string `json:"evidence"`
}

// Source is what Load reads: a Reader that keeps incident links.
type Source interface {
	FindEvent(ctx context.Context, id string) (*sitrep.Event, error)
	FindDocument(ctx context.Context, id int64) (*sitrep.Document, error)
	sitrep.IncidentReader
}

// Load returns the incident with that ID, or sitrep.ErrNotFound.
func Load(ctx context.Context, s Source, id string) (*View, error) {
	links, err := s.IncidentLinks(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(links) == 0 {
		return nil, fmt.Errorf("incident %s: %w", id, sitrep.ErrNotFound)
	}
	docs := map[int64]*sitrep.Document{}
	var reports []ViewReport
	for _, l := range links {
		ev, err := s.FindEvent(ctx, l.Event)
		if err != nil {
			return nil, fmt.Errorf("incident %s: %w", id, err)
		}
		d := docs[ev.Document]
		if d == nil {
			if d, err = s.FindDocument(ctx, ev.Document); err != nil {
				return nil, fmt.Errorf("incident %s: %w", id, err)
			}
			docs[ev.Document] = d
		}
		reports = append(reports, ViewReport{Role: l.Role, Document: d.ID, Outlet: d.Outlet,
			Published: d.Published, Title: d.Title, URL: d.URL, Event: ev, context: nextSentence(d.Text, ev)})
	}
	return Build(id, reports), nil
}

// Build makes the view of an incident from its reports.
func Build(id string, reports []ViewReport) *View {
	sort.SliceStable(reports, func(i, j int) bool {
		a, b := reports[i], reports[j]
		if a.Published != b.Published {
			return a.Published < b.Published
		}
		if a.Document != b.Document {
			return a.Document < b.Document
		}
		return a.Event.ID < b.Event.ID
	})
	v := &View{ID: id, Reports: reports, Disagreements: []Disagreement{}, Claims: []Claim{}}
	outlets := map[string]bool{}
	fields := map[string]*tally{}
	field := func(name string) *tally {
		if fields[name] == nil {
			fields[name] = &tally{events: map[string][]string{}, docs: map[string]map[int64]bool{}}
		}
		return fields[name]
	}
	for _, r := range reports {
		ev := r.Event
		src := r.Outlet
		if src == "" {
			src = fmt.Sprintf("#%d", r.Document)
		}
		outlets[strings.ToLower(src)] = true
		if r.Published != "" {
			if v.FirstReport == "" || r.Published < v.FirstReport {
				v.FirstReport = r.Published
			}
			if r.Published > v.LastReport {
				v.LastReport = r.Published
			}
		}
		claim := Claim{Role: r.Role, Source: r.Outlet, Outlet: r.Outlet, Certainty: ev.Certainty, Event: ev.ID, Evidence: ev.Evidence}
		if ev.Source != nil && ev.Source.Name != "" {
			claim.Source = ev.Source.Name
		}
		v.Claims = append(v.Claims, claim)
		if r.Role == sitrep.RoleDenies {
			v.Contested = true
			continue // a denial's fields describe the claim it denies, not the incident
		}
		field("type").add(ev.Type, ev.ID, r.Document)
		if c := codes(ev.Actor); c != "" {
			field("actors").add(c, ev.ID, r.Document)
		}
		if c := codes(ev.Recipient); c != "" {
			field("recipients").add(c, ev.ID, r.Document)
		}
		if ev.Date != "" {
			field("date").add(ev.Date, ev.ID, r.Document)
		}
		if ev.Location != nil && ev.Location.Name != "" {
			field("place").add(ev.Location.Name, ev.ID, r.Document)
		}
		toll := Casualties(ev.Evidence)
		if len(toll) == 0 {
			toll = Casualties(r.context)
		}
		for kind, n := range toll {
			field(kind).add(n, ev.ID, r.Document)
		}
	}
	v.Sources = len(outlets)
	v.Type = field("type").consensus()
	v.Actors = split(field("actors").consensus())
	v.Recipients = split(field("recipients").consensus())
	v.Date = field("date").consensus()
	v.Place = field("place").consensus()
	for _, name := range []string{"date", "place", "actors", "recipients", "killed", "wounded"} {
		t := fields[name]
		if t == nil || len(t.events) < 2 || name == "date" && !datesDiffer(t) {
			continue
		}
		d := Disagreement{Field: name}
		for _, val := range t.values() {
			d.Values = append(d.Values, Value{Value: val, Events: t.events[val]})
		}
		v.Disagreements = append(v.Disagreements, d)
	}
	return v
}

// datesDiffer reports whether two of the dates cannot be the same day:
// "2024-03" and "2024-03-02" agree.
func datesDiffer(t *tally) bool {
	ds := t.values()
	for i, a := range ds {
		for _, b := range ds[i+1:] {
			if !strings.HasPrefix(a, b) && !strings.HasPrefix(b, a) {
				return true
			}
		}
	}
	return false
}

// tally counts each value of a field by the documents that give it.
type tally struct {
	events map[string][]string
	docs   map[string]map[int64]bool
}

func (t *tally) add(val, event string, doc int64) {
	t.events[val] = append(t.events[val], event)
	if t.docs[val] == nil {
		t.docs[val] = map[int64]bool{}
	}
	t.docs[val][doc] = true
}

// values lists the values, the most documents first, then by value.
func (t *tally) values() []string {
	vs := make([]string, 0, len(t.docs))
	for v := range t.docs {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool {
		if len(t.docs[vs[i]]) != len(t.docs[vs[j]]) {
			return len(t.docs[vs[i]]) > len(t.docs[vs[j]])
		}
		return vs[i] < vs[j]
	})
	return vs
}

func (t *tally) consensus() string {
	if vs := t.values(); len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// codes lists a side's countries: outlets name the army where another
// names the government, and that is no disagreement.
func codes(as []sitrep.Actor) string {
	var cs []string
	for _, a := range as {
		if c := a.Country; c != "" && !contains(cs, c) {
			cs = append(cs, c)
		}
	}
	sort.Strings(cs)
	return strings.Join(cs, ",")
}

func split(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// casualtyWords map the words that state a casualty figure to its kind.
var casualtyWords = map[string]string{
	"killed": "killed", "killing": "killed", "dead": "killed", "died": "killed", "deaths": "killed",
	"lives": "killed", "wounded": "wounded", "injured": "wounded", "wounding": "wounded", "injuring": "wounded",
}

// Casualties returns the casualty figures a sentence states, by kind
// (killed, wounded): the number nearest a casualty word, within four
// words ("killing at least 8 people", "three were wounded").
func Casualties(s string) map[string]string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	num := func(w string) string {
		if isDigits(w) && !(len(w) == 4 && (w[0] == '1' || w[0] == '2')) {
			return w
		}
		return numberWords[w]
	}
	out := map[string]string{}
	for i, w := range words {
		kind := casualtyWords[w]
		if kind == "" || out[kind] != "" {
			continue
		}
		// "killing 8" states the figure after the word; "8 killed",
		// "8 were wounded" before it.
		dirs := []int{-1, 1}
		if strings.HasSuffix(w, "ing") {
			dirs = []int{1, -1}
		}
	search:
		for _, dir := range dirs {
			for d := 1; d <= 4; d++ {
				if j := i + dir*d; j >= 0 && j < len(words) {
					if n := num(words[j]); n != "" {
						out[kind] = n
						break search
					}
				}
			}
		}
	}
	return out
}

// Lister is what List reads: a Source that also finds events.
type Lister interface {
	Source
	FindEvents(ctx context.Context, f sitrep.EventFilter) ([]*sitrep.Event, error)
}

// Filter selects incidents: those with an event matching Events (whose
// Limit and Cursor are ignored), at least MinSources independent sources
// and, when Contested, a denial.
type Filter struct {
	Events     sitrep.EventFilter
	MinSources int
	Contested  bool
	Limit      int // 0: all
}

// List returns the incidents that f selects, in the order of their first
// event in f.Events.Sort order.
func List(ctx context.Context, s Lister, f Filter) ([]*View, error) {
	ef := f.Events
	ef.Limit, ef.Cursor = 0, ""
	evs, err := s.FindEvents(ctx, ef)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	links, err := s.EventIncidents(ctx, ids...)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	views := []*View{}
	for _, e := range evs {
		l, ok := links[e.ID]
		if !ok || seen[l.Incident] {
			continue
		}
		seen[l.Incident] = true
		v, err := Load(ctx, s, l.Incident)
		if err != nil {
			return nil, err
		}
		if v.Sources < f.MinSources || f.Contested && !v.Contested {
			continue
		}
		views = append(views, v)
		if f.Limit > 0 && len(views) == f.Limit {
			break
		}
	}
	return views, nil
}
