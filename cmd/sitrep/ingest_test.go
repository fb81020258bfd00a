package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestFeedPolicy ingests a feed served on 127.0.0.1: refused by the
// fetch policy by default, stored with --allow-private without the
// credentials its links carry, and skipped entry by entry on a re-run.
func TestIngestFeedPolicy(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/feed.xml":
			creds := strings.Replace(srv.URL, "http://", "http://reader:hunter2@", 1)
			fmt.Fprintf(w, `<rss version="2.0"><channel><title>Wire</title>
<item><title>Talks</title><link>%s/a1</link></item><item><title>Strike</title><link>%s/a2</link></item></channel></rss>`, creds, srv.URL)
		case r.URL.Path == "/a1":
			fmt.Fprint(w, "<html><body><article><p>Iranian officials met Russian diplomats in Tehran on Monday to discuss drone deliveries.</p></article></body></html>")
		case r.URL.Path == "/a2":
			fmt.Fprint(w, "<html><body><article><p>Russian jets struck rebel positions near Idlib on Tuesday, the Syrian Observatory said.</p></article></body></html>")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "f.db")
	feed := srv.URL + "/feed.xml"

	code, _, stderr := sitrepCmd(t, "", "ingest", "--db", db, feed)
	if code != 1 || !strings.Contains(stderr, "loopback") || !strings.Contains(stderr, "--allow-private") {
		t.Errorf("policy on: exit %d\n%s", code, stderr)
	}

	code, out, stderr := sitrepCmd(t, "", "ingest", "--db", db, "--allow-private", "--json", feed)
	if code != 0 || !strings.Contains(stderr, "2 new") {
		t.Fatalf("--allow-private: exit %d\n%s%s", code, out, stderr)
	}
	_, docs, _ := sitrepCmd(t, "", "docs", "--db", db, "--json")
	for _, s := range []string{out, stderr, docs} {
		if strings.Contains(s, "hunter2") || strings.Contains(s, "reader:") {
			t.Errorf("credentials printed or stored:\n%s", s)
		}
	}

	code, _, stderr = sitrepCmd(t, "", "ingest", "--db", db, "--allow-private", feed)
	if code != 0 || !strings.Contains(stderr, "2 feed entries skipped") || !strings.Contains(stderr, "nothing changed") {
		t.Errorf("re-run: exit %d\n%s", code, stderr)
	}

	if code, _, _ := sitrepCmd(t, "", "ingest", "--db", db, "--fetch-timeout", "0s", feed); code == 0 {
		t.Error("--fetch-timeout 0 accepted")
	}
}
