package kb

import (
	"cmp"
	"slices"
)

// skelIndex maps spelling skeletons (see skeleton) to entry numbers. It
// holds no pointers: the world's places and villages give over a million
// skeletons, which as a map of strings to slices the garbage collector
// had to scan in every cycle of a long ingest. Skeletons are kept as
// 64-bit hashes; two distinct skeletons sharing one is as likely as a
// random pick among 2^64.
type skelIndex struct {
	keys []uint64 // sorted
	ids  []int32  // ids[i] is an entry with skeleton hash keys[i]
}

// skelHash is FNV-1a, fixed rather than seeded per process so that
// every run finds the same entries.
func skelHash(sk string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(sk); i++ {
		h ^= uint64(sk[i])
		h *= 1099511628211
	}
	return h
}

// skelBuilder collects an index's pairs; entries must be added in
// ascending order.
type skelBuilder struct{ pairs []skelPair }

type skelPair struct {
	key uint64
	id  int32
}

// add records that entry id is spelled with skeleton sk; an empty
// skeleton is not recorded.
func (b *skelBuilder) add(sk string, id int32) {
	if sk != "" {
		b.pairs = append(b.pairs, skelPair{skelHash(sk), id})
	}
}

// index returns the index, each skeleton's entries in the order they were
// added, an entry once.
func (b *skelBuilder) index() skelIndex {
	// Entries are added in ascending order, so ordering equal keys by id
	// keeps the order they were added in, without a slower stable sort.
	slices.SortFunc(b.pairs, func(x, y skelPair) int {
		if c := cmp.Compare(x.key, y.key); c != 0 {
			return c
		}
		return cmp.Compare(x.id, y.id)
	})
	x := skelIndex{keys: make([]uint64, 0, len(b.pairs)), ids: make([]int32, 0, len(b.pairs))}
	for _, p := range b.pairs {
		// An entry's names are added together, so a skeleton it has
		// twice comes twice in a row.
		if n := len(x.keys); n > 0 && x.keys[n-1] == p.key && x.ids[n-1] == p.id {
			continue
		}
		x.keys = append(x.keys, p.key)
		x.ids = append(x.ids, p.id)
	}
	b.pairs = nil
	return x
}

// lookup returns the entries spelled with skeleton sk; callers must not
// change them.
func (x *skelIndex) lookup(sk string) []int32 {
	if sk == "" {
		return nil
	}
	h := skelHash(sk)
	i, found := slices.BinarySearch(x.keys, h)
	if !found {
		return nil
	}
	j := i
	for j < len(x.keys) && x.keys[j] == h {
		j++
	}
	return x.ids[i:j:j]
}
