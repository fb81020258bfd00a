package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/export"
)

// Page sizes: the default and the most one request may ask for. Exports
// (?format=) may ask for more, since they are downloaded, not paged.
const (
	defaultLimit = 100
	maxLimit     = 1000
	maxExport    = 100000
)

// eventParams are the query parameters that filter events, as documented
// in openapi.json.
var eventParams = []string{"actor", "recipient", "type", "mode", "quad", "certainty", "since", "until",
	"place", "bbox", "outlet", "document", "q"}

// query checks that a request has only the parameters allowed (a typo
// must not silently widen a filter) and each at most once.
func query(r *http.Request, allowed ...string) (url.Values, error) {
	q := r.URL.Query()
	for k, v := range q {
		if !slices.Contains(allowed, k) {
			return nil, badf("unknown parameter %q; this endpoint takes %s", k, strings.Join(allowed, ", "))
		}
		if len(v) > 1 {
			return nil, badf("parameter %q given %d times", k, len(v))
		}
	}
	return q, nil
}

// eventFilter reads the event filters of q.
func eventFilter(q url.Values) (sitrep.EventFilter, error) {
	f := sitrep.EventFilter{
		Actor: q.Get("actor"), Recipient: q.Get("recipient"), Type: q.Get("type"), Mode: q.Get("mode"),
		Quad: q.Get("quad"), Certainty: q.Get("certainty"), Since: q.Get("since"), Until: q.Get("until"),
		Place: q.Get("place"), Outlet: q.Get("outlet"), Text: q.Get("q"),
	}
	if s := q.Get("bbox"); s != "" {
		b, err := sitrep.ParseBBox(s)
		if err != nil {
			return f, badRequest{err}
		}
		f.BBox = b
	}
	if s := q.Get("document"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return f, badf("document %q: want a document ID", s)
		}
		f.Document = id
	}
	if err := f.Validate(); err != nil {
		return f, badRequest{err}
	}
	return f, nil
}

// limit reads ?limit=, def when absent, and checks it is 1..max.
func limit(q url.Values, def, max int) (int, error) {
	s := q.Get("limit")
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > max {
		return 0, badf("limit %q: want 1 to %d", s, max)
	}
	return n, nil
}

