// Package watch follows feeds and pages: it polls them with conditional
// requests (ETag, Last-Modified, or a digest of the body when a server
// sends neither), backs off per host after transient failures, honours
// robots.txt through the ingest package's fetcher, and ingests what is new
// through a pipeline. What it knows is kept in a State, saved to a file
// after each poll, so that a restarted watcher fetches again only what
// has changed and codes again nothing the store holds.
package watch

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/pipeline"
)

// Defaults of a Watcher.
const (
	// DefaultEvery is how often each feed is polled when Watcher.Every
	// is 0.
	DefaultEvery = 15 * time.Minute
	// MinBackoff is a host's wait after its first transient failure;
	// each further failure in a row doubles it, up to MaxBackoff. A
	// longer Retry-After wins.
	MinBackoff = time.Minute
	// MaxBackoff bounds the doubling.
	MaxBackoff = time.Hour
	// backoffJitter is the largest share added at random to a backoff,
	// so that hosts that failed together are not asked again together.
	backoffJitter = 0.1
)

// Kinds of Event.
const (
	Fetched     = "fetched"      // a feed or page had changed and was fetched in full
	NotModified = "not-modified" // a feed or page had not changed
	Stored      = "stored"       // a document was stored (new or near-duplicate)
	Duplicate   = "duplicate"    // a document read was already stored
	Failed      = "failed"       // a feed, page or entry could not be fetched, read or stored
	Deferred    = "deferred"     // a feed or entry was left for later: its host is backing off
)

// Event is one thing a watcher did, for its log and its metrics.
type Event struct {
	Time time.Time `json:"time"`
	Kind string    `json:"event"`
	// Feed is the watched URL (without credentials) the event is about.
	Feed string `json:"feed"`
	// URL is the feed entry concerned, when not the feed itself.
	URL string `json:"url,omitempty"`
	// Outcome, ID, Original, Title, Events and Transfers describe a
	// stored or duplicate document as pipeline reports it.
	Outcome   string `json:"outcome,omitempty"`
	ID        int64  `json:"id,omitempty"`
	Original  int64  `json:"original,omitempty"`
	Title     string `json:"title,omitempty"`
	Events    int    `json:"events,omitempty"`
	Transfers int    `json:"transfers,omitempty"`
	// Error says why it failed.
	Error string `json:"error,omitempty"`
	// RetryAt is when a host backing off may be asked again.
	RetryAt time.Time `json:"retry_at,omitzero"`
}

// Watcher polls feeds and pages and ingests what is new. Set its fields
// before the first Poll or Run; they must not change afterwards.
type Watcher struct {
	// Pipeline codes and stores the documents.
	Pipeline *pipeline.Pipeline
	// Read configures fetching (client, timeouts, host delay, private
	// addresses). Its Fetcher, when nil, is made once and kept, so that
	// host spacing and robots.txt (read again daily) hold across polls;
	// its FetchDeadline is then ignored.
	Read ingest.Options
	// Workers is how many inputs are read and coded at a time.
	Workers int
	// Every is the time between two polls of one feed; 0 means
	// DefaultEvery.
	Every time.Duration
	// State is what is known of the feeds and hosts; nil means a new,
	// empty one.
	State *State
	// StatePath, when set, is where State is saved after each poll.
	StatePath string
	// Metrics, when set, counts the events.
	Metrics *Metrics
	// Report, when set, is told each event, one call at a time.
	Report func(Event)
	// Now and Jitter (a number in [0, 1)) stand in for the clock and the
	// random source in tests; nil means time.Now and rand.Float64.
	Now    func() time.Time
	Jitter func() float64

	once sync.Once
	mu   sync.Mutex // serialises Report
}

func (w *Watcher) init() {
	w.once.Do(func() {
		if w.State == nil {
			w.State = NewState()
		}
		if w.Read.Fetcher == nil {
			r := w.Read
			r.FetchDeadline = -1 // the watcher runs for days
			w.Read.Fetcher = ingest.NewFetcher(r)
		}
	})
}

func (w *Watcher) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Watcher) every() time.Duration {
	if w.Every > 0 {
		return w.Every
	}
	return DefaultEvery
}

// emit counts an event and reports it.
func (w *Watcher) emit(e Event) {
	if e.Time.IsZero() {
		e.Time = w.now()
	}
	if w.Metrics != nil {
		w.Metrics.Observe(e)
	}
	if w.Report != nil {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.Report(e)
	}
}

