package kb

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep/sitrep/internal/zst"
)

// The lookup index, data/lookup.idx, answers Lookup for the embedded
// knowledge base without building it: 'sitrep kb lookup' took over a
// second and 380 MB to load the gazetteer for one name. It is made from
// the built knowledge base by BuildLookupIndex (go generate ./kb runs
// gen/lookupindex), and TestLookupIndexFresh checks that it is current.
//
// Layout, integers little-endian:
//
//	"sitrep lookup 2\n"
//	uint32 entries, entries per chunk, entry chunks, key blocks
//	uint64 offset of each entry chunk, each key block, the block index and
//	    the end (from the start of the frames, after this header)
//	the frames, each one Zstandard frame
//
// An entry chunk holds the JSON of lookupChunk entries, one a line, in the
// knowledge base's order. The key blocks hold sorted lines "KEY\tI,J,…",
// lookupBlock a block: KEY is a name's tokens' normal forms joined by
// spaces (what the name trie is walked with), or "\x01" and a lower-cased
// id; I, J are entry numbers, in the order Lookup returns them. The block
// index holds the first key of each block, one a line. A lookup reads the
// header, the block index, one key block and the chunks of the entries it
// returns, never the whole file.
const (
	lookupMagic = "sitrep lookup 2\n"
	lookupFile  = "lookup.idx"
	lookupChunk = 2048
	lookupBlock = 4096
)

// BuildLookupIndex returns the lookup index of k (see data/lookup.idx).
func BuildLookupIndex(k *KB) ([]byte, error) {
	raw, chunks, err := lookupFrames(k)
	if err != nil {
		return nil, err
	}
	frames := make([][]byte, len(raw))
	for i, r := range raw {
		if frames[i], err = zst.Encode(r); err != nil {
			return nil, err
		}
	}
	var out bytes.Buffer
	out.WriteString(lookupMagic)
	blocks := len(frames) - chunks - 1
	binary.Write(&out, binary.LittleEndian, [4]uint32{uint32(len(k.entries)), lookupChunk, uint32(chunks), uint32(blocks)})
	off := uint64(0)
	for _, f := range frames {
		binary.Write(&out, binary.LittleEndian, off)
		off += uint64(len(f))
	}
	binary.Write(&out, binary.LittleEndian, off)
	for _, f := range frames {
		out.Write(f)
	}
	return out.Bytes(), nil
}

// lookupFrames returns the frames of k's lookup index before
// compression: the entry chunks (chunks of them), the key blocks and the
// block index.
func lookupFrames(k *KB) (frames [][]byte, chunks int, err error) {
	keys := map[string][]int32{}
	for n := range k.trie.nodes {
		ps := k.trie.terms[n]
		if n == 0 || len(ps) == 0 {
			continue
		}
		path := k.nodePath(int32(n))
		for _, tok := range path {
			if strings.ContainsAny(tok, " \t\n") || tok == "" {
				return nil, 0, fmt.Errorf("kb: lookup index: trie token %q is empty or holds a space", tok)
			}
		}
		key := strings.Join(path, " ")
		for _, p := range ps {
			if !containsInt32(keys[key], p.entry) {
				keys[key] = append(keys[key], p.entry)
			}
		}
	}
	for i := range k.entries {
		key := "\x01" + strings.ToLower(strings.TrimSpace(k.entries[i].ID))
		keys[key] = append(keys[key], int32(i))
	}
	sorted := make([]string, 0, len(keys))
	for key := range keys {
		if strings.ContainsAny(key, "\t\n") {
			return nil, 0, fmt.Errorf("kb: lookup key %q holds a tab or newline", key)
		}
		sorted = append(sorted, key)
	}
	sort.Strings(sorted)

	for start := 0; start < len(k.entries); start += lookupChunk {
		var chunk bytes.Buffer
		enc := json.NewEncoder(&chunk)
		enc.SetEscapeHTML(false)
		for i := start; i < min(start+lookupChunk, len(k.entries)); i++ {
			if err := enc.Encode(&k.entries[i]); err != nil {
				return nil, 0, err
			}
		}
		frames = append(frames, chunk.Bytes())
	}
	chunks = len(frames)
	var firsts bytes.Buffer
	for start := 0; start < len(sorted); start += lookupBlock {
		var block bytes.Buffer
		for _, key := range sorted[start:min(start+lookupBlock, len(sorted))] {
			block.WriteString(key)
			for i, e := range keys[key] {
				if i == 0 {
					block.WriteByte('\t')
				} else {
					block.WriteByte(',')
				}
				block.WriteString(strconv.Itoa(int(e)))
			}
			block.WriteByte('\n')
		}
		frames = append(frames, block.Bytes())
		firsts.WriteString(sorted[start])
		firsts.WriteByte('\n')
	}
	frames = append(frames, firsts.Bytes())
	return frames, chunks, nil
}

