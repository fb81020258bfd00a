package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/regular"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// kind is what an input turned out to be.
type kind int

const (
	kindText kind = iota
	kindHTML
	kindFeed
)

// source is one input's bytes, decompressed and (for text and HTML)
// decoded to UTF-8, with what is known about where they came from.
type source struct {
	input       string // name used in errors and Item.Input
	name        string // file name or URL path, for extension hints
	path        string // file path, for the metadata sidecar; "" otherwise
	url         string // final URL of an http(s) input; "" otherwise
	contentType string // HTTP Content-Type, if any
	data        []byte
	kind        kind
}

// sizeText formats a byte limit for error messages.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func tooLarge(max int64, what string) error {
	return errorf(ErrTooLarge, "%slarger than %s", what, sizeText(max))
}

// readLimited reads at most max bytes from r and fails if there are more,
// so that a huge input never sits in memory whole.
func readLimited(r io.Reader, max int64, what string) ([]byte, error) {
	return readLimitedSize(r, max, what, 0)
}

// readLimitedSize is readLimited into a buffer of size bytes to start
// with: given the size of a file, it reads it without the copies a
// growing buffer makes (a third of the peak memory for a large page).
func readLimitedSize(r io.Reader, max int64, what string, size int64) ([]byte, error) {
	lr := io.LimitReader(r, max+1)
	var data []byte
	if size > 0 && size <= max {
		// +1: the end of the file is seen without growing the buffer.
		buf := make([]byte, size+1)
		n, err := io.ReadFull(lr, buf)
		switch err {
		case io.EOF, io.ErrUnexpectedEOF:
			return buf[:n], nil
		case nil: // the file grew since it was measured
			rest, err := io.ReadAll(lr)
			if err != nil {
				return nil, err
			}
			data = append(buf, rest...)
		default:
			return nil, err
		}
	} else {
		var err error
		if data, err = io.ReadAll(lr); err != nil {
			return nil, err
		}
	}
	if int64(len(data)) > max {
		return nil, tooLarge(max, what)
	}
	return data, nil
}

