package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestInferDate(t *testing.T) {
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, text, want string
	}{
		{"month day year", "The strike happened on Aug. 16, 2016, officials said.", "2016-08-16"},
		{"weekday month day year", "On Friday, June 9, 2023, the White House said...", "2023-06-09"},
		{"day month year", "Games 2021. 27 August, 2021. Later on 3 March 2022 more.", "2022-03-03"},
		{"ISO date", "Filed 2023-11-30T10:00:00Z by the desk.", "2023-11-30"},
		{"latest date wins", "In May 5, 2019 and on January 2, 2021 and June 1, 2020.", "2021-01-02"},
		{"future dates ignored", "The deal signed on March 1, 2024 runs until December 31, 2030.", "2024-03-01"},
		{"today is not future", "Talks were held on June 1, 2024.", "2024-06-01"},
		{"weekday resolves the year", "In July 2022 they met. On Friday, June 9, the White House announced...", "2023-06-09"},
		{"weekday never matches", "In 2022 they met. On Friday, June 11, it ended.", ""},
		{"weekday without any year", "On Friday, June 9, the White House announced...", ""},
		{"wrong weekday rejected", "Tuesday, June 9, 2023 was not a Tuesday.", ""},
		{"impossible date", "On June 31, 2023 nothing happened.", ""},
		{"file photo caption skipped", "Jets fly, 27 August, 2021. (Photo credit: REUTERS/File Photo)\nThe attack on 15 June was the first.", ""},
		{"no full date", "Overnight on 3 August, forces trained near Hama.", ""},
	}
	for _, tc := range tests {
		if got := inferDate(tc.text, now); got != tc.want {
			t.Errorf("%s: inferDate(%q) = %q, want %q", tc.name, tc.text, got, tc.want)
		}
	}
}

func TestMetaDate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2024-03-14T08:30:00+00:00", "2024-03-14"},
		{"2024-03-14T23:30:00-05:00", "2024-03-14"}, // the publisher's own day
		{"2024-03-14", "2024-03-14"},
		{"Thu, 14 Mar 2024 08:30:00 GMT", "2024-03-14"},
		{"March 14, 2024", "2024-03-14"},
		{"yesterday", ""},
	} {
		if got := metaDate(tc.in); got != tc.want {
			t.Errorf("metaDate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSeedDates reads the seeds without their sidecars, so the dates
// come from the text alone. Wrong guesses are possible — that is why they
// are marked "inferred" — but a guess must never be after the gold date.
func TestSeedDates(t *testing.T) {
	want := map[string]string{
		"000_e6b59ee40e53f98a": "2023-06-07", // gold 2023-07-15: photo date in the caption
		"001_1a48629210037ae8": "",           // only "15 June" and a file photo's date
		"002_80731594f28c9997": "",           // "3 August" without a year
		"003_ad8090e0da725716": "2023-06-09", // "Friday, June 9" after "July 2022": gold
		"004_c65136294b95e145": "2016-08-16", // gold 2016-08-17
	}
	dir := t.TempDir()
	for _, f := range seedFiles(t) {
		id := strings.TrimSuffix(filepath.Base(f), ".txt")
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, id+".txt")
		os.WriteFile(p, b, 0o644)
		it := readOne(t, p, nil, testOptions())
		if it.Err != nil {
			t.Fatal(it.Err)
		}
		got, from := it.Doc.Published, it.Doc.PublishedFrom
		if got != want[id] || (got != "" && from != "inferred") {
			t.Errorf("%s: published %q (%s), want %q (inferred)", id, got, from, want[id])
		}
	}
}
