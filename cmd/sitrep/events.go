package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/incident"
)

func init() {
	register(&command{name: "events", short: "list coded events, filtered", run: runEvents})
}

func runEvents(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "events", "[flags]", `
Lists the events coded from ingested documents, oldest first (--sort).
--actor and --recipient take a country, as a code (RUS) or a name (Russia),
or a sector code (MIL); --certainty one of asserted, reported, alleged and
denied.`)
	db := dbFlag(fs)
	var f sitrep.EventFilter
	fs.StringVar(&f.Actor, "actor", "", "actor `country` (RUS, Russia) or sector (MIL)")
	fs.StringVar(&f.Recipient, "recipient", "", "recipient `country` (RUS, Russia) or sector (MIL)")
	fs.StringVar(&f.Type, "type", "", "PLOVER event `type` (ASSAULT, AID, ...)")
	fs.StringVar(&f.Certainty, "certainty", "", "only events stated `how` (asserted, reported, alleged, denied)")
	fs.StringVar(&f.Since, "since", "", "events on or after `date` (YYYY-MM-DD)")
	fs.StringVar(&f.Until, "until", "", "events on or before `date` (YYYY-MM-DD)")
	fs.Int64Var(&f.Document, "doc", 0, "only events of document `id`")
	fs.IntVar(&f.Limit, "limit", 0, "at most `n` events (0: all)")
	fs.StringVar(&f.Sort, "sort", "date", "`order`: date, -date (newest first), type, goldstein (most conflictual first), -goldstein or document")
	byIncident := fs.Bool("incidents", false, "one line per incident instead of per event (see sitrep incidents)")
	chosenFormat := formatFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	out, err := chosenFormat()
	if err != nil {
		return err
	}
	if err := checkEventFilter(&f); err != nil {
		return err
	}
	st, err := openReader(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *byIncident {
		return listIncidents(ctx, e, st, incident.Filter{Events: f, Limit: f.Limit}, out)
	}
	evs, err := st.FindEvents(ctx, f)
	if err != nil {
		return err
	}
	return printEvents(e, evs, out)
}

var eventHeader = []string{"ID", "DATE", "TYPE", "MODE", "ACTOR", "RECIPIENT", "LOCATION", "EVIDENCE"}

func printEvents(e *env, evs []*sitrep.Event, out format) error {
	switch out {
	case formatJSON:
		return writeJSONLines(e.stdout, evs)
	case formatCSV:
		header := []string{"id", "document", "sentence", "date", "type", "mode", "actor", "actor_names", "recipient",
			"recipient_names", "location", "lat", "lon", "quad", "cameo", "goldstein", "rule", "trigger", "evidence",
			"source", "certainty"}
		var rows [][]string
		for _, ev := range evs {
			lat, lon := "", ""
			if ev.Location != nil && ev.Location.Lat != nil {
				lat, lon = fmtFloat(*ev.Location.Lat), fmtFloat(*ev.Location.Lon)
			}
			rows = append(rows, []string{ev.ID, strconv.FormatInt(ev.Document, 10), strconv.Itoa(ev.Sentence), ev.Date,
				ev.Type, ev.Mode, side(ev.Actor), names(ev.Actor), side(ev.Recipient), names(ev.Recipient),
				locName(ev.Location), lat, lon, ev.Quad, ev.CAMEO, fmtFloat(ev.Goldstein), ev.Rule, ev.Trigger.Text, ev.Evidence,
				sourceString(ev.Source), ev.Certainty})
		}
		return writeCSV(e.stdout, header, rows)
	}
	var rows [][]string
	width, evidence := tableWidth(e), 70
	if width > 0 {
		evidence = 1 << 30 // fitTable cuts it to the terminal
	}
	for _, ev := range evs {
		rows = append(rows, []string{ev.ID, orDash(ev.Date), ev.Type, orDash(ev.Mode), side(ev.Actor), side(ev.Recipient),
			clip(locName(ev.Location), 18), clip(ev.Evidence, evidence)})
	}
	fitTable(width, eventHeader, rows, len(eventHeader)-1)
	if err := table(e.stdout, eventHeader, rows); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d events\n", len(evs))
	return nil
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
