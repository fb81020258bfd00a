// Package stage times the stages a document goes through on its way into
// the store — reading, segmenting, recognising, tagging and parsing, coding
// and storing — for the benchmark and profiling. A Clock travels in a
// context; code that finds none times nothing, so the cost outside a
// benchmark is one context lookup per document.
package stage

import (
	"context"
	"sync/atomic"
	"time"
)

// Stage is one step of ingest.
type Stage int

// The stages, in the order a document passes them.
const (
	Read      Stage = iota // reading and cleaning an input
	Segment                // splitting the text into sentences
	Recognise              // laying the knowledge base's mentions on the text
	TagParse               // tokenising, tagging, lemmatising and parsing
	Code                   // the coder's own rules and models
	Store                  // duplicate checks, transactions and incidents
	NumStages              // the number of stages, not a stage
)

var names = [NumStages]string{"read", "segment", "recognise", "tag+parse", "code", "store"}

// String returns the stage's name as the benchmark prints it.
func (s Stage) String() string {
	if s < 0 || s >= NumStages {
		return "stage?"
	}
	return names[s]
}

// Clock adds up the time spent in each stage, and the sentences and
// tokens analysed, across goroutines. The zero Clock is ready; a nil
// *Clock ignores everything, so callers need not check.
type Clock struct {
	ns        [NumStages]atomic.Int64
	sentences atomic.Int64
	tokens    atomic.Int64
}

// Add adds d to stage s.
func (c *Clock) Add(s Stage, d time.Duration) {
	if c != nil {
		c.ns[s].Add(int64(d))
	}
}

// Since adds the time since t0 to stage s and returns the current time,
// so that consecutive stages can be timed with one clock reading each.
func (c *Clock) Since(s Stage, t0 time.Time) time.Time {
	if c == nil {
		return t0
	}
	now := time.Now()
	c.ns[s].Add(int64(now.Sub(t0)))
	return now
}

// Count adds sentences and tokens analysed.
func (c *Clock) Count(sentences, tokens int) {
	if c != nil {
		c.sentences.Add(int64(sentences))
		c.tokens.Add(int64(tokens))
	}
}

// Snapshot is what a Clock has added up.
type Snapshot struct {
	Time      [NumStages]time.Duration
	Sentences int64
	Tokens    int64
}

// Snapshot returns the totals so far.
func (c *Clock) Snapshot() Snapshot {
	var s Snapshot
	if c == nil {
		return s
	}
	for i := range c.ns {
		s.Time[i] = time.Duration(c.ns[i].Load())
	}
	s.Sentences, s.Tokens = c.sentences.Load(), c.tokens.Load()
	return s
}

// Total is the time of all stages together.
func (s Snapshot) Total() time.Duration {
	var t time.Duration
	for _, d := range s.Time {
		t += d
	}
	return t
}

type clockKey struct{}

// WithClock returns a context that carries c.
func WithClock(ctx context.Context, c *Clock) context.Context {
	return context.WithValue(ctx, clockKey{}, c)
}

// FromContext returns the Clock ctx carries, or nil.
func FromContext(ctx context.Context) *Clock {
	c, _ := ctx.Value(clockKey{}).(*Clock)
	return c
}
