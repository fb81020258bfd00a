// Command loadbench measures the HTTP API under load: it fills a store
// with generated events (or reuses one), serves it on loopback and runs
// concurrent clients against filtered /api/events and /api/stats for a
// while, then reports errors and latency percentiles per endpoint.
//
//	go run ./internal/loadbench -events 1000000 -clients 100 -duration 30s
//
// -clients 100,10 runs a phase with each number of clients after one
// warm-up.
// It is a documented command, not a test: timings depend on the machine.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/server"
	"github.com/sitrep/sitrep/sqlite"
)

func main() {
	events := flag.Int("events", 1000000, "events in the generated store")
	clientsFlag := flag.String("clients", "100", "concurrent `clients`; a comma-separated list runs one phase for each, after one warm-up")
	duration := flag.Duration("duration", 30*time.Second, "how long the clients run")
	warm := flag.Bool("warm", true, "ask for each of the page's stats once before the clients start, as a dashboard in use would have")
	dbPath := flag.String("db", filepath.Join(os.TempDir(), "sitrep-loadbench.db"), "store `path`; reused when it holds -events events")
	shapes := flag.Int("shapes", 0, "before the clients, time `n` requests one at a time and print their latency by the set of filters they use")
	index := flag.Bool("index", true, "serve pages from the store's in-memory event index, as sitrep serve does")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the client phases (server and clients: one process) to `file`")
	flag.Parse()
	ctx := context.Background()

	db, err := sqlite.Open(ctx, *dbPath)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	n, err := db.CountEvents(ctx, sitrep.EventFilter{})
	if err != nil {
		log.Fatal(err)
	}
	if n != *events {
		if n != 0 {
			log.Fatalf("%s holds %d events, not %d: remove it or pass another -db", *dbPath, n, *events)
		}
		start := time.Now()
		if err := generate(ctx, *dbPath, *events); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("generated %d events in %s\n", *events, time.Since(start).Round(time.Second))
	}

	if *index {
		db.IndexEvents()
		t0 := time.Now()
		if err := db.LoadEventIndex(ctx); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("event index made in %s\n", time.Since(t0).Round(time.Millisecond))
	}
	srv := &server.Server{Store: db}
	var addr net.Addr
	ready := make(chan struct{})
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go func() {
		if err := srv.ListenAndServe(sctx, "127.0.0.1:0", func(a net.Addr) { addr = a; close(ready) }); err != nil {
			log.Fatal(err)
		}
	}()
	<-ready
	base := "http://" + addr.String()
	var phases []int
	for _, c := range strings.Split(*clientsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			log.Fatalf("-clients %q: want numbers", *clientsFlag)
		}
		phases = append(phases, n)
	}
	most := slices.Max(phases)
	fmt.Printf("serving %s\n", base)

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: most, MaxConnsPerHost: most}, Timeout: 60 * time.Second}
	if *warm {
		// The stats the clients ask for, each computed once (cold) and
		// then answered from the response cache.
		start := time.Now()
		var slowest time.Duration
		for _, p := range statsRequests() {
			slowest = max(slowest, timedGet(client, base+p))
		}
		fmt.Printf("warm-up: %d stats requests in %s, the slowest (cold) %s\n", len(statsRequests()),
			time.Since(start).Round(time.Millisecond), slowest.Round(time.Millisecond))
	}
	if *shapes > 0 {
		timeShapes(client, base, *shapes)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	for _, n := range phases {
		run(client, base, n, *duration)
	}
}

