package eval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/incident"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/internal/regular"
)

// IncidentReport is one line of an incident gold file
// (docs/incidents-gold.md): one news report and the incident it reports.
type IncidentReport struct {
	Incident    string `json:"incident"`
	ID          string `json:"id"`
	Outlet      string `json:"outlet"`
	URL         string `json:"url"`
	Published   string `json:"published"`
	Title       string `json:"title,omitempty"`
	Text        string `json:"text"`
	LookalikeOf string `json:"lookalike_of,omitempty"`
	Note        string `json:"note,omitempty"`
}

// IsIncidentFile reports whether the file at path is an incident gold
// file: its first record has an "incident" field.
func IsIncidentFile(path string) bool {
	// Only a regular file is looked into: opening a named pipe could wait
	// for ever, and ReadFile refuses it with a clear message.
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var probe struct {
			Incident *string `json:"incident"`
		}
		return json.Unmarshal(line, &probe) == nil && probe.Incident != nil
	}
	return false
}

// ReadIncidentFile reads an incident gold file.
func ReadIncidentFile(path string) ([]IncidentReport, error) {
	f, err := regular.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadIncidents(f, path)
}

// ReadIncidents reads incident gold records, one JSON object a line, and
// checks them; errors name the file and line.
func ReadIncidents(r io.Reader, name string) ([]IncidentReport, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	var out []IncidentReport
	ids := map[string]bool{}
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var rep IncidentReport
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rep); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		switch {
		case rep.Incident == "" || rep.ID == "" || rep.Text == "":
			return nil, fmt.Errorf("%s:%d: incident, id and text are required", name, n)
		case ids[rep.ID]:
			return nil, fmt.Errorf("%s:%d: id %q used twice", name, n, rep.ID)
		case rep.Published != "" && (len(rep.Published) != 10 || !sitrep.ValidDate(rep.Published)):
			return nil, fmt.Errorf("%s:%d: published %q: want YYYY-MM-DD", name, n, rep.Published)
		}
		ids[rep.ID] = true
		out = append(out, rep)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no reports", name)
	}
	return out, nil
}

// ClusterScore is a precision/recall/F1 figure of a clustering.
type ClusterScore struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// IncidentResult is the score of one incident gold file.
type IncidentResult struct {
	File      string `json:"file"`
	Reports   int    `json:"reports"`
	Gold      int    `json:"gold_incidents"`
	Predicted int    `json:"predicted_incidents"`
	// Uncoded counts reports with no coded event: each is a cluster alone.
	Uncoded  int          `json:"uncoded"`
	BCubed   ClusterScore `json:"bcubed"`
	Pairwise ClusterScore `json:"pairwise"`
	// LookalikePairs counts the pairs of reports of an incident and of
	// its look-alike; LookalikesMerged those put in one incident.
	LookalikePairs   int `json:"lookalike_pairs"`
	LookalikesMerged int `json:"lookalikes_merged"`
	// Assignment maps each report's ID to its predicted incident.
	Assignment map[string]string `json:"assignment"`
}

// ScoreIncidents codes every report (in memory, Workers at a time), adds
// them in file order to an incident index, as a store would, and scores
// the incidents against the gold grouping. A report that nearly
// duplicates an earlier one is not coded: like the store, it is a
// re-publication and takes the original's incident.
func ScoreIncidents(ctx context.Context, c sitrep.Coder, path string, reps []IncidentReport, opts Options) (*IncidentResult, error) {
	docs := make([]*sitrep.Document, len(reps))
	for i, r := range reps {
		docs[i] = &sitrep.Document{ID: int64(i + 1), Title: r.Title, Text: r.Text, Outlet: r.Outlet,
			URL: r.URL, Published: r.Published, Hash: ingest.Hash(r.Text), SimHash: ingest.SimHash(r.Text)}
	}
	analyses := make([]*sitrep.Analysis, len(reps))
	errs := make([]error, len(reps))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				analyses[i], errs[i] = c.Code(ctx, docs[i].Input())
				if opts.Progress != nil {
					mu.Lock()
					done++
					opts.Progress(done, len(reps))
					mu.Unlock()
				}
			}
		}()
	}
	for i := range reps {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("%s: coding: %w", path, err)
	}

	x := incident.NewIndex()
	original := make([]int, len(reps)) // index of the report each repeats, or itself
	eventsOf := make([][]string, len(reps))
	for i, d := range docs {
		original[i] = i
		for j := range i {
			if original[j] == j && (docs[j].Hash == d.Hash || len(strings.Fields(d.Text)) >= ingest.MinNearDupWords && ingest.NearDuplicate(d.SimHash, docs[j].SimHash)) {
				original[i] = j
				break
			}
		}
		if original[i] != i {
			continue
		}
		evs := analyses[i].Events
		if len(evs) == 0 {
			continue
		}
		// Give the events the IDs a store would, and turn their local
		// contradiction references into those IDs.
		local := map[string]string{}
		for k := range evs {
			local[sitrep.LocalEventID(k+1)] = "d" + strconv.Itoa(i+1) + "-e" + strconv.Itoa(k+1)
		}
		stored := make([]sitrep.Event, len(evs))
		for k, ev := range evs {
			ev.ID, ev.Document = local[sitrep.LocalEventID(k+1)], d.ID
			ev.ContradictedBy = nil
			for _, by := range evs[k].ContradictedBy {
				if id, ok := local[by]; ok {
					ev.ContradictedBy = append(ev.ContradictedBy, id)
				}
			}
			stored[k] = ev
			eventsOf[i] = append(eventsOf[i], ev.ID)
		}
		x.AddDocument(incident.Reports(d, stored))
	}

	// A report's incident is that of its main event: of its events'
	// incidents, the one reported by the most documents; ties go to the
	// earlier event.
	docsIn := map[string]map[int]bool{}
	for i, evs := range eventsOf {
		for _, e := range evs {
			in := x.Incident(e)
			if docsIn[in] == nil {
				docsIn[in] = map[int]bool{}
			}
			docsIn[in][i] = true
		}
	}
	res := &IncidentResult{File: path, Reports: len(reps), Assignment: map[string]string{}}
	pred := make([]string, len(reps))
	for i := range reps {
		best := ""
		for _, e := range eventsOf[original[i]] {
			if in := x.Incident(e); best == "" || len(docsIn[in]) > len(docsIn[best]) {
				best = in
			}
		}
		if best == "" {
			best = "uncoded:" + reps[i].ID
			res.Uncoded++
		}
		pred[i] = best
		res.Assignment[reps[i].ID] = best
	}
	gold := make([]string, len(reps))
	for i, r := range reps {
		gold[i] = r.Incident
	}
	res.Gold, res.Predicted = clusters(gold), clusters(pred)
	res.BCubed = BCubed(gold, pred)
	res.Pairwise = Pairwise(gold, pred)
	look := map[[2]string]bool{}
	for _, r := range reps {
		if r.LookalikeOf != "" {
			look[[2]string{r.Incident, r.LookalikeOf}] = true
		}
	}
	for i := range reps {
		for j := range i {
			if look[[2]string{gold[i], gold[j]}] || look[[2]string{gold[j], gold[i]}] {
				res.LookalikePairs++
				if pred[i] == pred[j] {
					res.LookalikesMerged++
				}
			}
		}
	}
	return res, nil
}

