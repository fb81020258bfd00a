// Package queue runs sitrep's work as jobs of River, a job queue on
// PostgreSQL, so that any number of `sitrep worker` processes, on any
// number of machines, share it: fetching a URL (a feed enqueues one
// document per entry), coding and storing a document, and rebuilding
// incidents.
//
// River keeps its tables in their own schema, Schema, beside the store's.
// A job is a row: a worker killed mid-job leaves it running until River's
// rescuer hands it to another worker (after RescueAfter), so nothing is
// lost; a document job is unique by content hash and the store refuses a
// second copy of a hash, so nothing is stored twice.
//
// River rather than NATS JetStream: the jobs' state lives in the
// PostgreSQL that sitrep already needs for a shared store, so a document
// can be enqueued, retried and inspected with SQL, there is no second
// service to run, back up and secure, and uniqueness is a database
// constraint rather than a message-deduplication window.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/ingest"
	"github.com/sitrep/sitrep/pipeline"
)

// Schema is the PostgreSQL schema of River's tables, kept apart from the
// store's so that neither's migrations touch the other's.
const Schema = "river"

// Queues: documents and fetches share the default queue; incidents have
// their own, worked one at a time per process.
const (
	queueDefault   = river.QueueDefault
	queueIncidents = "incidents"
)

// Defaults of Config.
const (
	DefaultJobTimeout    = 5 * time.Minute
	DefaultIncidentEvery = time.Minute
)

// pendingStates are the states in which a job still has work to do:
// unique jobs that must run again once finished (a feed to re-read,
// incidents to rebuild) are unique only among these.
var pendingStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

// FetchArgs is a job that reads one URL — a page or a feed — and enqueues
// a CodeArgs job for each document it holds. It is unique by URL among
// jobs not yet finished, so a URL enqueued twice is fetched once; a feed
// enqueued again later is read again.
type FetchArgs struct {
	URL string `json:"url" river:"unique"`
	// Published overrides the publication date, as ingest's --published.
	Published string `json:"published,omitempty"`
}

// Kind names the job in River's tables.
func (FetchArgs) Kind() string { return "sitrep_fetch" }

// InsertOpts makes fetches unique by URL while pending.
func (FetchArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: pendingStates}}
}

// CodeArgs is a job that codes one document and stores it with everything
// coded from it, in one transaction. It is unique by content hash in every
// state River keeps, so the same text enqueued twice runs once; the store's
// own uniqueness on the hash covers jobs River has already cleaned away.
type CodeArgs struct {
	Hash     string           `json:"hash" river:"unique"`
	Document *sitrep.Document `json:"document"`
}

// Kind names the job in River's tables.
func (CodeArgs) Kind() string { return "sitrep_code" }

// InsertOpts makes documents unique by hash.
func (CodeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// IncidentsArgs is a job that rebuilds incidents from every stored event
// (pipeline.ClusterIncidents). River's leader enqueues it periodically and
// it is unique while pending, so one process at a time owns the rebuild.
type IncidentsArgs struct{}

// Kind names the job in River's tables.
func (IncidentsArgs) Kind() string { return "sitrep_incidents" }

// InsertOpts puts the rebuild in its own queue, one at a time.
func (IncidentsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueIncidents, MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByState: pendingStates}}
}

// Config configures Open.
type Config struct {
	// Pipeline codes and stores documents. When nil the Queue only
	// enqueues and waits: `sitrep enqueue`.
	Pipeline *pipeline.Pipeline
	// Read configures fetching (timeouts, private addresses). Its
	// FetchDeadline is ignored: a worker runs for ever.
	Read ingest.Options
	// Concurrency is how many jobs this process works at a time; below 1
	// means 1.
	Concurrency int
	// JobTimeout bounds one job; 0 means DefaultJobTimeout.
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before River takes
	// it for abandoned (its worker died) and retries it; 0 means twice
	// JobTimeout. It must exceed JobTimeout.
	RescueAfter time.Duration
	// IncidentEvery is how often incidents are rebuilt; 0 means
	// DefaultIncidentEvery.
	IncidentEvery time.Duration
	// Report, when set, is called once for each document job this
	// process completes, from the job's goroutine.
	Report func(DocResult)
	// Logger receives River's and the jobs' logs; nil discards them below
	// warnings.
	Logger *slog.Logger
}

// Queue is a connection to River's tables: a client that enqueues and,
// with a Pipeline, works jobs.
type Queue struct {
	pool   *pgxpool.Pool
	client *river.Client[pgx.Tx]
	cfg    Config
}

