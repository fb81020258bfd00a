package main

import (
	"bytes"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/zst"
)

// fillRadiusKm bounds how far the nearest place with a known region may
// lie for a village to take its region.
const fillRadiusKm = 25

// refPoint is a place whose first-level region is known.
type refPoint struct {
	lat, lon float64
	admin1   string
}

// fillAdmin1 gives each village row with no first-level region (columns:
// name, altnames, country, feature, lat, lon, population, admin1) the
// region of the nearest place of its country that has one, among the
// villages and the rows of places (places.tsv.zst), when that place lies
// within fillRadiusKm. Who's On First lacks the region of some of its
// localities, and a text placing a village in its region ("Zolote,
// Luhansk") can then tell it from its namesakes. Comment lines are kept.
func fillAdmin1(tsv []byte, places []byte) []byte {
	type cell struct {
		country string
		x, y    int
	}
	grid := map[cell][]refPoint{}
	cellOf := func(country string, lat, lon float64) cell {
		return cell{country, int(math.Floor(lat * 4)), int(math.Floor(lon * 4))}
	}
	add := func(fields []string) {
		if len(fields) < 8 || fields[7] == "" || fields[3] == "admin1" || fields[3] == "admin2" {
			return
		}
		lat, err1 := strconv.ParseFloat(fields[4], 64)
		lon, err2 := strconv.ParseFloat(fields[5], 64)
		if err1 != nil || err2 != nil {
			return
		}
		c := cellOf(fields[2], lat, lon)
		grid[c] = append(grid[c], refPoint{lat, lon, fields[7]})
	}
	lines := strings.Split(string(tsv), "\n")
	for _, src := range [][]string{lines, strings.Split(string(places), "\n")} {
		for _, l := range src {
			if l != "" && l[0] != '#' {
				add(strings.Split(l, "\t"))
			}
		}
	}
	var out bytes.Buffer
	for n, l := range lines {
		if n > 0 {
			out.WriteByte('\n')
		}
		f := strings.Split(l, "\t")
		if l == "" || l[0] == '#' || len(f) < 7 || len(f) >= 8 && f[7] != "" {
			out.WriteString(l)
			continue
		}
		lat, err1 := strconv.ParseFloat(f[4], 64)
		lon, err2 := strconv.ParseFloat(f[5], 64)
		if err1 != nil || err2 != nil {
			out.WriteString(l)
			continue
		}
		best, bestKm := "", float64(fillRadiusKm)
		c := cellOf(f[2], lat, lon)
		for dx := -1; dx <= 1; dx++ {
			for dy := -1; dy <= 1; dy++ {
				for _, p := range grid[cell{c.country, c.x + dx, c.y + dy}] {
					if d := sitrep.DistanceKm(lat, lon, p.lat, p.lon); d < bestKm || d == bestKm && p.admin1 < best {
						best, bestKm = p.admin1, d
					}
				}
			}
		}
		if best == "" {
			out.WriteString(l)
			continue
		}
		for len(f) < 8 {
			f = append(f, "")
		}
		f[7] = best
		out.WriteString(strings.Join(f, "\t"))
	}
	return out.Bytes()
}

// readPlaces returns the text of the places file (places.tsv.zst), or
// nil.
func readPlaces(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	text, err := zst.Decode(b, zst.Size(b))
	if err != nil {
		return nil
	}
	return text
}
