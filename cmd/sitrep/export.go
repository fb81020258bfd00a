package main

import (
	"context"
	"flag"
	"math"
	"strings"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/export"
	"github.com/sitrep/sitrep/kb"
)

func init() {
	register(&command{name: "export", short: "write events as JSONL, CSV, GeoJSON, GraphML, GDELT or ACLED", run: runExport})
}

func runExport(ctx context.Context, e *env, args []string) error {
	formats := make([]string, 0, 6)
	for _, f := range export.Formats() {
		formats = append(formats, string(f))
	}
	fs := newFlagSet(e, "export", "--format F [flags]", `
Writes the stored events matching the filters to standard output in a format
analysts load: jsonl (the event shape), csv (with outlet, URL, published
date, first-level region, coordinates and date precision), geojson (events
with coordinates as points, for QGIS), graphml (the actor network, for
Gephi), gdelt (GDELT 2.0's 61 tab-separated event columns, no header) or
acled (ACLED's CSV columns). The filters are those of 'sitrep events' and more (place, box, outlet,
full text over the evidence, mode, quad, sort).

First-level regions come from the knowledge base, which takes a second or
two to load; --regions=false leaves them empty.`)
	db := dbFlag(fs)
	format := fs.String("format", "", "output `format`: "+strings.Join(formats, ", "))
	regions := fs.Bool("regions", true, "fill in first-level regions from the knowledge base")
	kbDir := kbFlag(fs)
	f := eventFilterFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *format == "" {
		fs.Usage()
		return errUsage
	}
	ff, err := export.Parse(*format)
	if err != nil {
		return err
	}
	if err := f.Validate(); err != nil {
		return err
	}
	st, err := openReader(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	evs, err := st.FindEvents(ctx, *f)
	if err != nil {
		return err
	}
	d := export.Data{Events: evs, Documents: map[int64]*sitrep.Document{}}
	docs, err := st.FindDocuments(ctx, sitrep.DocumentFilter{IDs: export.DocumentIDs(evs)})
	if err != nil {
		return err
	}
	for _, doc := range docs {
		d.Documents[doc.ID] = doc
	}
	if *regions && ff != export.JSONL && ff != export.GraphML {
		k, err := loadKB(e, *kbDir)
		if err != nil {
			return err
		}
		d.Admin1 = admin1Of(k)
	}
	return export.Write(e.stdout, ff, d)
}

// admin1Of returns a function naming the first-level region of a
// location: the region itself when the location is one, else the region
// of the gazetteer's place of that name and country nearest to the
// location's coordinates (within 25 km, so a namesake elsewhere is not
// taken).
func admin1Of(k *kb.KB) func(sitrep.Location) string {
	return func(l sitrep.Location) string {
		best, bestKm := "", 25.0
		for _, en := range k.Lookup(l.Name) {
			if en.Kind != sitrep.KindPlace || en.Country != l.Country {
				continue
			}
			if en.Category == "admin1" && l.Lat == nil {
				return en.Name
			}
			if en.Lat == nil || l.Lat == nil {
				continue
			}
			km := sitrep.DistanceKm(*l.Lat, *l.Lon, *en.Lat, *en.Lon)
			if math.IsNaN(km) || km >= bestKm {
				continue
			}
			best, bestKm = en.Admin1, km
			if en.Category == "admin1" {
				best = en.Name
			}
		}
		return best
	}
}

// eventFilterFlags adds the event filters to fs: those of 'sitrep
// events' and the place, box, outlet, text, mode, quad and sort of the API.
func eventFilterFlags(fs *flag.FlagSet) *sitrep.EventFilter {
	f := new(sitrep.EventFilter)
	fs.StringVar(&f.Actor, "actor", "", "actor country or sector `code` (RUS, MIL, RUSMIL) or name")
	fs.StringVar(&f.Recipient, "recipient", "", "recipient country or sector `code` or name")
	fs.StringVar(&f.Type, "type", "", "PLOVER event `type` (ASSAULT, AID, ...)")
	fs.StringVar(&f.Mode, "mode", "", "PLOVER event `mode` (military, aerial, ...)")
	fs.StringVar(&f.Quad, "quad", "", "quad `class` (statement, verbal_cooperation, material_cooperation, verbal_conflict, material_conflict)")
	fs.StringVar(&f.Certainty, "certainty", "", "only events stated `how` (asserted, reported, alleged, denied)")
	fs.StringVar(&f.Since, "since", "", "events on or after `date` (YYYY-MM-DD)")
	fs.StringVar(&f.Until, "until", "", "events on or before `date` (YYYY-MM-DD)")
	fs.StringVar(&f.Place, "place", "", "events at the place `name`d")
	fs.Func("bbox", "events with coordinates in the box `west,south,east,north`", func(s string) error {
		b, err := sitrep.ParseBBox(s)
		f.BBox = b
		return err
	})
	fs.StringVar(&f.Outlet, "outlet", "", "events from documents of this `outlet`")
	fs.StringVar(&f.Text, "text", "", "events whose evidence holds every one of these `words`")
	fs.Int64Var(&f.Document, "doc", 0, "only events of document `id`")
	fs.StringVar(&f.Sort, "sort", "", "`order`: document (default), date, -date, goldstein, -goldstein")
	fs.IntVar(&f.Limit, "limit", 0, "at most `n` events (0: all)")
	return f
}
