package eval

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/sitrep/sitrep"
)

// Options tune Score.
type Options struct {
	// Workers is how many records are coded at once; 0 or less means
	// runtime.GOMAXPROCS(0). Results do not depend on it.
	Workers int
	// Progress, if set, is called after each record is coded with the
	// number coded so far and the total. Calls are serialised.
	Progress func(done, total int)
}

// PRF is a precision/recall/F1 figure with the counts behind it. A
// fraction is nil when it is not scored or its denominator is zero.
type PRF struct {
	Gold      int      `json:"gold"`
	Predicted int      `json:"predicted"`
	Matched   int      `json:"matched"`
	Precision *float64 `json:"precision"`
	Recall    *float64 `json:"recall"`
	F1        *float64 `json:"f1"`

	// ScoredPredicted and ScoredMatched count the predicted and matched
	// items of the records whose precision is scored (event records);
	// Precision is ScoredMatched / ScoredPredicted. In a file of event
	// records only they equal Predicted and Matched.
	ScoredPredicted int `json:"-"`
	ScoredMatched   int `json:"-"`
}

// FileResult is the score of one gold file. The JSON form is the one
// `sitrep eval --json` prints, with fractions rounded to 3 decimals.
type FileResult struct {
	File      string `json:"file"`
	Documents int    `json:"documents"`
	Events    *PRF   `json:"events"`
	// EventsStrict counts matches that also pass strict matching's
	// fourth condition (EvidenceAgrees), matched greedily on their own.
	EventsStrict     *PRF     `json:"events_strict"`
	DateAccuracy     *float64 `json:"date_accuracy"`
	LocationAccuracy *float64 `json:"location_accuracy"`
	DocumentTypes    *PRF     `json:"document_types"`
	QuadAccuracy     *float64 `json:"quad_accuracy"`
	Transfers        *PRF     `json:"transfers"`

	// Counts behind the accuracies: matched events whose gold event has a
	// date (a located point), and how many of them agree; quad records
	// and how many are right.
	Dates, DatesAgreed         int `json:"-"`
	Locations, LocationsAgreed int `json:"-"`
	Quads, QuadsAgreed         int `json:"-"`

	// Errors lists every scored mistake, in record order.
	Errors []ErrorItem `json:"-"`
	// Categories counts missed and false events by what went wrong (see
	// ErrorItem.Category), keyed "missed event: sides wrong" and so on.
	Categories map[string]int `json:"error_categories,omitempty"`
}

// Kinds of ErrorItem.
const (
	MissedEvent    = "missed event"    // gold event with no matching prediction
	FalseEvent     = "false event"     // prediction matching no gold event (event records)
	LooseMatch     = "loose match"     // gold event matched leniently but not strictly: the evidence does not overlap
	WrongDate      = "wrong date"      // matched event whose date disagrees
	WrongLocation  = "wrong location"  // matched event placed over 50 km away
	MissedType     = "missed type"     // gold document type not emitted
	FalseType      = "false type"      // emitted document type not in gold
	WrongQuad      = "wrong quad"      // quad record classified wrongly
	MissedTransfer = "missed transfer" // gold transfer with no matching prediction
	FalseTransfer  = "false transfer"  // predicted transfer matching no gold one (event records)
)

// ErrorItem is one mistake of the coder on a record.
type ErrorItem struct {
	Kind   string
	Record string // record ID
	Line   int    // line of the record in the gold file

	Gold      *GoldEvent    // MissedEvent, LooseMatch, WrongDate, WrongLocation
	Predicted *sitrep.Event // FalseEvent, LooseMatch (the lenient match), WrongDate, WrongLocation, WrongQuad (first event, if any)
	// Evidence is the gold evidence (or, when it has none, the start of
	// the record's text) for a MissedEvent, empty for a LooseMatch, which
	// shows both, and the predicted evidence otherwise.
	Evidence string

	GoldTransfer      *GoldTransfer    // MissedTransfer
	PredictedTransfer *sitrep.Transfer // FalseTransfer

	// Category says what went wrong with a MissedEvent or FalseEvent, by
	// comparing it with what the other side put where its evidence is:
	// see missCategory and falseCategory.
	Category string

	Type                    string // MissedType, FalseType
	GoldQuad, PredictedQuad string // WrongQuad
}

