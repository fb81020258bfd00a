package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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

// TestServeIngest posts a document to a server started with a token: it is
// coded and stored by the same pipeline as 'sitrep ingest', and read back.
func TestServeIngest(t *testing.T) {
	db := seedDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr lockedBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &stderr,
		getenv: func(k string) string {
			if k == "SITREP_TOKEN" {
				return "tok"
			}
			return ""
		}}
	done := make(chan int, 1)
	go func() { done <- run(ctx, e, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}) }()
	addrRE := regexp.MustCompile(`serving on (http://[^/]+)/ \(accepting documents`)
	var base string
	for range 200 {
		if m := addrRE.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("no address announced; stderr:\n%s", stderr.String())
	}
	post := func(token, body string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", base+"/api/documents", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		json.NewDecoder(resp.Body).Decode(&v)
		return resp.StatusCode, v
	}
	if status, _ := post("nope", `{"text":"x"}`); status != http.StatusUnauthorized {
		t.Errorf("wrong token: %d", status)
	}
	text := `{"text":"Russian jets struck the town of Maarat al-Numan in Idlib province on Tuesday, killing five civilians, activists said.","published":"2024-03-05"}`
	status, res := post("tok", text)
	if status != http.StatusCreated || res["outcome"] != "new" || res["events"].(float64) < 1 {
		t.Fatalf("POST: %d %v", status, res)
	}
	if status, res := post("tok", text); status != http.StatusOK || res["outcome"] != "duplicate" {
		t.Errorf("POST again: %d %v", status, res)
	}
	resp, err := http.Get(fmt.Sprintf("%s/api/events?document=%v", base, res["id"]))
	if err != nil {
		t.Fatal(err)
	}
	var page struct{ Events []struct{ Type string } }
	json.NewDecoder(resp.Body).Decode(&page)
	resp.Body.Close()
	if len(page.Events) == 0 || page.Events[0].Type != "ASSAULT" {
		t.Errorf("events of the posted document: %+v", page.Events)
	}
	cancel()
	<-done
}
