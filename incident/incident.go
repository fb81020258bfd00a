// Package incident groups the events of many documents into incidents: one
// real-world event across every article that reports it.
//
// # Method
//
// Every pair of events from different documents gets a score in [0, 1]
// from five cues, each worth a fifth:
//
//   - type: the same PLOVER type (1), or a close pair that two sides report
//     differently, such as ASSAULT and COERCE (0.7); other pairs never match;
//   - participants: each side's countries overlap (1), one is unknown
//     (0.5) or they differ (0); events with no country in common, or whose
//     two sides both differ (a tit-for-tat reply), never match, unless one
//     event is symmetric and the sides match in the other order;
//   - date: the event's date, or the two days up to its document's
//     publication when it has none, at the precision each gives: day dates
//     up to DayWindow days apart fit, a month or year fits any day inside it
//     (weakly); dates that cannot be the same day never match;
//   - place: within NearKm (1), within RegionKm, as a region and a place in
//     it are (0.5), the same name (1), one unknown (0.4); farther apart or
//     in another country never match, unless the reports give the same day
//     and share four or more names and figures (coders take a dateline or
//     a speaker's capital for the place);
//   - evidence: the names and numbers (casualty figures, equipment) that
//     the evidence sentences share, a third for each, numbers counting twice.
//
// Two events are linked when their score reaches Threshold and they share
// a participant or at least two evidence tokens, so that two unrelated
// attacks by unknown attackers on one day stay apart; events of different
// types must also share evidence (one token for a close pair, two for a
// weak one), and so must events without a place whose sides agree only
// in part (the same attacker strikes somewhere every day). An incident is a
// connected component of linked events: a new event joins the incident it
// links to, merges the incidents it links to when there are several, or
// starts one. Articles often report one incident as several events (boats
// blocked, then hit with water cannon), so two incidents that two or more
// documents both report are merged too. Connected components, and this
// rule, which only ever adds merges, do not depend on the order in which
// events arrive, so ingesting reports in any order gives the same
// incidents, and adding a document only scores its events against the
// stored events of the same type group and nearby weeks: nothing is
// recomputed.
//
// An incident's ID is a hash of the stable key of its earliest report (the
// document's content hash and the event's ordinal within it), so it does
// not depend on the store's document numbering: re-ingesting the same
// inputs, in any order, into any store gives the same IDs. When an earlier
// report joins, the incident is renamed and every link is rewritten.
//
// An event that contradicts another of its document (a REJECT of the claim,
// see sitrep.Event.ContradictedBy) joins the contradicted event's incident
// as a denial; an event with certainty denied joins by its score, as a
// denial too. Near-duplicate re-publications are stored uncoded, so they
// never add a report: a wire story re-published ten times is one source.
package incident

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sort"

	"github.com/sitrep/sitrep"
)

// Tuning of the method; see the package documentation.
const (
	// Threshold is the score from which two events are linked.
	Threshold = 0.6
	// DayWindow is how many days apart two day dates may be and still
	// name one incident: reports round and disagree by a day or two.
	DayWindow = 2
	// NearKm is the distance within which two places are the same place.
	NearKm = 30
	// RegionKm is the distance within which one place may be a region
	// containing the other.
	RegionKm = 150
	// undatedDays is how long before its publication an undated event may
	// have happened: news reports what happened today or in the last two
	// days, and says "last week" when it was longer ago.
	undatedDays = 2
)

// Index holds the incidents of a set of events and assigns new ones. The
// zero value is not ready: use NewIndex. It is not safe for concurrent use.
type Index struct {
	reports   map[string]*Report   // by event ID
	incidents map[string]*incident // by incident ID
	byDoc     map[int64][]*Report
	buckets   map[bucketKey][]*Report
}

type bucketKey struct {
	group string
	day   int
}

type incident struct {
	id      string
	reports []*Report
	first   *Report       // the earliest report, which names the incident
	docs    map[int64]int // reports by document
}

// join adds r to in.
func (in *incident) join(r *Report) {
	r.incident = in
	in.reports = append(in.reports, r)
	if in.docs == nil {
		in.docs = map[int64]int{}
	}
	in.docs[r.Doc]++
	if in.first == nil || r.earlier(in.first) {
		in.first = r
	}
}

// shared counts the documents that report both a and b.
func shared(a, b *incident) int {
	if len(a.docs) > len(b.docs) {
		a, b = b, a
	}
	n := 0
	for d := range a.docs {
		if b.docs[d] > 0 {
			n++
		}
	}
	return n
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{reports: map[string]*Report{}, incidents: map[string]*incident{}, buckets: map[bucketKey][]*Report{},
		byDoc: map[int64][]*Report{}}
}

// Incident returns the ID of the incident an event belongs to, or "".
func (x *Index) Incident(event string) string {
	if r := x.reports[event]; r != nil {
		return r.incident.id
	}
	return ""
}

// Len returns the number of incidents.
func (x *Index) Len() int { return len(x.incidents) }

// Groups returns every incident's event IDs, sorted, keyed by incident ID.
func (x *Index) Groups() map[string][]string {
	out := make(map[string][]string, len(x.incidents))
	for id, in := range x.incidents {
		ids := make([]string, len(in.reports))
		for i, r := range in.reports {
			ids[i] = r.Event
		}
		slices.Sort(ids)
		out[id] = ids
	}
	return out
}