// String formats the item on one line.
func (e ErrorItem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-15s %s", e.Kind, e.Record)
	switch e.Kind {
	case MissedEvent:
		fmt.Fprintf(&b, "  %s", goldEventString(e.Gold))
		if e.Category != "" {
			fmt.Fprintf(&b, "  (%s)", e.Category)
		}
	case FalseEvent:
		fmt.Fprintf(&b, "  %s", predEventString(e.Predicted))
		if e.Category != "" {
			fmt.Fprintf(&b, "  (%s)", e.Category)
		}
	case LooseMatch:
		fmt.Fprintf(&b, "  %s  gold %q, predicted %q", predEventString(e.Predicted), e.Gold.Evidence, e.Predicted.Evidence)
	case WrongDate:
		fmt.Fprintf(&b, "  %s  gold %s, predicted %s", e.Gold.Type, e.Gold.Date, orDash(e.Predicted.Date))
	case WrongLocation:
		fmt.Fprintf(&b, "  %s  gold %s, predicted %s", e.Gold.Type, locString(e.Gold.Location), locString(e.Predicted.Location))
		if hasPoint(e.Predicted.Location) {
			g, p := e.Gold.Location, e.Predicted.Location
			fmt.Fprintf(&b, " (%.0f km)", sitrep.DistanceKm(*g.Lat, *g.Lon, *p.Lat, *p.Lon))
		}
	case MissedType, FalseType:
		fmt.Fprintf(&b, "  %s", e.Type)
	case WrongQuad:
		fmt.Fprintf(&b, "  gold %s, predicted %s", e.GoldQuad, orDash(e.PredictedQuad))
		if e.Predicted != nil {
			fmt.Fprintf(&b, " from %s", predEventString(e.Predicted))
		}
	case MissedTransfer:
		t := e.GoldTransfer
		fmt.Fprintf(&b, "  %s→%s %s (%s)", orDash(t.Supplier), orDash(t.Recipient), orDash(t.Category), t.Item)
	case FalseTransfer:
		t := e.PredictedTransfer
		fmt.Fprintf(&b, "  %s→%s %s (%s)", orDash(t.Supplier), orDash(t.Recipient), orDash(t.Category), t.Item)
		if t.Rule != "" {
			fmt.Fprintf(&b, " [%s]", t.Rule)
		}
	}
	if e.Evidence != "" {
		fmt.Fprintf(&b, "  %q", e.Evidence)
	}
	return b.String()
}

func goldEventString(g *GoldEvent) string {
	s := g.Type
	if g.Mode != "" {
		s += "/" + g.Mode
	}
	s += " " + sideString(g.Actor) + "→" + sideString(g.Recipient)
	if g.Symmetric {
		s += " (symmetric)"
	}
	return s
}

func predEventString(p *sitrep.Event) string {
	s := p.Type
	if p.Mode != "" {
		s += "/" + p.Mode
	}
	s += " " + sideString(p.Actor) + "→" + sideString(p.Recipient)
	if p.Rule != "" {
		s += " [" + p.Rule + "]"
	}
	return s
}

func sideString(side []sitrep.Actor) string {
	cs := distinct(countries(side))
	if len(cs) == 0 {
		return "-"
	}
	return strings.Join(cs, ",")
}

func locString(l *sitrep.Location) string {
	if l == nil {
		return "-"
	}
	s := l.Name
	if hasPoint(l) {
		s += fmt.Sprintf(" (%.2f, %.2f)", *l.Lat, *l.Lon)
	}
	if s == "" {
		return "-"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Score codes every record of one gold file with c and scores the result.
// name is the file's path; the result's File is its base name. Records are
// coded concurrently, but the result does not depend on the order in which
// they finish. A coder error (or panic) on any record stops the run and is
// returned naming the record.
func Score(ctx context.Context, c sitrep.Coder, name string, recs []Record, opts Options) (*FileResult, error) {
	analyses, err := codeAll(ctx, c, name, recs, opts)
	if err != nil {
		return nil, err
	}
	var s scorer
	for i := range recs {
		s.add(&recs[i], analyses[i])
	}
	res := s.result()
	res.File = filepath.Base(name)
	return res, nil
}

// codeAll codes recs with opts.Workers goroutines and returns the analyses
// in record order.
func codeAll(ctx context.Context, c sitrep.Coder, name string, recs []Record, opts Options) ([]*sitrep.Analysis, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(recs)))
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	out := make([]*sitrep.Analysis, len(recs))
	next := make(chan int)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	for range workers {
		wg.Go(func() {
			for i := range next {
				an, err := codeOne(ctx, c, &recs[i])
				if err != nil {
					cancel(fmt.Errorf("%s:%d: record %q: %w", name, recs[i].Line, recs[i].ID, err))
					continue
				}
				out[i] = an
				if opts.Progress != nil {
					mu.Lock()
					done++
					opts.Progress(done, len(recs))
					mu.Unlock()
				}
			}
		})
	}
feed:
	for i := range recs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// codeOne codes one record, turning a panic into an error so that one bad
// text names itself instead of killing the evaluation.
func codeOne(ctx context.Context, c sitrep.Coder, r *Record) (an *sitrep.Analysis, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("coder panicked: %v\n%s", p, debug.Stack())
		}
	}()
	an, err = c.Code(ctx, r.Input())
	if err != nil {
		return nil, fmt.Errorf("coding: %w", err)
	}
	if an == nil {
		an = &sitrep.Analysis{}
	}
	return an, nil
}

