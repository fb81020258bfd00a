// Command sitrep turns news articles into sourced, structured event data.
//
// Each subcommand lives in its own file with its own flag set and registers
// itself in init; main only dispatches.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
)

// command is one subcommand.
type command struct {
	name  string
	short string // one line for the command list
	// run executes the command with the arguments after its name. It
	// returns errUsage after printing usage for bad flags, and exitError
	// to set a specific exit status.
	run func(ctx context.Context, env *env, args []string) error
}

// env is what commands get from the process: streams and environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// isTerminal reports whether stderr is a terminal (for progress bars).
	isTerminal bool
	// rawStderr is stderr without the escaping of control characters
	// (see safeWriter), for the progress bar's own escape sequences.
	rawStderr io.Writer
	// stdoutWidth is the width of the terminal stdout is, 0 when it is
	// not one; tables are fitted to it.
	stdoutWidth int
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("sitrep: duplicate command " + c.name)
	}
	commands[c.name] = c
}

// errUsage reports bad arguments; the usage was already printed.
var errUsage = errors.New("usage")

// exitError carries an exit status without further message.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, isTerminal: isTerminal(os.Stderr),
		stdoutWidth: terminalWidth(os.Stdout)}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// run dispatches args to a command and returns the process exit status.
// Everything the command writes goes through a safeWriter.
func run(ctx context.Context, e *env, args []string) int {
	safe := *e
	stdout, stderr := newSafeWriter(e.stdout), newSafeWriter(e.stderr)
	safe.stdout, safe.stderr, safe.rawStderr = stdout, stderr, e.stderr
	defer stderr.Flush()
	defer stdout.Flush()
	return dispatch(ctx, &safe, args)
}

func dispatch(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return exitCode(e, c.run(ctx, e, []string{"-h"}))
			}
		}
		printUsage(e.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "version" || args[0] == "--version" {
		return exitCode(e, runVersion(e, args[1:]))
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "sitrep: unknown command %q\nRun 'sitrep help' for the list of commands.\n", args[0])
		return 2
	}
	return exitCode(e, c.run(ctx, e, args[1:]))
}

func exitCode(e *env, err error) int {
	var ee exitError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintln(e.stderr, "sitrep:", err)
		return 1
	}
}

// version names this build in the provenance of the events it codes;
// release builds set it with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func printUsage(w io.Writer) {
	fmt.Fprint(w, `sitrep turns news articles into sourced, structured event data.

Usage:
	sitrep <command> [flags] [arguments]

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "	%-10s %s\n", n, commands[n].short)
	}
	fmt.Fprint(w, `
Run 'sitrep <command> -h' for a command's flags.
'sitrep version' names the build; 'sitrep version --data' lists its embedded data.
The database is --db, or $SITREP_DB, or sitrep.db in the user data directory.
`)
}

// newFlagSet returns a flag set for a command that prints its usage to
// stderr with the given synopsis and description.
func newFlagSet(e *env, name, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet("sitrep "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: sitrep %s %s\n\n%s\n", name, synopsis, strings.TrimSpace(description))
		var any bool
		fs.VisitAll(func(*flag.Flag) { any = true })
		if any {
			fmt.Fprintln(e.stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
