package nlp

// Scoring a parser configuration looks up about 75 rows of a table far
// larger than the caches, and those loads are nearly all of the parser's
// time. But many of the features read only the buffer front (the next
// three words) or only the stack top and the buffer front, and the items
// of a beam share those far more often than they share whole
// configurations: a REDUCE or LEFT-ARC keeps the buffer, sibling items
// differ only in arcs, and the next step revisits the same pairs. So
// parsing splits the features into three groups (parseState.features,
// which training uses, stays the definition of what they are; a test
// checks that the groups add up to it) and remembers, for the sentence
// being parsed, the summed weights of the first two groups by b and by
// (s0, b). Integer sums do not depend on the order of addition, so the
// scores, and with them the trees, are exactly those of scoring every
// feature every time.

// memoMaxSize bounds the (s0, b) memo at memoMaxSize² entries (about
// 2 MB); longer sentences (possible only with given tokens, since the
// splitter caps sentences at maxSentenceTokens) are scored without it.
const memoMaxSize = 320

// memoEntry is the summed weights of one feature group per transition;
// gen tells whether it belongs to the current sentence.
type memoEntry struct {
	gen uint32
	sum [nTrans]int32
}

// parseMemo holds the group sums of one search (one sentence, one model).
type parseMemo struct {
	gen  uint32
	size int
	b    []memoEntry // by b
	sb   []memoEntry // by s0*size + b
}

// reset starts a new search over a sentence of n words. Entries are not
// cleared: bumping gen makes them stale.
func (m *parseMemo) reset(n int) bool {
	m.size = n + 2
	if m.size > memoMaxSize {
		return false
	}
	if len(m.b) < m.size {
		m.b = make([]memoEntry, m.size)
	}
	if len(m.sb) < m.size*m.size {
		m.sb = make([]memoEntry, m.size*m.size)
	}
	m.gen++
	if m.gen == 0 {
		// After 2^32 searches stale entries could look current.
		clear(m.b)
		clear(m.sb)
		m.gen = 1
	}
	return true
}

// scoreMemo sets scores[0:nTrans] to the transition scores of st, as
// m.score(st.features(nil), scores) would, using and filling memo.
func (st *parseState) scoreMemo(m *linear, memo *parseMemo, feats []uint64, scores []int32) []uint64 {
	var sum [nTrans]int32
	feats = st.restFeatures(feats[:0])
	m.sum4(feats, &sum)
	e := &memo.b[st.b]
	if e.gen != memo.gen {
		feats = st.bFeatures(feats[:0])
		e.sum = [nTrans]int32{}
		m.sum4(feats, &e.sum)
		e.gen = memo.gen
	}
	for t := range nTrans {
		sum[t] += e.sum[t]
	}
	e = &memo.sb[st.s0()*memo.size+st.b]
	if e.gen != memo.gen {
		feats = st.sbFeatures(feats[:0])
		e.sum = [nTrans]int32{}
		m.sum4(feats, &e.sum)
		e.gen = memo.gen
	}
	for t := range nTrans {
		scores[t] = sum[t] + e.sum[t]
	}
	return feats
}

// sum4 adds the weights of feats to sum; m must be a dense table of four
// classes. Like score, it computes all row indices before the loads so
// that the misses overlap.
func (m *linear) sum4(feats []uint64, sum *[nTrans]int32) {
	shift := 64 - m.bits
	w := m.w
	s0, s1, s2, s3 := sum[0], sum[1], sum[2], sum[3]
	for len(feats) > 0 {
		var rows [64]uint32
		n := min(len(feats), len(rows))
		for i, f := range feats[:n] {
			rows[i] = uint32(fmix(f) >> shift)
		}
		feats = feats[n:]
		for _, r := range rows[:n] {
			row := w[r*4 : r*4+4 : r*4+4]
			s0 += int32(row[0])
			s1 += int32(row[1])
			s2 += int32(row[2])
			s3 += int32(row[3])
		}
	}
	sum[0], sum[1], sum[2], sum[3] = s0, s1, s2, s3
}

// front returns the buffer's first three positions (n+1 when absent).
func (s *parseState) front() (n0, n1, n2 int) {
	none := s.n + 1
	n0, n1, n2 = none, none, none
	if s.b <= s.n {
		n0 = s.b
	}
	if s.b+1 <= s.n {
		n1 = s.b + 1
	}
	if s.b+2 <= s.n {
		n2 = s.b + 2
	}
	return n0, n1, n2
}

// bFeatures appends the features of features that read only the buffer
// front's words and tags.
func (s *parseState) bFeatures(f []uint64) []uint64 {
	n0, n1, n2 := s.front()
	w, p := s.w, s.p
	n0w, n0p := w[n0], p[n0]
	n0wp := hc(n0w, n0p)
	return append(f,
		hc(4, n0wp), hc(5, n0w), hc(6, n0p),
		hc(7, hc(w[n1], p[n1])), hc(8, w[n1]), hc(9, p[n1]),
		hc(10, hc(w[n2], p[n2])), hc(11, w[n2]), hc(12, p[n2]),
		hc(hc(20, n0p), p[n1]), hc(hc(hc(21, n0p), p[n1]), p[n2]),
		hc(hc(74, n0w), w[n1]),
		hc(hc(81, s.a[n0]), n0p),
		hc(hc(88, s.u[n0]), n0w),
	)
}