// Open connects to the PostgreSQL at url, creates or upgrades River's
// schema (one process at a time, under an advisory lock, so workers that
// start together do not race) and returns a Queue. Start it to work jobs.
func Open(ctx context.Context, url string, cfg Config) (*Queue, error) {
	pcfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	// River listens on one connection and works jobs on others.
	pcfg.MaxConns = int32(max(4, cfg.Concurrency+3))
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	cfg.JobTimeout = cmpOr(cfg.JobTimeout, DefaultJobTimeout)
	cfg.RescueAfter = cmpOr(cfg.RescueAfter, 2*cfg.JobTimeout)
	cfg.IncidentEvery = cmpOr(cfg.IncidentEvery, DefaultIncidentEvery)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	rc := &river.Config{
		Schema:               Schema,
		Logger:               cfg.Logger,
		JobTimeout:           cfg.JobTimeout,
		RescueStuckJobsAfter: cfg.RescueAfter,
		// River's default cooldown between fetches, 100 ms, caps a
		// process working one job at a time at 10 jobs/s, while coding a
		// short report takes a few milliseconds.
		FetchCooldown: 2 * time.Millisecond,
	}
	q := &Queue{pool: pool, cfg: cfg}
	if p := cfg.Pipeline; p != nil {
		read := cfg.Read
		read.FetchDeadline = -1
		// One Fetcher for the process, so that per-host limits hold
		// across jobs; Known is made per job (fetchWorker).
		read.Fetcher = ingest.NewFetcher(read)
		workers := river.NewWorkers()
		river.AddWorker(workers, &fetchWorker{q: q, p: p, read: read})
		river.AddWorker(workers, &codeWorker{p: p, report: cfg.Report})
		river.AddWorker(workers, &incidentsWorker{st: p.Store})
		rc.Workers = workers
		rc.Queues = map[string]river.QueueConfig{
			queueDefault:   {MaxWorkers: max(1, cfg.Concurrency)},
			queueIncidents: {MaxWorkers: 1},
		}
		rc.PeriodicJobs = []*river.PeriodicJob{river.NewPeriodicJob(
			river.PeriodicInterval(cfg.IncidentEvery),
			func() (river.JobArgs, *river.InsertOpts) { return IncidentsArgs{}, nil },
			&river.PeriodicJobOpts{ID: "sitrep_incidents"},
		)}
	}
	q.client, err = river.NewClient(riverpgxv5.New(pool), rc)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("queue: %w", err)
	}
	return q, nil
}

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// migrateLock is the advisory lock key under which River's migrations run,
// fixed so that every sitrep process agrees on it.
var migrateLock = func() int64 {
	h := fnv.New64a()
	h.Write([]byte("sitrep river migrations"))
	return int64(h.Sum64())
}()

// migrate brings River's schema up to date while holding a session
// advisory lock on a connection of its own: workers that start at once
// wait for the first instead of failing on each other's half-made tables.
// Not one transaction: River's migrations add enum values and use them,
// which PostgreSQL allows only across transactions. A process that dies
// holding the lock drops it with its connection.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrateLock); err != nil {
		return fmt.Errorf("queue: migration lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrateLock)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+Schema); err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	m, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Schema: Schema, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("queue: migrating River's schema: %w", err)
	}
	return nil
}

// Start works jobs until Stop; it needs a Pipeline.
func (q *Queue) Start(ctx context.Context) error {
	if q.cfg.Pipeline == nil {
		return errors.New("queue: Start needs a Pipeline")
	}
	return q.client.Start(ctx)
}

// Stop stops fetching jobs and waits for those in hand to finish, or for
// ctx to end; then jobs still running are cancelled and River retries
// them elsewhere.
func (q *Queue) Stop(ctx context.Context) error {
	if q.cfg.Pipeline == nil {
		return nil
	}
	if err := q.client.Stop(ctx); err == nil || !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		return err
	}
	c, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return q.client.StopAndCancel(c)
}

// Close releases the connections. Stop first when started.
func (q *Queue) Close() { q.pool.Close() }

// Job is an enqueued job, for Wait.
type Job struct {
	ID int64
	// Duplicate is set when an unfinished (or, for a document, any) job
	// with the same URL or hash was already queued: ID is that job.
	Duplicate bool
}

// EnqueueURL enqueues a fetch of url (a page or a feed).
func (q *Queue) EnqueueURL(ctx context.Context, url, published string) (Job, error) {
	return q.insert(ctx, FetchArgs{URL: url, Published: published})
}

// EnqueueDocument enqueues the coding and storing of doc.
func (q *Queue) EnqueueDocument(ctx context.Context, doc *sitrep.Document) (Job, error) {
	return q.insert(ctx, CodeArgs{Hash: doc.Hash, Document: doc})
}

// EnqueueDocuments enqueues many documents in one statement.
func (q *Queue) EnqueueDocuments(ctx context.Context, docs []*sitrep.Document) ([]Job, error) {
	params := make([]river.InsertManyParams, len(docs))
	for i, d := range docs {
		params[i] = river.InsertManyParams{Args: CodeArgs{Hash: d.Hash, Document: d}}
	}
	rs, err := q.client.InsertMany(ctx, params)
	if err != nil {
		return nil, fmt.Errorf("queue: enqueue: %w", err)
	}
	jobs := make([]Job, len(rs))
	for i, r := range rs {
		jobs[i] = Job{ID: r.Job.ID, Duplicate: r.UniqueSkippedAsDuplicate}
	}
	return jobs, nil
}

