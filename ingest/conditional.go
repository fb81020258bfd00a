package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Validators identify the version of a page or feed fetched before, so
// that the next fetch can ask for it only if it has changed (RFC 9110
// conditional requests) or, from a server that sends no validators, tell
// an unchanged body by its digest.
type Validators struct {
	// ETag is the entity tag of the last full answer, sent back in
	// If-None-Match.
	ETag string `json:"etag,omitempty"`
	// LastModified is its Last-Modified date, sent back in
	// If-Modified-Since.
	LastModified string `json:"last_modified,omitempty"`
	// Digest is the SHA-256 of its body, in hex: a body that hashes the
	// same has not changed, whatever the server says.
	Digest string `json:"digest,omitempty"`
}

// Digest returns the hex SHA-256 of a body, as Validators.Digest holds it.
func Digest(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// fetchConditional fetches a URL input conditionally on the validators
// opts.Validators has for it (input is its name without credentials).
// notModified is set when the server answered 304 or the body's digest is
// the one recorded; otherwise opts.Changed is told the new validators and
// the source is returned.
func fetchConditional(ctx context.Context, rawURL, input string, opts Options) (src *source, notModified bool, err error) {
	v := opts.Validators(input)
	max := opts.maxBytes()
	resp, err := opts.fetcher().get(ctx, rawURL, defaultAccept, max, &v)
	if err != nil {
		return nil, false, err
	}
	if resp.notModified {
		return nil, true, nil
	}
	digest := Digest(resp.data)
	if v.Digest != "" && digest == v.Digest {
		return nil, true, nil
	}
	if opts.Changed != nil {
		opts.Changed(input, Validators{ETag: resp.etag, LastModified: resp.lastModified, Digest: digest})
	}
	src, err = sourceOf(rawURL, resp, max)
	return src, false, err
}

// Transient reports whether a failed fetch may succeed if tried again
// later: a network error or timeout, the fetch deadline, or an HTTP 408,
// 425, 429, 500, 502, 503 or 504 answer. Other failures (a 404, a refused
// address, robots.txt, content that cannot be read) are permanent: the
// same request gets the same answer.
func Transient(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrNetwork) || errors.Is(err, ErrDeadline) {
		return true
	}
	switch StatusCode(err) {
	case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// StatusCode returns the HTTP status of a fetch that failed with a non-2xx
// answer, 0 for any other error.
func StatusCode(err error) int {
	var se *statusError
	if errors.As(err, &se) {
		return se.code
	}
	return 0
}

// RetryAfter returns the wait that a 429 or 503 answer asked for in its
// Retry-After header, 0 when err is no such answer or it asked for none.
func RetryAfter(err error) time.Duration {
	var se *statusError
	if errors.As(err, &se) {
		return se.retryAfter
	}
	return 0
}

// maxRetryAfter bounds the wait a Retry-After header may ask for; a
// larger one (or a date years ahead) is taken for this bound.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads a Retry-After value, delay-seconds or an HTTP
// date (RFC 9110 section 10.2.3), as a wait from now; 0 when absent,
// unreadable or past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}
