// Package pgtest gives tests a PostgreSQL database of their own: an empty
// schema in the server that $SITREP_TEST_POSTGRES names, dropped when the
// test ends. scripts/pgtest.sh starts such a server. Tests that need one
// skip, saying how to get one, when the variable is unset.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	osexec "os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// EnvURL and EnvDir are the environment variables the tests read: the
// server's URL (postgres://…) and, for tests that restart the server, the
// folder scripts/pgtest.sh keeps the cluster in.
const (
	EnvURL = "SITREP_TEST_POSTGRES"
	EnvDir = "SITREP_TEST_POSTGRES_DIR"
)

// skipMessage says how to run the skipped tests.
const skipMessage = "$" + EnvURL + " is not set: no PostgreSQL to test against; " +
	"start one with: export " + EnvURL + "=$(scripts/pgtest.sh start /tmp/sitrep-pg) " + EnvDir + "=/tmp/sitrep-pg"

// URL returns the server's URL, or skips t when none is configured.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		t.Skip(skipMessage)
	}
	return u
}

// Schema creates an empty schema in the server's database and returns a
// URL whose connections use it (search_path), so that every test starts
// from an empty store and tests never see one another's rows. The schema
// is dropped when t ends.
func Schema(t testing.TB) string {
	t.Helper()
	base := URL(t)
	var b [6]byte
	rand.Read(b[:])
	name := "sitrep_test_" + hex.EncodeToString(b[:])
	if err := exec(base, "CREATE SCHEMA "+name); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		if err := exec(base, "DROP SCHEMA "+name+" CASCADE"); err != nil {
			t.Logf("pgtest: drop schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("pgtest: %s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// CanRestart skips t unless $SITREP_TEST_POSTGRES_DIR names the cluster
// to restart; tests that call Restart call it first, from the test's own
// goroutine.
func CanRestart(t testing.TB) {
	t.Helper()
	URL(t)
	if os.Getenv(EnvDir) == "" {
		t.Skip("$" + EnvDir + " is not set: cannot restart PostgreSQL; " + skipMessage)
	}
}

// exec runs one statement on a connection of its own, trying again for up
// to half a minute: another package's test may be restarting the server.
func exec(url, sql string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		conn, err := pgx.Connect(ctx, url)
		if err == nil {
			_, err = conn.Exec(ctx, sql)
			conn.Close(ctx)
			var pe *pgconn.PgError
			if err == nil || errors.As(err, &pe) && pe.Code == "42P06" {
				// Done, or done by an attempt whose answer was lost.
				return nil
			}
			if errors.As(err, &pe) && !strings.HasPrefix(pe.Code, "08") && !strings.HasPrefix(pe.Code, "57P") {
				return err // not a restart: trying again will not help
			}
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Restart stops the server the quick way (every connection is cut, as in
// a crash or a failover) and starts it again, with scripts/pgtest.sh and
// the cluster in $SITREP_TEST_POSTGRES_DIR. It reports failure with
// t.Errorf, so it may run in a goroutine beside the work it interrupts.
func Restart(t testing.TB) {
	dir := os.Getenv(EnvDir)
	if dir == "" {
		t.Errorf("pgtest: restart: $%s is not set (call CanRestart first)", EnvDir)
		return
	}
	out, err := osexec.Command("bash", Script(), "restart", dir).CombinedOutput()
	if err != nil {
		t.Errorf("pgtest: restart: %v\n%s", err, out)
	}
}

// Script returns the path of scripts/pgtest.sh.
func Script() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "scripts", "pgtest.sh")
}
