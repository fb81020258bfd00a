package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/incident"
)

func init() {
	register(&command{name: "incidents", short: "list incidents: one real-world event across the articles that report it", run: runIncidents})
}

func runIncidents(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "incidents", "[flags]", `
Lists incidents: the events of many documents that report one real-world
event, grouped. An incident is listed when one of its events matches the
filters (the same as those of "sitrep events"). SOURCES counts independent
outlets; an incident is contested when a report denies it. "sitrep show
INCIDENT_ID" prints every report.`)
	db := dbFlag(fs)
	var f incident.Filter
	fs.StringVar(&f.Events.Actor, "actor", "", "actor `country` (RUS, Russia) or sector (MIL)")
	fs.StringVar(&f.Events.Recipient, "recipient", "", "recipient `country` (RUS, Russia) or sector (MIL)")
	fs.StringVar(&f.Events.Type, "type", "", "PLOVER event `type` (ASSAULT, AID, ...)")
	fs.StringVar(&f.Events.Certainty, "certainty", "", "only incidents with an event stated `how` (asserted, reported, alleged, denied)")
	fs.StringVar(&f.Events.Since, "since", "", "events on or after `date` (YYYY-MM-DD)")
	fs.StringVar(&f.Events.Until, "until", "", "events on or before `date` (YYYY-MM-DD)")
	fs.Int64Var(&f.Events.Document, "doc", 0, "only incidents reported by document `id`")
	fs.IntVar(&f.Limit, "limit", 0, "at most `n` incidents (0: all)")
	fs.StringVar(&f.Events.Sort, "sort", "date", "`order` of the incidents' first matching event: date, -date, type, goldstein, -goldstein or document")
	fs.IntVar(&f.MinSources, "min-sources", 0, "only incidents reported by at least `n` independent sources")
	fs.BoolVar(&f.Contested, "contested", false, "only incidents that some report denies")
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
	if err := checkEventFilter(&f.Events); err != nil {
		return err
	}
	if f.Events.Limit < 0 {
		return fmt.Errorf("--limit must not be negative")
	}
	st, err := openReader(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	return listIncidents(ctx, e, st, f, out)
}

// checkEventFilter checks and normalises the filter flags that events and
// incidents share.
func checkEventFilter(f *sitrep.EventFilter) (err error) {
	for _, d := range []string{f.Since, f.Until} {
		if d != "" && !sitrep.ValidDate(d) {
			return fmt.Errorf("bad date %q: want YYYY-MM-DD", d)
		}
	}
	if f.Actor, err = sideCode("actor", f.Actor); err != nil {
		return err
	}
	if f.Recipient, err = sideCode("recipient", f.Recipient); err != nil {
		return err
	}
	if f.Type, err = eventType(f.Type); err != nil {
		return err
	}
	if f.Sort, err = eventOrder(f.Sort); err != nil {
		return err
	}
	f.Certainty = strings.ToLower(f.Certainty)
	if f.Certainty != "" && !sitrep.ValidCertainty(f.Certainty) {
		return fmt.Errorf("bad certainty %q: want asserted, reported, alleged or denied", f.Certainty)
	}
	return nil
}

// incidentSource returns the reader as one that keeps incidents.
func incidentSource(r sitrep.Reader) (incident.Lister, error) {
	l, ok := r.(incident.Lister)
	if !ok {
		return nil, errors.New("this store keeps no incidents")
	}
	return l, nil
}

