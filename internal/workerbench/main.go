// Command workerbench measures `sitrep worker` throughput: documents and
// sentences per second with 1, 2, 4… worker processes against one
// PostgreSQL, and the share of each worker's time spent coding and storing.
//
//	go run ./internal/workerbench -pg postgres://localhost/postgres -docs 2000 -procs 1,2,4
//
// For each process count it creates a fresh database on the server (-pg
// names one it can connect to, to create others), starts that many
// worker processes (this program again, with -worker, each working one job
// at a time), waits until all have loaded their models, queues -docs
// documents at once and times until every one is stored. The documents are
// the texts of the gold files (-texts), one per document, read at run time:
// short wire reports, ACLED notes and long news stories. The load average is
// printed beside the figures: on a shared machine they mean little without
// it.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/coder"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/kb"
	"github.com/sitrep/sitrep/nlp"
	"github.com/sitrep/sitrep/pipeline"
	"github.com/sitrep/sitrep/queue"
)

func main() {
	pg := flag.String("pg", os.Getenv("SITREP_TEST_POSTGRES"), "PostgreSQL `URL` of a database the benchmark can create others from (default $SITREP_TEST_POSTGRES)")
	docs := flag.Int("docs", 2000, "documents per run")
	procs := flag.String("procs", "1,2,4", "comma-separated worker process `counts`, one run each")
	texts := flag.String("texts", "../shared/eval/dev/*.gold.jsonl", "gold files whose texts are the documents")
	keep := flag.Bool("keep", false, "keep each run's database")
	worker := flag.String("worker", "", "internal: run as a worker on this database `URL`")
	flag.Parse()
	log.SetFlags(0)
	if *worker != "" {
		if err := runWorker(*worker); err != nil {
			log.Fatal(err)
		}
		return
	}
	if *pg == "" {
		log.Fatal("workerbench: -pg or $SITREP_TEST_POSTGRES must name a PostgreSQL server")
	}
	ds, err := readDocs(*texts, *docs)
	if err != nil {
		log.Fatal(err)
	}
	var bytes, words int
	for _, d := range ds {
		bytes += len(d.Text)
		words += len(strings.Fields(d.Text))
	}
	fmt.Printf("%d documents from %s: %.0f bytes, %.0f words each on average\n", len(ds), *texts, float64(bytes)/float64(len(ds)), float64(words)/float64(len(ds)))
	fmt.Println("procs  docs  wall_s  docs/s  sent/s  code_ms/doc  store_ms/doc  coding%  storing%  store_KB/doc  queue_KB/doc  incidents_s  load_before  load_after")
	for _, f := range strings.Split(*procs, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			log.Fatalf("-procs: %q is not a count", f)
		}
		r, err := benchRun(*pg, n, ds, *keep)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%5d  %4d  %6.1f  %6.1f  %6.0f  %11.1f  %12.1f  %7.0f  %8.0f  %12.1f  %12.1f  %11.2f  %11s  %10s\n",
			n, r.docs, r.wall.Seconds(), float64(r.docs)/r.wall.Seconds(), float64(r.stats.Sentences)/r.wall.Seconds(),
			ms(r.stats.Code)/float64(r.stats.Docs), ms(r.stats.Store)/float64(r.stats.Docs),
			100*r.stats.Code.Seconds()/r.stats.Busy.Seconds(), 100*r.stats.Store.Seconds()/r.stats.Busy.Seconds(),
			float64(r.storeBytes)/1024/float64(r.docs), float64(r.queueBytes)/1024/float64(r.docs), r.incidents.Seconds(),
			r.loadBefore, r.loadAfter)
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// readDocs reads n distinct texts from the gold files, one document
// each, taking them from the files in turn so that every kind of text (a
// line of ACLED notes, a sentence of a corpus, a whole news story) is in
// the mix whatever n is.
func readDocs(glob string, n int) ([]*sitrep.Document, error) {
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no gold files match %s (run from the module's root with ../shared beside it, or set -texts)", glob)
	}
	type text struct{ text, published, source string }
	perFile := make([][]text, len(files))
	for i, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 16<<20)
		for line := 1; sc.Scan(); line++ {
			var g struct {
				Text      string `json:"text"`
				Published string `json:"published"`
			}
			if json.Unmarshal(sc.Bytes(), &g) != nil || strings.TrimSpace(g.Text) == "" {
				continue
			}
			if len(g.Published) != len(time.DateOnly) {
				g.Published = ""
			}
			perFile[i] = append(perFile[i], text{g.Text, g.Published, fmt.Sprintf("%s:%d", filepath.Base(f), line)})
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	seen := map[string]bool{}
	var out []*sitrep.Document
	for k := 0; len(out) < n; k++ {
		more := false
		for _, ts := range perFile {
			if k >= len(ts) || len(out) == n {
				continue
			}
			more = true
			t := ts[k]
			items := ingest.Read(context.Background(), "-", strings.NewReader(t.text), ingest.Options{Published: t.published})
			if len(items) != 1 || items[0].Err != nil || seen[items[0].Doc.Hash] {
				continue
			}
			seen[items[0].Doc.Hash] = true
			items[0].Doc.Source = t.source
			out = append(out, items[0].Doc)
		}
		if !more {
			return nil, fmt.Errorf("only %d distinct texts in %s, want %d", len(out), glob, n)
		}
	}
	return out, nil
}

