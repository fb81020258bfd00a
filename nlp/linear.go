package nlp

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/sitrep/sitrep/internal/zst"
)

// Features are 64-bit hashes built from per-token string hashes and small
// template numbers, so scoring never touches a string. A model maps each
// feature to a row of per-class weights in a fixed-size table (the hashing
// trick); collisions are rare enough not to matter for accuracy.

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// hc combines a running feature hash with one more value.
func hc(h, x uint64) uint64 {
	return (h^x)*0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019
}

// fmix is MurmurHash3's 64-bit finaliser; it spreads hc's output over the
// table's bits.
func fmix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// linear is a quantised multi-class linear model over hashed features.
// Weights are dense (w) while a model is built; loaded models with many
// classes keep only each row's non-zero weights (start, ent), since a
// perceptron touches few classes per feature and sparse rows score an
// order of magnitude faster.
type linear struct {
	bits   uint
	nclass int
	w      []int16
	// start[r]:start[r+1] indexes row r's entries in ent; each entry is
	// class<<16 | uint16(weight).
	start []uint32
	ent   []uint32
}

// sparseMinClasses is the class count from which loaded tables are sparse.
const sparseMinClasses = 8

func (m *linear) offset(f uint64) int {
	return int(fmix(f)>>(64-m.bits)) * m.nclass
}

// score sets scores[c] to the sum of the weights of feats for class c.
//
// Tables are larger than the caches, so scoring is bound by memory
// latency. Each phase below issues independent loads for all features
// before any result is needed, letting the processor overlap the misses
// instead of waiting for them one feature at a time. The result is the
// sum of the touched entries; returning it keeps the compiler from
// dropping those loads, and callers ignore it.
func (m *linear) score(feats []uint64, scores []int32) (touched uint32) {
	scores = scores[:m.nclass]
	clear(scores)
	shift := 64 - m.bits
	for len(feats) > 0 {
		var rows [64]uint32
		n := min(len(feats), len(rows))
		for i, f := range feats[:n] {
			rows[i] = uint32(fmix(f) >> shift)
		}
		feats = feats[n:]
		if m.start == nil {
			if m.nclass == 4 {
				w := m.w
				var s0, s1, s2, s3 int32
				for _, r := range rows[:n] {
					row := w[r*4 : r*4+4 : r*4+4]
					s0 += int32(row[0])
					s1 += int32(row[1])
					s2 += int32(row[2])
					s3 += int32(row[3])
				}
				scores[0] += s0
				scores[1] += s1
				scores[2] += s2
				scores[3] += s3
				continue
			}
			for _, r := range rows[:n] {
				o := int(r) * m.nclass
				for c, v := range m.w[o : o+m.nclass : o+m.nclass] {
					scores[c] += int32(v)
				}
			}
			continue
		}
		var ends [64]uint32
		start := m.start
		for i, r := range rows[:n] {
			rows[i], ends[i] = start[r], start[r+1]
		}
		// Touch each row's first entry (ent ends with a sentinel, so the
		// index is always valid) to start all the misses at once.
		ent := m.ent
		for _, b := range rows[:n] {
			touched += ent[b]
		}
		for i, b := range rows[:n] {
			for _, e := range ent[b:ends[i]] {
				scores[e>>16] += int32(int16(e))
			}
		}
	}
	return touched
}

// trainer is the float, averaging form of linear used while training. It
// keeps w (current weights) and u (step-weighted updates) so the averaged
// perceptron weights are w - u/step (Daumé's trick), with no per-weight
// timestamps.
type trainer struct {
	bits   uint
	nclass int
	w      []float32
	u      []float64
	step   float64
}

func newTrainer(bits uint, nclass int) *trainer {
	n := (1 << bits) * nclass
	return &trainer{bits: bits, nclass: nclass, w: make([]float32, n), u: make([]float64, n), step: 1}
}

func (t *trainer) offset(f uint64) int {
	return int(fmix(f)>>(64-t.bits)) * t.nclass
}

func (t *trainer) score(feats []uint64, scores []float32) {
	scores = scores[:t.nclass]
	clear(scores)
	for _, f := range feats {
		o := t.offset(f)
		row := t.w[o : o+t.nclass : o+t.nclass]
		for c, v := range row {
			scores[c] += v
		}
	}
}

// update moves weight from class bad to class good for feats.
func (t *trainer) update(feats []uint64, good, bad int) {
	if good == bad {
		return
	}
	for _, f := range feats {
		o := t.offset(f)
		t.w[o+good]++
		t.u[o+good] += t.step
		t.w[o+bad]--
		t.u[o+bad] -= t.step
	}
}

