package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep"
)

// TestRead_DateRange: a date the user gives (sidecar, --published) outside
// 1900-01-01 to a year after today is refused with an error naming the
// input; one a page gives is dropped and the date inferred instead.
func TestRead_DateRange(t *testing.T) {
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	const text = "Russian jets struck Idlib on Monday, the Syrian Observatory said on 14 July 2023."
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sidecar := func(name, date string) string {
		write(name+".meta.json", `{"published": "`+date+`"}`)
		return write(name+".txt", text)
	}
	page := func(name, date string) string {
		return write(name+".html", `<html><head><title>Strike</title><meta property="article:published_time" content="`+date+`T10:00:00Z"></head>`+
			`<body><article><p>`+text+`</p><p>`+text+`</p></article></body></html>`)
	}
	tests := []struct {
		name, input, published string
		want                   string // error, or "" for success
		date, from             string
	}{
		{name: "sidecar in range", input: sidecar("ok", "2023-07-15"), date: "2023-07-15", from: "sidecar"},
		{name: "sidecar year 1", input: sidecar("early", "0001-01-01"), want: "sidecar " + filepath.Join(dir, "early.meta.json") + ": published 0001-01-01 is outside the accepted dates, 1900-01-01 to 2027-12-05"},
		{name: "sidecar 2999", input: sidecar("late", "2999-12-31"), want: "published 2999-12-31 is outside the accepted dates"},
		{name: "published flag", input: write("plain.txt", text), published: "1899-12-31", want: "published date 1899-12-31 is outside the accepted dates"},
		{name: "flag in range", input: write("plain2.txt", text+" Again."), published: "2027-12-05", date: "2027-12-05", from: "flag"},
		{name: "page placeholder", input: page("placeholder", "0001-01-01"), date: "2023-07-14", from: "inferred"},
		{name: "page in range", input: page("fine", "2023-07-16"), date: "2023-07-16", from: "meta"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := Read(context.Background(), tt.input, nil, Options{Published: tt.published, Now: func() time.Time { return now }})
			if len(items) != 1 {
				t.Fatalf("%d items", len(items))
			}
			it := items[0]
			if tt.want != "" {
				if it.Err == nil || !strings.HasPrefix(it.Err.Error(), tt.input+": ") || !strings.Contains(it.Err.Error(), tt.want) {
					t.Fatalf("Read = %+v, want an error naming the input and saying %q", it, tt.want)
				}
				if !errors.Is(it.Err, sitrep.ErrDateRange) {
					t.Errorf("error %v is not ErrDateRange", it.Err)
				}
				return
			}
			if it.Err != nil {
				t.Fatal(it.Err)
			}
			if it.Doc.Published != tt.date || it.Doc.PublishedFrom != tt.from {
				t.Errorf("published %q from %q, want %q from %q", it.Doc.Published, it.Doc.PublishedFrom, tt.date, tt.from)
			}
		})
	}
}