// readFile reads a file of at most max bytes. A special file is refused
// without blocking: opening a named pipe would wait for a writer.
func readFile(name string, max int64) (*source, error) {
	f, err := regular.Open(name)
	if err != nil {
		return nil, pathErr(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, pathErr(err)
	}
	if info.IsDir() {
		return nil, errorf(ErrDirectory, "is a directory")
	}
	if info.Mode().IsRegular() && info.Size() > max {
		return nil, tooLarge(max, "")
	}
	data, err := readLimitedSize(f, max, "", info.Size())
	if err != nil {
		return nil, pathErr(err)
	}
	src := &source{input: name, name: name, path: name, data: data}
	return src, src.prepare(max)
}

func readStream(input string, r io.Reader, max int64) (*source, error) {
	data, err := readLimited(r, max, "")
	if err != nil {
		return nil, err
	}
	src := &source{input: input, data: data}
	return src, src.prepare(max)
}

// userAgent identifies sitrep to the sites it fetches.
const userAgent = "sitrep-ingest/1 (+https://github.com/sitrep/sitrep)"

// fetch GETs an http(s) URL through opts.Fetcher. The source is named by
// the URL without credentials.
func fetch(ctx context.Context, rawURL string, opts Options, accept string) (*source, error) {
	if accept == "" {
		accept = defaultAccept
	}
	max := opts.maxBytes()
	resp, err := opts.fetcher().get(ctx, rawURL, accept, max, nil)
	if err != nil {
		return nil, err
	}
	return sourceOf(rawURL, resp, max)
}

// defaultAccept is the Accept header of page and feed fetches.
const defaultAccept = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, text/plain;q=0.9, */*;q=0.5"

// sourceOf makes the source of a fetched response, of at most max bytes
// once decompressed.
func sourceOf(rawURL string, resp *response, max int64) (*source, error) {
	final := RedactURL(resp.final)
	name := ""
	if u, err := url.Parse(final); err == nil {
		name = u.Path
	}
	src := &source{input: RedactURL(rawURL), name: name, url: final, contentType: resp.contentType, data: resp.data}
	return src, src.prepare(max)
}

// prepare decompresses, checks and classifies src.data and decodes text
// and HTML to UTF-8.
func (s *source) prepare(max int64) error {
	if isGzip(s.data) {
		zr, err := gzip.NewReader(bytes.NewReader(s.data))
		if err != nil {
			return fmt.Errorf("corrupt gzip data: %v", err)
		}
		data, err := readLimited(zr, max, "decompressed ")
		if err != nil {
			if errors.Is(err, ErrTooLarge) {
				return err
			}
			return fmt.Errorf("corrupt gzip data: %v", err)
		}
		s.data = data
		s.name = strings.TrimSuffix(s.name, ".gz")
		s.name = strings.TrimSuffix(s.name, ".GZ")
		if isGzip(s.data) {
			return errorf(ErrBinary, "gzip inside gzip is not supported")
		}
	}
	if d, ok := decodeUTF16(s.data); ok {
		s.data = d
	}
	s.data = bytes.TrimPrefix(s.data, utf8BOM)
	if blank(s.data) {
		return errorf(ErrEmpty, "empty input (no text)")
	}
	if err := checkBinary(s.data); err != nil {
		return err
	}
	switch {
	case looksLikeFeed(s.data):
		s.kind = kindFeed
		return nil
	case s.looksLikeHTML():
		s.kind = kindHTML
		return s.decodeHTML()
	}
	if looksLikeXML(s.data) {
		return errorf(ErrFeed, "XML document that is neither an RSS/Atom feed nor HTML")
	}
	if !utf8.Valid(s.data) {
		// A server may declare the charset of plain text.
		if _, params, err := mime.ParseMediaType(s.contentType); err == nil && params["charset"] != "" {
			if enc, name := charset.Lookup(params["charset"]); enc != nil && name != "utf-8" {
				if out, _, err := transform.Bytes(enc.NewDecoder(), s.data); err == nil && utf8.Valid(out) {
					s.data, s.kind = out, kindText
					return nil
				}
			}
		}
		return errorf(ErrNotUTF8, "not valid UTF-8 text")
	}
	s.kind = kindText
	return nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// decodeUTF16 transcodes text that starts with a UTF-16 byte order mark;
// without the mark it would be rejected as binary for its NUL bytes.
func decodeUTF16(b []byte) ([]byte, bool) {
	var e encoding.Encoding
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0}):
		e = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		e = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	default:
		return nil, false
	}
	out, _, err := transform.Bytes(e.NewDecoder(), b)
	if err != nil {
		return nil, false
	}
	return out, true
}

// binaryMagic lists signatures of common binary formats whose first bytes
// may look textual.
var binaryMagic = []struct {
	magic, name string
}{
	{"%PDF-", "PDF"},
	{"PK\x03\x04", "zip"},
	{"\x89PNG", "PNG"},
	{"GIF8", "GIF"},
	{"\xff\xd8\xff", "JPEG"},
	{"BZh", "bzip2"},
	{"\xfd7zXZ", "xz"},
	{"\x28\xb5\x2f\xfd", "zstd"},
	{"7z\xbc\xaf", "7z"},
	{"\x7fELF", "ELF"},
	{"{\\rtf", "RTF"},
}

// checkBinary rejects data with NUL bytes or many control characters: a
// text file has neither, and decoding such data would only yield noise.
func checkBinary(b []byte) error {
	for _, m := range binaryMagic {
		if bytes.HasPrefix(b, []byte(m.magic)) {
			return errorf(ErrBinary, "binary file (%s), not text", m.name)
		}
	}
	sample := b
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	ctrl := 0
	for _, c := range sample {
		switch {
		case c == 0:
			return errorf(ErrBinary, "binary file (contains NUL bytes), not text")
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v', c == 0x7f:
			ctrl++
		}
	}
	if ctrl > 8 && ctrl*20 > len(sample) {
		return errorf(ErrBinary, "binary file (%d control characters), not text", ctrl)
	}
	return nil
}

// head returns the start of b, lower-cased, with leading space removed,
// for sniffing.
func head(b []byte, n int) string {
	b = bytes.TrimLeft(b, " \t\r\n\f")
	if len(b) > n {
		b = b[:n]
	}
	return strings.ToLower(string(b))
}

// skipProlog drops an XML declaration, comments, processing instructions
// and doctypes from the start of a lower-cased document head.
func skipProlog(h string) string {
	for {
		h = strings.TrimLeft(h, " \t\r\n\f")
		switch {
		case strings.HasPrefix(h, "<?"):
			i := strings.Index(h, "?>")
			if i < 0 {
				return ""
			}
			h = h[i+2:]
		case strings.HasPrefix(h, "<!--"):
			i := strings.Index(h, "-->")
			if i < 0 {
				return ""
			}
			h = h[i+3:]
		case strings.HasPrefix(h, "<!doctype") && !strings.HasPrefix(h, "<!doctype html"):
			i := strings.Index(h, ">")
			if i < 0 {
				return ""
			}
			h = h[i+1:]
		default:
			return h
		}
	}
}

// looksLikeFeed reports whether the document's root element is that of an
// RSS, RDF or Atom feed, or it is a JSON Feed.
func looksLikeFeed(b []byte) bool {
	h := head(b, 4096)
	if strings.HasPrefix(h, "{") {
		return strings.Contains(h, "jsonfeed.org/version")
	}
	h = skipProlog(h)
	return strings.HasPrefix(h, "<rss") || strings.HasPrefix(h, "<feed") || strings.HasPrefix(h, "<rdf:rdf") ||
		strings.HasPrefix(h, "<rdf ")
}

func looksLikeXML(b []byte) bool {
	return strings.HasPrefix(head(b, 16), "<?xml")
}

var htmlExt = map[string]bool{
	".html": true, ".htm": true, ".xhtml": true, ".xht": true, ".shtml": true,
	".php": true, ".asp": true, ".aspx": true, ".jsp": true, ".mhtml": false,
}

var htmlStarts = []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<article", "<div", "<p>", "<p ", "<h1"}

func (s *source) looksLikeHTML() bool {
	if htmlExt[strings.ToLower(path.Ext(s.name))] {
		return true
	}
	if mt, _, err := mime.ParseMediaType(s.contentType); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
		return true
	}
	h := head(s.data, 1024)
	rest := skipProlog(h)
	for _, p := range htmlStarts {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return strings.Contains(h, "<html") && strings.Contains(h, "</")
}

var charsetRE = lazyRE(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)`)

// decodeHTML makes s.data valid UTF-8: it is kept when it already is, and
// transcoded when the page or the server declares another charset.
func (s *source) decodeHTML() error {
	if utf8.Valid(s.data) {
		return nil
	}
	label := ""
	if _, params, err := mime.ParseMediaType(s.contentType); err == nil {
		label = params["charset"]
	}
	if label == "" {
		h := s.data
		if len(h) > 4096 {
			h = h[:4096]
		}
		if m := charsetRE.FindSubmatch(h); m != nil {
			label = string(m[1])
		}
	}
	if label == "" {
		return errorf(ErrNotUTF8, "not valid UTF-8 text (and the page declares no charset)")
	}
	enc, name := charset.Lookup(label)
	if enc == nil || name == "utf-8" {
		return errorf(ErrNotUTF8, "not valid UTF-8 text (declared charset %q)", label)
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), s.data)
	if err != nil || !utf8.Valid(out) {
		return errorf(ErrNotUTF8, "cannot decode charset %q", label)
	}
	s.data = out
	return nil
}
