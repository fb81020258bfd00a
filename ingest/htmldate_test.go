package ingest

import "testing"

// TestHTMLDateClues: a page whose metadata gives no date is dated by the
// date in its URL or its <time datetime> (go-trafilatura's date search,
// which sitrep's internal/htmldate provides).
func TestHTMLDateClues(t *testing.T) {
	body := `<html><head><title>Strike</title></head><body><article><h1>Strike on the port</h1>` +
		`<p>Posted <time datetime="2022-06-18T09:00:00Z">Saturday</time></p>` +
		`<p>Russian jets struck the port of Tartus on Saturday, according to local officials who spoke to reporters.</p>` +
		`<p>The strike destroyed two warehouses and damaged a pier used by fishing boats, the officials said.</p>` +
		`</article></body></html>`
	for _, tc := range []struct{ url, page, want string }{
		{"https://example.org/story", body, "2022-06-18"},
		{"https://example.org/2023/07/15/story", body, "2023-07-15"},
	} {
		pg, err := extractHTML([]byte(tc.page), tc.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := pg.meta.published; got != tc.want {
			t.Errorf("%s: published %q, want %q", tc.url, got, tc.want)
		}
	}
}
