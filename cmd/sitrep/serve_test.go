package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for the server goroutine to write
// while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeCommand starts 'sitrep serve' on a free port, reads the API and
// stops it by cancelling its context, as Ctrl-C does.
func TestServeCommand(t *testing.T) {
	db := seedDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	var stderr lockedBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &stderr, getenv: func(string) string { return "" }}
	done := make(chan int)
	go func() { done <- run(ctx, e, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}) }()
	addrRE := regexp.MustCompile(`serving on (http://[^/]+)/ \(read-only\)`)
	var base string
	for range 200 {
		if m := addrRE.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if base == "" {
		cancel()
		t.Fatalf("no address announced; stderr:\n%s", stderr.String())
	}
	resp, err := http.Get(base + "/api/stats")
	if err != nil {
		t.Fatal(err)
	}
	var st struct{ Events int }
	json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if resp.StatusCode != 200 || st.Events == 0 {
		t.Errorf("stats: %d, %d events", resp.StatusCode, st.Events)
	}
	resp, err = http.Post(base+"/api/documents", "application/json", strings.NewReader(`{"text":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST without --token: %d, want 403", resp.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
