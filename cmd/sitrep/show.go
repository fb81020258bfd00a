package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

func init() {
	register(&command{name: "show", short: "show one event, or one incident, with its evidence", run: runShow})
}

func runShow(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "show", "[flags] EVENT_ID|INCIDENT_ID", `
Prints one incident (an ID inc-...: its consensus, disagreements, claims and
every report with the trigger marked), or one event: its fields, who states it and how firmly, the evidence
sentence with the trigger words marked [[like this]], every other span that
states it, the events that contradict it, the rule that fired, and its
document.`)
	db := dbFlag(fs)
	jsonOut := fs.Bool("json", false, "print the event as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	st, err := openReader(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if strings.HasPrefix(fs.Arg(0), "inc-") {
		return showIncident(ctx, e, st, fs.Arg(0), *jsonOut)
	}
	ev, err := st.FindEvent(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	if *jsonOut {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ev)
	}
	doc, err := st.FindDocument(ctx, ev.Document)
	if err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintf(w, "Event      %s\n", ev.ID)
	fmt.Fprintf(w, "Type       %s", ev.Type)
	if ev.Mode != "" {
		fmt.Fprintf(w, " / %s", ev.Mode)
	}
	fmt.Fprintf(w, "  (CAMEO %s, %s, Goldstein %+.1f)\n", ev.CAMEO, ev.Quad, ev.Goldstein)
	sym := ""
	if ev.Symmetric {
		sym = "  (symmetric)"
	}
	fmt.Fprintf(w, "Actor      %s  %s\n", side(ev.Actor), names(ev.Actor))
	fmt.Fprintf(w, "Recipient  %s  %s%s\n", side(ev.Recipient), names(ev.Recipient), sym)
	fmt.Fprintf(w, "Date       %s\n", orDash(ev.Date))
	if ev.Location != nil {
		fmt.Fprintf(w, "Location   %s", ev.Location.Name)
		if ev.Location.Country != "" {
			fmt.Fprintf(w, " (%s)", ev.Location.Country)
		}
		if ev.Location.Lat != nil && ev.Location.Lon != nil {
			fmt.Fprintf(w, " %.4f, %.4f", *ev.Location.Lat, *ev.Location.Lon)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Source     %s\n", orDash(sourceString(ev.Source)))
	fmt.Fprintf(w, "Certainty  %s\n", orDash(ev.Certainty))
	fmt.Fprintf(w, "Rule       %s\n", ev.Rule)
	fmt.Fprintf(w, "Evidence   %s\n", markTrigger(doc.Text, doc.Title, ev.Sentence, ev.Start, ev.End, ev.Trigger.Start, ev.Trigger.End))
	fmt.Fprintf(w, "           (%s)\n", spanPlace(ev.Sentence, ev.Start, ev.End))
	for i, m := range ev.Mentions {
		label := ""
		if i == 0 {
			label = "Mentions"
		}
		fmt.Fprintf(w, "%-10s %s  (%s)\n", label, m.Text, spanPlace(m.Sentence, m.Start, m.End))
	}
	if len(ev.ContradictedBy) > 0 {
		fmt.Fprintf(w, "Contradicted by  %s\n", strings.Join(ev.ContradictedBy, ", "))
	}
	fmt.Fprintf(w, "Document   %d  %s\n", doc.ID, doc.Title)
	var meta []string
	for _, m := range []string{doc.Outlet, doc.Published, doc.URL, doc.Source} {
		if m != "" {
			meta = append(meta, m)
		}
	}
	fmt.Fprintf(w, "           %s\n", strings.Join(meta, " · "))
	return nil
}

// markTrigger returns the evidence with the trigger wrapped in [[ ]].
// Offsets are into the title for headline events (sentence -1).
func markTrigger(body, title string, sentence, start, end, ts, te int) string {
	src := body
	if sentence < 0 {
		src = title
	}
	if start < 0 || end > len(src) || start > end {
		return ""
	}
	if ts < start || te > end || ts > te {
		return src[start:end]
	}
	return src[start:ts] + "[[" + src[ts:te] + "]]" + src[te:end]
}

// spanPlace says where a span of a document lies: "sentence 3, bytes
// 120-188", or "headline" for sentence -1.
func spanPlace(sentence, start, end int) string {
	if sentence < 0 {
		return "headline"
	}
	return fmt.Sprintf("sentence %d, bytes %d-%d", sentence, start, end)
}