// add adds delta to the weights of class for feats.
func (t *trainer) add(feats []uint64, class int, delta float32) {
	for _, f := range feats {
		o := t.offset(f) + class
		t.w[o] += delta
		t.u[o] += t.step * float64(delta)
	}
}

// tick advances the averaging clock by one example.
func (t *trainer) tick() { t.step++ }

// averaged returns the averaged weights.
func (t *trainer) averaged() []float32 {
	avg := make([]float32, len(t.w))
	for i, w := range t.w {
		avg[i] = float32(float64(w) - t.u[i]/t.step)
	}
	return avg
}

// quantise turns averaged weights into int16, scaling the largest
// magnitude to 32767, and zeroes weights whose magnitude is below prune
// quanta (pruning keeps the committed files small).
func quantise(bits uint, nclass int, avg []float32, prune int16) *linear {
	var maxAbs float64
	for _, v := range avg {
		maxAbs = math.Max(maxAbs, math.Abs(float64(v)))
	}
	scale := 0.0
	if maxAbs > 0 {
		scale = 32767 / maxAbs
	}
	w := make([]int16, len(avg))
	for i, v := range avg {
		q := int16(math.Round(float64(v) * scale))
		if q > -prune && q < prune {
			q = 0
		}
		w[i] = q
	}
	return &linear{bits: bits, nclass: nclass, w: w}
}

// asTrainer returns a trainer scoring with the given linear's weights, so
// training code can evaluate a quantised model through the same path.
func (m *linear) floatScores(feats []uint64, scores []float32, tmp []int32) {
	m.score(feats, tmp)
	for c := range m.nclass {
		scores[c] = float32(tmp[c])
	}
}

// Model files are Zstandard-compressed streams of varints (gzip in
// models written before; both are read): strings, string lists and sparse
// tables (gap-encoded indices of non-zero weights).

const modelMagic = "sitrep-nlp-model-1"

type modelWriter struct {
	buf bytes.Buffer
	tmp [binary.MaxVarintLen64]byte
}

func (w *modelWriter) uvarint(x uint64) {
	n := binary.PutUvarint(w.tmp[:], x)
	w.buf.Write(w.tmp[:n])
}

func (w *modelWriter) varint(x int64) {
	n := binary.PutVarint(w.tmp[:], x)
	w.buf.Write(w.tmp[:n])
}

func (w *modelWriter) str(s string) {
	w.uvarint(uint64(len(s)))
	w.buf.WriteString(s)
}

func (w *modelWriter) strs(ss []string) {
	w.uvarint(uint64(len(ss)))
	for _, s := range ss {
		w.str(s)
	}
}

func (w *modelWriter) table(m *linear) {
	w.uvarint(uint64(m.bits))
	w.uvarint(uint64(m.nclass))
	nnz := 0
	for _, v := range m.w {
		if v != 0 {
			nnz++
		}
	}
	w.uvarint(uint64(nnz))
	last := -1
	for i, v := range m.w {
		if v != 0 {
			w.uvarint(uint64(i - last))
			w.varint(int64(v))
			last = i
		}
	}
}

// writeTo compresses the encoded model to out.
func (w *modelWriter) writeTo(out io.Writer) error {
	z, err := zst.Encode(append([]byte(modelMagic), w.buf.Bytes()...))
	if err != nil {
		return err
	}
	_, err = out.Write(z)
	return err
}

// modelReader decodes a model from its inflated bytes.
type modelReader struct {
	data []byte
	name string
	err  error
}

// maxModel bounds an inflated model, so that a corrupt file cannot exhaust
// memory.
const maxModel = 1 << 30

func newModelReader(data []byte, name string) (*modelReader, error) {
	var raw []byte
	if zst.Is(data) {
		out, err := zst.Decode(data, 0)
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", name, err)
		}
		raw = out
	} else {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", name, err)
		}
		if raw, err = io.ReadAll(io.LimitReader(zr, maxModel)); err != nil {
			return nil, fmt.Errorf("model %s: %w", name, err)
		}
	}
	if !bytes.HasPrefix(raw, []byte(modelMagic)) {
		return nil, fmt.Errorf("model %s: not a sitrep NLP model", name)
	}
	return &modelReader{data: raw[len(modelMagic):], name: name}, nil
}

func (r *modelReader) fail(err error) {
	if r.err == nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		r.err = fmt.Errorf("model %s: %w", r.name, err)
	}
}

func (r *modelReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.data)
	if n <= 0 {
		r.fail(io.ErrUnexpectedEOF)
		return 0
	}
	r.data = r.data[n:]
	return x
}

func (r *modelReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Varint(r.data)
	if n <= 0 {
		r.fail(io.ErrUnexpectedEOF)
		return 0
	}
	r.data = r.data[n:]
	return x
}

