package main

import (
	"runtime/debug"
	"strings"
)

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
