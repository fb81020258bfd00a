package main

import (
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
//
// The fill runs in passes until one fills nothing: a pass takes regions
// only from rows that had one before it, so a region spreads along a chain
// of neighbours one link per pass. A single pass left the result depending
// on how many times the layer had been re-encoded (each re-encoding filled
// a few more rows); the fixed point does not. Each pass is independent of
// row order (ties go to the lesser region name), so the result is
// deterministic.
func fillAdmin1(tsv []byte, places []byte) []byte {
	type cell struct {
		country string
		x, y    int
	}
	grid := map[cell][]refPoint{}
	cellOf := func(country string, lat, lon float64) cell {
		return cell{country, int(math.Floor(lat * 4)), int(math.Floor(lon * 4))}
	}
	coords := func(f []string) (lat, lon float64, ok bool) {
		lat, err1 := strconv.ParseFloat(f[4], 64)
		lon, err2 := strconv.ParseFloat(f[5], 64)
		return lat, lon, err1 == nil && err2 == nil
	}
	add := func(fields []string) {
		if len(fields) < 8 || fields[7] == "" || fields[3] == "admin1" || fields[3] == "admin2" {
			return
		}
		if lat, lon, ok := coords(fields); ok {
			c := cellOf(fields[2], lat, lon)
			grid[c] = append(grid[c], refPoint{lat, lon, fields[7]})
		}
	}
	// empty is a village row still without a region.
	type empty struct {
		line     int
		f        []string
		lat, lon float64
	}
	var todo []empty
	lines := strings.Split(string(tsv), "\n")
	for n, l := range lines {
		if l == "" || l[0] == '#' {
			continue
		}
		f := strings.Split(l, "\t")
		add(f)
		if len(f) < 7 || len(f) >= 8 && f[7] != "" {
			continue
		}
		if lat, lon, ok := coords(f); ok {
			todo = append(todo, empty{n, f, lat, lon})
		}
	}
	for _, l := range strings.Split(string(places), "\n") {
		if l != "" && l[0] != '#' {
			add(strings.Split(l, "\t"))
		}
	}
	for {
		var filled, left []empty
		for _, e := range todo {
			best, bestKm := "", float64(fillRadiusKm)
			c := cellOf(e.f[2], e.lat, e.lon)
			for dx := -1; dx <= 1; dx++ {
				for dy := -1; dy <= 1; dy++ {
					for _, p := range grid[cell{c.country, c.x + dx, c.y + dy}] {
						if d := sitrep.DistanceKm(e.lat, e.lon, p.lat, p.lon); d < bestKm || d == bestKm && p.admin1 < best {
							best, bestKm = p.admin1, d
						}
					}
				}
			}
			if best == "" {
				left = append(left, e)
				continue
			}
			for len(e.f) < 8 {
				e.f = append(e.f, "")
			}
			e.f[7] = best
			filled = append(filled, e)
		}
		if len(filled) == 0 {
			break
		}
		// The rows filled in this pass become sources only for the next.
		for _, e := range filled {
			lines[e.line] = strings.Join(e.f, "\t")
			add(e.f)
		}
		todo = left
	}
	return []byte(strings.Join(lines, "\n"))
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