func clusters(xs []string) int {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return len(m)
}

// BCubed returns the B-cubed precision and recall of a clustering, pred,
// against gold (both give each item's cluster): for each item, the share
// of its predicted cluster that is in its gold cluster (precision) and of
// its gold cluster that is in its predicted cluster (recall), averaged
// over items.
func BCubed(gold, pred []string) ClusterScore {
	type pair struct{ g, p string }
	both, inGold, inPred := map[pair]int{}, map[string]int{}, map[string]int{}
	for i := range gold {
		both[pair{gold[i], pred[i]}]++
		inGold[gold[i]]++
		inPred[pred[i]]++
	}
	var p, r float64
	for i := range gold {
		n := float64(both[pair{gold[i], pred[i]}])
		p += n / float64(inPred[pred[i]])
		r += n / float64(inGold[gold[i]])
	}
	if len(gold) == 0 {
		return ClusterScore{}
	}
	return prf(p/float64(len(gold)), r/float64(len(gold)))
}

// Pairwise returns the precision and recall of the pairs of items put in
// one cluster: a predicted pair is right when gold puts the two together.
// With no predicted (or gold) pair, precision (recall) is 1.
func Pairwise(gold, pred []string) ClusterScore {
	var tp, predPairs, goldPairs int
	for i := range gold {
		for j := range i {
			g, p := gold[i] == gold[j], pred[i] == pred[j]
			if p {
				predPairs++
			}
			if g {
				goldPairs++
			}
			if g && p {
				tp++
			}
		}
	}
	p, r := 1.0, 1.0
	if predPairs > 0 {
		p = float64(tp) / float64(predPairs)
	}
	if goldPairs > 0 {
		r = float64(tp) / float64(goldPairs)
	}
	return prf(p, r)
}

func prf(p, r float64) ClusterScore {
	s := ClusterScore{Precision: round(p), Recall: round(r)}
	if p+r > 0 {
		s.F1 = round(2 * p * r / (p + r))
	}
	return s
}

func round(f float64) float64 { return math.Round(f*1000) / 1000 }

// WriteIncidentTable writes the scores as a short table.
func WriteIncidentTable(w io.Writer, r *IncidentResult) error {
	_, err := fmt.Fprintf(w, "%s\n  reports %d (uncoded %d), gold incidents %d, predicted %d\n"+
		"  %-10s P %.3f  R %.3f  F1 %.3f\n  %-10s P %.3f  R %.3f  F1 %.3f\n  look-alike pairs %d, merged %d\n",
		r.File, r.Reports, r.Uncoded, r.Gold, r.Predicted,
		"B-cubed", r.BCubed.Precision, r.BCubed.Recall, r.BCubed.F1,
		"pairwise", r.Pairwise.Precision, r.Pairwise.Recall, r.Pairwise.F1,
		r.LookalikePairs, r.LookalikesMerged)
	return err
}

// WriteIncidentErrors lists the gold incidents split across predicted
// ones and the predicted incidents that join several gold ones.
func WriteIncidentErrors(w io.Writer, reps []IncidentReport, r *IncidentResult) error {
	byGold, byPred := map[string][]string{}, map[string][]string{}
	for _, rep := range reps {
		p := r.Assignment[rep.ID]
		byGold[rep.Incident] = append(byGold[rep.Incident], rep.ID+"→"+p)
		byPred[p] = append(byPred[p], rep.ID+"("+rep.Incident+")")
	}
	var lines []string
	for g, rs := range byGold {
		ps := map[string]bool{}
		for _, s := range rs {
			ps[s[strings.Index(s, "→")+len("→"):]] = true
		}
		if len(ps) > 1 {
			lines = append(lines, fmt.Sprintf("split   %s: %s", g, strings.Join(rs, " ")))
		}
	}
	for p, rs := range byPred {
		gs := map[string]bool{}
		for _, s := range rs {
			gs[s[strings.Index(s, "(")+1:len(s)-1]] = true
		}
		if len(gs) > 1 {
			lines = append(lines, fmt.Sprintf("merged  %s: %s", p, strings.Join(rs, " ")))
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}
