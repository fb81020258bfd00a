package ingest

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"
)

// feedWorkers is how many entries of one feed are read at once; the
// Fetcher's own limits (per host, in all) apply on top.
const feedWorkers = MaxConnections

// readFeed parses a feed and reads each entry: the entry's link is fetched
// and read like any page, with the entry's title and date and the feed's
// title as metadata. An entry without a link is read from its own content.
// Entries are read concurrently and emitted as each is read; those whose
// link opts.Known reports stored are emitted as Known without a fetch.
// Once the fetch deadline has passed the entries not yet started are
// reported in one failed Item naming the feed.
func readFeed(ctx context.Context, src *source, opts Options, emit func(int, Item)) {
	feed, err := parseFeed(src.data)
	if err != nil {
		emit(0, failedItem(src.input, err))
		return
	}
	if len(feed.Items) == 0 {
		emit(0, failedItem(src.input, errorf(ErrFeed, "feed has no entries")))
		return
	}
	base, _ := url.Parse(src.url)
	if base == nil || !base.IsAbs() {
		if b, err := url.Parse(strings.TrimSpace(feed.Link)); err == nil && b.IsAbs() {
			base = b
		}
	}
	outlet := oneLine(feed.Title)
	f := opts.fetcher()
	opts.Fetcher = f
	sem := make(chan struct{}, feedWorkers)
	var wg sync.WaitGroup
	defer wg.Wait()
	late := 0
	for i, e := range feed.Items {
		if e == nil {
			continue
		}
		if ctx.Err() != nil {
			return // the caller stops too; entries not read are not failures
		}
		m := meta{title: oneLine(e.Title), outlet: outlet}
		if t := entryTime(e); t != nil {
			m.published, m.from = t.Format(time.DateOnly), "feed"
		}
		link := entryLink(e, base)
		if link == "" {
			emit(i, readEntryContent(src, i, e, m, opts))
			continue
		}
		name := RedactURL(link)
		if opts.Known != nil && opts.Known(name) {
			emit(i, Item{Input: name, Known: true})
			continue
		}
		if f.expired() {
			late++
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		m.url = name
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			it := func() (it Item) {
				if opts.guard {
					defer func() {
						if r := recover(); r != nil {
							it = failedItem(name, fmt.Errorf("internal error: %v", r))
						}
					}()
				}
				return readEntryLink(ctx, link, name, m, opts)
			}()
			emit(i, it)
		}()
	}
	wg.Wait()
	if late > 0 {
		emit(len(feed.Items), failedItem(src.input, errorf(ErrDeadline,
			"fetch deadline (%v) passed: %d entries not fetched (run again to fetch them)", f.limit, late)))
	}
}

// parseFeed parses RSS, Atom or JSON Feed data.
func parseFeed(data []byte) (f *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, errorf(ErrFeed, "malformed feed: parser failed: %v", r)
		}
	}()
	f, err = gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return nil, errorf(ErrFeed, "malformed feed: %v", err)
	}
	return f, nil
}

func entryTime(e *gofeed.Item) *time.Time {
	if e.PublishedParsed != nil && !e.PublishedParsed.IsZero() {
		return e.PublishedParsed
	}
	if e.UpdatedParsed != nil && !e.UpdatedParsed.IsZero() {
		return e.UpdatedParsed
	}
	return nil
}

// entryLink returns the entry's absolute http(s) link, or "".
func entryLink(e *gofeed.Item, base *url.URL) string {
	cands := append([]string{e.Link}, e.Links...)
	for _, l := range cands {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		u, err := url.Parse(l)
		if err != nil {
			continue
		}
		if !u.IsAbs() && base != nil {
			u = base.ResolveReference(u)
		}
		if u.Scheme == "http" || u.Scheme == "https" {
			return u.String()
		}
	}
	return ""
}

// entryName names an entry that has no link: the feed and the entry's
// position ("feed.xml#3", counted from 1).
func entryName(feedInput string, i int, e *gofeed.Item) string {
	if e != nil {
		if l := entryLink(e, nil); l != "" {
			return RedactURL(l)
		}
	}
	return feedInput + "#" + strconv.Itoa(i+1)
}

// readEntryLink fetches a feed entry's link and reads the page; name is
// the link without credentials.
func readEntryLink(ctx context.Context, link, name string, m meta, opts Options) Item {
	src, err := fetch(ctx, link, opts, "")
	if err != nil {
		return failedItem(name, err)
	}
	if src.kind == kindFeed {
		return failedItem(name, fmt.Errorf("feed entry links to another feed"))
	}
	doc, err := buildDocument(src, opts, &m)
	if err != nil {
		return failedItem(name, err)
	}
	return Item{Input: name, Doc: doc}
}

// readEntryContent reads an entry without a link from the HTML of its
// content or, failing that, its description.
func readEntryContent(feedSrc *source, i int, e *gofeed.Item, m meta, opts Options) Item {
	name := entryName(feedSrc.input, i, e)
	body := e.Content
	if strings.TrimSpace(body) == "" {
		body = e.Description
	}
	if strings.TrimSpace(body) == "" {
		return Item{Input: name, Err: inputErr(name, fmt.Errorf("feed entry has neither a link nor content"))}
	}
	src := &source{input: name, data: []byte("<html><body><article>" + body + "</article></body></html>"), kind: kindHTML}
	if err := src.decodeHTML(); err != nil {
		return Item{Input: name, Err: inputErr(name, err)}
	}
	doc, err := buildDocument(src, opts, &m)
	if err != nil {
		return Item{Input: name, Err: inputErr(name, err)}
	}
	return Item{Input: name, Doc: doc}
}