// count accumulates one precision/recall figure.
type count struct {
	used                      bool // the file's levels allow the figure
	precision                 bool // some record scores precision
	gold, pred, matched       int
	scoredPred, scoredMatched int
}

func (c *count) add(gold, pred, matched int, precision bool) {
	c.used = true
	c.gold += gold
	c.pred += pred
	c.matched += matched
	if precision {
		c.precision = true
		c.scoredPred += pred
		c.scoredMatched += matched
	}
}

func (c *count) prf() *PRF {
	if !c.used {
		return nil
	}
	p := &PRF{
		Gold: c.gold, Predicted: c.pred, Matched: c.matched,
		ScoredPredicted: c.scoredPred, ScoredMatched: c.scoredMatched,
		Recall: ratio(c.matched, c.gold),
	}
	if c.precision {
		p.Precision = ratio(c.scoredMatched, c.scoredPred)
		p.F1 = f1(p.Precision, p.Recall)
	}
	return p
}

// f1 is the harmonic mean of p and r, a nil one taken as 0; nil when both
// are nil.
func f1(p, r *float64) *float64 {
	if p == nil && r == nil {
		return nil
	}
	var pv, rv float64
	if p != nil {
		pv = *p
	}
	if r != nil {
		rv = *r
	}
	v := 0.0
	if pv+rv > 0 {
		v = 2 * pv * rv / (pv + rv)
	}
	return &v
}

func ratio(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	v := float64(num) / float64(den)
	return &v
}

// scorer accumulates the figures of one file, record by record.
type scorer struct {
	docs             int
	events, strict   count
	types, transfers count
	dates, datesOK   int
	locs, locsOK     int
	quads, quadsOK   int
	errs             []ErrorItem
	categories       map[string]int
}

func (s *scorer) add(r *Record, an *sitrep.Analysis) {
	s.docs++
	if s.categories == nil {
		s.categories = map[string]int{}
	}
	switch r.Level {
	case LevelEvent, LevelPartial:
		s.addEvents(r, an)
		s.addTransfers(r, an)
	case LevelDocument:
		s.addTypes(r, an)
	case LevelQuad:
		s.addQuad(r, an)
	}
}

func (s *scorer) errItem(r *Record, kind string) ErrorItem {
	return ErrorItem{Kind: kind, Record: r.ID, Line: r.Line}
}

