package eval

import (
	"strings"

	"github.com/sitrep/sitrep"
)

// countries returns the non-empty countries of one side of an event.
func countries(side []sitrep.Actor) []string {
	var cs []string
	for _, a := range side {
		if a.Country != "" {
			cs = append(cs, a.Country)
		}
	}
	return cs
}

// sideMatches applies rule 2 of the format to one side. An empty gold side
// (after ignoring empty countries) matches anything in a partial record
// and only an empty predicted side otherwise.
func sideMatches(gold, pred []sitrep.Actor, partial bool) bool {
	g, p := countries(gold), countries(pred)
	if len(g) == 0 {
		return partial || len(p) == 0
	}
	for _, gc := range g {
		for _, pc := range p {
			if gc == pc {
				return true
			}
		}
	}
	return false
}

// EventMatches reports whether predicted event p matches gold event g of a
// record at the given level: same type, and actor and recipient countries
// that agree, in either orientation only when g is symmetric.
func EventMatches(g *GoldEvent, p *sitrep.Event, level string) bool {
	if g.Type != p.Type {
		return false
	}
	partial := level == LevelPartial
	if sideMatches(g.Actor, p.Actor, partial) && sideMatches(g.Recipient, p.Recipient, partial) {
		return true
	}
	return g.Symmetric && sideMatches(g.Actor, p.Recipient, partial) && sideMatches(g.Recipient, p.Actor, partial)
}

// span is a range of bytes of a record's text or, when inTitle, of its
// title, end exclusive.
type span struct {
	inTitle    bool
	start, end int
}

// locate returns every place where s occurs in text and in title, or nil
// when s is empty or occurs in neither.
func locate(text, title, s string) []span {
	if s == "" {
		return nil
	}
	var out []span
	for _, in := range []struct {
		hay     string
		inTitle bool
	}{{text, false}, {title, true}} {
		for off := 0; off < len(in.hay); {
			i := strings.Index(in.hay[off:], s)
			if i < 0 {
				break
			}
			out = append(out, span{in.inTitle, off + i, off + i + len(s)})
			off += i + 1
		}
	}
	return out
}

// goldSpans returns where a gold event's evidence lies in the record.
func goldSpans(r *Record, g *GoldEvent) []span {
	return locate(r.Text, r.Title, g.Evidence)
}

// predSpans returns where a predicted event's evidence lies: its Start and
// End offsets, into the title for a headline event (Sentence -1), or, for
// an event without offsets, wherever its Evidence string occurs.
func predSpans(r *Record, p *sitrep.Event) []span {
	if p.End > p.Start {
		return []span{{p.Sentence < 0, p.Start, p.End}}
	}
	return locate(r.Text, r.Title, p.Evidence)
}

// overlap reports whether the evidence spans of a gold and a predicted
// event overlap, which holds when either side has no span to compare.
func overlap(gold, pred []span) bool {
	if len(gold) == 0 || len(pred) == 0 {
		return true
	}
	for _, g := range gold {
		for _, p := range pred {
			if g.inTitle == p.inTitle && g.start < p.end && p.start < g.end {
				return true
			}
		}
	}
	return false
}

// EvidenceAgrees applies the fourth condition of strict matching to gold
// event g and predicted event p of record r: where both carry evidence, the
// predicted evidence span overlaps the gold evidence located in the
// record. The gold evidence is found as a string, at every place it occurs
// in the text and in the title; the predicted span is p's Start and End
// (into the title when p.Sentence is -1) or, when p has no offsets, its
// Evidence string found the same way. Evidence that is missing or found
// nowhere cannot be compared, and the condition holds.
//
// It stops a prediction from matching a different gold event of the same
// type and countries, which lenient matching allows.
func EvidenceAgrees(r *Record, g *GoldEvent, p *sitrep.Event) bool {
	return overlap(goldSpans(r, g), predSpans(r, p))
}

// TransferMatches reports whether predicted transfer p matches gold
// transfer g: same supplier, recipient and item category.
func TransferMatches(g *GoldTransfer, p *sitrep.Transfer) bool {
	return g.Supplier == p.Supplier && g.Recipient == p.Recipient && g.Category == p.Category
}

// greedy pairs each gold item, in order, with the first unmatched
// predicted item that matches it. It returns, for each gold item, the
// index of its predicted item or -1, and for each predicted item whether
// it was taken.
func greedy(nGold, nPred int, match func(g, p int) bool) (goldTo []int, taken []bool) {
	goldTo = make([]int, nGold)
	taken = make([]bool, nPred)
	for g := range nGold {
		goldTo[g] = -1
		for p := range nPred {
			if !taken[p] && match(g, p) {
				goldTo[g], taken[p] = p, true
				break
			}
		}
	}
	return goldTo, taken
}

// DateAgrees reports whether a predicted date agrees with a gold date to
// the gold date's precision (YYYY, YYYY-MM or YYYY-MM-DD). A predicted
// date less precise than the gold one does not agree.
func DateAgrees(gold, pred string) bool {
	if gold == "" || len(pred) < len(gold) || pred[:len(gold)] != gold {
		return false
	}
	return len(pred) == len(gold) || pred[len(gold)] == '-'
}

// maxDistanceKm is how far a predicted location may lie from the gold one.
const maxDistanceKm = 50

// hasPoint reports whether l has both coordinates.
func hasPoint(l *sitrep.Location) bool {
	return l != nil && l.Lat != nil && l.Lon != nil
}

// LocationAgrees reports whether a predicted location lies within 50 km
// of the gold one. Both must have coordinates.
func LocationAgrees(gold, pred *sitrep.Location) bool {
	if !hasPoint(gold) || !hasPoint(pred) {
		return false
	}
	return sitrep.DistanceKm(*gold.Lat, *gold.Lon, *pred.Lat, *pred.Lon) <= maxDistanceKm
}

// PredictedQuad returns the penta class a coder's analysis gives a text:
// that of its first event (its Quad field, or sitrep.QuadOf its type when
// the coder left Quad empty), or "statement" when it has no event.
func PredictedQuad(events []sitrep.Event) string {
	if len(events) == 0 {
		return sitrep.QuadStatement
	}
	if q := events[0].Quad; q != "" {
		return q
	}
	return sitrep.QuadOf(events[0].Type)
}