type result struct {
	docs                  int
	wall                  time.Duration
	stats                 stats
	storeBytes            int64
	queueBytes            int64
	incidents             time.Duration
	loadBefore, loadAfter string
}

// stats is what one worker process measured; summed over processes.
type stats struct {
	Docs      int
	Sentences int
	Code      time.Duration // in Coder.Code
	Store     time.Duration // in Store.AddDocument
	Busy      time.Duration // in jobs, from start to end of Pipeline.Add
}

func (s *stats) add(o stats) {
	s.Docs += o.Docs
	s.Sentences += o.Sentences
	s.Code += o.Code
	s.Store += o.Store
	s.Busy += o.Busy
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], ",")
}

// benchRun measures one process count on a database of its own.
func benchRun(admin string, procs int, ds []*sitrep.Document, keep bool) (*result, error) {
	ctx := context.Background()
	dbURL, drop, err := createDB(ctx, admin)
	if err != nil {
		return nil, err
	}
	if !keep {
		defer drop()
	} else {
		fmt.Fprintln(os.Stderr, "database:", dbURL)
	}
	q, err := queue.Open(ctx, dbURL, queue.Config{})
	if err != nil {
		return nil, err
	}
	defer q.Close()
	// Migrate the store before the workers race to.
	st, err := openStore(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer st.Close()

	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	type child struct {
		cmd *exec.Cmd
		out *bufio.Reader
	}
	var children []child
	defer func() {
		for _, c := range children {
			c.cmd.Process.Kill()
			c.cmd.Wait()
		}
	}()
	for range procs {
		cmd := exec.Command(self, "-worker", dbURL)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		children = append(children, child{cmd, bufio.NewReader(out)})
	}
	for _, c := range children {
		line, err := c.out.ReadString('\n')
		if err != nil || strings.TrimSpace(line) != "ready" {
			return nil, fmt.Errorf("worker did not start: %q %v", line, err)
		}
	}

	r := &result{docs: len(ds), loadBefore: loadavg()}
	start := time.Now()
	jobs, err := q.EnqueueDocuments(ctx, ds)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	failed := 0
	if err := q.Wait(ctx, ids, 100*time.Millisecond, func(o queue.Outcome) {
		if o.State != "completed" {
			failed++
		}
	}); err != nil {
		return nil, err
	}
	r.wall = time.Since(start)
	r.loadAfter = loadavg()
	if failed > 0 {
		return nil, fmt.Errorf("%d jobs failed", failed)
	}
	for _, c := range children {
		c.cmd.Process.Signal(syscall.SIGTERM)
		var s stats
		if err := json.NewDecoder(c.out).Decode(&s); err != nil {
			return nil, fmt.Errorf("worker stats: %w", err)
		}
		c.cmd.Wait()
		r.stats.add(s)
	}
	children = nil

	t := time.Now()
	if err := pipeline.ClusterIncidents(ctx, st); err != nil {
		return nil, err
	}
	r.incidents = time.Since(t)
	r.storeBytes, r.queueBytes, err = sizes(ctx, dbURL)
	return r, err
}

// createDB creates a database for one run and returns its URL and a
// function that drops it.
func createDB(ctx context.Context, admin string) (string, func(), error) {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", nil, err
	}
	defer conn.Close(ctx)
	b := make([]byte, 4)
	rand.Read(b)
	name := "sitrep_bench_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, err
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		c, err := pgx.Connect(context.Background(), admin)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	return u.String(), drop, nil
}