func listIncidents(ctx context.Context, e *env, r sitrep.Reader, f incident.Filter, out format) error {
	l, err := incidentSource(r)
	if err != nil {
		return err
	}
	vs, err := incident.List(ctx, l, f)
	if err != nil {
		return err
	}
	switch out {
	case formatJSON:
		return writeJSONLines(e.stdout, vs)
	case formatCSV:
		header := []string{"id", "date", "type", "actors", "recipients", "place", "sources", "reports", "denials",
			"contested", "disagreements", "first_report", "last_report"}
		var rows [][]string
		for _, v := range vs {
			rows = append(rows, []string{v.ID, v.Date, v.Type, strings.Join(v.Actors, "+"), strings.Join(v.Recipients, "+"),
				v.Place, strconv.Itoa(v.Sources), strconv.Itoa(len(v.Reports)), strconv.Itoa(denials(v)),
				strconv.FormatBool(v.Contested), disputed(v), v.FirstReport, v.LastReport})
		}
		return writeCSV(e.stdout, header, rows)
	}
	header := []string{"INCIDENT", "DATE", "TYPE", "ACTOR", "RECIPIENT", "PLACE", "SOURCES", "REPORTS", "DISPUTED", "FIRST"}
	var rows [][]string
	for _, v := range vs {
		d := disputed(v)
		if v.Contested {
			d = strings.TrimPrefix(d+",denied", ",")
		}
		rows = append(rows, []string{v.ID, orDash(v.Date), v.Type, orDash(strings.Join(v.Actors, "+")),
			orDash(strings.Join(v.Recipients, "+")), clip(orDash(v.Place), 18), strconv.Itoa(v.Sources),
			strconv.Itoa(len(v.Reports)), orDash(d), orDash(v.FirstReport)})
	}
	fitTable(tableWidth(e), header, rows, 5)
	if err := table(e.stdout, header, rows); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d incidents\n", len(vs))
	return nil
}

func denials(v *incident.View) int {
	n := 0
	for _, c := range v.Claims {
		if c.Role == sitrep.RoleDenies {
			n++
		}
	}
	return n
}

// disputed names the fields the reports disagree on: "date,killed".
func disputed(v *incident.View) string {
	var fs []string
	for _, d := range v.Disagreements {
		fs = append(fs, d.Field)
	}
	return strings.Join(fs, ",")
}

// showIncident prints an incident with every report, triggers marked.
func showIncident(ctx context.Context, e *env, r sitrep.Reader, id string, jsonOut bool) error {
	l, err := incidentSource(r)
	if err != nil {
		return err
	}
	v, err := incident.Load(ctx, l, id)
	if err != nil {
		return err
	}
	w := e.stdout
	if jsonOut {
		return writeJSONLines(w, []*incident.View{v})
	}
	fmt.Fprintf(w, "Incident   %s\n", v.ID)
	fmt.Fprintf(w, "Type       %s\n", orDash(v.Type))
	fmt.Fprintf(w, "Actor      %s\n", orDash(strings.Join(v.Actors, "+")))
	fmt.Fprintf(w, "Recipient  %s\n", orDash(strings.Join(v.Recipients, "+")))
	fmt.Fprintf(w, "Date       %s\n", orDash(v.Date))
	fmt.Fprintf(w, "Place      %s\n", orDash(v.Place))
	fmt.Fprintf(w, "Sources    %d independent, %d reports, first %s, last %s\n", v.Sources, len(v.Reports),
		orDash(v.FirstReport), orDash(v.LastReport))
	if v.Contested {
		fmt.Fprintf(w, "Contested  %d denials\n", denials(v))
	}
	for _, d := range v.Disagreements {
		var vals []string
		for _, val := range d.Values {
			vals = append(vals, fmt.Sprintf("%s (%s)", val.Value, strings.Join(val.Events, ", ")))
		}
		fmt.Fprintf(w, "Disputed   %s: %s\n", d.Field, strings.Join(vals, " vs "))
	}
	fmt.Fprintln(w, "Claims")
	for _, c := range v.Claims {
		fmt.Fprintf(w, "  %-8s %s", c.Role, orDash(c.Source))
		if c.Outlet != "" && c.Outlet != c.Source {
			fmt.Fprintf(w, " (in %s)", c.Outlet)
		}
		fmt.Fprintf(w, "  %s %s\n", c.Event, orDash(c.Certainty))
	}
	fmt.Fprintln(w, "Reports")
	docs := map[int64]*sitrep.Document{}
	for _, rep := range v.Reports {
		ev := rep.Event
		doc := docs[rep.Document]
		if doc == nil {
			if doc, err = r.FindDocument(ctx, rep.Document); err != nil {
				return err
			}
			docs[rep.Document] = doc
		}
		fmt.Fprintf(w, "  %s  %s  %s  #%d %s  %s\n", ev.ID, rep.Role, ev.Type, doc.ID, orDash(doc.Outlet), orDash(doc.Published))
		fmt.Fprintf(w, "      %s\n", markTrigger(doc.Text, doc.Title, ev.Sentence, ev.Start, ev.End, ev.Trigger.Start, ev.Trigger.End))
	}
	return nil
}
