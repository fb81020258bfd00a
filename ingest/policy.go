package ingest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrForbidden is wrapped by errors about addresses the fetch policy
// refuses.
var ErrForbidden = errors.New("address not allowed")

// PolicyError is a connection the fetch policy refused.
type PolicyError struct {
	Addr   netip.Addr
	Reason string // "loopback", "private", ...
}

// Error names the address, why it is refused and how to allow it.
func (e *PolicyError) Error() string {
	return fmt.Sprintf("refused to connect to %s: a %s address (--allow-private fetches it)", e.Addr, e.Reason)
}

// Unwrap makes errors.Is(err, ErrForbidden) true.
func (e *PolicyError) Unwrap() error { return ErrForbidden }

// forbiddenNets are the ranges a server-side fetch must not reach: they
// lead to the machine itself, its network or its cloud provider's
// metadata service, never to a news site.
var forbiddenNets = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"},
	{netip.MustParsePrefix("10.0.0.0/8"), "private"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.169.254/32"), "cloud metadata"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"}, // and 255.255.255.255, broadcast
	{netip.MustParsePrefix("::/128"), "unspecified"},
	{netip.MustParsePrefix("::1/128"), "loopback"},
	{netip.MustParsePrefix("fd00:ec2::254/128"), "cloud metadata"},
	{netip.MustParsePrefix("fc00::/7"), "private"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
}

// Prefixes that carry an IPv4 address in their last four bytes: the
// address they lead to is judged as well.
var embedding = []netip.Prefix{
	netip.MustParsePrefix("64:ff9b::/96"),   // NAT64
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
	netip.MustParsePrefix("::/96"),          // deprecated IPv4-compatible
}

// forbidden returns why the fetch policy refuses a, or "".
func forbidden(a netip.Addr) string {
	a = a.Unmap().WithZone("")
	for _, n := range forbiddenNets {
		if n.prefix.Contains(a) {
			return n.reason
		}
	}
	if a.Is6() {
		for _, p := range embedding {
			if p.Contains(a) {
				b := a.As16()
				return forbidden(netip.AddrFrom4([4]byte(b[12:])))
			}
		}
		if netip.MustParsePrefix("2002::/16").Contains(a) { // 6to4
			b := a.As16()
			return forbidden(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	return ""
}

// CheckAddr returns a *PolicyError when the fetch policy refuses to
// connect to a, nil otherwise.
func CheckAddr(a netip.Addr) error {
	if r := forbidden(a); r != "" {
		return &PolicyError{Addr: a.Unmap(), Reason: r}
	}
	return nil
}

// refuseForbidden is a net.Dialer Control function: it sees the address
// actually dialled, after name resolution and for every redirect, so a
// name that resolves to a private address, or is re-bound to one after a
// first check, is refused all the same.
func refuseForbidden(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("refused to connect to %q: not an IP address and port", address)
	}
	return CheckAddr(ap.Addr())
}

// maxRedirects bounds redirect chains, as net/http's default does.
const maxRedirects = 10

// NewClient returns the HTTP client sitrep fetches with. Unless
// allowPrivate is set it refuses to connect to loopback, private,
// link-local, carrier-grade NAT, multicast, unspecified and cloud-metadata
// addresses; the check is made on the address dialled, so it holds after
// DNS resolution and on every redirect. Such a client ignores proxy
// settings from the environment: through a proxy it could not see where
// it connects to.
func NewClient(allowPrivate bool) *http.Client {
	return newClient(allowPrivate, nil)
}

// newClient is NewClient with, for tests, addresses let through the
// policy.
func newClient(allowPrivate bool, except func(netip.AddrPort) bool) *http.Client {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: defaultTimeout,
		ExpectContinueTimeout: time.Second,
	}
	if !allowPrivate {
		d.Control = refuseForbidden
		if except != nil {
			d.Control = func(network, address string, c syscall.RawConn) error {
				if ap, err := netip.ParseAddrPort(address); err == nil && except(ap) {
					return nil
				}
				return refuseForbidden(network, address, c)
			}
		}
		tr.Proxy = nil
	}
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to a %s: URL refused", req.URL.Scheme)
			}
			return nil
		},
	}
}

// RedactURL removes the user name and password from an http(s) URL, so
// that credentials given in a link are neither stored nor printed. Other
// strings are returned unchanged.
func RedactURL(s string) string {
	if !isURL(s) || !strings.Contains(s, "@") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		if err != nil {
			// Unparseable: drop everything between the scheme and an @
			// before the path, which is where credentials would be.
			i := strings.Index(s, "://") + 3
			rest := s[i:]
			end := strings.IndexAny(rest, "/?#")
			if end < 0 {
				end = len(rest)
			}
			if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
				return s[:i] + rest[at+1:]
			}
		}
		return s
	}
	u.User = nil
	return u.String()
}