// sbFeatures appends the features of features that read only the words
// and tags of the stack top and the buffer front.
func (s *parseState) sbFeatures(f []uint64) []uint64 {
	none := s.n + 1
	n0, n1, _ := s.front()
	s0 := s.s0()
	w, p := s.w, s.p
	s0w, s0p, n0w, n0p := w[s0], p[s0], w[n0], p[n0]
	s0wp := hc(s0w, s0p)
	n0wp := hc(n0w, n0p)
	d := uint64(0)
	if n0 != none {
		d = uint64(min(n0-s0, 10))
	}
	return append(f,
		hc(1, s0wp), hc(2, s0w), hc(3, s0p),
		hc(hc(13, s0wp), n0wp), hc(hc(14, s0wp), n0w), hc(hc(15, s0w), n0wp),
		hc(hc(16, s0wp), n0p), hc(hc(17, s0p), n0wp), hc(hc(18, s0w), n0w),
		hc(hc(19, s0p), n0p),
		hc(hc(hc(22, s0p), n0p), p[n1]),
		hc(hc(27, s0w), d), hc(hc(28, s0p), d), hc(hc(29, n0w), d), hc(hc(30, n0p), d),
		hc(hc(hc(31, s0w), n0w), d), hc(hc(hc(32, s0p), n0p), d),
		hc(hc(80, s.a[s0]), s0p), hc(hc(hc(82, s.a[s0]), s.a[n0]), n0p),
		hc(hc(hc(83, s.a[n1]), n0p), s0p), hc(hc(hc(84, s.a[s0]), s0p), n0p),
		hc(hc(85, s.u[s0]), s.u[n0]), hc(hc(hc(86, s.u[s0]), s.u[n0]), s.u[n1]),
		hc(hc(89, s.u[s0]), s0w),
	)
}

// restFeatures appends the features of features that read the arcs built
// so far or the second stack item.
func (s *parseState) restFeatures(f []uint64) []uint64 {
	none := s.n + 1
	n0, _, _ := s.front()
	s0 := s.s0()
	s1 := none
	if len(s.stack) > 1 {
		s1 = s.stack[len(s.stack)-2]
	}
	s0h, s0h2 := none, none
	hasHead := uint64(0)
	if h := s.heads[s0]; h >= 0 {
		s0h = h
		hasHead = 1
		if h2 := s.heads[h]; h2 >= 0 {
			s0h2 = h2
		}
	}
	s0l, s0l2, s0r, s0r2 := s.lc1[s0], s.lc2[s0], s.rc1[s0], s.rc2[s0]
	n0l, n0l2 := s.lc1[n0], s.lc2[n0]
	w, p := s.w, s.p
	s0w, s0p, n0w, n0p := w[s0], p[s0], w[n0], p[n0]
	vl, vr, nvl := uint64(s.nl[s0]), uint64(s.nr[s0]), uint64(s.nl[n0])
	return append(f,
		hc(hc(hc(23, p[s0h]), s0p), n0p), hc(hc(hc(24, s0p), p[s0l]), n0p),
		hc(hc(hc(25, s0p), p[s0r]), n0p), hc(hc(hc(26, s0p), n0p), p[n0l]),
		hc(hc(33, s0w), vr), hc(hc(34, s0p), vr), hc(hc(35, s0w), vl), hc(hc(36, s0p), vl),
		hc(hc(37, n0w), nvl), hc(hc(38, n0p), nvl),
		hc(39, w[s0h]), hc(40, p[s0h]),
		hc(42, w[s0l]), hc(43, p[s0l]),
		hc(45, w[s0r]), hc(46, p[s0r]),
		hc(48, w[n0l]), hc(49, p[n0l]),
		hc(51, w[s0h2]), hc(52, p[s0h2]),
		hc(54, w[s0l2]), hc(55, p[s0l2]),
		hc(57, w[s0r2]), hc(58, p[s0r2]),
		hc(60, w[n0l2]), hc(61, p[n0l2]),
		hc(hc(hc(63, s0p), p[s0l]), p[s0l2]), hc(hc(hc(64, s0p), p[s0r]), p[s0r2]),
		hc(hc(hc(65, s0p), p[s0h]), p[s0h2]), hc(hc(hc(66, n0p), p[n0l]), p[n0l2]),
		hc(hc(hc(73, p[s1]), s0p), n0p),
		hc(hc(hc(75, hasHead), s0p), n0p), hc(hc(76, w[s1]), s0p),
		hc(hc(hc(77, s0p), n0p), p[s0h]), hc(hc(hc(78, hasHead), s0w), n0p),
		hc(hc(hc(87, s.u[s0h]), s.u[s0]), s.u[n0]),
		hc(hc(hc(90, s.u[s1]), s.u[s0]), s.u[n0]),
	)
}
