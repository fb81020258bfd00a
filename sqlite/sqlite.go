// Package sqlite implements sitrep.Store on an embedded SQLite database,
// using the pure-Go modernc.org/sqlite driver (no cgo).
//
// A DB keeps two connection pools on the same file: a single writer
// connection, so that writes queue in Go instead of failing with
// SQLITE_BUSY, and several read-only connections, which the WAL journal
// lets run alongside the writer. The schema lives in migration/*.sql and is
// applied by Open; OpenReadOnly opens only the read-only pool and never
// writes.
package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/regular"
	"github.com/sitrep/sitrep/internal/schema"
	sqlite3 "modernc.org/sqlite"
)

// applicationID marks a file as a sitrep database ("SITR"); migration 1
// sets it.
const applicationID = 0x53495452

//go:embed migration/*.sql
var migrationFS embed.FS

// DB is a sitrep store backed by one SQLite file. It is safe for concurrent
// use; set its exported fields before the first call.
type DB struct {
	path    string
	rw      *sql.DB // one connection: all writes
	ro      *sql.DB // read-only connections
	version int
	index   *eventIndex // see IndexEvents
	reads   stmtCache   // statements prepared on ro

	// Coder names what coded the analyses passed to AddDocument, usually
	// "sitrep <version>"; it is recorded with every event and transfer.
	Coder string
	// Now returns the current time; tests replace it.
	Now func() time.Time

	// Statements prepared once on the writer connection and bound to each
	// AddDocument transaction with Tx.StmtContext, which reuses the
	// connection's prepared statement instead of preparing again.
	insertSentence, insertMention, insertEvent, insertActor, insertTransfer *sql.Stmt
	insertEventMention, insertContradiction                                 *sql.Stmt

	// beforeCommit, when set, runs just before AddDocument commits; tests
	// use it to fail a transaction at its last moment.
	beforeCommit func(ctx context.Context) error
}

var _ sitrep.Store = (*DB)(nil)

// Open opens the sitrep database at path for reading and writing,
// creating it and its parent directories if needed, and brings its schema
// up to date. It fails if the file is not a sitrep database or was written
// by a newer sitrep; such a file is refused before anything is written to
// it. Errors name the path.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	db, err := open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return db, nil
}

// ErrOldSchema is wrapped by the error of OpenReadOnly for a database whose
// schema lacks migrations of this sitrep: readers never migrate; Open does.
var ErrOldSchema = errors.New("older than this sitrep's schema")

// OpenReadOnly opens an existing sitrep database for reading only. It never
// creates, migrates or otherwise writes the file, so it works on a
// read-only file or directory, and WAL lets it read while a writer holds
// the write lock. A missing file is refused with an error wrapping
// sitrep.ErrNoStore; a file whose schema is older (ErrOldSchema) or newer
// than this sitrep's is refused too. AddDocument on the result fails with
// sitrep.ErrReadOnly. Errors name the path.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	db, err := openReadOnly(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return db, nil
}

func checkPath(path string) error {
	if path == "" {
		return errors.New("sqlite: empty database path")
	}
	if path == ":memory:" || strings.HasPrefix(path, "file:") {
		// Two pools on an in-memory database would be two databases.
		return fmt.Errorf("%s: not a file path; sitrep needs a database file", path)
	}
	return nil
}

