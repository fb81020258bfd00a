package queue_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/postgres"
	"github.com/sitrep/sitrep/queue"
)

// The fault tests run workers as processes of their own — this test
// binary again, with $workerEnv naming the database — so that one can be
// killed with SIGKILL as a crash or an OOM kill would.
const workerEnv = "SITREP_QUEUE_TEST_WORKER"

// Timeouts of the helper workers: short, so that River rescues the job
// of a killed worker within the test's time (its rescuer also runs only
// every 30 seconds).
const (
	testJobTimeout  = 2 * time.Second
	testRescueAfter = 3 * time.Second
)

func TestMain(m *testing.M) {
	if url := os.Getenv(workerEnv); url != "" {
		if err := helperWorker(url); err != nil {
			fmt.Fprintln(os.Stderr, "helper worker:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// slowCoder takes a while over every document, so that a kill lands in
// the middle of one, and says on stdout which it is coding.
type slowCoder struct {
	delay time.Duration
	out   io.Writer
}

func (c slowCoder) Code(ctx context.Context, in sitrep.Input) (*sitrep.Analysis, error) {
	fmt.Fprintf(c.out, "coding %.20s\n", in.Text)
	select {
	case <-time.After(c.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return &sitrep.Analysis{}, nil
}

// helperWorker is the worker process: `sitrep worker` with slowCoder, two
// jobs at a time, until SIGTERM.
func helperWorker(url string) error {
	ctx, stop := signalContext()
	defer stop()
	st, err := postgres.Open(ctx, url)
	if err != nil {
		return err
	}
	defer st.Close()
	p := &pipeline.Pipeline{Store: st, Coder: slowCoder{200 * time.Millisecond, os.Stdout}, NearDupMaxAge: time.Second}
	q, err := queue.Open(ctx, url, queue.Config{Pipeline: p, Concurrency: 2,
		JobTimeout: testJobTimeout, RescueAfter: testRescueAfter, IncidentEvery: time.Hour})
	if err != nil {
		return err
	}
	defer q.Close()
	if err := q.Start(ctx); err != nil {
		return err
	}
	fmt.Println("ready")
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return q.Stop(sctx)
}

func signalContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, syscall.SIGTERM, os.Interrupt)
		<-ch
		cancel()
	}()
	return ctx, cancel
}

// startWorker starts a helper worker on url and returns it with its
// stdout, once it is ready. It is killed when the test ends.
func startWorker(t *testing.T, url string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), workerEnv+"="+url)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(out)
	if !sc.Scan() || sc.Text() != "ready" {
		t.Fatalf("worker did not start: %q", sc.Text())
	}
	return cmd, sc
}

// drain reads a worker's stdout so that it never blocks on a full pipe.
func drain(sc *bufio.Scanner) {
	go func() {
		for sc.Scan() {
		}
	}()
}

// checkStoredOnce waits for the jobs and checks that every document is
// stored exactly once.
func checkStoredOnce(t *testing.T, ctx context.Context, q *queue.Queue, pg string, ids []int64, in []*sitrep.Document) {
	t.Helper()
	err := q.Wait(ctx, ids, 100*time.Millisecond, func(o queue.Outcome) {
		if o.State != "completed" {
			t.Errorf("job %d %s: %s", o.JobID, o.State, o.Err)
		}
	})
	if err != nil {
		t.Fatalf("waiting for the jobs: %v", err)
	}
	st, err := postgres.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored, err := st.FindDocuments(ctx, sitrep.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, d := range stored {
		count[d.Hash]++
	}
	for i, d := range in {
		if count[d.Hash] != 1 {
			t.Errorf("document %d stored %d times", i, count[d.Hash])
		}
	}
	if len(stored) != len(in) {
		t.Errorf("stored %d documents, want %d", len(stored), len(in))
	}
}

// TestKillWorkerMidDocument: a worker killed with SIGKILL while coding
// loses nothing and duplicates nothing: River hands its jobs to the other
// worker once they are overdue, and every document is stored once.
func TestKillWorkerMidDocument(t *testing.T) {
	pg := testDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	q, err := queue.Open(ctx, pg, queue.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	st, err := postgres.Open(ctx, pg) // the schema, before the workers race to make it
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	victim, vout := startWorker(t, pg)
	in := docs(t, 30)
	jobs, err := q.EnqueueDocuments(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	// Kill the victim in the middle of its second document.
	for n := 0; n < 2; {
		if !vout.Scan() {
			t.Fatal("the worker stopped before coding")
		}
		if strings.HasPrefix(vout.Text(), "coding ") {
			n++
		}
	}
	if err := victim.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	victim.Wait()
	start := time.Now()
	_, sout := startWorker(t, pg)
	drain(sout)

	ids := make([]int64, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	checkStoredOnce(t, ctx, q, pg, ids, in)
	t.Logf("the survivor finished %v after the kill", time.Since(start).Round(time.Second))
	// The kill did land mid-job: some job needed a second attempt.
	retried := 0
	for _, id := range ids {
		j, err := q.Job(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Attempt > 1 {
			retried++
		}
	}
	if retried == 0 {
		t.Error("no job was attempted twice: the kill hit no job in hand")
	}
}

// TestRestartPostgres: PostgreSQL restarted (every connection cut) while
// two workers are at work; they reconnect and finish, and every document
// is stored once.
func TestRestartPostgres(t *testing.T) {
	pgtest.CanRestart(t)
	pg := testDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	q, err := queue.Open(ctx, pg, queue.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	st, err := postgres.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, out1 := startWorker(t, pg)
	_, out2 := startWorker(t, pg)
	drain(out2)
	in := docs(t, 40)
	jobs, err := q.EnqueueDocuments(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	// Restart once the workers are well under way.
	for n := 0; n < 6; {
		if !out1.Scan() {
			t.Fatal("a worker stopped")
		}
		if strings.HasPrefix(out1.Text(), "coding ") {
			n++
		}
	}
	drain(out1)
	pgtest.Restart(t)
	ids := make([]int64, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	checkStoredOnce(t, ctx, q, pg, ids, in)
}
