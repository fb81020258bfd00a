package ingest

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// readFeed parses a feed and reads each entry: the entry's link is fetched
// and read like any page, with the entry's title and date and the feed's
// title as metadata. An entry without a link is read from its own content.
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
	for i, e := range feed.Items {
		if e == nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			emit(i, failedItem(entryName(src.input, i, e), err))
			continue
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
		m.url = link
		emit(i, readEntryLink(ctx, link, m, opts))
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
			return l
		}
	}
	return feedInput + "#" + strconv.Itoa(i+1)
}

func readEntryLink(ctx context.Context, link string, m meta, opts Options) Item {
	src, err := fetch(ctx, link, opts, "")
	if err != nil {
		return Item{Input: link, Err: inputErr(link, err)}
	}
	if src.kind == kindFeed {
		return Item{Input: link, Err: inputErr(link, fmt.Errorf("feed entry links to another feed"))}
	}
	doc, err := buildDocument(src, opts, &m)
	if err != nil {
		return Item{Input: link, Err: inputErr(link, err)}
	}
	return Item{Input: link, Doc: doc}
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