// maxTable bounds a weight table (1<<28 weights is 512 MB), so that a
// corrupt model file fails instead of exhausting memory.
const maxTable = 1 << 28

// peek returns the next byte without consuming it; false at the end.
func (r *modelReader) peek() (byte, bool) {
	if r.err != nil || len(r.data) == 0 {
		return 0, false
	}
	return r.data[0], true
}

func (r *modelReader) str() string {
	n := r.uvarint()
	if r.err != nil {
		return ""
	}
	if n > 1<<20 {
		r.fail(errors.New("string too long"))
		return ""
	}
	if n > uint64(len(r.data)) {
		r.fail(io.ErrUnexpectedEOF)
		return ""
	}
	s := string(r.data[:n])
	r.data = r.data[n:]
	return s
}

func (r *modelReader) strs() []string {
	n := r.uvarint()
	if n > 1<<24 || n > uint64(len(r.data)) {
		r.fail(errors.New("list too long"))
		return nil
	}
	ss := make([]string, 0, n)
	for i := uint64(0); i < n && r.err == nil; i++ {
		ss = append(ss, r.str())
	}
	return ss
}

// uvarint3 is binary.Uvarint with the varints of up to three bytes
// (nearly all of a table's gaps and weights) decoded in line.
func uvarint3(b []byte) (uint64, int) {
	if len(b) >= 3 {
		if b[0] < 0x80 {
			return uint64(b[0]), 1
		}
		if b[1] < 0x80 {
			return uint64(b[0]&0x7f) | uint64(b[1])<<7, 2
		}
		if b[2] < 0x80 {
			return uint64(b[0]&0x7f) | uint64(b[1]&0x7f)<<7 | uint64(b[2])<<14, 3
		}
	}
	return binary.Uvarint(b)
}

func (r *modelReader) table() *linear {
	bits := r.uvarint()
	nclass := r.uvarint()
	nnz := r.uvarint()
	if r.err != nil {
		return nil
	}
	if bits < 1 || bits > 26 || nclass < 1 || nclass > 4096 {
		r.fail(fmt.Errorf("bad table shape %d bits × %d classes", bits, nclass))
		return nil
	}
	size := (1 << bits) * int(nclass)
	if size > maxTable {
		r.fail(fmt.Errorf("table of %d weights is too large", size))
		return nil
	}
	if nnz > uint64(size) || nnz > uint64(len(r.data)) {
		r.fail(errors.New("too many table entries"))
		return nil
	}
	m := &linear{bits: uint(bits), nclass: int(nclass)}
	sparse := nclass >= sparseMinClasses
	if sparse {
		m.start = make([]uint32, 1<<bits+1)
		m.ent = make([]uint32, 0, nnz)
	} else {
		m.w = make([]int16, size)
	}
	// The entries are most of a model's bytes, so this loop keeps the
	// position in a local and decodes varints with uvarint3.
	// In sparse tables, row tracks the row of index i without a division
	// per entry: rowEnd is the index where that row ends.
	data := r.data
	nc := int(nclass)
	i, row, next, rowEnd := -1, 0, 0, nc
	for k := uint64(0); k < nnz; k++ {
		gap, n := uvarint3(data)
		if n <= 0 {
			r.fail(io.ErrUnexpectedEOF)
			return nil
		}
		data = data[n:]
		zz, n := uvarint3(data)
		if n <= 0 {
			r.fail(io.ErrUnexpectedEOF)
			return nil
		}
		data = data[n:]
		// Zig-zag decoding, as binary.Varint does.
		v := int64(zz >> 1)
		if zz&1 != 0 {
			v = ^v
		}
		if gap > uint64(size) {
			r.fail(errors.New("table entry out of range"))
			return nil
		}
		i += int(gap)
		if i < 0 || i >= size || v < math.MinInt16 || v > math.MaxInt16 {
			r.fail(errors.New("table entry out of range"))
			return nil
		}
		if !sparse {
			m.w[i] = int16(v)
			continue
		}
		// Entries arrive in index order, so rows fill in order: every
		// row up to i's gets its start.
		for i >= rowEnd {
			row++
			rowEnd += nc
		}
		for ; next <= row; next++ {
			m.start[next] = uint32(len(m.ent))
		}
		m.ent = append(m.ent, uint32(i-(rowEnd-nc))<<16|uint32(uint16(int16(v))))
	}
	r.data = data
	if sparse {
		for ; next <= 1<<bits; next++ {
			m.start[next] = uint32(len(m.ent))
		}
		m.ent = append(m.ent, 0) // sentinel for score's touching loads
	}
	return m
}
