package incident

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep"
)

func ptr(f float64) *float64 { return &f }

// ev is a compact event for the tests.
type ev struct {
	doc                   int64
	published             string
	typ, actor, recipient string
	date, place           string
	lat, lon              float64
	evidence, certainty   string
	want                  string // the test's name for the incident it belongs to
	sym                   bool
}

var (
	odesa       = [2]float64{46.48, 30.72}
	kharkiv     = [2]float64{49.99, 36.23}
	chornomorsk = [2]float64{46.30, 30.65}
)

func (e ev) report() *Report {
	doc := &sitrep.Document{ID: e.doc, Hash: fmt.Sprintf("%016x%048d", e.doc*7919, 0), Published: e.published}
	event := &sitrep.Event{ID: fmt.Sprintf("d%d-e1", e.doc), Type: e.typ, Date: e.date, Evidence: e.evidence, Certainty: e.certainty, Symmetric: e.sym}
	if e.actor != "" {
		event.Actor = []sitrep.Actor{{Country: e.actor}}
	}
	if e.recipient != "" {
		event.Recipient = []sitrep.Actor{{Country: e.recipient}}
	}
	if e.place != "" {
		event.Location = &sitrep.Location{Name: e.place, Lat: ptr(e.lat), Lon: ptr(e.lon)}
	}
	return NewReport(doc, event, "")
}

// partition returns the incidents as sorted lists of the test's names.
func partition(x *Index, evs []ev) []string {
	name := map[string]string{}
	for _, e := range evs {
		name[fmt.Sprintf("d%d-e1", e.doc)] = fmt.Sprint(e.doc)
	}
	var out []string
	for _, ids := range x.Groups() {
		var ns []string
		for _, id := range ids {
			ns = append(ns, name[id])
		}
		slices.Sort(ns)
		out = append(out, strings.Join(ns, "+"))
	}
	slices.Sort(out)
	return out
}

func wantPartition(evs []ev) []string {
	groups := map[string][]string{}
	for _, e := range evs {
		groups[e.want] = append(groups[e.want], fmt.Sprint(e.doc))
	}
	var out []string
	for _, ns := range groups {
		slices.Sort(ns)
		out = append(out, strings.Join(ns, "+"))
	}
	slices.Sort(out)
	return out
}

func at(p [2]float64) (float64, float64) { return p[0], p[1] }

