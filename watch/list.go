package watch

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// ReadList reads a list of URLs to watch: one a line; blank lines and
// lines starting with # are ignored, as is anything after " #" on a line
// (a URL's own fragment, with no space before its #, is kept). A line
// that is not an absolute http(s) URL is an error naming its line.
// Repeats are dropped.
func ReadList(r io.Reader) ([]string, error) {
	var urls []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		if i := strings.Index(line, "\t#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := CheckURL(line); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		urls = append(urls, line)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return Unique(urls), nil
}

// CheckURL returns an error unless s is an absolute http(s) URL with a
// host: what a watcher can poll.
func CheckURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a URL: %v", s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

// Unique returns urls without repeats, in their first order.
func Unique(urls []string) []string {
	seen := make(map[string]bool, len(urls))
	out := urls[:0:0]
	for _, u := range urls {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}
