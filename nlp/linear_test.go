package nlp

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestTableRoundTrip writes random tables, dense and sparse, with small
// and large weights and short and long gaps (one- and multi-byte
// varints), and checks that reading them back gives every weight.
func TestTableRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, tc := range []struct {
		bits   uint
		nclass int
		fill   int // one weight in fill is non-zero
	}{
		{10, nTrans, 2},
		{10, nTrans, 300},
		{8, 51, 3},
		{8, 107, 500},
		{6, sparseMinClasses, 1},
	} {
		size := (1 << tc.bits) * tc.nclass
		w := make([]int16, size)
		for i := range w {
			if rng.IntN(tc.fill) == 0 {
				switch rng.IntN(3) {
				case 0:
					w[i] = int16(rng.IntN(127) - 63)
				case 1:
					w[i] = int16(rng.IntN(65535) - 32767)
				default:
					w[i] = []int16{-32768, 32767, 1, -1}[rng.IntN(4)]
				}
			}
		}
		var mw modelWriter
		mw.table(&linear{bits: tc.bits, nclass: tc.nclass, w: w})
		var buf bytes.Buffer
		if err := mw.writeTo(&buf); err != nil {
			t.Fatal(err)
		}
		r, err := newModelReader(buf.Bytes(), "test")
		if err != nil {
			t.Fatal(err)
		}
		m := r.table()
		if r.err != nil {
			t.Fatal(r.err)
		}
		for row := range 1 << tc.bits {
			got := make([]int16, tc.nclass)
			if m.start == nil {
				copy(got, m.w[row*tc.nclass:])
			} else {
				for _, e := range m.ent[m.start[row]:m.start[row+1]] {
					got[e>>16] = int16(e)
				}
			}
			for c, v := range got {
				if want := w[row*tc.nclass+c]; v != want {
					t.Fatalf("%d bits × %d classes: weight [%d][%d] = %d, want %d", tc.bits, tc.nclass, row, c, v, want)
				}
			}
		}
	}
}
