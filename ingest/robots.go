package ingest

import (
	"bufio"
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// robotsToken is the product token sitrep matches in robots.txt
// User-agent lines (the start of userAgent).
const robotsToken = "sitrep-ingest"

// maxRobotsBytes is how much of a robots.txt is read; RFC 9309 asks
// crawlers to parse at least 500 KiB.
const maxRobotsBytes = 512 << 10

// Robots is a parsed robots.txt (RFC 9309): the rules of the group that
// applies to one user agent.
type Robots struct {
	rules []robotsRule
	// CrawlDelay is the group's Crawl-delay, a common extension; 0 when
	// absent.
	CrawlDelay time.Duration
}

type robotsRule struct {
	allow   bool
	pattern string
}

// maxCrawlDelay caps a Crawl-delay: a larger one would stall a feed for
// hours; the fetch deadline stops such feeds anyway.
const maxCrawlDelay = time.Minute

// ParseRobots reads a robots.txt and keeps the groups for agent, a
// product token such as "sitrep-ingest" matched case-insensitively
// against each User-agent line, or the "*" groups when none names it. Lines it cannot read are ignored, as the RFC asks.
func ParseRobots(data []byte, agent string) *Robots {
	if len(data) > maxRobotsBytes {
		data = data[:maxRobotsBytes]
	}
	agent = strings.ToLower(agent)
	type group struct {
		agents []string
		r      Robots
	}
	var groups []*group
	var cur *group
	inAgents := false // the previous line was a User-agent line
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxRobotsBytes)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(val))
			inAgents = true
		case "allow", "disallow":
			inAgents = false
			if cur == nil {
				continue
			}
			if val == "" { // "Disallow:" with nothing allows everything
				continue
			}
			cur.r.rules = append(cur.r.rules, robotsRule{allow: key == "allow", pattern: val})
		case "crawl-delay":
			inAgents = false
			if cur == nil {
				continue
			}
			if s, err := strconv.ParseFloat(val, 64); err == nil && s > 0 && s < 1e6 {
				cur.r.CrawlDelay = min(time.Duration(s*float64(time.Second)), maxCrawlDelay)
			}
		default:
			// Sitemap and unknown keys neither end nor start a group.
		}
	}
	var star *Robots
	var mine *Robots
	for _, g := range groups {
		for _, a := range g.agents {
			switch {
			case a == "*":
				if star == nil {
					star = &Robots{}
				}
				mergeGroup(star, &g.r)
			case a == agent:
				if mine == nil {
					mine = &Robots{}
				}
				mergeGroup(mine, &g.r)
			}
		}
	}
	switch {
	case mine != nil:
		return mine
	case star != nil:
		return star
	}
	return &Robots{}
}

// mergeGroup adds g's rules to r: the RFC merges groups that name the
// same agent.
func mergeGroup(r, g *Robots) {
	r.rules = append(r.rules, g.rules...)
	r.CrawlDelay = max(r.CrawlDelay, g.CrawlDelay)
}

// Allowed reports whether the rules let the agent fetch u's path and
// query. The longest matching pattern wins; on a tie Allow wins; no match
// allows. /robots.txt itself is always allowed.
func (r *Robots) Allowed(u *url.URL) bool {
	if r == nil {
		return true
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if p == "/robots.txt" {
		return true
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if !robotsMatch(rule.pattern, p) {
			continue
		}
		n := len(rule.pattern)
		if n > best || n == best && rule.allow {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch matches a robots.txt path pattern, where * is any run of
// characters and a final $ anchors the end, against a path. Patterns are
// compared with the path percent-encoded as sent.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(normalizeRobotsPath(pattern), "*")
	// The first part is a prefix; the others are found in turn, leftmost
	// first, which is enough for a greedy match when not anchored.
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	if len(parts) == 1 {
		return !anchored || rest == ""
	}
	for i, part := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return strings.HasSuffix(rest, part)
		}
		j := strings.Index(rest, part)
		if j < 0 {
			return false
		}
		rest = rest[j+len(part):]
	}
	return true
}

// normalizeRobotsPath percent-encodes what a path pattern spells out
// literally (non-ASCII, spaces), so that it compares with the escaped
// path of a URL.
func normalizeRobotsPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c <= ' ' || c >= 0x7f {
			b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
