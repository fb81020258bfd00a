package export

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep"
)

func writeJSONL(w io.Writer, d Data) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, e := range d.Events {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}

// csvHeader is the CSV format's columns: the event, then where and when
// as an analyst filters them, then its provenance.
var csvHeader = []string{"id", "date", "date_precision", "type", "mode", "quad", "cameo", "goldstein",
	"actor", "actor_names", "recipient", "recipient_names", "location", "country", "admin1", "lat", "lon",
	"certainty", "source", "evidence", "trigger", "rule", "document", "outlet", "url", "published"}

func writeCSV(w io.Writer, d Data) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	for _, e := range d.Events {
		doc := d.doc(e)
		date, prec := Date(e, doc)
		lat, lon := fmtCoord(e.Location)
		src := ""
		if e.Source != nil {
			src = e.Source.Name
		}
		cw.Write([]string{e.ID, date, prec, e.Type, e.Mode, e.Quad, e.CAMEO, fmtFloat(e.Goldstein),
			codes(e.Actor), names(e.Actor), codes(e.Recipient), names(e.Recipient),
			locName(e.Location), locCountry(e.Location), d.admin1(e.Location), lat, lon,
			e.Certainty, src, clean(e.Evidence), e.Trigger.Text, e.Rule,
			strconv.FormatInt(e.Document, 10), doc.Outlet, doc.URL, doc.Published})
	}
	cw.Flush()
	return cw.Error()
}

// ACLEDColumns are the ACLED export columns the ACLED-style CSV fills, in
// ACLED's order; columns sitrep cannot know (fatalities, inter codes,
// admin2, numeric iso) are left out rather than filled with guesses;
// country holds the ISO 3166-1 alpha-3 code, not the name.
var ACLEDColumns = []string{"event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
	"event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
	"latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "timestamp"}

// acledTypes maps PLOVER types to ACLED's event types and disorder types;
// types ACLED does not record as events of their own (statements,
// cooperation) are its "Strategic developments".
var acledTypes = map[string][2]string{
	"ASSAULT":  {"Violence against civilians", "Political violence"},
	"COERCE":   {"Strategic developments", "Strategic developments"},
	"PROTEST":  {"Protests", "Demonstrations"},
	"MOBILIZE": {"Strategic developments", "Strategic developments"},
}

// acledEvent returns ACLED's event type, disorder type and sub-event type
// for an event. ASSAULT against an armed side (MIL, REB, ...) is a battle
// or remote violence in ACLED's terms.
func acledEvent(e *sitrep.Event) (typ, disorder, sub string) {
	t, ok := acledTypes[e.Type]
	if !ok {
		t = [2]string{"Strategic developments", "Strategic developments"}
	}
	typ, disorder, sub = t[0], t[1], strings.ToLower(e.Type)
	if e.Mode != "" {
		sub += ": " + e.Mode
	}
	if e.Type == "ASSAULT" {
		for _, r := range e.Recipient {
			switch r.Sector {
			case "MIL", "REB", "PMC", "INS", "SPY", "MILITIA":
				typ = "Battles"
			}
		}
		switch e.Mode {
		case "aerial", "artillery", "missile", "drone":
			typ = "Explosions/Remote violence"
		}
	}
	return typ, disorder, sub
}

// acledPrecision is ACLED's time_precision: 1 for a day, 2 for a week, 3
// for a month or longer.
func acledPrecision(prec string) string {
	switch prec {
	case "day", "published":
		return "1"
	case "":
		return ""
	}
	return "3"
}

func writeACLED(w io.Writer, d Data) error {
	cw := csv.NewWriter(w)
	cw.Write(ACLEDColumns)
	for _, e := range d.Events {
		doc := d.doc(e)
		date, prec := Date(e, doc)
		year := ""
		if len(date) >= 4 {
			year = date[:4]
		}
		typ, disorder, sub := acledEvent(e)
		lat, lon := fmtCoord(e.Location)
		geoPrec := ""
		if lat != "" {
			// ACLED's 1 is a named town; a country or region is 3.
			geoPrec = "1"
			if l := e.Location; l.Name == l.Country || d.admin1(l) == l.Name {
				geoPrec = "3"
			}
		}
		source := doc.Outlet
		if e.Source != nil && e.Source.Kind == sitrep.SourceSpeaker {
			source = strings.Trim(source+"; "+e.Source.Name, "; ")
		}
		cw.Write([]string{e.ID, date, year, acledPrecision(prec), disorder, typ, sub,
			names(e.Actor), names(e.Recipient), locCountry(e.Location),
			d.admin1(e.Location), locName(e.Location), lat, lon, geoPrec, source, "", clean(e.Evidence),
			strconv.FormatInt(doc.IngestedAt.Unix(), 10)})
	}
	cw.Flush()
	return cw.Error()
}
