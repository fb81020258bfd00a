package watch

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Metrics counts what a watcher does, per feed, and writes the counts in
// the Prometheus text exposition format (version 0.0.4). It is safe for
// concurrent use; the zero value is ready.
type Metrics struct {
	mu    sync.Mutex
	feeds map[string]*feedCounts
	polls int64
}

// feedCounts are one feed's counters.
type feedCounts struct {
	fetched, notModified, documents, events, duplicates, failures int64
	lastPoll                                                      time.Time
}

func (m *Metrics) feed(url string) *feedCounts {
	if m.feeds == nil {
		m.feeds = map[string]*feedCounts{}
	}
	c := m.feeds[url]
	if c == nil {
		c = &feedCounts{}
		m.feeds[url] = c
	}
	return c
}

// Watch makes the feeds appear in the metrics with zero counts before
// their first poll, so that a scraper sees every series from the start.
func (m *Metrics) Watch(feeds []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, f := range feeds {
		m.feed(f)
	}
}

// Observe counts one event.
func (m *Metrics) Observe(e Event) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.feed(e.Feed)
	switch e.Kind {
	case Fetched:
		c.fetched++
	case NotModified:
		c.notModified++
	case Stored:
		c.documents++
		c.events += int64(e.Events)
	case Duplicate:
		c.duplicates++
	case Failed:
		c.failures++
	}
}

// polled records that a poll of feeds ended at t.
func (m *Metrics) polled(feeds []string, t time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.polls++
	for _, f := range feeds {
		m.feed(f).lastPoll = t
	}
}

// metric describes one per-feed series family.
type metric struct {
	name, kind, help string
	value            func(*feedCounts) string
}

func count(f func(*feedCounts) int64) func(*feedCounts) string {
	return func(c *feedCounts) string { return fmt.Sprint(f(c)) }
}

var feedMetrics = []metric{
	{"sitrep_watch_fetches_total", "counter", "Polls of a feed or page that found it changed and fetched it in full.",
		count(func(c *feedCounts) int64 { return c.fetched })},
	{"sitrep_watch_not_modified_total", "counter", "Polls of a feed or page that found it unchanged (304 Not Modified or the same body).",
		count(func(c *feedCounts) int64 { return c.notModified })},
	{"sitrep_watch_documents_total", "counter", "Documents stored from a feed or page.",
		count(func(c *feedCounts) int64 { return c.documents })},
	{"sitrep_watch_events_total", "counter", "Events coded from the documents stored from a feed or page.",
		count(func(c *feedCounts) int64 { return c.events })},
	{"sitrep_watch_duplicates_total", "counter", "Documents read from a feed or page that the store already held.",
		count(func(c *feedCounts) int64 { return c.duplicates })},
	{"sitrep_watch_failures_total", "counter", "Failed fetches or documents of a feed or page, its entries' included.",
		count(func(c *feedCounts) int64 { return c.failures })},
	{"sitrep_watch_last_poll_timestamp_seconds", "gauge", "When a feed or page was last polled, in seconds since the Unix epoch (0: not yet).",
		func(c *feedCounts) string {
			if c.lastPoll.IsZero() {
				return "0"
			}
			return fmt.Sprintf("%.3f", float64(c.lastPoll.UnixMilli())/1000)
		}},
}

// WriteTo writes the metrics in the Prometheus text format, feeds in
// lexical order.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cw := &countWriter{w: bufio.NewWriter(w)}
	fmt.Fprintf(cw, "# HELP sitrep_watch_polls_total Polling rounds over the watched feeds and pages.\n")
	fmt.Fprintf(cw, "# TYPE sitrep_watch_polls_total counter\nsitrep_watch_polls_total %d\n", m.polls)
	fmt.Fprintf(cw, "# HELP sitrep_watch_feeds Feeds and pages watched.\n")
	fmt.Fprintf(cw, "# TYPE sitrep_watch_feeds gauge\nsitrep_watch_feeds %d\n", len(m.feeds))
	urls := make([]string, 0, len(m.feeds))
	for u := range m.feeds {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	for _, mt := range feedMetrics {
		fmt.Fprintf(cw, "# HELP %s %s\n# TYPE %s %s\n", mt.name, mt.help, mt.name, mt.kind)
		for _, u := range urls {
			fmt.Fprintf(cw, "%s{feed=\"%s\"} %s\n", mt.name, escapeLabel(u), mt.value(m.feeds[u]))
		}
	}
	err := cw.w.(*bufio.Writer).Flush()
	if cw.err != nil {
		err = cw.err
	}
	return cw.n, err
}

// ServeHTTP answers a scrape with the metrics.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	m.WriteTo(w)
}

// escapeLabel escapes a label value as the text format asks: backslash,
// double quote and line feed.
func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

// countWriter counts what it writes and keeps the first error.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}