func (s *scorer) addEvents(r *Record, an *sitrep.Analysis) {
	full := r.Level == LevelEvent
	pred := an.Events
	goldTo, taken := greedy(len(r.Events), len(pred), func(g, p int) bool {
		return EventMatches(&r.Events[g], &pred[p], r.Level)
	})
	gs := make([][]span, len(r.Events))
	for i := range r.Events {
		gs[i] = goldSpans(r, &r.Events[i])
	}
	ps := make([][]span, len(pred))
	for i := range pred {
		ps[i] = predSpans(r, &pred[i])
	}
	s.addStrict(r, pred, goldTo, gs, ps)
	matched := 0
	for gi, pi := range goldTo {
		g := &r.Events[gi]
		if pi < 0 {
			e := s.errItem(r, MissedEvent)
			e.Gold = g
			e.Category = missCategory(r, g, gs[gi], pred, ps)
			s.categories[MissedEvent+": "+e.Category]++
			e.Evidence = g.Evidence
			if e.Evidence == "" {
				e.Evidence = excerpt(r.Text, 120)
			}
			s.errs = append(s.errs, e)
			continue
		}
		matched++
		p := &pred[pi]
		if g.Date != "" {
			s.dates++
			if DateAgrees(g.Date, p.Date) {
				s.datesOK++
			} else {
				e := s.errItem(r, WrongDate)
				e.Gold, e.Predicted, e.Evidence = g, p, p.Evidence
				s.errs = append(s.errs, e)
			}
		}
		if hasPoint(g.Location) {
			s.locs++
			if LocationAgrees(g.Location, p.Location) {
				s.locsOK++
			} else {
				e := s.errItem(r, WrongLocation)
				e.Gold, e.Predicted, e.Evidence = g, p, p.Evidence
				s.errs = append(s.errs, e)
			}
		}
	}
	if full {
		for pi, ok := range taken {
			if !ok {
				e := s.errItem(r, FalseEvent)
				e.Predicted, e.Evidence = &pred[pi], pred[pi].Evidence
				e.Category = falseCategory(r, &pred[pi], ps[pi], gs)
				s.categories[FalseEvent+": "+e.Category]++
				s.errs = append(s.errs, e)
			}
		}
	}
	s.events.add(len(r.Events), len(pred), matched, full)
}

// addStrict matches a record's events strictly, independently of the
// lenient matches goldTo, and lists the gold events that only the lenient
// matching paired.
func (s *scorer) addStrict(r *Record, pred []sitrep.Event, goldTo []int, gs, ps [][]span) {
	strictTo, _ := greedy(len(r.Events), len(pred), func(g, p int) bool {
		return EventMatches(&r.Events[g], &pred[p], r.Level) && overlap(gs[g], ps[p])
	})
	matched := 0
	for gi, pi := range strictTo {
		if pi >= 0 {
			matched++
			continue
		}
		if goldTo[gi] >= 0 {
			e := s.errItem(r, LooseMatch)
			e.Gold, e.Predicted = &r.Events[gi], &pred[goldTo[gi]]
			s.errs = append(s.errs, e)
		}
	}
	s.strict.add(len(r.Events), len(pred), matched, r.Level == LevelEvent)
}

func (s *scorer) addTransfers(r *Record, an *sitrep.Analysis) {
	full := r.Level == LevelEvent
	if !full && len(r.Transfers) == 0 {
		// Nothing annotated, so nothing to score.
		return
	}
	pred := an.Transfers
	goldTo, taken := greedy(len(r.Transfers), len(pred), func(g, p int) bool {
		return TransferMatches(&r.Transfers[g], &pred[p])
	})
	matched := 0
	for gi, pi := range goldTo {
		if pi >= 0 {
			matched++
			continue
		}
		e := s.errItem(r, MissedTransfer)
		e.GoldTransfer = &r.Transfers[gi]
		s.errs = append(s.errs, e)
	}
	if full {
		for pi, ok := range taken {
			if !ok {
				e := s.errItem(r, FalseTransfer)
				e.PredictedTransfer, e.Evidence = &pred[pi], pred[pi].Evidence
				s.errs = append(s.errs, e)
			}
		}
	}
	s.transfers.add(len(r.Transfers), len(pred), matched, full)
}

func (s *scorer) addTypes(r *Record, an *sitrep.Analysis) {
	gold := distinct(r.Types)
	var predTypes []string
	for _, e := range an.Events {
		predTypes = append(predTypes, e.Type)
	}
	pred := distinct(predTypes)
	matched := 0
	for _, t := range gold {
		if slices.Contains(pred, t) {
			matched++
		} else {
			e := s.errItem(r, MissedType)
			e.Type, e.Evidence = t, excerpt(r.Text, 120)
			s.errs = append(s.errs, e)
		}
	}
	for _, t := range pred {
		if !slices.Contains(gold, t) {
			e := s.errItem(r, FalseType)
			e.Type = t
			for i := range an.Events {
				if an.Events[i].Type == t {
					e.Evidence = an.Events[i].Evidence
					break
				}
			}
			s.errs = append(s.errs, e)
		}
	}
	s.types.add(len(gold), len(pred), matched, true)
}

