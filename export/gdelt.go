package export

import (
	"io"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep"
)

// GDELTColumns are the 61 columns of a GDELT 2.0 event table, in GDELT's
// order (GDELT Event Codebook V2.0). The table is tab-separated without a
// header line, as GDELT publishes it; read it with this list.
var GDELTColumns = func() []string {
	cols := []string{"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"}
	for _, a := range []string{"Actor1", "Actor2"} {
		for _, c := range []string{"Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
			"Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code"} {
			cols = append(cols, a+c)
		}
	}
	cols = append(cols, "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
		"GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
	for _, g := range []string{"Actor1Geo_", "Actor2Geo_", "ActionGeo_"} {
		for _, c := range []string{"Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"} {
			cols = append(cols, g+c)
		}
	}
	return append(cols, "DATEADDED", "SOURCEURL")
}()

// GDELTEventID is the numeric GLOBALEVENTID of a stored event "dD-eN":
// D×100000+N, so that it is stable and unique while a document has fewer
// than 100,000 events. It is 0 for other IDs.
func GDELTEventID(id string) int64 {
	d, e, ok := strings.Cut(strings.TrimPrefix(id, "d"), "-e")
	if !ok {
		return 0
	}
	dn, err1 := strconv.ParseInt(d, 10, 64)
	en, err2 := strconv.ParseInt(e, 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return dn*100000 + en
}

// gdeltQuad is GDELT's QuadClass: 1 verbal cooperation (statements
// included, as CAMEO 01–05 are), 2 material cooperation, 3 verbal
// conflict, 4 material conflict.
func gdeltQuad(q string) string {
	switch q {
	case sitrep.QuadStatement, sitrep.QuadVerbalCooperation:
		return "1"
	case sitrep.QuadMaterialCooperation:
		return "2"
	case sitrep.QuadVerbalConflict:
		return "3"
	case sitrep.QuadMaterialConflict:
		return "4"
	}
	return ""
}

func writeGDELT(w io.Writer, d Data) error {
	var b strings.Builder
	for _, e := range d.Events {
		doc := d.doc(e)
		date, _ := Date(e, doc)
		// GDELT dates are days; a month or year is placed at its first day,
		// as GDELT itself does with imprecise dates.
		day := strings.ReplaceAll(date, "-", "")
		for len(day) > 0 && len(day) < 8 {
			day += "01"
		}
		row := make([]string, 0, len(GDELTColumns))
		monthYear, year, frac := "", "", ""
		if len(day) == 8 {
			monthYear, year = day[:6], day[:4]
			y, _ := strconv.Atoi(day[:4])
			m, _ := strconv.Atoi(day[4:6])
			dd, _ := strconv.Atoi(day[6:])
			frac = strconv.FormatFloat(float64(y)+float64((m-1)*30+dd)/365, 'f', 4, 64)
		}
		row = append(row, strconv.FormatInt(GDELTEventID(e.ID), 10), day, monthYear, year, frac)
		for _, side := range [][]sitrep.Actor{e.Actor, e.Recipient} {
			var a sitrep.Actor
			code := ""
			if len(side) > 0 {
				a = side[0]
				code = a.Code()
			}
			row = append(row, code, strings.ToUpper(clean(a.Name)), a.Country, "", "", "", "", a.Sector, "", "")
		}
		root := e.CAMEO
		row = append(row, "1", root+"0", root+"0", root, gdeltQuad(e.Quad), fmtFloat(e.Goldstein),
			strconv.Itoa(max(1, len(e.Mentions))), "1", "1", "")
		geo := make([]string, 8)
		if l := e.Location; l != nil {
			lat, lon := fmtCoord(l)
			// GDELT's geo types: 1 country, 4 world city, 5 world state.
			typ := "4"
			if l.Name == l.Country || d.admin1(l) == l.Name {
				typ = "5"
			}
			geo = []string{typ, clean(l.Name), l.Country, d.admin1(l), "", lat, lon, ""}
		}
		empty := make([]string, 8)
		row = append(row, empty...) // Actor1Geo
		row = append(row, empty...) // Actor2Geo
		row = append(row, geo...)   // ActionGeo
		added := ""
		if !doc.IngestedAt.IsZero() {
			added = doc.IngestedAt.UTC().Format("20060102150405")
		}
		row = append(row, added, doc.URL)
		for i, c := range row {
			row[i] = strings.ReplaceAll(c, "\t", " ")
		}
		b.WriteString(strings.Join(row, "\t"))
		b.WriteByte('\n')
		if b.Len() > 64<<10 {
			if _, err := io.WriteString(w, b.String()); err != nil {
				return err
			}
			b.Reset()
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