func open(ctx context.Context, path string) (_ *DB, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	exists, err := checkFile(abs)
	if err != nil {
		return nil, err
	}
	if !exists {
		if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
			return nil, fmt.Errorf("create directory: %w", unwrapPath(err))
		}
	}

	db := &DB{path: path, Coder: "sitrep", Now: time.Now}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()

	// An existing file is inspected through read-only connections before
	// the writer connection exists: the writer's first act is to switch
	// the journal to WAL, which would change another program's database
	// before we could refuse it.
	if exists {
		if err := db.openReaders(ctx, abs, modeReadOnly); err != nil {
			return nil, err
		}
		_, err := db.inspect(ctx)
		db.ro.Close()
		db.ro = nil
		if err != nil {
			return nil, err
		}
	}

	// synchronous=NORMAL is the usual WAL setting: a crash can lose the
	// last commits but never corrupts the file. _txlock=immediate takes the
	// write lock at BEGIN, so that another process's writer makes us wait
	// (busy_timeout) rather than fail when a deferred transaction upgrades.
	//
	// The writer's page cache is 64 MiB instead of SQLite's 2 MiB: the
	// events table has a dozen indexes, and once they outgrow the cache
	// every insert reads their pages back from the file (a third of the
	// time of storing a large ingest). Pages are cached as they are
	// touched, so a small store uses little of it.
	//
	// Temporary storage is in memory: statements that may write several
	// rows (the full-text index's insert, inserts into tables with
	// triggers) keep a statement journal, which in a temporary file
	// made a write system call per page (8% of the CPU time of an ingest,
	// sitrep bench --cpuprofile).
	//
	// The WAL is copied back into the file every 16,384 pages (64 MiB)
	// instead of every 1,000: the events' index pages that every group
	// commit touches are then written back once per checkpoint rather than
	// again after every few commits (store stage of sitrep bench --docs
	// 10000 --workers 1: 119 s -> 91 s). After a checkpoint the WAL file is
	// cut back to that size, so a long ingest does not leave a larger one.
	db.rw, err = sql.Open("sqlite", dsn(abs, "_txlock=immediate",
		"_pragma=busy_timeout(5000)", "_pragma=foreign_keys(1)",
		"_pragma=journal_mode(WAL)", "_pragma=synchronous(NORMAL)",
		"_pragma=cache_size(-65536)", "_pragma=temp_store(MEMORY)",
		"_pragma=wal_autocheckpoint(16384)", "_pragma=journal_size_limit(67108864)"))
	if err != nil {
		return nil, err
	}
	db.rw.SetMaxOpenConns(1)
	db.rw.SetMaxIdleConns(1)
	db.rw.SetConnMaxLifetime(0)
	db.rw.SetConnMaxIdleTime(0)
	if err := db.prepareFile(ctx); err != nil {
		return nil, describe(err)
	}
	if err := db.openReaders(ctx, abs, modeShared); err != nil {
		return nil, err
	}

	for _, s := range []struct {
		stmt  **sql.Stmt
		query string
	}{
		{&db.insertSentence, insertSentenceSQL},
		{&db.insertMention, insertMentionSQL},
		{&db.insertEvent, insertEventSQL},
		{&db.insertActor, insertActorSQL},
		{&db.insertEventMention, insertEventMentionSQL},
		{&db.insertContradiction, insertContradictionSQL},
		{&db.insertTransfer, insertTransferSQL},
	} {
		if *s.stmt, err = db.rw.PrepareContext(ctx, s.query); err != nil {
			return nil, fmt.Errorf("prepare: %w", err)
		}
	}
	return db, nil
}

func openReadOnly(ctx context.Context, path string) (_ *DB, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	exists, err := checkFile(abs)
	if err != nil {
		return nil, err
	}
	if !exists {
		return nil, sitrep.ErrNoStore
	}
	db := &DB{path: path, Coder: "sitrep", Now: time.Now}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	var v int
	err = db.openReaders(ctx, abs, modeReadOnly)
	if err == nil {
		v, err = db.inspect(ctx)
	}
	switch {
	case err == nil || !cannotInitWAL(err):
	case !fileExists(abs + "-wal"):
		// A WAL database in a directory we cannot write: SQLite cannot
		// create the shared-memory index it reads through. Without a -wal
		// file nothing is pending and no writer can add one there, so the
		// file may be read as immutable.
		db.ro.Close()
		if err := db.openReaders(ctx, abs, modeImmutable); err != nil {
			return nil, err
		}
		v, err = db.inspect(ctx)
	default:
		// Reading as immutable would silently drop what the log holds.
		return nil, fmt.Errorf("its write-ahead log %s-wal holds changes not yet in the database, and they cannot be read "+
			"without write access to the folder (for the index %s-shm); any sitrep ingest with write access folds them in: %w",
			filepath.Base(abs), filepath.Base(abs), err)
	}
	if err != nil {
		return nil, err
	}
	latest, err := latestVersion()
	if err != nil {
		return nil, err
	}
	switch {
	case v == 0:
		return nil, fmt.Errorf("%w: the file holds no sitrep schema yet", sitrep.ErrNoStore)
	case v < latest:
		// Readers never migrate: the writer does, at its next run.
		return nil, fmt.Errorf("schema version %d is %w (version %d); opening it for writing upgrades it", v, ErrOldSchema, latest)
	}
	db.version = v
	return db, nil
}

// checkFile reports whether the database file exists and refuses what
// cannot be one: a directory, a named pipe or device (which could block or
// never end), a file that is not SQLite. An empty file exists but holds no
// schema: the writer makes it a database, readers refuse it.
func checkFile(abs string) (exists bool, err error) {
	fi, err := regular.Stat(abs)
	var re *regular.Error
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case errors.As(err, &re):
		return false, re
	case err != nil:
		return false, unwrapPath(err)
	case fi.IsDir():
		return false, errors.New("is a directory, not a database file")
	}
	return true, checkHeader(abs)
}

// readMode is how the read-only pool opens the file.
type readMode int

const (
	// modeShared opens the file as the writer does, for the readers of a
	// writable store; query_only keeps them from writing.
	modeShared readMode = iota
	// modeReadOnly opens it read-only (mode=ro): never written, and
	// possible when the file cannot be written.
	modeReadOnly
	// modeImmutable also promises SQLite that nobody changes the file, for
	// a WAL database whose directory cannot be written.
	modeImmutable
)