// eventList is the answer to GET /api/events.
type eventList struct {
	Events []*sitrep.Event `json:"events"`
	// Next is the cursor of the following page; absent on the last.
	Next string `json:"next,omitempty"`
	// Total is the number of events matching, when ?count=true.
	Total *int `json:"total,omitempty"`
}

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, append(eventParams, "sort", "cursor", "limit", "count", "format")...)
	if err != nil {
		return err
	}
	f, err := eventFilter(q)
	if err != nil {
		return err
	}
	f.Sort, f.Cursor = q.Get("sort"), q.Get("cursor")
	if err := f.Validate(); err != nil {
		return badRequest{err}
	}
	if fs := q.Get("format"); fs != "" && fs != "json" {
		ff, err := export.Parse(fs)
		if err != nil {
			return badRequest{err}
		}
		if f.Limit, err = limit(q, maxExport, maxExport); err != nil {
			return err
		}
		return s.exportEvents(w, r, ff, f)
	}
	if f.Limit, err = limit(q, defaultLimit, maxLimit); err != nil {
		return err
	}
	// One more than asked tells whether there is a next page.
	f.Limit++
	evs, err := s.Store.FindEvents(r.Context(), f)
	if err != nil {
		return err
	}
	out := eventList{Events: evs}
	if len(evs) == f.Limit {
		out.Events = evs[:len(evs)-1]
		out.Next = out.Events[len(out.Events)-1].ID
	}
	switch q.Get("count") {
	case "", "false":
	case "true":
		n, err := s.Store.CountEvents(r.Context(), f)
		if err != nil {
			return err
		}
		out.Total = &n
	default:
		return badf("count %q: want true or false", q.Get("count"))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) exportEvents(w http.ResponseWriter, r *http.Request, ff export.Format, f sitrep.EventFilter) error {
	evs, err := s.Store.FindEvents(r.Context(), f)
	if err != nil {
		return err
	}
	d := export.Data{Events: evs, Documents: map[int64]*sitrep.Document{}, Admin1: s.Admin1}
	docs, err := s.Store.FindDocuments(r.Context(), sitrep.DocumentFilter{IDs: export.DocumentIDs(evs)})
	if err != nil {
		return err
	}
	for _, doc := range docs {
		d.Documents[doc.ID] = doc
	}
	w.Header().Set("Content-Type", ff.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="events`+ff.Ext()+`"`)
	return export.Write(w, ff, d)
}

// eventDetail is the answer to GET /api/events/{id}.
type eventDetail struct {
	Event    *sitrep.Event `json:"event"`
	Document *docSummary   `json:"document"`
	// Context is the evidence sentence with the sentences before and
	// after it, for reading the event in its place.
	Context *sitrep.Span `json:"context,omitempty"`
}

func (s *Server) getEvent(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	ctx := r.Context()
	e, err := s.Store.FindEvent(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	doc, err := s.Store.FindDocument(ctx, e.Document)
	if err != nil {
		return err
	}
	out := eventDetail{Event: e, Document: summarise(doc)}
	if sents, err := s.Store.FindSentences(ctx, e.Document); err == nil && e.Sentence >= 0 {
		for i, st := range sents {
			if st.Index != e.Sentence {
				continue
			}
			lo, hi := st.Start, st.End
			if i > 0 {
				lo = sents[i-1].Start
			}
			if i+1 < len(sents) {
				hi = sents[i+1].End
			}
			if 0 <= lo && lo <= hi && hi <= len(doc.Text) {
				out.Context = &sitrep.Span{Start: lo, End: hi, Text: doc.Text[lo:hi]}
			}
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// docSummary is a document without its text.
type docSummary struct {
	ID            int64  `json:"id"`
	Title         string `json:"title"`
	Outlet        string `json:"outlet,omitempty"`
	URL           string `json:"url,omitempty"`
	Published     string `json:"published,omitempty"`
	PublishedFrom string `json:"published_from,omitempty"`
	Language      string `json:"language,omitempty"`
	DuplicateOf   int64  `json:"duplicate_of,omitempty"`
	IngestedAt    string `json:"ingested_at"`
}

func summarise(d *sitrep.Document) *docSummary {
	return &docSummary{ID: d.ID, Title: d.Title, Outlet: d.Outlet, URL: d.URL, Published: d.Published,
		PublishedFrom: d.PublishedFrom, Language: d.Language, DuplicateOf: d.DuplicateOf,
		IngestedAt: d.IngestedAt.UTC().Format("2006-01-02T15:04:05Z")}
}

type docList struct {
	Documents []*docSummary `json:"documents"`
	Next      string        `json:"next,omitempty"`
}

func (s *Server) listDocuments(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "since", "until", "cursor", "limit")
	if err != nil {
		return err
	}
	f := sitrep.DocumentFilter{Since: q.Get("since"), Until: q.Get("until")}
	for _, d := range []string{f.Since, f.Until} {
		if d != "" && !sitrep.ValidDate(d) {
			return badf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", d)
		}
	}
	if c := q.Get("cursor"); c != "" {
		if f.After, err = strconv.ParseInt(c, 10, 64); err != nil {
			return badf("cursor %q: not a cursor from this API", c)
		}
	}
	if f.Limit, err = limit(q, defaultLimit, maxLimit); err != nil {
		return err
	}
	f.Limit++
	docs, err := s.Store.FindDocuments(r.Context(), f)
	if err != nil {
		return err
	}
	out := docList{Documents: []*docSummary{}}
	for _, d := range docs {
		out.Documents = append(out.Documents, summarise(d))
	}
	if len(docs) == f.Limit {
		out.Documents = out.Documents[:len(docs)-1]
		out.Next = strconv.FormatInt(out.Documents[len(out.Documents)-1].ID, 10)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// spanRef is one event's or transfer's place in a document's text.
type spanRef struct {
	ID      string       `json:"id"`
	Type    string       `json:"type"`
	Start   int          `json:"start"`
	End     int          `json:"end"`
	Trigger *sitrep.Span `json:"trigger,omitempty"`
}

// docDetail is the answer to GET /api/documents/{id}.
type docDetail struct {
	Document *docSummary `json:"document"`
	Text     string      `json:"text"`
	// Events and Transfers give each one's evidence span (and trigger)
	// as byte offsets into Text.
	Events    []spanRef        `json:"events"`
	Transfers []spanRef        `json:"transfers"`
	Mentions  []sitrep.Mention `json:"mentions"`
}

func (s *Server) getDocument(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return sitrep.ErrNotFound
	}
	ctx := r.Context()
	doc, err := s.Store.FindDocument(ctx, id)
	if err != nil {
		return err
	}
	out := docDetail{Document: summarise(doc), Text: doc.Text, Events: []spanRef{}, Transfers: []spanRef{}}
	evs, err := s.Store.FindEvents(ctx, sitrep.EventFilter{Document: id})
	if err != nil {
		return err
	}
	for _, e := range evs {
		if e.Sentence < 0 {
			continue // offsets into the title
		}
		tr := e.Trigger
		out.Events = append(out.Events, spanRef{ID: e.ID, Type: e.Type, Start: e.Start, End: e.End, Trigger: &tr})
	}
	trs, err := s.Store.FindTransfers(ctx, sitrep.TransferFilter{Document: id})
	if err != nil {
		return err
	}
	for _, t := range trs {
		if t.Sentence < 0 {
			continue
		}
		out.Transfers = append(out.Transfers, spanRef{ID: t.ID, Type: "TRANSFER", Start: t.Start, End: t.End})
	}
	if out.Mentions, err = s.Store.FindMentions(ctx, id); err != nil {
		return err
	}
	if out.Mentions == nil {
		out.Mentions = []sitrep.Mention{}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) listTransfers(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "supplier", "recipient", "category", "document", "limit")
	if err != nil {
		return err
	}
	f := sitrep.TransferFilter{Supplier: q.Get("supplier"), Recipient: q.Get("recipient"), Category: q.Get("category")}
	if d := q.Get("document"); d != "" {
		if f.Document, err = strconv.ParseInt(d, 10, 64); err != nil {
			return badf("document %q: want a document ID", d)
		}
	}
	if f.Limit, err = limit(q, maxLimit, maxExport); err != nil {
		return err
	}
	trs, err := s.Store.FindTransfers(r.Context(), f)
	if err != nil {
		return err
	}
	if trs == nil {
		trs = []*sitrep.Transfer{}
	}
	writeJSON(w, http.StatusOK, struct {
		Transfers []*sitrep.Transfer `json:"transfers"`
	}{trs})
	return nil
}

// rankingQuery reads the query of a ranking (actors, dyads): an event
// filter and how many to list.
func rankingQuery(r *http.Request) (sitrep.EventFilter, int, error) {
	q, err := query(r, append(eventParams, "limit")...)
	if err != nil {
		return sitrep.EventFilter{}, 0, err
	}
	f, err := eventFilter(q)
	if err != nil {
		return sitrep.EventFilter{}, 0, err
	}
	n, err := limit(q, defaultLimit, maxLimit)
	return f, n, err
}

func (s *Server) listActors(w http.ResponseWriter, r *http.Request) error {
	f, n, err := rankingQuery(r)
	if err != nil {
		return err
	}
	as, err := s.Store.FindActors(r.Context(), f, n)
	if err != nil {
		return err
	}
	if as == nil {
		as = []sitrep.ActorCount{}
	}
	writeJSON(w, http.StatusOK, struct {
		Actors []sitrep.ActorCount `json:"actors"`
	}{as})
	return nil
}

func (s *Server) listDyads(w http.ResponseWriter, r *http.Request) error {
	f, n, err := rankingQuery(r)
	if err != nil {
		return err
	}
	ds, err := s.Store.FindDyads(r.Context(), f, n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Dyads []sitrep.Dyad `json:"dyads"`
	}{ds})
	return nil
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, eventParams...)
	if err != nil {
		return err
	}
	f, err := eventFilter(q)
	if err != nil {
		return err
	}
	st, err := s.Store.EventStats(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// postDocument ingests one document for a request that carries the
// server's token as "Authorization: Bearer TOKEN".
func (s *Server) postDocument(w http.ResponseWriter, r *http.Request) {
	if s.Token == "" || s.Ingester == nil {
		writeError(w, http.StatusForbidden, "this server is read-only; start it with --token to accept documents")
		return
	}
	auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || !constantTimeEqual(auth, s.Token) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sitrep"`)
		writeError(w, http.StatusUnauthorized, "missing or wrong token")
		return
	}
	var req IngestRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "body over 20 MiB")
			return
		}
		writeError(w, http.StatusBadRequest, "body: "+err.Error())
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		writeError(w, http.StatusBadRequest, "body: more than one JSON value")
		return
	}
	if (req.URL == "") == (req.Text == "") {
		writeError(w, http.StatusBadRequest, "give either url or text")
		return
	}
	if req.Published != "" && (len(req.Published) != 10 || !sitrep.ValidDate(req.Published)) {
		writeError(w, http.StatusBadRequest, "published: want YYYY-MM-DD")
		return
	}
	if req.URL != "" {
		u, err := url.Parse(req.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			writeError(w, http.StatusBadRequest, "url: want an http or https URL")
			return
		}
	}
	res, err := s.Ingester.Ingest(r.Context(), req)
	if err != nil {
		var bad badRequest
		if errors.As(err, &bad) {
			writeError(w, http.StatusUnprocessableEntity, err.Error())
			return
		}
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if res.Outcome != "duplicate" {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/documents/"+strconv.FormatInt(res.ID, 10))
	}
	writeJSON(w, status, res)
}
