package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/sitrep/sitrep/internal/regular"
	"github.com/sitrep/sitrep/kb"
)

func init() {
	register(&command{
		name:  "kb",
		short: "query the knowledge base (kb lookup NAME, kb place NAME)",
		run:   runKB,
	})
}

// loadKB returns the embedded knowledge base, or one with the override
// files of dir (or $SITREP_KB) added.
func loadKB(e *env, dir string) (*kb.KB, error) {
	if dir == "" {
		dir = e.getenv("SITREP_KB")
	}
	return kbWith(dir)
}

func runKB(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "kb", "lookup NAME [--json] [--kb DIR]\n       sitrep kb place NAME [--country ISO3] [--context FILE|-] [--json] [--kb DIR]\n       sitrep kb place --batch FILE|- [--kb DIR]", `
Query the knowledge base.

'sitrep kb lookup NAME' prints every state, institution, organisation,
armed group, agent noun, person (one line per role), equipment type and
place recognised by NAME, or with NAME as id.

'sitrep kb place NAME' geocodes a place name: among its namesakes (in
--country's country when it has any there) it picks the one the text of
--context (a file, or - for standard input) points to, by the regions,
places and actors that text names; a name the gazetteer lacks resolves to
the district or town the text locates it in ("Wadi X area (Hays, Al
Hudaydah)"). Without --country, the country is the one the places of the
context (or of the name itself: "Wadi X area (Hays, Al Hudaydah)") lie in;
when they name none, only a place of that very name answers. It prints
the name, country and coordinates chosen.

'sitrep kb place --batch FILE' geocodes many names at once: FILE (or -)
holds JSON Lines objects with "name" and optional "country" and "text";
each is printed back with a "location" object added, or with an "error"
when it cannot be read or resolved (the exit status is then 1).

--kb DIR (or $SITREP_KB) adds the TSV override files in DIR.`)
	asJSON := fs.Bool("json", false, "print JSON Lines, one entry a line")
	dir := fs.String("kb", "", "directory of TSV files that add to or override the embedded knowledge base")
	country := fs.String("country", "", "place: ISO3 code of the country the place is in")
	context := fs.String("context", "", "place: file of the text the name comes from (- for standard input)")
	batch := fs.String("batch", "", "place: JSON Lines file of {name, country, text} to geocode (- for standard input)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 1 && rest[0] == "place" && *batch != "" {
		k, err := loadKB(e, *dir)
		if err != nil {
			return err
		}
		return kbPlaceBatch(ctx, e, k, *batch)
	}
	if len(rest) < 2 || rest[0] != "lookup" && rest[0] != "place" {
		fs.Usage()
		return errUsage
	}
	// Flags may follow the name (sitrep kb lookup Moscow --json): parseFlags
	// took them out.
	name := strings.Join(rest[1:], " ")
	if rest[0] == "place" {
		k, err := loadKB(e, *dir)
		if err != nil {
			return err
		}
		if *batch != "" {
			return kbPlaceBatch(ctx, e, k, *batch)
		}
		return kbPlace(e, k, name, *country, *context, *asJSON)
	}
	entries, err := lookupName(e, *dir, name)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, en := range entries {
			if err := enc.Encode(en); err != nil {
				return err
			}
		}
	} else {
		tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "KIND\tID\tNAME\tCOUNTRY\tSECTOR\tDETAIL")
		for _, en := range entries {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", en.Kind, en.ID, en.Name, en.Country, en.Sector, detail(en))
		}
		tw.Flush()
	}
	if len(entries) == 0 {
		fmt.Fprintf(e.stderr, "sitrep kb: no entry for %q\n", name)
		return exitError{1}
	}
	return nil
}

// lookupName answers 'kb lookup': from the prebuilt index of the embedded
// knowledge base, which needs no loading (a damaged index falls back to
// loading), or from the one loaded with the override files of dir (or
// $SITREP_KB).
func lookupName(e *env, dir, name string) ([]kb.Entry, error) {
	if dir == "" {
		dir = e.getenv("SITREP_KB")
	}
	if dir == "" {
		if es, err := kb.LookupEmbedded(name); err == nil {
			return es, nil
		}
	}
	k, err := kbWith(dir)
	if err != nil {
		return nil, err
	}
	return k.Lookup(name), nil
}