// openReaders opens the pool of read-only connections.
func (db *DB) openReaders(ctx context.Context, abs string, mode readMode) (err error) {
	params := []string{"_pragma=busy_timeout(5000)", "_pragma=foreign_keys(1)", "_pragma=query_only(1)"}
	switch mode {
	case modeReadOnly:
		params = append([]string{"mode=ro"}, params...)
	case modeImmutable:
		params = append([]string{"mode=ro", "immutable=1"}, params...)
	}
	db.ro, err = sql.Open("sqlite", dsn(abs, params...))
	if err != nil {
		return err
	}
	// More readers than cores: WAL lets them all read at once, and a
	// quick page should not queue behind a few slow aggregations holding
	// every connection; the Go scheduler shares the cores among them.
	db.ro.SetMaxOpenConns(max(16, 4*runtime.NumCPU()))
	db.ro.SetMaxIdleConns(max(16, 4*runtime.NumCPU()))
	if err := db.ro.PingContext(ctx); err != nil {
		return describe(err)
	}
	return nil
}

// dsn returns a modernc.org/sqlite data source name for the file at the
// absolute path abs. The path is written as a file: URI so that '?' or '#'
// in it cannot be mistaken for the start of the parameters.
func dsn(abs string, params ...string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/x becomes file:///C:/x
	}
	u := url.URL{Path: p}
	return "file://" + u.EscapedPath() + "?" + strings.Join(params, "&")
}

// sqliteMagic starts every SQLite 3 database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// checkHeader rejects an existing, non-empty file that is not an SQLite
// database before the driver sees it, so that the error is plain and no
// journal files are created next to it.
func checkHeader(path string) error {
	f, err := regular.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return unwrapPath(err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return errors.New("is a directory, not a database file")
	}
	head := make([]byte, len(sqliteMagic))
	n, err := io.ReadFull(f, head)
	switch {
	case n == 0 && (err == io.EOF):
		return nil // an empty file is an empty database
	case err != nil && err != io.ErrUnexpectedEOF:
		return unwrapPath(err)
	case !bytes.Equal(head[:n], sqliteMagic):
		return errors.New("not a sitrep database: not an SQLite file")
	}
	return nil
}

// unwrapPath drops the path from an *fs.PathError, which Open adds itself.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// cannotInitWAL reports whether err is SQLite failing to open the WAL
// index of a read-only database (SQLITE_READONLY_CANTINIT or
// SQLITE_READONLY_DIRECTORY, or SQLITE_CANTOPEN on the index).
func cannotInitWAL(err error) bool {
	var se *sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() {
	case 8 | 5<<8, 8 | 6<<8, 14:
		return true
	}
	return false
}

// prepareFile connects the writer, which turns a new file to WAL, and
// migrates the schema. Two processes creating the same new file at once
// can meet SQLITE_BUSY there without the busy timeout applying (SQLite
// refuses to wait where waiting could deadlock); the loser tries again
// for a while, by when the winner has made the file.
func (db *DB) prepareFile(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for wait := 10 * time.Millisecond; ; wait *= 2 {
		err := db.rw.PingContext(ctx)
		if err == nil {
			err = db.migrate(ctx)
		}
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(min(wait, time.Second)):
		}
	}
}

// isBusy reports whether err is SQLITE_BUSY or SQLITE_LOCKED, of any
// extended kind.
func isBusy(err error) bool {
	var se *sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff
	return code == 5 || code == 6
}

// fileExists reports whether a file is at path.
func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// describe explains the driver errors that mean the file is damaged, not
// a database at all, or cannot be written.
func describe(err error) error {
	var se *sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case 26: // SQLITE_NOTADB
			return fmt.Errorf("not a sitrep database: %w", err)
		case 11: // SQLITE_CORRUPT
			return fmt.Errorf("database is corrupt: %w", err)
		case 8: // SQLITE_READONLY
			return fmt.Errorf("cannot write: the file or its folder is read-only (it can still be read): %w", err)
		}
	}
	return err
}

// inspect refuses SQLite files that belong to another application (a
// foreign application_id, or tables but no record of sitrep migrations) or
// to a newer sitrep, and returns the schema version: 0 for a database
// without tables. It only reads, through the read-only pool, so a refused
// file is left exactly as it was.
func (db *DB) inspect(ctx context.Context) (version int, err error) {
	var id int64
	if err := db.ro.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id); err != nil {
		return 0, describe(err)
	}
	if id != 0 && id != applicationID {
		return 0, fmt.Errorf("not a sitrep database: application_id %#x", id)
	}
	var tables, migrations int
	err = db.ro.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE name = 'schema_migrations')
		FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&tables, &migrations)
	if err != nil {
		return 0, describe(err)
	}
	if migrations == 0 {
		if tables > 0 && id != applicationID {
			return 0, errors.New("not a sitrep database: it has tables but no schema_migrations")
		}
		return 0, nil
	}
	if err := db.ro.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&version); err != nil {
		return 0, describe(err)
	}
	latest, err := latestVersion()
	if err != nil {
		return 0, err
	}
	if version > latest {
		return 0, fmt.Errorf("schema version %d is newer than this sitrep supports (%d); upgrade sitrep", version, latest)
	}
	return version, nil
}

