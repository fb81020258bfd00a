package sitrep

import "math"

// earthRadiusKm is the radius of the sphere on which distances are
// measured, the mean radius of the Earth.
const earthRadiusKm = 6371.0

// DistanceKm returns the great-circle (haversine) distance in kilometres
// between two points given in degrees. Every distance sitrep reasons with
// (a place near a text's other places, a predicted location within 50 km
// of the gold one) is this one, so that thresholds mean the same thing
// everywhere.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(math.Min(1, a)))
}
