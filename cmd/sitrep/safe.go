package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// safeWriter escapes the characters a terminal would act on rather than
// show, so that a page's title, outlet, file name or text cannot retitle,
// clear or rewrite the user's terminal: C0 controls but tab and newline,
// DEL, C1 controls (U+0080–U+009F) and the bidirectional overrides and
// isolates (which reorder what is shown). Each is written as \uXXXX, which
// is also a valid JSON escape of the same character, so JSON output stays
// valid and means the same; encoding/json already escapes C0 controls.
// Bytes that are not UTF-8 (never in JSON, whose encoder replaces them)
// are written as \xNN.
//
// Every command writes through one, to standard output and standard
// error, so no field can be forgotten. A rune split across two writes (a
// CSV writer's buffer boundary) is held back until the next write or
// Flush.
//
// It is safe for concurrent use (the server logs from its handlers).
type safeWriter struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte // the start of a rune the last write ended in
	buf     []byte
}

func newSafeWriter(w io.Writer) *safeWriter { return &safeWriter{w: w} }

// Write writes p with unsafe characters escaped. It reports len(p) when
// everything was written, as io.Writer asks, though more bytes went out.
func (s *safeWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(p)
	if len(s.pending) > 0 {
		p = append(s.pending, p...)
		s.pending = nil
	}
	out := s.buf[:0]
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
				out = fmt.Appendf(out, `\u%04x`, c)
			} else {
				out = append(out, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size == 1 {
			if !utf8.FullRune(p[i:]) {
				s.pending = append(s.pending[:0], p[i:]...)
				break
			}
			out = fmt.Appendf(out, `\x%02x`, c)
			i++
			continue
		}
		if unsafeRune(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, p[i:i+size]...)
		}
		i += size
	}
	s.buf = out
	if _, err := s.w.Write(out); err != nil {
		return 0, err
	}
	return n, nil
}

// Flush writes a rune start held back by the last Write, escaped: the
// output ended in the middle of a character.
func (s *safeWriter) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.pending) == 0 {
		return nil
	}
	var out []byte
	for _, c := range s.pending {
		out = fmt.Appendf(out, `\x%02x`, c)
	}
	s.pending = nil
	_, err := s.w.Write(out)
	return err
}

// unsafeRune reports whether a terminal may act on r (a non-ASCII rune)
// rather than show it: C1 controls and bidirectional formatting.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// sanitize returns s as a safeWriter would write it, for text that goes
// to a terminal by another way (the progress bar, which writes its own
// escape sequences).
func sanitize(s string) string {
	var b strings.Builder
	w := newSafeWriter(&b)
	w.Write([]byte(s))
	w.Flush()
	return b.String()
}
