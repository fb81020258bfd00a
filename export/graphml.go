package export

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/sitrep/sitrep"
)

// Dyads counts the actor pairs of events: every actor of an event paired
// with every recipient, by Actor.Code, ordered by count and then by codes.
// Events with no recipient make no pair.
func Dyads(evs []*sitrep.Event) []sitrep.Dyad {
	type key struct{ a, r string }
	idx := map[key]int{}
	var out []sitrep.Dyad
	sums := []float64{}
	for _, e := range evs {
		seen := map[key]bool{}
		for _, a := range e.Actor {
			for _, r := range e.Recipient {
				k := key{a.Code(), r.Code()}
				if k.a == k.r || seen[k] {
					continue
				}
				seen[k] = true
				i, ok := idx[k]
				if !ok {
					i = len(out)
					idx[k] = i
					out = append(out, sitrep.Dyad{Actor: k.a, Recipient: k.r, ByQuad: map[string]int{}})
					sums = append(sums, 0)
				}
				out[i].Events++
				out[i].ByQuad[e.Quad]++
				sums[i] += e.Goldstein
			}
		}
	}
	for i := range out {
		out[i].Goldstein = sums[i] / float64(out[i].Events)
	}
	slices.SortStableFunc(out, func(x, y sitrep.Dyad) int {
		return cmp.Or(y.Events-x.Events, cmp.Compare(x.Actor, y.Actor), cmp.Compare(x.Recipient, y.Recipient))
	})
	return out
}

// GraphML of the dyad network, for Gephi, yEd, networkx and igraph:
// actors are nodes (id = Actor.Code, with a name and event count), dyads
// directed edges with the event count as weight, counts by quad and the
// mean Goldstein score.

type gmlKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type gmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type gmlNode struct {
	ID   string    `xml:"id,attr"`
	Data []gmlData `xml:"data"`
}

type gmlEdge struct {
	ID     string    `xml:"id,attr"`
	Source string    `xml:"source,attr"`
	Target string    `xml:"target,attr"`
	Data   []gmlData `xml:"data"`
}

type gmlDoc struct {
	XMLName xml.Name `xml:"graphml"`
	NS      string   `xml:"xmlns,attr"`
	Keys    []gmlKey `xml:"key"`
	Graph   struct {
		ID          string    `xml:"id,attr"`
		EdgeDefault string    `xml:"edgedefault,attr"`
		Nodes       []gmlNode `xml:"node"`
		Edges       []gmlEdge `xml:"edge"`
	} `xml:"graph"`
}

var quadKeys = []struct{ quad, key string }{
	{sitrep.QuadStatement, "statement"},
	{sitrep.QuadVerbalCooperation, "verbal_cooperation"},
	{sitrep.QuadMaterialCooperation, "material_cooperation"},
	{sitrep.QuadVerbalConflict, "verbal_conflict"},
	{sitrep.QuadMaterialConflict, "material_conflict"},
}

func writeGraphML(w io.Writer, d Data) error {
	dyads := Dyads(d.Events)
	var g gmlDoc
	g.NS = "http://graphml.graphdrawing.org/xmlns"
	g.Keys = []gmlKey{
		{"name", "node", "name", "string"}, {"country", "node", "country", "string"},
		{"sector", "node", "sector", "string"}, {"events", "node", "events", "int"},
		{"weight", "edge", "weight", "double"}, {"goldstein", "edge", "goldstein", "double"},
	}
	for _, q := range quadKeys {
		g.Keys = append(g.Keys, gmlKey{q.key, "edge", q.key, "int"})
	}
	g.Graph.ID = "dyads"
	g.Graph.EdgeDefault = "directed"

	// Nodes: every actor of a dyad, with the name it is most often given
	// and its number of events on either side.
	type node struct {
		a      sitrep.Actor
		names  map[string]int
		events int
	}
	nodes := map[string]*node{}
	var order []string
	for _, e := range d.Events {
		if len(e.Recipient) == 0 {
			continue
		}
		seen := map[string]bool{}
		for _, a := range append(append([]sitrep.Actor{}, e.Actor...), e.Recipient...) {
			c := a.Code()
			n := nodes[c]
			if n == nil {
				n = &node{a: a, names: map[string]int{}}
				nodes[c] = n
				order = append(order, c)
			}
			if a.Name != "" {
				n.names[a.Name]++
			}
			if !seen[c] {
				seen[c] = true
				n.events++
			}
		}
	}
	slices.Sort(order)
	for _, c := range order {
		n := nodes[c]
		g.Graph.Nodes = append(g.Graph.Nodes, gmlNode{ID: c, Data: []gmlData{
			{"name", topName(n.names, c)}, {"country", n.a.Country}, {"sector", n.a.Sector},
			{"events", strconv.Itoa(n.events)},
		}})
	}
	for i, dy := range dyads {
		data := []gmlData{{"weight", strconv.Itoa(dy.Events)}, {"goldstein", fmtFloat(dy.Goldstein)}}
		for _, q := range quadKeys {
			if n := dy.ByQuad[q.quad]; n > 0 {
				data = append(data, gmlData{q.key, strconv.Itoa(n)})
			}
		}
		g.Graph.Edges = append(g.Graph.Edges, gmlEdge{ID: fmt.Sprintf("e%d", i+1), Source: dy.Actor, Target: dy.Recipient, Data: data})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(g); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// topName returns the most frequent name, the alphabetically first among
// equals, or def when there is none.
func topName(names map[string]int, def string) string {
	best, bestN := def, 0
	for n, c := range names {
		if c > bestN || c == bestN && n < best {
			best, bestN = n, c
		}
	}
	return best
}
