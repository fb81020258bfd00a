package export

import (
	"encoding/json"
	"io"
)

// GeoJSON (RFC 7946): a FeatureCollection of Points, one per event with
// coordinates, longitude first. Events without coordinates are left out,
// since a feature without geometry is useless in a GIS.

type geoFeature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Geometry   geoPoint       `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geoPoint struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

func writeGeoJSON(w io.Writer, d Data) error {
	fc := struct {
		Type     string       `json:"type"`
		Features []geoFeature `json:"features"`
	}{Type: "FeatureCollection", Features: []geoFeature{}}
	for _, e := range d.Events {
		lat, lon, ok := coords(e.Location)
		if !ok {
			continue
		}
		doc := d.doc(e)
		date, prec := Date(e, doc)
		fc.Features = append(fc.Features, geoFeature{
			Type: "Feature", ID: e.ID,
			Geometry: geoPoint{Type: "Point", Coordinates: [2]float64{lon, lat}},
			Properties: map[string]any{
				"id": e.ID, "type": e.Type, "mode": e.Mode, "quad": e.Quad, "cameo": e.CAMEO,
				"goldstein": e.Goldstein, "date": date, "date_precision": prec,
				"actor": codes(e.Actor), "actor_names": names(e.Actor),
				"recipient": codes(e.Recipient), "recipient_names": names(e.Recipient),
				"location": e.Location.Name, "country": e.Location.Country, "admin1": d.admin1(e.Location),
				"certainty": e.Certainty, "evidence": clean(e.Evidence),
				"document": e.Document, "outlet": doc.Outlet, "url": doc.URL,
			},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(fc)
}
