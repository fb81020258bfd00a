package watch

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestMetricsFormat: counters per feed in the Prometheus text format,
// label values escaped, every family with its HELP and TYPE.
func TestMetricsFormat(t *testing.T) {
	var m Metrics
	odd := "https://b.example/feed?q=\"x\"\\y"
	m.Watch([]string{"https://a.example/feed.xml", odd})
	for _, e := range []Event{
		{Kind: Fetched, Feed: "https://a.example/feed.xml"},
		{Kind: Stored, Feed: "https://a.example/feed.xml", Events: 3},
		{Kind: Stored, Feed: "https://a.example/feed.xml", Events: 2},
		{Kind: Duplicate, Feed: "https://a.example/feed.xml"},
		{Kind: Failed, Feed: odd},
		{Kind: NotModified, Feed: odd},
	} {
		m.Observe(e)
	}
	m.polled([]string{"https://a.example/feed.xml"}, time.Unix(1764936000, 500e6))
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q", ct)
	}
	out := rec.Body.String()
	for _, want := range []string{
		"# TYPE sitrep_watch_polls_total counter\nsitrep_watch_polls_total 1\n",
		"sitrep_watch_feeds 2\n",
		`sitrep_watch_documents_total{feed="https://a.example/feed.xml"} 2` + "\n",
		`sitrep_watch_events_total{feed="https://a.example/feed.xml"} 5` + "\n",
		`sitrep_watch_duplicates_total{feed="https://a.example/feed.xml"} 1` + "\n",
		`sitrep_watch_fetches_total{feed="https://a.example/feed.xml"} 1` + "\n",
		`sitrep_watch_failures_total{feed="https://b.example/feed?q=\"x\"\\y"} 1` + "\n",
		`sitrep_watch_not_modified_total{feed="https://b.example/feed?q=\"x\"\\y"} 1` + "\n",
		`sitrep_watch_last_poll_timestamp_seconds{feed="https://a.example/feed.xml"} 1764936000.500` + "\n",
		`sitrep_watch_last_poll_timestamp_seconds{feed="https://b.example/feed?q=\"x\"\\y"} 0` + "\n",
		"# HELP sitrep_watch_failures_total ",
		"# TYPE sitrep_watch_last_poll_timestamp_seconds gauge\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	// Each line is a comment or "name{labels} value".
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(line, "# ") && len(strings.Fields(line)) < 2 {
			t.Errorf("malformed line %q", line)
		}
	}
}