// timedGet fetches url whole and returns how long it took; an error ends
// the benchmark.
func timedGet(client *http.Client, url string) time.Duration {
	t0 := time.Now()
	resp, err := client.Get(url)
	if err != nil {
		log.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return time.Since(t0)
}

// timeShapes times n requests of the mix one at a time, grouped by the
// filters they use: which queries are slow on their own, without queueing.
func timeShapes(client *http.Client, base string, n int) {
	rng := rand.New(rand.NewPCG(99, 7))
	lat := map[string][]time.Duration{}
	for range n {
		kind, path := request(rng)
		if kind == "stats" {
			continue // answered from the response cache once warm
		}
		u, _ := url.Parse(path)
		var keys []string
		for k, v := range u.Query() {
			switch k {
			case "limit":
				continue
			case "sort":
				k += "=" + v[0]
			}
			keys = append(keys, k)
		}
		slices.Sort(keys)
		shape := u.Path + "?" + strings.Join(keys, "&")
		lat[shape] = append(lat[shape], timedGet(client, base+path))
	}
	var names []string
	for k := range lat {
		names = append(names, k)
	}
	slices.Sort(names)
	fmt.Printf("%-48s %5s %8s %8s %8s\n", "shape (one request at a time)", "n", "mean", "p90", "max")
	for _, k := range names {
		ds := lat[k]
		slices.Sort(ds)
		var sum time.Duration
		for _, d := range ds {
			sum += d
		}
		fmt.Printf("%-48s %5d %8s %8s %8s\n", k, len(ds), (sum / time.Duration(len(ds))).Round(100*time.Microsecond),
			ds[min(len(ds)-1, len(ds)*9/10)].Round(100*time.Microsecond), ds[len(ds)-1].Round(100*time.Microsecond))
	}
}

// run runs n clients for d and prints the latencies by endpoint.
func run(client *http.Client, base string, n int, d time.Duration) {
	fmt.Printf("%d clients for %s\n", n, d)
	var (
		mu      sync.Mutex
		lat     = map[string][]time.Duration{}
		errs    = map[string]int{}
		samples = map[string]string{}
	)
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for c := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			for time.Now().Before(deadline) {
				kind, path := request(rng)
				t0 := time.Now()
				resp, err := client.Get(base + path)
				ok := err == nil && (resp.StatusCode == 200 || resp.StatusCode == 304)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				took := time.Since(t0)
				mu.Lock()
				lat[kind] = append(lat[kind], took)
				if !ok {
					errs[kind]++
					if samples[kind] == "" {
						if err != nil {
							samples[kind] = path + ": " + err.Error()
						} else {
							samples[kind] = path + ": " + resp.Status
						}
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Printf("%-14s %8s %7s %8s %8s %8s %8s %8s\n", "endpoint", "requests", "errors", "req/s", "p50", "p90", "p99", "max")
	for _, kind := range []string{"events", "events-text", "stats"} {
		ds := lat[kind]
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		p := func(q float64) time.Duration {
			return ds[min(len(ds)-1, int(q*float64(len(ds))))].Round(100 * time.Microsecond)
		}
		fmt.Printf("%-14s %8d %7d %8.0f %8s %8s %8s %8s\n", kind, len(ds), errs[kind], float64(len(ds))/d.Seconds(),
			p(0.5), p(0.9), p(0.99), ds[len(ds)-1].Round(100*time.Microsecond))
		if s := samples[kind]; s != "" {
			fmt.Printf("  first error: %s\n", s)
		}
	}
}

var (
	types   = []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
	states  = []string{"RUS", "UKR", "SYR", "IRN", "IRQ", "USA", "TUR", "ISR", "LBN", "YEM", "SAU", "ARE", "AFG", "PAK", "IND", "CHN", "FRA", "GBR", "DEU", "SDN", "ETH", "SOM", "MLI", "NGA", "COD", "MMR", "PRK", "KOR", "JPN", "EGY"}
	sectors = []string{"GOV", "MIL", "REB", "COP", "OPP", ""}
	quads   = map[string]string{}
	words   = strings.Fields("strike shelled convoy village border talks ceasefire drones missile artillery militants troops " +
		"ministry officials protesters sanctions agreement aid delivery airbase port refinery checkpoint negotiations " +
		"summit embargo offensive withdrawal deployment exercise patrol raid ambush hostages")
)

func init() {
	for _, t := range types {
		et, _ := sitrep.LookupType(t)
		quads[t] = et.Quad()
	}
}

// place is a generated location: a grid of 400 points over the regions the
// states are in.
func place(i int) sitrep.Location {
	lat, lon := 10+float64(i%20)*2.5, 20+float64(i/20)*4
	return sitrep.Location{Name: fmt.Sprintf("Place %d", i), Country: states[i%len(states)], Lat: &lat, Lon: &lon}
}

// generate stores n events in documents of 20, spread over three years.
// It writes rows with plain SQL in large transactions, beside the store's
// own connections: AddDocument's one transaction per document would take
// most of an hour for a million events, and the benchmark is about
// reading.
func generate(ctx context.Context, path string, n int) error {
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=synchronous(OFF)")
	if err != nil {
		return err
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	rng := rand.New(rand.NewPCG(1, 2))
	const perDoc, docsPerTx = 20, 500
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := (n + perDoc - 1) / perDoc
	for d0 := 0; d0 < docs; d0 += docsPerTx {
		tx, err := raw.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		insDoc, _ := tx.PrepareContext(ctx, `INSERT INTO documents (id, hash, title, outlet, published, text, ingested_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`)
		insEv, _ := tx.PrepareContext(ctx, `INSERT INTO events (id, document_id, ordinal, sentence, start, "end", type,
			date, date_lo, date_hi, location_name, location_country, lat, lon, evidence, trigger_text, trigger_start,
			trigger_end, quad, cameo, goldstein, rule, certainty)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		insAc, err := tx.PrepareContext(ctx, `INSERT INTO event_actors (event_id, side, position, country, sector, name)
			VALUES (?, ?, 0, ?, ?, ?)`)
		if err != nil {
			return err
		}
		for d := d0; d < min(docs, d0+docsPerTx); d++ {
			id := int64(d + 1)
			day := start.AddDate(0, 0, rng.IntN(3*365)).Format(time.DateOnly)
			var text strings.Builder
			type row struct {
				sent  string
				start int
			}
			var rows []row
			for i := 0; i < perDoc && d*perDoc+i < n; i++ {
				var s strings.Builder
				for range 12 {
					s.WriteString(words[rng.IntN(len(words))])
					s.WriteByte(' ')
				}
				sent := strings.TrimSpace(s.String()) + "."
				rows = append(rows, row{sent, text.Len()})
				text.WriteString(sent + " ")
			}
			if _, err := insDoc.ExecContext(ctx, id, fmt.Sprintf("loadbench-%d", d), fmt.Sprintf("Document %d", d),
				fmt.Sprintf("Outlet %d", d%50), day, text.String(), time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
				return err
			}
			for i, r := range rows {
				t := types[rng.IntN(len(types))]
				et, _ := sitrep.LookupType(t)
				loc := place(rng.IntN(400))
				evID := fmt.Sprintf("d%d-e%d", id, i+1)
				if _, err := insEv.ExecContext(ctx, evID, id, i+1, i, r.start, r.start+len(r.sent), t,
					day, day, day, loc.Name, loc.Country, *loc.Lat, *loc.Lon, r.sent, r.sent[:6], r.start, r.start+6,
					quads[t], et.CAMEO, et.Goldstein, "loadbench", sitrep.CertaintyAsserted); err != nil {
					return err
				}
				for _, side := range []string{"actor", "recipient"} {
					if _, err := insAc.ExecContext(ctx, evID, side, states[rng.IntN(len(states))],
						sectors[rng.IntN(len(sectors))], side); err != nil {
						return err
					}
				}
			}
		}
		// The full-text index, as the store's writer fills it: once for
		// the transaction's documents.
		if _, err := tx.ExecContext(ctx, `INSERT INTO events_fts (rowid, evidence)
			SELECT document_id * 100000 + ordinal, evidence FROM events WHERE document_id > ? AND document_id <= ?`,
			d0, min(docs, d0+docsPerTx)); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		fmt.Printf("\r  %d events", min(n, (d0+docsPerTx)*perDoc))
	}
	fmt.Println()
	_, err = raw.ExecContext(ctx, "ANALYZE")
	return err
}

// request returns a random request of the mix: filtered event pages (type,
// actor, dates, box, place, sort in combinations) and stats with a filter.
func request(rng *rand.Rand) (kind, path string) {
	q := url.Values{}
	day := func() string {
		return time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(3*365)).Format(time.DateOnly)
	}
	switch rng.IntN(4) {
	case 0:
		q.Set("type", types[rng.IntN(len(types))])
	case 1:
		q.Set("actor", states[rng.IntN(len(states))])
	case 2:
		q.Set("since", day())
	case 3:
		lon, lat := 20+rng.Float64()*60, 10+rng.Float64()*40
		q.Set("bbox", fmt.Sprintf("%.1f,%.1f,%.1f,%.1f", lon, lat, lon+5, lat+5))
	}
	if rng.IntN(2) == 0 {
		q.Set("recipient", states[rng.IntN(len(states))])
	}
	if rng.IntN(5) == 0 {
		reqs := statsRequests()
		return "stats", reqs[rng.IntN(len(reqs))]
	}
	kind = "events"
	if rng.IntN(10) == 0 {
		q = url.Values{"q": {words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))]}}
		kind = "events-text"
	}
	q.Set("limit", "100")
	q.Set("sort", []string{"document", "-date", "date"}[rng.IntN(3)])
	return kind, "/api/events?" + q.Encode()
}

// statsRequests are the stats the page asks for: everything, one type, one
// actor or one month (83 requests).
func statsRequests() []string {
	out := []string{"/api/stats"}
	for _, t := range types {
		out = append(out, "/api/stats?type="+t)
	}
	for _, s := range states {
		out = append(out, "/api/stats?actor="+s)
	}
	for m := range 36 {
		first := time.Date(2022, time.Month(1+m), 1, 0, 0, 0, 0, time.UTC)
		out = append(out, "/api/stats?since="+first.Format(time.DateOnly)+"&until="+first.AddDate(0, 1, -1).Format(time.DateOnly))
	}
	return out
}