func containsInt32(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// nodePath returns the tokens from the trie's root to node n.
func (k *KB) nodePath(n int32) []string {
	var rev []string
	for n > 0 {
		rev = append(rev, k.trie.nodes[n].tok)
		n = k.trie.nodes[n].parent
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// lookupIndex is data/lookup.idx, opened: its header and block index.
type lookupIndex struct {
	r       io.ReaderAt
	base    int64    // where the frames start
	offsets []uint64 // of each frame, and the end
	entries int
	chunk   int      // entries per chunk
	chunks  int      // entry chunks; the key blocks follow
	firsts  []string // the first key of each block
}

var openLookupIndex = sync.OnceValues(func() (*lookupIndex, error) {
	f, err := dataFS.Open("data/" + lookupFile)
	if err != nil {
		return nil, err
	}
	// Embedded files read at an offset without copying the rest.
	r, ok := f.(io.ReaderAt)
	if !ok {
		return nil, errors.New("kb: embedded files cannot be read at an offset")
	}
	return readLookupIndex(r)
})

var errLookupIndex = errors.New("kb: data/lookup.idx is damaged; run go generate ./kb")

func readLookupIndex(r io.ReaderAt) (*lookupIndex, error) {
	head := make([]byte, len(lookupMagic)+16)
	if _, err := r.ReadAt(head, 0); err != nil || string(head[:len(lookupMagic)]) != lookupMagic {
		return nil, errLookupIndex
	}
	p := head[len(lookupMagic):]
	li := &lookupIndex{r: r, entries: int(binary.LittleEndian.Uint32(p)), chunk: int(binary.LittleEndian.Uint32(p[4:])),
		chunks: int(binary.LittleEndian.Uint32(p[8:]))}
	blocks := int(binary.LittleEndian.Uint32(p[12:]))
	if li.chunk <= 0 || li.chunks != (li.entries+li.chunk-1)/li.chunk || blocks > 1<<20 {
		return nil, errLookupIndex
	}
	n := li.chunks + blocks + 2
	offs := make([]byte, 8*n)
	if _, err := r.ReadAt(offs, int64(len(head))); err != nil {
		return nil, errLookupIndex
	}
	for i := 0; i < n; i++ {
		li.offsets = append(li.offsets, binary.LittleEndian.Uint64(offs[8*i:]))
		if i > 0 && li.offsets[i] < li.offsets[i-1] {
			return nil, errLookupIndex
		}
	}
	li.base = int64(len(head) + len(offs))
	firsts, err := li.frame(li.chunks + blocks)
	if err != nil {
		return nil, err
	}
	li.firsts = strings.Split(strings.TrimSuffix(string(firsts), "\n"), "\n")
	if len(li.firsts) != blocks {
		return nil, errLookupIndex
	}
	return li, nil
}

// frame reads and decodes frame i.
func (li *lookupIndex) frame(i int) ([]byte, error) {
	if i+1 >= len(li.offsets) || li.offsets[i+1]-li.offsets[i] > 1<<30 {
		return nil, errLookupIndex
	}
	b := make([]byte, li.offsets[i+1]-li.offsets[i])
	if _, err := li.r.ReadAt(b, li.base+int64(li.offsets[i])); err != nil {
		return nil, fmt.Errorf("%w: %v", errLookupIndex, err)
	}
	out, err := zst.Decode(b, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errLookupIndex, err)
	}
	return out, nil
}

// find returns the entry numbers of key.
func (li *lookupIndex) find(key string) ([]int, error) {
	if key == "" || key == "\x01" {
		return nil, nil
	}
	// The block whose first key is the last one not after key.
	b := sort.Search(len(li.firsts), func(i int) bool { return li.firsts[i] > key }) - 1
	if b < 0 {
		return nil, nil
	}
	block, err := li.frame(li.chunks + b)
	if err != nil {
		return nil, err
	}
	for line := range bytes.Lines(block) {
		k, list, _ := strings.Cut(strings.TrimSuffix(string(line), "\n"), "\t")
		if k != key {
			continue
		}
		var out []int
		for _, f := range strings.Split(list, ",") {
			n, err := strconv.Atoi(f)
			if err != nil || n < 0 || n >= li.entries {
				return nil, errLookupIndex
			}
			out = append(out, n)
		}
		return out, nil
	}
	return nil, nil
}

// decode returns entries ns.
func (li *lookupIndex) decode(ns []int) ([]Entry, error) {
	chunks := map[int][][]byte{}
	out := make([]Entry, 0, len(ns))
	for _, n := range ns {
		c := n / li.chunk
		lines, ok := chunks[c]
		if !ok {
			raw, err := li.frame(c)
			if err != nil {
				return nil, err
			}
			lines = bytes.Split(bytes.TrimSuffix(raw, []byte("\n")), []byte("\n"))
			chunks[c] = lines
		}
		i := n - c*li.chunk
		if i >= len(lines) {
			return nil, errLookupIndex
		}
		var e Entry
		if err := json.Unmarshal(lines[i], &e); err != nil {
			return nil, fmt.Errorf("%w: %v", errLookupIndex, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// LookupEmbedded returns what Default().Lookup(name) returns, from the
// prebuilt index, without loading the knowledge base: for 'sitrep kb
// lookup', which would otherwise spend a second building it for one name.
func LookupEmbedded(name string) ([]Entry, error) {
	li, err := openLookupIndex()
	if err != nil {
		return nil, err
	}
	var norms []string
	for _, t := range tokenize(name, nil) {
		norms = append(norms, t.norm)
	}
	named, err := li.find(strings.Join(norms, " "))
	if err != nil {
		return nil, err
	}
	byID, err := li.find("\x01" + strings.ToLower(strings.TrimSpace(name)))
	if err != nil {
		return nil, err
	}
	es, err := li.decode(append(append([]int(nil), named...), byID...))
	if err != nil {
		return nil, err
	}
	// As Lookup: the entries named so, then those whose id is name (the
	// key is lower-cased; Lookup compares with EqualFold), each once.
	seen := map[int]bool{}
	out := make([]Entry, 0, len(es))
	for i, n := range append(named, byID...) {
		if seen[n] || i >= len(named) && !strings.EqualFold(es[i].ID, strings.TrimSpace(name)) {
			continue
		}
		seen[n] = true
		out = append(out, es[i])
	}
	return out, nil
}
