package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/server"
)

// TestMetricsRoute: /metrics answers with the Metrics handler when one
// is set, and is the web page's fallback (not metrics) otherwise.
func TestMetricsRoute(t *testing.T) {
	st := seedStore(t)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		fmt.Fprintln(w, "sitrep_watch_polls_total 3")
	})
	ts := newServer(t, &server.Server{Store: st, Metrics: h})
	code, hdr, body := get(t, ts, "/metrics")
	if code != http.StatusOK || !strings.Contains(string(body), "sitrep_watch_polls_total 3") ||
		!strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") {
		t.Errorf("with Metrics: %d %q %q", code, hdr.Get("Content-Type"), body)
	}
	ts = newServer(t, &server.Server{Store: st})
	if _, _, body := get(t, ts, "/metrics"); strings.Contains(string(body), "sitrep_watch") {
		t.Errorf("without Metrics: %q", body)
	}
}
