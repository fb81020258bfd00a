package main

import (
	"errors"
	"flag"
	"strings"
)

// parseFlags parses args, flags before or after the arguments, and maps
// failures to errUsage / flag.ErrHelp. The positional arguments are then
// fs.Args().
//
// Go's flag package stops at the first argument that is not a flag, so
// "sitrep ingest FILE --db X" used to take "--db" and "X" for inputs and
// store FILE in the default database. Every subcommand goes through here,
// so that flag order never matters.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(interspersed(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// parseInterspersed parses args as parseFlags does and returns the
// positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	return fs.Args(), nil
}

// interspersed reorders args so that every flag (with its value, for flags
// that take one) comes before "--" and the positional arguments, in their
// order. Everything after a "--" of the user's is positional; "-" is a
// positional argument (standard input). Unknown flags stay flags, for
// fs.Parse to refuse by name.
func interspersed(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil && !isBoolFlag(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if len(pos) == 0 {
		return flags
	}
	return append(append(flags, "--"), pos...)
}

// isBoolFlag reports whether f is set by its presence alone (-json), as
// the flag package decides it.
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
