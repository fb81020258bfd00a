// Package postgres implements sitrep.Store on PostgreSQL, through pgx and
// its connection pool, for stores shared by many writers and readers.
//
// The schema lives in migration/*.sql and is applied by Open under a
// PostgreSQL advisory lock, so that processes starting together apply each
// migration once. A document is stored in one transaction; its content
// hash is UNIQUE and inserted with ON CONFLICT, so that concurrent writers
// never store one text twice. A transaction that fails because the
// connection was lost (a PostgreSQL restart, a failover) or that lost a
// serialization conflict is run again on a fresh connection until
// DB.RetryFor has passed: a restart delays writers and readers, it does not
// fail them.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/schema"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// IsURL reports whether name is a PostgreSQL connection URL
// (postgres://… or postgresql://…), which names a postgres store where a
// path would name an SQLite file.
func IsURL(name string) bool {
	return strings.HasPrefix(name, "postgres://") || strings.HasPrefix(name, "postgresql://")
}

// ErrOldSchema is wrapped by the error of OpenReadOnly for a database whose
// schema lacks migrations of this sitrep: readers never migrate; Open does.
var ErrOldSchema = errors.New("older than this sitrep's schema")

// DB is a sitrep store in a PostgreSQL database. It is safe for concurrent
// use; set its exported fields before the first call.
type DB struct {
	pool     *pgxpool.Pool
	name     string // the URL without its password, for errors
	readOnly bool
	version  int

	// Coder names what coded the analyses passed to AddDocument, usually
	// "sitrep <version>"; it is recorded with every event and transfer.
	Coder string
	// Now returns the current time; tests replace it.
	Now func() time.Time
	// RetryFor bounds how long a transaction is retried after losing its
	// connection or a serialization conflict: long enough for PostgreSQL
	// to restart. Zero means no retries.
	RetryFor time.Duration

	// beforeCommit, when set, runs just before AddDocument commits; tests
	// use it to fail a transaction at its last moment.
	beforeCommit func(ctx context.Context, attempt int) error
}

var (
	_ sitrep.Store         = (*DB)(nil)
	_ sitrep.IncidentStore = (*DB)(nil)
)

// Open connects to the database at url (postgres://…), checks that it is
// reachable and brings the sitrep schema up to date. A database holding a
// newer sitrep schema is refused. Errors name the URL without its password.
func Open(ctx context.Context, url string) (*DB, error) {
	db, err := open(ctx, url, false)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", db.name, err)
	}
	return db, nil
}

// OpenReadOnly connects to the database at url for reading only: its
// sessions are read-only (default_transaction_read_only), so it never
// changes the database, and it never migrates. A database without a sitrep
// schema is refused with an error wrapping sitrep.ErrNoStore, one with an
// older schema with ErrOldSchema. AddDocument on the result fails with
// sitrep.ErrReadOnly.
func OpenReadOnly(ctx context.Context, url string) (*DB, error) {
	db, err := open(ctx, url, true)
	if err != nil {
		return nil, err
	}
	v, err := db.schemaVersion(ctx)
	if err == nil {
		var latest int
		latest, err = latestVersion()
		switch {
		case err != nil:
		case v == 0:
			err = fmt.Errorf("%w: the database holds no sitrep schema yet", sitrep.ErrNoStore)
		case v < latest:
			err = fmt.Errorf("schema version %d is %w (version %d); opening it for writing upgrades it", v, ErrOldSchema, latest)
		case v > latest:
			err = fmt.Errorf("schema version %d is newer than this sitrep supports (%d); upgrade sitrep", v, latest)
		}
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", db.name, err)
	}
	db.version = v
	return db, nil
}