// sizes returns the bytes on disk (tables, indexes, TOAST) of the store's
// schema and of River's.
func sizes(ctx context.Context, dbURL string) (store, river int64, err error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close(ctx)
	err = conn.QueryRow(ctx, `
		SELECT coalesce(sum(pg_total_relation_size(c.oid)) FILTER (WHERE n.nspname <> $1), 0)::bigint,
		       coalesce(sum(pg_total_relation_size(c.oid)) FILTER (WHERE n.nspname = $1), 0)::bigint
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`, queue.Schema).Scan(&store, &river)
	return store, river, err
}

// runWorker is one worker process: the queue's worker with the coder and
// the store wrapped to time them. It says "ready" once the models are
// loaded and prints its stats as JSON when sent SIGTERM.
func runWorker(dbURL string) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	k, err := kb.Default()
	if err != nil {
		return err
	}
	parser, err := nlp.Default()
	if err != nil {
		return err
	}
	c, err := coder.New(k, coder.WithParser(parser))
	if err != nil {
		return err
	}
	st, err := openStore(ctx, dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	var s counters
	p := &pipeline.Pipeline{Store: timedStore{st, &s}, Coder: timedCoder{c, &s}, NearDupMaxAge: 2 * time.Second}
	q, err := queue.Open(ctx, dbURL, queue.Config{Pipeline: p, Concurrency: 1, IncidentEvery: time.Hour,
		Report: func(queue.DocResult) { s.docs.Add(1) }})
	if err != nil {
		return err
	}
	defer q.Close()
	if err := q.Start(ctx); err != nil {
		return err
	}
	fmt.Println("ready")
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	q.Stop(sctx)
	return json.NewEncoder(os.Stdout).Encode(s.stats())
}

// counters are a worker's stats, updated by concurrent jobs.
type counters struct {
	docs, sentences    atomic.Int64
	code, store, other atomic.Int64 // nanoseconds
}

func (c *counters) stats() stats {
	code, store := time.Duration(c.code.Load()), time.Duration(c.store.Load())
	return stats{Docs: int(c.docs.Load()), Sentences: int(c.sentences.Load()), Code: code, Store: store,
		Busy: code + store + time.Duration(c.other.Load())}
}

type timedCoder struct {
	sitrep.Coder
	c *counters
}

func (t timedCoder) Code(ctx context.Context, in sitrep.Input) (*sitrep.Analysis, error) {
	start := time.Now()
	a, err := t.Coder.Code(ctx, in)
	t.c.code.Add(int64(time.Since(start)))
	if a != nil {
		t.c.sentences.Add(int64(len(a.Sentences)))
	}
	return a, err
}

// timedStore times AddDocument as storing, and the look-ups the pipeline
// makes around it (duplicates, near-duplicate index) as other work.
type timedStore struct {
	sitrep.Store
	c *counters
}

func (t timedStore) AddDocument(ctx context.Context, doc *sitrep.Document, a *sitrep.Analysis) (int64, bool, error) {
	start := time.Now()
	id, added, err := t.Store.AddDocument(ctx, doc, a)
	t.c.store.Add(int64(time.Since(start)))
	return id, added, err
}

func (t timedStore) FindDocumentByHash(ctx context.Context, hash string) (*sitrep.Document, error) {
	start := time.Now()
	d, err := t.Store.FindDocumentByHash(ctx, hash)
	t.c.other.Add(int64(time.Since(start)))
	return d, err
}

func (t timedStore) SimHashes(ctx context.Context) (map[int64]uint64, error) {
	start := time.Now()
	m, err := t.Store.SimHashes(ctx)
	t.c.other.Add(int64(time.Since(start)))
	return m, err
}