// latestVersion returns the version of the last embedded migration.
func latestVersion() (int, error) {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0, err
	}
	return ms[len(ms)-1].Version, nil
}

// migrateUpTo, when positive, stops migrations after that version: tests
// build a store of an older schema with it, to check the upgrade.
var migrateUpTo int

// migrations returns the embedded migrations in version order.
func migrations() ([]schema.Migration, error) {
	return schema.Migrations(migrationFS, "migration/*.sql")
}

// migrate applies, each in its own transaction, the migrations not yet
// recorded in schema_migrations. The writer's BEGIN IMMEDIATE makes
// concurrent Opens of one file apply each migration once.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].Version
	}
	if _, err := db.rw.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var current int
	if err := db.rw.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&current); err != nil {
		return err
	}
	if current > latest {
		return fmt.Errorf("schema version %d is newer than this sitrep supports (%d); upgrade sitrep", current, latest)
	}
	for _, m := range ms {
		if migrateUpTo > 0 && m.Version > migrateUpTo {
			latest = migrateUpTo
			break
		}
		if err := db.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	db.version = latest
	return nil
}

// apply runs m unless it is already recorded.
func (db *DB) apply(ctx context.Context, m schema.Migration) error {
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.Version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.Version, m.Name, formatTime(db.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// SchemaVersion returns the version of the database's schema: the number of
// the last migration applied.
func (db *DB) SchemaVersion() int { return db.version }

// Path returns the path the database was opened with.
func (db *DB) Path() string { return db.path }

// Close closes the database. It is safe to call more than once.
func (db *DB) Close() error {
	errs := []error{db.reads.close()}
	for _, s := range []**sql.Stmt{&db.insertSentence, &db.insertMention, &db.insertEvent, &db.insertActor, &db.insertTransfer,
		&db.insertEventMention, &db.insertContradiction} {
		if *s != nil {
			errs = append(errs, (*s).Close())
			*s = nil
		}
	}
	for _, p := range []**sql.DB{&db.ro, &db.rw} {
		if *p != nil {
			errs = append(errs, (*p).Close())
			*p = nil
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%s: close: %w", db.path, err)
	}
	return nil
}

// DefaultPath returns where sitrep keeps its database by default: under
// $XDG_DATA_HOME (default ~/.local/share) on Unix, ~/Library/Application
// Support on macOS and %LocalAppData% on Windows, in a sitrep directory.
func DefaultPath() (string, error) {
	return defaultPath(runtime.GOOS, os.Getenv)
}

func defaultPath(goos string, getenv func(string) string) (string, error) {
	var dir string
	switch goos {
	case "windows":
		dir = getenv("LocalAppData")
		if dir == "" {
			return "", errors.New("sqlite: %LocalAppData% is not defined")
		}
	case "darwin", "ios":
		home := getenv("HOME")
		if home == "" {
			return "", errors.New("sqlite: $HOME is not defined")
		}
		dir = filepath.Join(home, "Library", "Application Support")
	case "plan9":
		home := getenv("home")
		if home == "" {
			return "", errors.New("sqlite: $home is not defined")
		}
		dir = filepath.Join(home, "lib")
	default:
		// The XDG spec says relative values are invalid and to be ignored.
		dir = getenv("XDG_DATA_HOME")
		if dir == "" || !filepath.IsAbs(dir) {
			home := getenv("HOME")
			if home == "" {
				return "", errors.New("sqlite: neither $XDG_DATA_HOME nor $HOME is defined")
			}
			dir = filepath.Join(home, ".local", "share")
		}
	}
	return filepath.Join(dir, "sitrep", "sitrep.db"), nil
}

// timeFormat is how times are stored: sortable, UTC, lossless.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// nullFloat converts an optional coordinate for storage.
func nullFloat(f *float64) sql.NullFloat64 {
	if f == nil {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: *f, Valid: true}
}

// floatPtr converts a stored optional coordinate back.
func floatPtr(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	v := f.Float64
	return &v
}

// limitClause returns " LIMIT n" for a positive n and "" otherwise.
func limitClause(n int) string {
	if n <= 0 {
		return ""
	}
	return " LIMIT " + strconv.Itoa(n)
}
