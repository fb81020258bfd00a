package htmldate

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func TestFromDocument(t *testing.T) {
	for _, tc := range []struct{ url, page, want string }{
		{"https://example.org/news/2023/07/15/story.html", "", "2023-07-15"},
		{"https://example.org/2023-07-15-story", "", "2023-07-15"},
		{"https://example.org/story-20230715.html", "", "2023-07-15"},
		{"https://example.org/2023/02/30/story", "", ""},
		{"https://example.org/2099/01/01/story", "", ""},
		{"https://example.org/story", `<p>x <time datetime="2022-06-18T10:00:00Z">Saturday</time>`, "2022-06-18"},
		{"", `<time datetime="yesterday">x</time><time datetime="2016-08-17">y</time>`, "2016-08-17"},
		{"https://example.org/id/12345", `<p>No date here.</p>`, ""},
	} {
		doc, err := html.Parse(strings.NewReader(tc.page))
		if err != nil {
			t.Fatal(err)
		}
		r, err := FromDocument(doc, Options{URL: tc.url, MaxDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		got := ""
		if !r.IsZero() {
			got = r.DateTime.Format(time.DateOnly)
		}
		if err != nil || got != tc.want {
			t.Errorf("%q %q: %q %v, want %q", tc.url, tc.page, got, err, tc.want)
		}
	}
}
