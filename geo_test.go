package sitrep

import (
	"math"
	"testing"
)

func TestDistanceKm(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tolerance        float64
	}{
		// One degree of latitude is about 111.19 km on a 6371 km sphere.
		{"one degree", 0, 0, 1, 0, 111.19, 0.01},
		{"Damascus to Aleppo", 33.513, 36.292, 36.202, 37.134, 307, 5},
		{"across the antimeridian", 10, 179.9, 10, -179.9, 21.9, 0.1},
		{"same point", 48.3, 38.6, 48.3, 38.6, 0, 0},
		{"antipodes", 0, 0, 0, 180, math.Pi * 6371, 0.01},
	}
	for _, tt := range tests {
		d := DistanceKm(tt.lat1, tt.lon1, tt.lat2, tt.lon2)
		if math.Abs(d-tt.want) > tt.tolerance {
			t.Errorf("%s: DistanceKm = %.3f, want %.3f ± %v", tt.name, d, tt.want, tt.tolerance)
		}
		if back := DistanceKm(tt.lat2, tt.lon2, tt.lat1, tt.lon1); back != d {
			t.Errorf("%s: not symmetric: %v and %v", tt.name, d, back)
		}
	}
}