// AddDocument assigns the reports of one document (its events, in order)
// and returns the links that changed: those of its events and of every
// event whose incident was merged or renamed. Reports already in the index
// are ignored, which makes adding a document twice harmless.
func (x *Index) AddDocument(rs []*Report) []sitrep.IncidentLink {
	before := map[string]string{}
	fresh := map[string]bool{}
	var deniers []*Report
	for _, r := range rs {
		if x.reports[r.Event] != nil {
			continue
		}
		fresh[r.Event] = true
		if r.Contradicts != "" {
			deniers = append(deniers, r)
			continue
		}
		x.add(r, before)
	}
	for _, r := range deniers {
		target := x.reports[r.Contradicts]
		if target == nil { // contradicts nothing we know: stands alone
			x.add(r, before)
			continue
		}
		in := target.incident
		x.reports[r.Event] = r
		x.byDoc[r.Doc] = append(x.byDoc[r.Doc], r)
		in.join(r)
		x.rename(in, before)
	}
	// One article often reports an incident as several events (boats
	// blocked and hit with water cannon): incidents that two documents
	// both report are one.
	if len(rs) > 0 && len(fresh) > 0 {
		x.coMerge(rs[0].Doc, before)
	}
	var links []sitrep.IncidentLink
	for ev := range fresh {
		links = append(links, x.reports[ev].link())
	}
	for ev, old := range before {
		if r := x.reports[ev]; !fresh[ev] && r.incident.id != old {
			links = append(links, r.link())
		}
	}
	sort.Slice(links, func(i, j int) bool { return links[i].Event < links[j].Event })
	return links
}

// add links r to the incidents it scores with, merging them, and returns
// its incident. before records the incident every moved event had.
func (x *Index) add(r *Report, before map[string]string) *incident {
	var matched []*incident
	seen := map[*incident]bool{}
	for _, g := range r.groups() {
		for day := r.lo - DayWindow; day <= r.hi+DayWindow; day++ {
			for _, o := range x.buckets[bucketKey{g, day}] {
				in := o.incident
				if seen[in] || o.Doc == r.Doc {
					continue
				}
				if Linked(r, o) {
					seen[in] = true
					matched = append(matched, in)
				}
			}
		}
	}
	x.reports[r.Event] = r
	x.byDoc[r.Doc] = append(x.byDoc[r.Doc], r)
	x.index(r)
	var in *incident
	if len(matched) == 0 {
		in = &incident{}
	} else {
		in = matched[0]
		for _, o := range matched[1:] {
			in = x.merge(in, o, before)
		}
	}
	in.join(r)
	x.rename(in, before)
	return in
}

// merge merges two incidents into the larger (ties: the smaller ID), so
// that fewer links move, and returns it.
func (x *Index) merge(a, b *incident, before map[string]string) *incident {
	if len(b.reports) > len(a.reports) || len(b.reports) == len(a.reports) && b.id < a.id {
		a, b = b, a
	}
	for _, m := range b.reports {
		before[m.Event] = keep(before, m.Event, b.id)
		m.incident = a
	}
	a.reports = append(a.reports, b.reports...)
	for d, n := range b.docs {
		a.docs[d] += n
	}
	if b.first.earlier(a.first) {
		a.first = b.first
	}
	delete(x.incidents, b.id)
	x.rename(a, before)
	return a
}

// coMerge merges the incidents that two or more documents both report,
// starting from those of document doc, which has just been added, until
// none is left. Only a new document or a merge makes two incidents share
// a document, so only the incidents of doc, and then of the documents of
// each incident merged, need looking at. The rule only ever adds merges,
// so the result does not depend on the order of documents.
func (x *Index) coMerge(doc int64, before map[string]string) {
	queue := []int64{doc}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		var ins []*incident
		for _, r := range x.byDoc[d] {
			if !slices.Contains(ins, r.incident) {
				ins = append(ins, r.incident)
			}
		}
		for i := 0; i < len(ins); i++ {
			for j := i + 1; j < len(ins); j++ {
				a, b := ins[i], ins[j]
				if a == b || shared(a, b) < 2 {
					continue
				}
				small := b
				if len(a.reports) < len(b.reports) {
					small = a
				}
				for sd := range small.docs {
					queue = append(queue, sd)
				}
				m := x.merge(a, b, before)
				ins[i], ins[j] = m, m
			}
		}
	}
}

// keep returns the first recorded incident of an event.
func keep(before map[string]string, event, id string) string {
	if old, ok := before[event]; ok {
		return old
	}
	return id
}

// rename gives in the ID of its earliest report.
func (x *Index) rename(in *incident, before map[string]string) {
	id := ID(in.first.Key)
	if id == in.id {
		return
	}
	if in.id != "" {
		delete(x.incidents, in.id)
		for _, r := range in.reports {
			before[r.Event] = keep(before, r.Event, in.id)
		}
	}
	in.id = id
	x.incidents[id] = in
}

// index files r under its type group and every day of its date.
func (x *Index) index(r *Report) {
	if r.Contradicts != "" {
		return
	}
	for day := r.lo; day <= r.hi; day++ {
		k := bucketKey{typeGroup(r.Type), day}
		x.buckets[k] = append(x.buckets[k], r)
	}
}

// ID returns the incident ID for the stable key of its earliest report.
func ID(key string) string {
	h := sha256.Sum256([]byte(key))
	return "inc-" + hex.EncodeToString(h[:6])
}