// EnqueueIncidents enqueues a rebuild of incidents, unless one is queued
// and not yet running.
func (q *Queue) EnqueueIncidents(ctx context.Context) (Job, error) {
	return q.insert(ctx, IncidentsArgs{})
}

func (q *Queue) insert(ctx context.Context, args river.JobArgs) (Job, error) {
	r, err := q.client.Insert(ctx, args, nil)
	if err != nil {
		return Job{}, fmt.Errorf("queue: enqueue: %w", err)
	}
	return Job{ID: r.Job.ID, Duplicate: r.UniqueSkippedAsDuplicate}, nil
}

// Outcome is what a finished job did, from its recorded output.
type Outcome struct {
	JobID int64
	Kind  string
	// State is River's: completed, discarded (failed its last attempt)
	// or cancelled.
	State string
	// Result is a document job's outcome.
	Result *DocResult `json:",omitempty"`
	// Fetched is a fetch job's: the document jobs it enqueued.
	Fetched *FetchResult `json:",omitempty"`
	// Err is the last attempt's error of a job that did not complete.
	Err string `json:",omitempty"`
}

// DocResult is the recorded output of a CodeArgs job.
type DocResult struct {
	Input     string           `json:"input"`
	Title     string           `json:"title,omitempty"`
	Outcome   pipeline.Outcome `json:"outcome"`
	ID        int64            `json:"id"`
	Original  int64            `json:"original,omitempty"`
	Events    int              `json:"events"`
	Transfers int              `json:"transfers"`
}

// FetchResult is the recorded output of a FetchArgs job.
type FetchResult struct {
	Jobs    []int64  `json:"jobs"`              // document jobs enqueued
	Queued  int      `json:"queued,omitempty"`  // entries whose document was already queued or done
	Skipped int      `json:"skipped,omitempty"` // feed entries already stored
	Failed  []string `json:"failed,omitempty"`  // entries that could not be read
}

// finalStates are the states a job never leaves.
var finalStates = map[rivertype.JobState]bool{
	rivertype.JobStateCompleted: true, rivertype.JobStateDiscarded: true, rivertype.JobStateCancelled: true,
}

// Wait polls until the jobs, and the document jobs the fetches among them
// enqueue, are finished, calling done once for each as it finishes. It
// rides out a database that goes away for less than a minute (a restart,
// a failover) and returns early with ctx's error.
func (q *Queue) Wait(ctx context.Context, jobs []int64, poll time.Duration, done func(Outcome)) error {
	var failingSince time.Time
	waiting := map[int64]bool{}
	for _, id := range jobs {
		waiting[id] = true
	}
	for len(waiting) > 0 {
		ids := make([]int64, 0, len(waiting))
		for id := range waiting {
			ids = append(ids, id)
		}
		for len(ids) > 0 {
			page := ids[:min(len(ids), 1000)]
			ids = ids[len(page):]
			res, err := q.client.JobList(ctx, river.NewJobListParams().IDs(page...).First(len(page)))
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if failingSince.IsZero() {
					failingSince = time.Now()
				} else if time.Since(failingSince) > time.Minute {
					return fmt.Errorf("queue: %w", err)
				}
				break
			}
			failingSince = time.Time{}
			for _, j := range res.Jobs {
				if !finalStates[j.State] {
					continue
				}
				delete(waiting, j.ID)
				o := outcome(j)
				if o.Fetched != nil {
					for _, id := range o.Fetched.Jobs {
						waiting[id] = true
					}
				}
				done(o)
			}
		}
		if len(waiting) == 0 {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
	return nil
}

// JobInfo is the state of one job.
type JobInfo struct {
	Kind  string
	State string
	// Attempt counts the times the job was started: above 1, it was
	// retried (after an error, or rescued from a worker that died).
	Attempt int
}

// Job returns the state of one job.
func (q *Queue) Job(ctx context.Context, id int64) (JobInfo, error) {
	j, err := q.client.JobGet(ctx, id)
	if err != nil {
		return JobInfo{}, fmt.Errorf("queue: %w", err)
	}
	return JobInfo{Kind: j.Kind, State: string(j.State), Attempt: j.Attempt}, nil
}

func outcome(j *rivertype.JobRow) Outcome {
	o := Outcome{JobID: j.ID, Kind: j.Kind, State: string(j.State)}
	if out := j.Output(); len(out) > 0 {
		switch j.Kind {
		case CodeArgs{}.Kind():
			o.Result = new(DocResult)
			if json.Unmarshal(out, o.Result) != nil {
				o.Result = nil
			}
		case FetchArgs{}.Kind():
			o.Fetched = new(FetchResult)
			if json.Unmarshal(out, o.Fetched) != nil {
				o.Fetched = nil
			}
		}
	}
	if j.State != rivertype.JobStateCompleted && len(j.Errors) > 0 {
		o.Err = j.Errors[len(j.Errors)-1].Error
	}
	return o
}