func open(ctx context.Context, url string, readOnly bool) (*DB, error) {
	name := redact(url)
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	// More connections than cores: readers wait on the network and on
	// the server, not on this process's CPU.
	cfg.MaxConns = int32(max(8, 4*runtime.NumCPU()))
	if readOnly {
		cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "sitrep"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	db := &DB{pool: pool, name: name, readOnly: readOnly, Coder: "sitrep", Now: time.Now, RetryFor: 2 * time.Minute}
	if err := db.run(ctx, func(ctx context.Context) error { return pool.Ping(ctx) }); err != nil {
		pool.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return db, nil
}

// redact returns url without its password.
func redact(url string) string {
	if cfg, err := pgconn.ParseConfig(url); err == nil && cfg.Password != "" {
		return strings.Replace(url, ":"+cfg.Password+"@", ":xxxxx@", 1)
	}
	return url
}

// Pool returns the connection pool, for adapters that work in the same
// database beside the store (a job queue's driver): they share its
// connections and its configuration. Callers must not close it; Close does.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Name returns the URL the database was opened with, without its password.
func (db *DB) Name() string { return db.name }

// SchemaVersion returns the version of the database's schema: the number of
// the last migration applied.
func (db *DB) SchemaVersion() int { return db.version }

// Close closes the connections. It is safe to call more than once.
func (db *DB) Close() error {
	if db.pool != nil {
		db.pool.Close()
		db.pool = nil
	}
	return nil
}

// migrateUpTo, when positive, stops migrations after that version: tests
// build a store of an older schema with it, to check the upgrade.
var migrateUpTo int

// migrations returns the embedded migrations in version order.
func migrations() ([]schema.Migration, error) {
	return schema.Migrations(migrationFS, "migration/*.sql")
}

// latestVersion returns the version of the last embedded migration.
func latestVersion() (int, error) {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0, err
	}
	return ms[len(ms)-1].Version, nil
}

// migrationLock is the key of the advisory lock that migrations hold
// ("SITR" in ASCII): one process at a time migrates a database.
const migrationLock = 0x53495452

// schemaVersion returns the last migration recorded, 0 when the database
// has no schema_migrations table (in the search path) at all.
func (db *DB) schemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.run(ctx, func(ctx context.Context) error {
		var exists bool
		if err := db.pool.QueryRow(ctx, "SELECT to_regclass('schema_migrations') IS NOT NULL").Scan(&exists); err != nil || !exists {
			v = 0
			return err
		}
		return db.pool.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v)
	})
	return v, err
}

// migrate applies the migrations not yet recorded in schema_migrations,
// each in its own transaction that first takes the advisory lock, so
// concurrent Opens apply each one once and never see half a schema.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	latest := ms[len(ms)-1].Version
	// Until a migration is applied it can be retried as a whole.
	err = db.inTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    integer PRIMARY KEY,
			name       text NOT NULL,
			applied_at timestamptz NOT NULL
		)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, m := range ms {
		if migrateUpTo > 0 && m.Version > migrateUpTo {
			latest = migrateUpTo
			break
		}
		err := db.inTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
				return err
			}
			var current int
			if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&current); err != nil {
				return err
			}
			if current > latest {
				return fmt.Errorf("schema version %d is newer than this sitrep supports (%d); upgrade sitrep", current, latest)
			}
			var n int
			if err := tx.QueryRow(ctx, "SELECT count(*) FROM schema_migrations WHERE version = $1", m.Version).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
				m.Version, m.Name, db.Now())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	db.version = latest
	return nil
}

// run calls f until it succeeds, fails for a reason other than a lost
// connection or a serialization conflict (retryable), or DB.RetryFor has
// passed. Between attempts it waits, longer each time, so that a server
// that is restarting is not hammered.
func (db *DB) run(ctx context.Context, f func(ctx context.Context) error) error {
	start := time.Now()
	wait := 20 * time.Millisecond
	for {
		err := f(ctx)
		if err == nil || !retryable(err) || ctx.Err() != nil || time.Since(start)+wait > db.RetryFor {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, time.Second)
	}
}

// inTx runs f in a transaction, committed if f returns nil, and runs it
// again in a new transaction when it fails in a way run retries.
func (db *DB) inTx(ctx context.Context, f func(ctx context.Context, tx pgx.Tx) error) error {
	return db.run(ctx, func(ctx context.Context) error {
		return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error { return f(ctx, tx) })
	})
}

// readTx runs f in a read-only transaction, so that the queries of one
// answer see one snapshot, retrying as run does.
func (db *DB) readTx(ctx context.Context, f func(ctx context.Context, tx pgx.Tx) error) error {
	return db.run(ctx, func(ctx context.Context) error {
		return pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead},
			func(tx pgx.Tx) error { return f(ctx, tx) })
	})
}

// retryable reports whether err means the work may succeed if run again
// from the start: the connection was lost or refused (a restart), the
// server is shutting down or starting up, or the transaction lost a
// serialization conflict or a deadlock.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"): // connection exception
			return true
		case pe.Code == "40001", pe.Code == "40P01": // serialization failure, deadlock
			return true
		case pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03": // admin/crash shutdown, cannot connect now
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), pgconn.SafeToRetry(err):
		return true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed):
		return true
	}
	// pgx reports a connection closed under it without a typed error.
	return strings.Contains(err.Error(), "conn closed") || strings.Contains(err.Error(), "unexpected EOF")
}

// args collects a query's arguments and returns their placeholders.
type args []any

// add appends v and returns its placeholder, "$n".
func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// whereClause joins conditions with AND.
func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE (" + strings.Join(conds, ") AND (") + ")"
}

// limitClause returns " LIMIT n" for a positive n and "" otherwise.
func limitClause(n int) string {
	if n <= 0 {
		return ""
	}
	return " LIMIT " + strconv.Itoa(n)
}
