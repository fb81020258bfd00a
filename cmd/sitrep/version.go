package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/sitrep/sitrep/internal/datamanifest"
)

func runVersion(e *env, args []string) error {
	fs := newFlagSet(e, "version", "[--data [--json]]", `
Print the build's version and commit. --data lists the embedded data files
(models, gazetteer, lexicons, knowledge-base tables): SHA-256, size,
source, pinned version and licence (internal/datamanifest; docs/data.md).`)
	data := fs.Bool("data", false, "list the embedded data files")
	asJSON := fs.Bool("json", false, "with --data: one JSON object per file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || (*asJSON && !*data) {
		fs.Usage()
		return errUsage
	}
	if !*data {
		_, err := fmt.Fprintln(e.stdout, versionString())
		return err
	}
	entries, err := datamanifest.Entries()
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, m := range entries {
			if err := enc.Encode(m); err != nil {
				return err
			}
		}
		return nil
	}
	fmt.Fprintln(e.stdout, versionString())
	tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tSHA256\tBYTES\tVERSION\tLICENCE")
	for _, m := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", m.File, m.SHA256, m.Size, m.Version, m.Licence)
	}
	return tw.Flush()
}

// versionString describes the build: the module's version (a tag when
// installed with 'go install ...@v1.2.3', "(devel)" when built from a
// checkout), the commit it was built from and its time, "+modified" when
// the work tree had changes, and the Go version. version, when set with
// -ldflags "-X main.version=...", comes first.
func versionString() string {
	return describeBuild(version, debug.ReadBuildInfo)
}

func describeBuild(set string, read func() (*debug.BuildInfo, bool)) string {
	parts := []string{"sitrep"}
	if set != "" && set != "dev" {
		parts = append(parts, set)
	}
	bi, ok := read()
	if !ok {
		if len(parts) == 1 {
			parts = append(parts, set)
		}
		return strings.Join(parts, " ")
	}
	if v := bi.Main.Version; v != "" && (len(parts) == 1 || v != "(devel)") {
		parts = append(parts, v)
	}
	var rev, at, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+modified"
			}
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		parts = append(parts, "commit "+rev+modified)
	}
	if at != "" {
		parts = append(parts, at)
	}
	if bi.GoVersion != "" {
		parts = append(parts, bi.GoVersion)
	}
	return strings.Join(parts, " ")
}
