package ingest

import (
	"net/url"
	"testing"
	"time"
)

const robotsFixture = `# comments are ignored
User-agent: Googlebot
Disallow: /

User-agent: SITREP-INGEST
User-agent: otherbot
Disallow: /private
Allow: /private/public
Disallow: /*.pdf$
Disallow: /search?
Crawl-delay: 2.5

User-agent: *
Disallow: /everything-for-others
Sitemap: https://example.com/sitemap.xml
`

func TestRobotsAllowed(t *testing.T) {
	r := ParseRobots([]byte(robotsFixture), robotsToken)
	if r.CrawlDelay != 2500*time.Millisecond {
		t.Errorf("Crawl-delay %v", r.CrawlDelay)
	}
	for path, want := range map[string]bool{
		"/":                      true,
		"/news/1":                true,
		"/private":               false,
		"/private/x":             false,
		"/private/public":        true,
		"/private/public/page":   true,
		"/files/report.pdf":      false,
		"/files/report.pdf?x=1":  true, // $ anchors the end of path and query
		"/search?q=x":            false,
		"/search":                true,
		"/everything-for-others": true, // the * group does not apply
		"/robots.txt":            true,
		"/caf%C3%A9/private":     true,
		"/private%2Fx":           false, // prefix match on the escaped form
	} {
		u, _ := url.Parse("https://example.com" + path)
		if got := r.Allowed(u); got != want {
			t.Errorf("%s: allowed = %v, want %v", path, got, want)
		}
	}
	// Another agent falls back to the * group.
	o := ParseRobots([]byte(robotsFixture), "unknownbot")
	if u, _ := url.Parse("https://example.com/everything-for-others/1"); o.Allowed(u) {
		t.Error("the * group was not applied")
	}
	// Empty rules, Disallow with no path, garbage: everything allowed.
	for _, data := range []string{"", "Disallow:\n", "User-agent: *\nDisallow:\n", "\x00\xff garbage", "Disallow: /\n"} {
		if u, _ := url.Parse("https://example.com/a"); !ParseRobots([]byte(data), robotsToken).Allowed(u) {
			t.Errorf("%q disallows", data)
		}
	}
	if u, _ := url.Parse("https://example.com/caf%C3%A9"); ParseRobots([]byte("User-agent: *\nDisallow: /café\n"), robotsToken).Allowed(u) {
		t.Error("a literal non-ASCII pattern does not match its escaped path")
	}
}

func FuzzParseRobots(f *testing.F) {
	f.Add([]byte(robotsFixture), "/private/x")
	f.Add([]byte("User-agent: *\nDisallow: /*a*b$\n"), "/xaxb")
	f.Add([]byte("user-agent:sitrep-ingest\ncrawl-delay: 1e308\nallow: $\n"), "/")
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		r := ParseRobots(data, robotsToken)
		if r.CrawlDelay < 0 || r.CrawlDelay > maxCrawlDelay {
			t.Fatalf("Crawl-delay %v", r.CrawlDelay)
		}
		u, err := url.Parse("https://example.com/" + path)
		if err != nil {
			return
		}
		r.Allowed(u)
		if u, _ := url.Parse("https://example.com/robots.txt"); !r.Allowed(u) {
			t.Fatal("robots.txt itself disallowed")
		}
	})
}