// kbPlace geocodes name in the context of the text in file ("" for none,
// "-" for standard input).
func kbPlace(e *env, k *kb.KB, name, country, file string, asJSON bool) error {
	if country != "" && !iso3Code(country) {
		fmt.Fprintf(e.stderr, "sitrep kb: --country %q: want an ISO3 code such as SYR\n", country)
		return errUsage
	}
	var text []byte
	switch file {
	case "":
	case "-":
		b, err := io.ReadAll(io.LimitReader(e.stdin, maxContext+1))
		if err != nil {
			return err
		}
		text = b
	default:
		f, err := regular.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		if text, err = io.ReadAll(io.LimitReader(f, maxContext+1)); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
	}
	if len(text) > maxContext {
		fmt.Fprintf(e.stderr, "sitrep kb: --context: text longer than %d bytes\n", maxContext)
		return errUsage
	}
	loc, ok := k.PlaceIn(name, country, string(text))
	if !ok {
		fmt.Fprintf(e.stderr, "sitrep kb: no place for %q\n", name)
		return exitError{1}
	}
	if asJSON {
		return json.NewEncoder(e.stdout).Encode(loc)
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tCOUNTRY\tLAT,LON")
	fmt.Fprintf(tw, "%s\t%s\t%.4f,%.4f\n", loc.Name, loc.Country, *loc.Lat, *loc.Lon)
	return tw.Flush()
}

// kbPlaceBatch geocodes each JSON Lines object of file (- for standard
// input): {"name", "country", "text"} in, the same with "location" (or
// "error") out, one line each, in order. Other fields pass through.
func kbPlaceBatch(ctx context.Context, e *env, k *kb.KB, file string) error {
	var src io.Reader = e.stdin
	if file != "-" {
		f, err := regular.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		src = f
	}
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 0, 64*1024), maxContext+4096)
	enc := json.NewEncoder(e.stdout)
	failed := 0
	lines := 0
	for line := 1; sc.Scan(); line++ {
		if line%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		lines++
		var obj map[string]any
		if err := json.Unmarshal(raw, &obj); err != nil {
			failed++
			fmt.Fprintf(e.stderr, "sitrep kb: %s:%d: %v\n", file, line, err)
			if err := enc.Encode(map[string]any{"line": line, "error": err.Error()}); err != nil {
				return err
			}
			continue
		}
		name, _ := obj["name"].(string)
		country, _ := obj["country"].(string)
		text, _ := obj["text"].(string)
		switch {
		case strings.TrimSpace(name) == "":
			obj["error"] = "no name"
		case country != "" && !iso3Code(country):
			obj["error"] = fmt.Sprintf("country %q: want an ISO3 code", country)
		default:
			if loc, ok := k.PlaceIn(name, country, text); ok {
				obj["location"] = loc
			} else {
				obj["error"] = "no place for this name"
			}
		}
		if _, bad := obj["error"]; bad {
			failed++
		}
		if err := enc.Encode(obj); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if failed > 0 {
		fmt.Fprintf(e.stderr, "sitrep kb: %d of %d lines not resolved\n", failed, lines)
		return exitError{1}
	}
	return nil
}

// maxContext bounds the text kb place reads: a note or an article.
const maxContext = 1 << 20

// iso3Code reports whether s is three ASCII letters.
func iso3Code(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// detail is the kind-specific part of an entry's line.
func detail(en kb.Entry) string {
	var parts []string
	if en.Role != "" {
		r := en.Role + " " + en.From + "–" + en.To
		parts = append(parts, strings.TrimSpace(r))
	}
	if en.Category != "" {
		parts = append(parts, en.Category)
	}
	if en.Origin != "" {
		parts = append(parts, "origin "+en.Origin)
	}
	if en.Lat != nil && en.Lon != nil {
		parts = append(parts, fmt.Sprintf("%.4f,%.4f", *en.Lat, *en.Lon))
	}
	if en.Admin1 != "" {
		parts = append(parts, en.Admin1)
	}
	if en.Population > 0 {
		parts = append(parts, fmt.Sprintf("pop %d", en.Population))
	}
	if en.Notes != "" && en.Kind != "place" {
		parts = append(parts, en.Notes)
	}
	if len(en.Areas) > 0 {
		parts = append(parts, "operates in "+strings.Join(en.Areas, ", "))
	}
	return strings.Join(parts, "; ")
}