// Run polls the feeds, each one again Every after its last poll, until
// stop is closed or ctx is done. Closing stop ends it gently: the
// documents being coded are stored and the state saved before Run returns
// nil. Cancelling ctx abandons them and returns ctx.Err().
func (w *Watcher) Run(ctx context.Context, feeds []string, stop <-chan struct{}) error {
	w.init()
	if w.Metrics != nil {
		w.Metrics.Watch(redactAll(feeds))
	}
	for {
		now := w.now()
		var due []string
		var next time.Time
		for _, f := range feeds {
			at := w.due(f)
			switch {
			case !at.After(now):
				due = append(due, f)
			case next.IsZero() || at.Before(next):
				next = at
			}
		}
		if len(due) > 0 {
			if err := w.Poll(ctx, due, stop); err != nil {
				return err
			}
			if stopped(stop) {
				return nil
			}
			continue
		}
		t := time.NewTimer(next.Sub(now))
		select {
		case <-t.C:
		case <-stop:
			t.Stop()
			return nil
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// due returns when feed f is to be polled next: Every after its last
// poll (at once if never polled), or when its host's backoff ends if that
// is later.
func (w *Watcher) due(f string) time.Time {
	var at time.Time
	if last := w.State.Feed(ingest.RedactURL(f)).LastPoll; !last.IsZero() {
		at = last.Add(w.every())
	}
	if until := w.State.Host(hostOf(f)).Until; until.After(at) {
		at = until
	}
	return at
}

func stopped(stop <-chan struct{}) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

func redactAll(urls []string) []string {
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = ingest.RedactURL(u)
	}
	return out
}

// hostOf returns the host (and port) of a URL, lower-cased; "" when it
// has none.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// round is the bookkeeping of one Poll.
type round struct {
	feeds []string // the feeds polled, without credentials

	mu        sync.Mutex
	changed   map[string]ingest.Validators // new validators by feed
	unsettled map[int]bool                 // feeds with an item to try again
	deferred  bool                         // an entry was left for later
	reported  map[int]bool                 // feeds with a report
	last      int                          // the last feed reported
	failed    map[string]time.Duration     // hosts that failed transiently: longest Retry-After
	answered  map[string]bool              // hosts that answered
}

// Poll polls each feed once, now, except those whose host is backing off,
// and ingests what is new; then it records the new validators of the
// feeds whose items were all stored (or failed for good), the hosts'
// backoffs and the feeds' next poll, and saves the state. Closing stop
// ends it as it ends Run.
func (w *Watcher) Poll(ctx context.Context, feeds []string, stop <-chan struct{}) error {
	w.init()
	start := w.now()
	var due, names []string
	for _, f := range feeds {
		name := ingest.RedactURL(f)
		if h := w.State.Host(hostOf(f)); start.Before(h.Until) {
			w.emit(Event{Kind: Deferred, Feed: name, RetryAt: h.Until})
			continue
		}
		due = append(due, f)
		names = append(names, name)
	}
	if len(due) == 0 {
		return w.save()
	}
	r := &round{feeds: names, changed: map[string]ingest.Validators{}, unsettled: map[int]bool{},
		reported: map[int]bool{}, failed: map[string]time.Duration{}, answered: map[string]bool{}}
	opts := pipeline.Options{Workers: w.Workers, Read: w.Read, Stop: stop}
	opts.Read.Validators = func(u string) ingest.Validators { return w.State.Feed(u).Validators }
	opts.Read.Changed = func(u string, v ingest.Validators) {
		r.mu.Lock()
		r.changed[u] = v
		r.mu.Unlock()
		w.emit(Event{Kind: Fetched, Feed: u})
	}
	known := w.Pipeline.KnownURLs(ctx)
	opts.Read.Known = func(u string) bool {
		if w.State.Gone(u, start) {
			return true // failed for good lately: not asked again
		}
		if h := w.State.Host(hostOf(u)); start.Before(h.Until) {
			// Its host is backing off: the entry is left for a later
			// poll, which must then read the feed again.
			r.mu.Lock()
			r.deferred = true
			r.mu.Unlock()
			return true
		}
		return known(u)
	}
	err := w.Pipeline.Ingest(ctx, due, opts, func(rep pipeline.Report) { w.observe(r, rep) })
	complete := len(due)
	if err != nil || stopped(stop) {
		// The last feed reported may have more to come; those after it
		// were not read.
		complete = r.last
	}
	w.settle(r, start, complete)
	if w.Pipeline.Incidents != nil {
		if ferr := w.Pipeline.Incidents.Flush(context.WithoutCancel(ctx)); ferr != nil {
			w.emit(Event{Kind: Failed, Error: "incidents: " + ferr.Error()})
		}
	}
	if serr := w.save(); serr != nil {
		return errors.Join(err, serr)
	}
	return err
}

// observe turns one pipeline report into an event and notes what it says
// of the feed and of the host.
func (w *Watcher) observe(r *round, rep pipeline.Report) {
	feed := r.feeds[rep.Index]
	e := Event{Feed: feed, Title: rep.Title}
	if rep.Input != feed {
		e.URL = rep.Input
	}
	host := hostOf(rep.Input)
	r.mu.Lock()
	r.reported[rep.Index] = true
	r.last = max(r.last, rep.Index)
	switch rep.Outcome {
	case pipeline.Skipped:
		r.mu.Unlock()
		return // stored before, or deferred: nothing happened
	case pipeline.NotModified:
		e.Kind = NotModified
		r.answered[host] = true
	case pipeline.New, pipeline.NearDuplicate:
		e.Kind, e.Outcome, e.ID, e.Original = Stored, string(rep.Outcome), rep.ID, rep.Original
		e.Events, e.Transfers = rep.Events, rep.Transfers
		r.answered[host] = true
	case pipeline.Duplicate:
		e.Kind, e.Outcome, e.ID = Duplicate, string(rep.Outcome), rep.ID
		r.answered[host] = true
	default:
		e.Kind = Failed
		if rep.Err != nil {
			e.Error = rep.Err.Error()
		}
		var ie *ingest.InputError
		switch {
		case ingest.Transient(rep.Err):
			r.unsettled[rep.Index] = true
			r.failed[host] = max(r.failed[host], ingest.RetryAfter(rep.Err))
		case errors.As(rep.Err, &ie):
			// Failed for good (a 404, robots.txt, no text): trying again
			// would give the same answer. An entry is not fetched again
			// for a while; one robots.txt refuses costs no request anyway
			// and is checked again as robots.txt changes.
			gone := GoneFor
			if ingest.StatusCode(rep.Err) != 0 {
				r.answered[host] = true
				gone = GoneHTTPFor
			}
			if e.URL != "" && !errors.Is(rep.Err, ingest.ErrRobots) {
				now := w.now()
				w.State.setGone(e.URL, now, now.Add(gone))
			}
		default:
			// Coding or storing failed: the item must be read again.
			r.unsettled[rep.Index] = true
		}
	}
	r.mu.Unlock()
	w.emit(e)
}

// settle records what a poll found: the validators of the first complete
// feeds whose items are all settled, every polled feed's next poll, and
// the hosts' backoffs.
func (w *Watcher) settle(r *round, start time.Time, complete int) {
	end := w.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, feed := range r.feeds {
		if i >= complete && !r.reported[i] {
			continue // not polled: stopped first
		}
		w.State.updateFeed(feed, func(fs *FeedState) {
			fs.LastPoll = end
			v, ok := r.changed[feed]
			if ok && i < complete && !r.unsettled[i] && !r.deferred {
				fs.Validators, fs.LastChange = v, end
			}
		})
	}
	if w.Metrics != nil {
		var polled []string
		for i, feed := range r.feeds {
			if i < complete || r.reported[i] {
				polled = append(polled, feed)
			}
		}
		w.Metrics.polled(polled, end)
	}
	for host, retry := range r.failed {
		h := w.backoff(w.State.Host(host), retry, end)
		w.State.setHost(host, h)
		for i, feed := range r.feeds {
			if hostOf(feed) == host && (i < complete || r.reported[i]) {
				w.emit(Event{Time: end, Kind: Deferred, Feed: feed, RetryAt: h.Until})
			}
		}
	}
	for host := range r.answered {
		if _, bad := r.failed[host]; !bad {
			w.State.setHost(host, HostState{})
		}
	}
}

// backoff returns a host's state after one more poll with a transient
// failure: MinBackoff doubled for each failure in a row, up to MaxBackoff,
// plus up to a tenth at random; at least retryAfter, the wait the host
// asked for.
func (w *Watcher) backoff(prev HostState, retryAfter time.Duration, now time.Time) HostState {
	n := prev.Failures + 1
	d := MaxBackoff
	if n <= 12 { // beyond, the shift overflows; MaxBackoff is reached long before
		d = min(MinBackoff<<(n-1), MaxBackoff)
	}
	j := rand.Float64
	if w.Jitter != nil {
		j = w.Jitter
	}
	d += time.Duration(float64(d) * backoffJitter * j())
	d = max(d, retryAfter)
	return HostState{Failures: n, Until: now.Add(d)}
}

func (w *Watcher) save() error {
	if w.StatePath == "" {
		return nil
	}
	return w.State.Save(w.StatePath)
}