func (s *scorer) addQuad(r *Record, an *sitrep.Analysis) {
	s.quads++
	q := PredictedQuad(an.Events)
	if q == r.Quad {
		s.quadsOK++
		return
	}
	e := s.errItem(r, WrongQuad)
	e.GoldQuad, e.PredictedQuad = r.Quad, q
	if len(an.Events) > 0 {
		e.Predicted = &an.Events[0]
		e.Evidence = an.Events[0].Evidence
	} else {
		e.Evidence = excerpt(r.Text, 120)
	}
	s.errs = append(s.errs, e)
}

func (s *scorer) result() *FileResult {
	return &FileResult{
		Documents:        s.docs,
		Events:           s.events.prf(),
		EventsStrict:     s.strict.prf(),
		DateAccuracy:     ratio(s.datesOK, s.dates),
		LocationAccuracy: ratio(s.locsOK, s.locs),
		DocumentTypes:    s.types.prf(),
		QuadAccuracy:     ratio(s.quadsOK, s.quads),
		Transfers:        s.transfers.prf(),
		Dates:            s.dates, DatesAgreed: s.datesOK,
		Locations: s.locs, LocationsAgreed: s.locsOK,
		Quads: s.quads, QuadsAgreed: s.quadsOK,
		Errors:     s.errs,
		Categories: s.categories,
	}
}

// distinct returns the distinct strings of ss in first-seen order.
func distinct(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// excerpt returns the first n runes of s, with whitespace runs collapsed
// and "…" when cut.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}

// Categories of missed and false events.
const (
	// CategoryNotCoded: nothing was coded where the gold evidence is.
	CategoryNotCoded = "not coded"
	// CategoryWrongType: an event of another type was coded there.
	CategoryWrongType = "wrong type"
	// CategoryWrongActor, CategoryWrongRecipient, CategoryWrongSides: an
	// event of the right type was coded there with a side that does not
	// match (the actor, the recipient, or both).
	CategoryWrongActor     = "wrong actor"
	CategoryWrongRecipient = "wrong recipient"
	CategoryWrongSides     = "wrong actor and recipient"
	// CategoryRestatement: a false event that matches a gold event another
	// prediction already matched (an event told twice, coded twice).
	CategoryRestatement = "restatement"
	// CategoryNoGold: a false event where the gold has no event at all
	// (a non-event sense, background, a hypothetical, a missed merge).
	CategoryNoGold = "no gold event there"
)

// missCategory says why gold event g (evidence spans gsp) was missed,
// from the predictions whose evidence overlaps it.
func missCategory(r *Record, g *GoldEvent, gsp []span, pred []sitrep.Event, ps [][]span) string {
	best := CategoryNotCoded
	for i := range pred {
		p := &pred[i]
		if !overlap(gsp, ps[i]) {
			continue
		}
		if p.Type != g.Type {
			if best == CategoryNotCoded {
				best = CategoryWrongType
			}
			continue
		}
		partial := r.Level == LevelPartial
		a := sideMatches(g.Actor, p.Actor, partial) || g.Symmetric && sideMatches(g.Actor, p.Recipient, partial)
		rc := sideMatches(g.Recipient, p.Recipient, partial) || g.Symmetric && sideMatches(g.Recipient, p.Actor, partial)
		switch {
		case a && !rc:
			return CategoryWrongRecipient
		case rc && !a:
			return CategoryWrongActor
		default:
			best = CategoryWrongSides
		}
	}
	return best
}

// falseCategory says why prediction p (evidence spans psp) matched no gold
// event, from the gold events whose evidence overlaps it.
func falseCategory(r *Record, p *sitrep.Event, psp []span, gs [][]span) string {
	for i := range r.Events {
		if EventMatches(&r.Events[i], p, r.Level) {
			return CategoryRestatement
		}
	}
	best := CategoryNoGold
	for i := range r.Events {
		g := &r.Events[i]
		if !overlap(gs[i], psp) {
			continue
		}
		if g.Type == p.Type {
			partial := r.Level == LevelPartial
			a := sideMatches(g.Actor, p.Actor, partial) || g.Symmetric && sideMatches(g.Actor, p.Recipient, partial)
			rc := sideMatches(g.Recipient, p.Recipient, partial) || g.Symmetric && sideMatches(g.Recipient, p.Actor, partial)
			switch {
			case a && !rc:
				return CategoryWrongRecipient
			case rc && !a:
				return CategoryWrongActor
			}
			return CategoryWrongSides
		}
		best = CategoryWrongType
	}
	return best
}