func TestIncidents(t *testing.T) {
	oLat, oLon := at(odesa)
	kLat, kLon := at(kharkiv)
	cLat, cLon := at(chornomorsk)
	tests := []struct {
		name string
		evs  []ev
	}{
		{"three outlets, one strike", []ev{
			{doc: 1, published: "2024-03-02", typ: "ASSAULT", actor: "RUS", recipient: "UKR", date: "2024-03-02", place: "Odesa", lat: oLat, lon: oLon, evidence: "A Russian drone struck an apartment block in Odesa, killing 8 people.", want: "a"},
			{doc: 2, published: "2024-03-03", typ: "ASSAULT", actor: "RUS", recipient: "UKR", date: "2024-03-02", place: "Odesa", lat: oLat, lon: oLon, evidence: "Eight people died when a Shahed drone hit a building in Odesa.", want: "a"},
			{doc: 3, published: "2024-03-02", typ: "COERCE", actor: "RUS", recipient: "", place: "Odesa", lat: oLat, lon: oLon, evidence: "Russia attacked Odesa overnight, officials said.", want: "a"},
		}},
		{"look-alike: same actors and place, a week later", []ev{
			{doc: 1, published: "2024-03-02", typ: "ASSAULT", actor: "RUS", recipient: "UKR", date: "2024-03-02", place: "Odesa", lat: oLat, lon: oLon, evidence: "A drone struck Odesa.", want: "a"},
			{doc: 2, published: "2024-03-02", typ: "ASSAULT", actor: "RUS", recipient: "UKR", date: "2024-03-02", place: "Odesa", lat: oLat, lon: oLon, evidence: "Drone hit Odesa.", want: "a"},
			{doc: 3, published: "2024-03-09", typ: "ASSAULT", actor: "RUS", recipient: "UKR", date: "2024-03-09", place: "Odesa", lat: oLat, lon: oLon, evidence: "A drone struck Odesa again.", want: "b"},
			{doc: 4, published: "2024-03-10", typ: "ASSAULT", actor: "RUS", recipient: "UKR", date: "2024-03-09", place: "Odesa", lat: oLat, lon: oLon, evidence: "Odesa was hit.", want: "b"},
		}},
		{"look-alike: same day, another city", []ev{
			{doc: 1, published: "2024-03-02", typ: "ASSAULT", actor: "RUS", recipient: "UKR", date: "2024-03-02", place: "Odesa", lat: oLat, lon: oLon, want: "a"},
			{doc: 2, published: "2024-03-02", typ: "ASSAULT", actor: "RUS", recipient: "UKR", date: "2024-03-02", place: "Kharkiv", lat: kLat, lon: kLon, want: "b"},
			{doc: 3, published: "2024-03-03", typ: "ASSAULT", actor: "RUS", recipient: "UKR", date: "2024-03-02", place: "Chornomorsk", lat: cLat, lon: cLon, want: "a"},
		}},
		{"sides disagree: not one incident", []ev{
			{doc: 1, published: "2024-03-02", typ: "ASSAULT", actor: "RUS", recipient: "UKR", date: "2024-03-02", want: "a"},
			{doc: 2, published: "2024-03-02", typ: "ASSAULT", actor: "ISR", recipient: "PSE", date: "2024-03-02", want: "b"},
		}},
		{"symmetric clash in either order", []ev{
			{doc: 1, published: "2024-05-01", typ: "ASSAULT", actor: "IND", recipient: "PAK", date: "2024-05-01", place: "Kashmir", evidence: "Indian and Pakistani troops exchanged fire in Kashmir.", want: "a", sym: true},
			{doc: 2, published: "2024-05-01", typ: "ASSAULT", actor: "PAK", recipient: "IND", date: "2024-05-01", place: "Kashmir", evidence: "Pakistani and Indian troops clashed along the line in Kashmir.", want: "a"},
		}},
		{"unknown attackers, nothing shared, stay apart", []ev{
			{doc: 1, published: "2024-06-01", typ: "ASSAULT", date: "2024-06-01", evidence: "Gunmen killed 3 villagers.", want: "a"},
			{doc: 2, published: "2024-06-01", typ: "ASSAULT", date: "2024-06-01", evidence: "A bomb went off at a market.", want: "b"},
		}},
		{"busy front: one side unknown, no place, nothing shared", []ev{
			{doc: 1, published: "2024-06-01", typ: "ASSAULT", actor: "RUS", recipient: "UKR", date: "2024-06-01", evidence: "Russian troops shelled a village.", want: "a"},
			{doc: 2, published: "2024-06-01", typ: "ASSAULT", actor: "RUS", date: "2024-06-01", evidence: "Russia launched drones overnight.", want: "b"},
		}},
		{"other types never merge", []ev{
			{doc: 1, published: "2024-06-01", typ: "CONSULT", actor: "USA", recipient: "CHN", date: "2024-06-01", want: "a"},
			{doc: 2, published: "2024-06-01", typ: "SANCTION", actor: "USA", recipient: "CHN", date: "2024-06-01", want: "b"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := wantPartition(tt.evs)
			rng := rand.New(rand.NewSource(1))
			var ids map[string][]string
			for round := range 8 {
				order := slices.Clone(tt.evs)
				if round > 0 {
					rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
				}
				x := NewIndex()
				for _, e := range order {
					x.AddDocument([]*Report{e.report()})
				}
				if got := partition(x, tt.evs); !slices.Equal(got, want) {
					t.Fatalf("order %d: got %v, want %v", round, got, want)
				}
				if round == 0 {
					ids = x.Groups()
				} else if got := x.Groups(); fmt.Sprint(got) != fmt.Sprint(ids) {
					t.Errorf("order %d: ids %v, want %v", round, got, ids)
				}
			}
		})
	}
}

// TestLinksFollowMerges checks that the links AddDocument returns, applied
// in turn, leave every event with the incident the index holds.
func TestLinksFollowMerges(t *testing.T) {
	oLat, oLon := at(odesa)
	evs := []ev{
		{doc: 3, published: "2024-03-04", typ: "ASSAULT", actor: "RUS", recipient: "UKR", date: "2024-03-02", place: "Odesa", lat: oLat, lon: oLon},
		{doc: 2, published: "2024-03-03", typ: "ASSAULT", actor: "RUS", date: "2024-03-02", place: "Odesa", lat: oLat, lon: oLon},
		{doc: 1, published: "2024-03-02", typ: "ASSAULT", recipient: "UKR", date: "2024-03-02", place: "Odesa", lat: oLat, lon: oLon},
	}
	x := NewIndex()
	stored := map[string]string{}
	for _, e := range evs {
		for _, l := range x.AddDocument([]*Report{e.report()}) {
			stored[l.Event] = l.Incident
		}
		if again := x.AddDocument([]*Report{e.report()}); len(again) != 0 {
			t.Errorf("adding doc %d again changed %v", e.doc, again)
		}
	}
	if x.Len() != 1 {
		t.Fatalf("%d incidents, want 1", x.Len())
	}
	for ev, in := range stored {
		if x.Incident(ev) != in {
			t.Errorf("%s stored in %s, index says %s", ev, in, x.Incident(ev))
		}
	}
	// The earliest report (doc 1, published first) names the incident.
	if want := ID(evs[2].report().Key); x.Incident("d1-e1") != want {
		t.Errorf("incident %s, want %s", x.Incident("d1-e1"), want)
	}
}

func TestDenial(t *testing.T) {
	doc := &sitrep.Document{ID: 5, Hash: "ab", Published: "2024-03-02"}
	claim := &sitrep.Event{ID: "d5-e1", Type: "ASSAULT", Actor: []sitrep.Actor{{Country: "RUS"}}, ContradictedBy: []string{"d5-e2"}}
	denial := &sitrep.Event{ID: "d5-e2", Type: "REJECT", Actor: []sitrep.Actor{{Country: "RUS"}}}
	x := NewIndex()
	links := x.AddDocument([]*Report{NewReport(doc, claim, ""), NewReport(doc, denial, "d5-e1")})
	if len(links) != 2 || links[0].Incident != links[1].Incident || links[1].Role != sitrep.RoleDenies || links[0].Role != sitrep.RoleAsserts {
		t.Errorf("links %+v", links)
	}
}

func TestScoreSymmetric(t *testing.T) {
	oLat, oLon := at(odesa)
	a := ev{doc: 1, published: "2024-03-02", typ: "ASSAULT", actor: "RUS", date: "2024-03", place: "Odesa", lat: oLat, lon: oLon, evidence: "Russia hit Odesa, 4 dead."}.report()
	b := ev{doc: 2, published: "2024-03-05", typ: "COERCE", recipient: "UKR", evidence: "Four killed in Odesa strike."}.report()
	if Score(a, b) != Score(b, a) {
		t.Errorf("Score(a, b) = %v, Score(b, a) = %v", Score(a, b), Score(b, a))
	}
}

// TestCoReported: two documents that both report a strike and talks on one
// day put them in one incident, in either order; a third that reports only
// the talks joins it too.
func TestCoReported(t *testing.T) {
	mk := func(doc int64, typ, actor, recipient, evidence string, n int) *Report {
		d := &sitrep.Document{ID: doc, Hash: fmt.Sprintf("%016x%048d", doc*7919, 0), Published: "2024-05-01"}
		e := &sitrep.Event{ID: fmt.Sprintf("d%d-e%d", doc, n), Type: typ, Date: "2024-05-01", Evidence: evidence,
			Actor: []sitrep.Actor{{Country: actor}}, Recipient: []sitrep.Actor{{Country: recipient}}}
		return NewReport(d, e, "")
	}
	docs := [][]*Report{
		{mk(1, "COERCE", "CHN", "PHL", "Chinese ships blocked two Philippine boats.", 1), mk(1, "CONSULT", "PHL", "CHN", "Manila summoned the Chinese envoy.", 2)},
		{mk(2, "COERCE", "CHN", "PHL", "China blocked Philippine supply boats.", 1), mk(2, "CONSULT", "PHL", "CHN", "The Philippines summoned China's envoy.", 2)},
		{mk(3, "CONSULT", "PHL", "CHN", "Manila summoned Beijing's envoy.", 1)},
	}
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}} {
		x := NewIndex()
		for _, i := range order {
			x.AddDocument(docs[i])
		}
		if x.Len() != 1 {
			t.Errorf("order %v: %d incidents: %v", order, x.Len(), x.Groups())
		}
	}
}
