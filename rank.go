package sitrep

import "sort"

// ActorTally builds the result of Store.FindActors from the rows a store
// reads, so that every store merges, names and orders actors alike. Its
// zero value is empty and ready to use.
type ActorTally struct {
	byCode map[string]*ActorCount
	out    []*ActorCount
	best   map[string]int // uses of each code's chosen Name
}

// Add counts c, one (country, sector) pair's events; it sets c.Code.
// Pairs that spell one code two ways ("IGO" with and without a sector)
// merge into the first one added.
func (t *ActorTally) Add(c ActorCount) {
	if t.byCode == nil {
		t.byCode, t.best = map[string]*ActorCount{}, map[string]int{}
	}
	c.Code = Actor{Country: c.Country, Sector: c.Sector}.Code()
	if prev := t.byCode[c.Code]; prev != nil {
		prev.Events += c.Events
		prev.AsActor += c.AsActor
		prev.AsRecipient += c.AsRecipient
		return
	}
	t.byCode[c.Code] = &c
	t.out = append(t.out, &c)
}

// Name records that the texts call a n times by a.Name. An added actor
// takes the name used most often, the first in byte order on a tie;
// names of codes never added, and empty names, are ignored.
func (t *ActorTally) Name(a Actor, n int) {
	c := t.byCode[a.Code()]
	if c == nil || a.Name == "" {
		return
	}
	if n > t.best[c.Code] || n == t.best[c.Code] && a.Name < c.Name {
		c.Name, t.best[c.Code] = a.Name, n
	}
}

// Result returns the actors, most events first (then by code), at most
// limit of them when limit > 0; an actor never named is named by its
// code.
func (t *ActorTally) Result(limit int) []ActorCount {
	out := t.out
	sort.Slice(out, func(i, j int) bool {
		if out[i].Events != out[j].Events {
			return out[i].Events > out[j].Events
		}
		return out[i].Code < out[j].Code
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	res := make([]ActorCount, len(out))
	for i, c := range out {
		res[i] = *c
		if res[i].Name == "" {
			res[i].Name = res[i].Code
		}
	}
	return res
}

// RankDyads orders ds as Store.FindDyads lists them, most events first
// (then by actor and recipient code), keeps at most limit of them when
// limit > 0, and returns them, never nil.
func RankDyads(ds []Dyad, limit int) []Dyad {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Events != ds[j].Events {
			return ds[i].Events > ds[j].Events
		}
		if ds[i].Actor != ds[j].Actor {
			return ds[i].Actor < ds[j].Actor
		}
		return ds[i].Recipient < ds[j].Recipient
	})
	if limit > 0 && len(ds) > limit {
		ds = ds[:limit]
	}
	if ds == nil {
		ds = []Dyad{}
	}
	return ds
}
