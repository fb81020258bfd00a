// Package coder turns text into PLOVER 2.0 events and arms transfers with a
// transparent rule set: a trigger lexicon (triggers.tsv) finds the words
// that state an event, knowledge-base mentions supply the participants, and
// positional rules (subject to the left, object to the right, passives,
// coordination, negation and modality) assign actor and recipient. Every
// event records the sentence, offsets, trigger and rule that produced it.
package coder

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/internal/stage"
	"github.com/sitrep/sitrep/nlp"
	"github.com/sitrep/sitrep/text"
)

// KB is what the coder needs from the knowledge base: entity mentions of a
// text, with people resolved as of date.
type KB interface {
	Recognize(text string, date string) []sitrep.Mention
}

// Coder is the rule-based event coder. It is safe for concurrent use.
type Coder struct {
	kb        KB
	lex       *lexicon
	parser    Parser
	models    map[string]*linModel // nil: the rules decide alone
	modelErr  error
	noModels  bool
	only      []string
	threshold float64 // event-model probability needed to code a candidate
}

// Option configures a Coder.
type Option func(*Coder)

// WithoutModels makes the rules decide alone, without the learned models
// (for training and for comparison).
func WithoutModels() Option { return func(c *Coder) { c.noModels = true } }

// WithModels uses the models in data (a file written by Train) instead of
// the embedded ones.
func WithModels(data []byte) Option {
	return func(c *Coder) {
		c.models, c.modelErr = readModels(data, "models")
	}
}

// WithOnly keeps only the named learned models ("event", "role"), for
// measuring what each adds.
func WithOnly(names ...string) Option {
	return func(c *Coder) { c.only = names }
}

// WithRoleBonus sets the log-odds bonus for an event having each side (for
// tuning; see roleBonus).
func WithRoleBonus(b float64) Option { return func(*Coder) { roleBonus = b } }

// WithRuleRoleBonus sets the log-odds bonus for the role the rules gave a
// participant (for tuning; see ruleRoleBonus).
func WithRuleRoleBonus(b float64) Option { return func(*Coder) { ruleRoleBonus = b } }

// WithThreshold sets the event-model probability a candidate needs to be
// coded (default DefaultThreshold).
func WithThreshold(p float64) Option { return func(c *Coder) { c.threshold = p } }

// DefaultThreshold is the event-model probability a candidate needs to be
// coded, chosen by cross-validation (see models/README.md).
const DefaultThreshold = 0.1

// WithParser makes the coder read subjects, objects and agents from
// dependency parses, falling back on word order where the parse is silent.
func WithParser(p Parser) Option { return func(c *Coder) { c.parser = p } }

var _ sitrep.Coder = (*Coder)(nil)

// New returns a Coder that recognises participants with kb.
func New(kb KB, opts ...Option) (*Coder, error) {
	lx, err := loadLexicon()
	if err != nil {
		return nil, err
	}
	c := &Coder{kb: kb, lex: lx, threshold: DefaultThreshold}
	for _, o := range opts {
		o(c)
	}
	if c.modelErr != nil {
		return nil, c.modelErr
	}
	if c.models == nil && !c.noModels {
		if c.models, err = embeddedModels(); err != nil {
			return nil, err
		}
	}
	if c.noModels {
		c.models = nil
	}
	if c.only != nil && c.models != nil {
		kept := map[string]*linModel{}
		for name, m := range c.models {
			for _, n := range c.only {
				if name == n || n == "type" && strings.HasPrefix(name, "type:") {
					kept[name] = m
				}
			}
		}
		c.models = kept
	}
	if c.parser == nil {
		p, err := nlp.Default()
		if err != nil {
			return nil, err
		}
		c.parser = p
	}
	return c, nil
}

// Code codes the title and every sentence of in.Text. Events from the title
// have Sentence -1 and offsets into the title; an event stated in both the
// title and the body is kept once, from the body.
func (c *Coder) Code(ctx context.Context, in sitrep.Input) (*sitrep.Analysis, error) {
	return c.code(ctx, in, nil)
}

// hooks let training see what the coder decides: every candidate once it
// is decided, every sentence once its events are.
type hooks struct {
	cand func(*sentence, *candidate)
	sent func(*sentence)

	// timed makes analyse add up the time spent tagging and parsing in
	// parse and the tokens parsed, for a stage.Clock; set on a per-call
	// copy, as training shares its hooks across calls.
	timed  bool
	parse  time.Duration
	tokens int
}

// code is Code with hooks (for training); h may be nil.
func (c *Coder) code(ctx context.Context, in sitrep.Input, h *hooks) (*sitrep.Analysis, error) {
	if h == nil {
		h = &hooks{}
	}
	// A benchmark's clock splits the time of this call between stages:
	// recognising and segmenting here, tagging and parsing in analyse,
	// and the rest, the coder's own work.
	var t time.Time
	clk := stage.FromContext(ctx)
	if clk != nil {
		hc := *h
		h = &hc
		h.timed = true
		t = time.Now()
	}
	pub := parsePublished(in.Published)
	a := &sitrep.Analysis{Sentences: []sitrep.Sentence{}, Mentions: []sitrep.Mention{}, Events: []sitrep.Event{}, Transfers: []sitrep.Transfer{}}
	mentions := c.recognize(in.Text, in.Published)
	t = clk.Since(stage.Recognise, t)
	spans := text.Sentences(in.Text)
	t = clk.Since(stage.Segment, t)
	if mentions != nil {
		a.Mentions = mentions
	}
	parts := newParticipants(in.Text)
	dateline := c.datelinePlace(mentions, parts)
	fallbackDate, transferDate := in.Published, in.Published
	home := homeCountry(mentions, parts)
	var all []*coded
	var lastPlace *sitrep.Location // the last point named, for events in the next sentences
	lastPlaceAt := 0
	disc := &discourse{seen: map[string]int{}}
	for i, sp := range spans {
		if i%64 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		a.Sentences = append(a.Sentences, sitrep.Sentence{Index: i, Start: sp.Start, End: sp.End, Text: sp.Text})
		s := c.analyse(in.Text, sp, i, parts.only(mentionsIn(mentions, sp.Start, sp.End)), pub, fallbackDate, in.Outlet, disc, h)
		disc.remember(s)
		disc.events = append(disc.events, s.events...)
		if n := len(disc.events); n > 12 {
			disc.events = disc.events[n-12:]
		}
		for _, ev := range s.events {
			disc.seen[ev.Type]++
			disc.seen[ev.Type+"|"+countryKey(ev.Actor)+"|"+countryKey(ev.Recipient)]++
		}
		for _, ev := range s.events {
			fillCountry(ev.Actor, home)
			fillCountry(ev.Recipient, home)
			fillRecipient(&ev, home)
			m := eventMeta{goods: s.goodsOf(), date: fallbackDate}
			if lastPlace != nil && i-lastPlaceAt == 1 {
				m.place = lastPlace
			}
			all = append(all, newCoded(ev, m))
		}
		// An undated event most likely happened at the time of the
		// sentence before it, else around publication.
		if l := s.locationFor(0); l != nil && l.Lat != nil {
			lastPlace, lastPlaceAt = l, i
		}
		a.Transfers = addTransfers(a.Transfers, s.transfers, transferDate)
		// A transfer restated without a date ("The package includes ...")
		// is dated by the sentence before it.
		transferDate = in.Published
		if len(s.dates) > 0 {
			transferDate = s.dates[len(s.dates)-1].date
		}
		// Later undated events most likely happened when the story's
		// latest dated event did, else around publication; background
		// ("invaded in 2014") does not set the story's time.
		dated := false
		for _, ev := range s.events {
			if ev.Date != "" {
				if recent(ev.Date, pub) && !s.introDate(ev.Date) {
					fallbackDate = ev.Date
				}
				dated = true
				break
			}
		}
		// A lead that codes no dated event still sets the story's day
		// ("Turkey launched an assault ... on Wednesday" before the
		// undated reports of it); a later sentence's date may be another
		// statement's, so only the lead's main clause counts.
		if !dated && i == 0 {
			if d := s.mainDate(); d != "" && recent(d, pub) {
				fallbackDate = d
			}
		}
	}
	if title := strings.TrimSpace(in.Title); title != "" && !strings.HasPrefix(strings.TrimSpace(in.Text), title) {
		var t0 time.Time
		if clk != nil {
			t0 = time.Now()
		}
		tm := c.kb.Recognize(title, in.Published)
		clk.Since(stage.Recognise, t0)
		if clk != nil {
			t = t.Add(time.Since(t0)) // not the coder's own time
		}
		s := c.analyse(title, text.Span{Start: 0, End: len(title), Text: title}, -1, tm, pub, "", in.Outlet, nil, h)
		for _, ev := range s.events {
			fillCountry(ev.Actor, home)
			fillCountry(ev.Recipient, home)
			all = append(all, newCoded(ev, eventMeta{goods: s.goodsOf(), date: in.Published}))
		}
		a.Transfers = addTransfers(a.Transfers, s.transfers, in.Published)
	}
	a.Transfers = finishTransfers(a.Transfers)
	// One event per real event: restatements join the event they restate.
	// Fallbacks are applied only then, so that a restatement with a date
	// or place of its own could still be recognised as the same event.
	fillFromPair(all)
	merged := merge(all)
	for i, e := range merged {
		ev := e.ev
		if ev.Date == "" {
			ev.Date = e.meta.date
		}
		if ev.Location == nil && e.meta.place != nil {
			l := *e.meta.place
			ev.Location = &l
		}
		// "OHRID, North Macedonia (AP) — The leaders ... agreed": an act
		// of the dateline's sentence that names no place happened there,
		// and so did a later one between the dateline's country and
		// anyone ("Iran attacked Iraq" under BAGHDAD, not "Russia attacked
		// Ukraine"; on the news dev set 5 of the 6 so placed were within
		// 50 km of the gold place).
		if ev.Location == nil && dateline != nil && (ev.Sentence == 0 || involves(ev, dateline.Country)) {
			l := *dateline
			ev.Location = &l
		}
		ev.ID = sitrep.LocalEventID(i + 1)
		for _, m := range e.mentions {
			ev.Mentions = append(ev.Mentions, sitrep.EvidenceSpan{Sentence: m.sentence, Start: m.start, End: m.end, Text: m.text})
		}
		a.Events = append(a.Events, ev)
	}
	denials(a.Events, merged)
	if clk != nil {
		// What is left of the time since segmenting is the coder's own.
		clk.Add(stage.TagParse, h.parse)
		clk.Since(stage.Code, t.Add(h.parse))
		clk.Count(len(a.Sentences), h.tokens)
	}
	return a, nil
}

// involves reports whether a state of country is on either side of ev.
func involves(ev sitrep.Event, country string) bool {
	for _, side := range [][]sitrep.Actor{ev.Actor, ev.Recipient} {
		for _, a := range side {
			if a.Country != "" && a.Country == country {
				return true
			}
		}
	}
	return false
}

// crowdWords name the unorganised many whose violence conflict data
// sets code as rioting.
var crowdWords = map[string]bool{"residents": true, "villagers": true, "locals": true, "inhabitants": true,
	"protesters": true, "protestors": true, "demonstrators": true, "rioters": true, "mob": true, "crowd": true,
	"youths": true}

// crowd reports whether every participant of a side is a crowd.
func crowd(side []participant) bool {
	for _, p := range side {
		w := strings.ToLower(p.m.Text)
		if i := strings.LastIndexByte(w, ' '); i >= 0 {
			w = w[i+1:]
		}
		if !crowdWords[w] {
			return false
		}
	}
	return len(side) > 0
}

// states reports whether every participant of a side acts for a state or
// an international organisation: a government, its forces or an IGO.
func states(side []participant) bool {
	for _, p := range side {
		if sc := sectorOf(p); sc != "GOV" && sc != "MIL" && sc != "IGO" {
			return false
		}
	}
	return len(side) > 0
}

// helpers, stemmed, name missions that help where they are sent.
var helpers = stemSet("peacekeeping peacekeepers peacekeeper observers rescue humanitarian relief train training")

// helpMission reports whether the forces sent at m go to help: helpers are
// named just before the trigger in its clause ("peacekeepers began
// deploying") or after it, "as" included ("deployed as peacekeeping
// forces", "sent 200 troops to train the army").
func (s *sentence) helpMission(m patternMatch) bool {
	if s.wordPrecedes(m.start, 4, helpers) {
		return true
	}
	for j := m.end + 1; j < len(s.toks) && j <= m.end+10; j++ {
		if s.lower[j] != "as" && (clauseBreak[s.lower[j]] || s.lower[j] == ",") {
			break
		}
		if helpers[s.stems[j]] {
			return true
		}
	}
	return false
}

// reliefGoods, stemmed, name what aid hands over.
var reliefGoods = stemSet("medicine medical medication food vaccine supplies aid assistance relief tents blankets")

// punitive, stemmed, name measures taken against someone.
var punitive = stemSet("sanctions sanction boycott embargo punishment penalties expulsion")

// claims, stemmed, name what a denial answers.
var claims = stemSet("accusation allegation charge claim report involvement responsibility wrongdoing rumour rumor suggestion")

// deniesClaim reports whether the rejection at m answers a claim: an
// accusation or report follows it, or a denial takes a clause ("denied
// that ...", "denied sending ...").
func (s *sentence) deniesClaim(m patternMatch) bool {
	if s.wordFollows(m.end, 4, claims) {
		return true
	}
	if s.stems[m.end] != stem("deny") || m.end+1 >= len(s.lower) {
		return false
	}
	next := s.lower[m.end+1]
	return next == "that" || next == "having" || strings.HasSuffix(next, "ing") && s.toks[m.end+1].UPOS == "VERB"
}

// agreesWithView reports whether the AGREE trigger at m agrees with what
// someone thinks ("agreed with the Senate that ...", "agree with what
// Congress proposes"): an expression of accord, not an agreement to act.
func (s *sentence) agreesWithView(m patternMatch) bool {
	if s.stems[m.start] != stem("agree") || m.start != m.end || m.end+2 >= len(s.lower) || s.lower[m.end+1] != "with" {
		return false
	}
	if s.lower[m.end+2] == "what" {
		return true
	}
	for j := m.end + 2; j < len(s.lower) && j <= m.end+8; j++ {
		switch s.lower[j] {
		case "that":
			return s.toks[j].UPOS == "SCONJ"
		case ",", ";", "to", "on":
			return false
		}
	}
	return false
}

// awaited reports whether "ahead of" or "on the eve of" introduces the
// trigger at token i, an article or possessive allowed between.
func (s *sentence) awaited(i int) bool {
	j := i - 1
	if j >= 0 && (appositionWords[s.lower[j]] || s.lower[j] == "a" || s.lower[j] == "an") {
		j--
	}
	return j >= 1 && s.lower[j] == "of" && (s.lower[j-1] == "ahead" || s.lower[j-1] == "eve")
}

// whatWord opens a clause that names: "what he called lies".
var whatWord = stemSet("what")

// wordPrecedes reports whether a word of set (stemmed) comes within n words
// before token start, inside its clause.
func (s *sentence) wordPrecedes(start, n int, set map[string]bool) bool {
	return s.precedes(start, n, func(j int) bool { return set[s.stems[j]] })
}

// precedes reports whether a token within n words before token start,
// inside its clause, satisfies at.
func (s *sentence) precedes(start, n int, at func(j int) bool) bool {
	for j := start - 1; j >= 0 && j >= start-n; j-- {
		if clauseBreak[s.lower[j]] || s.lower[j] == "," {
			return false
		}
		if at(j) {
			return true
		}
	}
	return false
}

// wordFollows reports whether a word of set (stemmed) comes within n words
// after token end, inside its clause.
func (s *sentence) wordFollows(end, n int, set map[string]bool) bool {
	for j := end + 1; j < len(s.toks) && j <= end+n; j++ {
		if clauseBreak[s.lower[j]] || s.lower[j] == "," {
			return false
		}
		if set[s.stems[j]] {
			return true
		}
	}
	return false
}

// eventMeta is what the coder knows about an event beyond its fields.
type eventMeta struct {
	goods string           // equipment categories of its sentence
	date  string           // the date to assume if the event has none
	place *sitrep.Location // the place to assume if it has none
}

// homeCountry is the country a text is mostly about: the one most named by
// places and states, first named on ties. Unnamed people in an event with
// no place of its own are taken to belong to it.
func homeCountry(ms []sitrep.Mention, parts participants) string {
	count := map[string]int{}
	best := ""
	for _, m := range ms {
		if parts.credit(m) || m.Country == "" || m.Country == "IGO" || (m.Kind != sitrep.KindPlace && m.Kind != sitrep.KindState) {
			continue
		}
		count[m.Country]++
		if best == "" || count[m.Country] > count[best] {
			best = m.Country
		}
	}
	return best
}

// fillRecipient gives an event that names no recipient the one news
// coding implies: protests and coercion are aimed at their own country's
// authorities unless the text says otherwise ("protests roil Nairobi");
// other acts at the country where they happen, when that is not the
// actor's ("deployed troops in Mali"). Requests and rejections may have
// none.
func fillRecipient(ev *sitrep.Event, home string) {
	if countryKey(ev.Recipient) != "" {
		return
	}
	actor := ""
	for _, a := range ev.Actor {
		if a.Country != "" && a.Country != "IGO" {
			actor = a.Country
			break
		}
	}
	place := ""
	if ev.Location != nil && ev.Location.Country != "IGO" {
		place = ev.Location.Country
	}
	switch ev.Type {
	case "REQUEST", "REJECT":
		return
	case "PROTEST", "COERCE":
		c := cmp.Or(actor, place, home)
		if c == "" {
			return
		}
		ev.Recipient = []sitrep.Actor{{Country: c, Sector: "GOV", Name: "authorities"}}
		if ev.Type == "COERCE" {
			ev.Recipient[0].Sector, ev.Recipient[0].Name = "CVL", "people"
		}
	default:
		if place != "" && place != actor {
			ev.Recipient = []sitrep.Actor{{Country: place, Name: ev.Location.Name}}
		}
	}
}

func fillCountry(side []sitrep.Actor, c string) {
	for i := range side {
		if side[i].Country == "" && side[i].Sector != "IGO" {
			side[i].Country = c
		}
	}
}

// datelinePlace returns the place of the text's dateline ("KYIV
// (Reuters) —"), with its coordinates, or nil. A capital standing for its
// state there is the city, when the knowledge base can place it.
func (c *Coder) datelinePlace(ms []sitrep.Mention, p participants) *sitrep.Location {
	placer, _ := c.kb.(interface {
		Place(name, countryHint string) (sitrep.Location, bool)
	})
	for _, m := range ms {
		if m.Start >= p.datelineEnd {
			break
		}
		switch {
		case m.Kind == sitrep.KindPlace && m.Lat != nil:
			l := sitrep.Location{Name: m.Name, Country: m.Country, Lat: m.Lat, Lon: m.Lon}
			if l.Name == "" {
				l.Name = m.Text
			}
			return &l
		case m.Kind == sitrep.KindState && placer != nil:
			if l, ok := placer.Place(m.Text, m.Country); ok && l.Lat != nil && l.Country == m.Country {
				return &l
			}
		}
	}
	return nil
}

// participants holds what tells a text's participants from the mentions
// that only credit the story: those in its dateline ("KYIV (Reuters) —")
// and news agencies in brackets ("(AFP)").
type participants struct {
	text        string
	datelineEnd int
}

func newParticipants(text string) participants {
	return participants{text: text, datelineEnd: datelineEnd(text)}
}

// credit reports whether m only credits the story.
func (p participants) credit(m sitrep.Mention) bool {
	return m.End <= p.datelineEnd ||
		m.Sector == "MED" && m.Start > 0 && p.text[m.Start-1] == '(' && m.End < len(p.text) && p.text[m.End] == ')'
}

// only returns the mentions of ms that are participants. It shares ms's
// array unless a credit must go from inside it: a long text's mentions
// are the bulk of what coding it holds, and are not copied whole.
func (p participants) only(ms []sitrep.Mention) []sitrep.Mention {
	for len(ms) > 0 && p.credit(ms[0]) {
		ms = ms[1:]
	}
	for i, m := range ms {
		if !p.credit(m) {
			continue
		}
		out := make([]sitrep.Mention, i, len(ms)-1)
		copy(out, ms[:i])
		for _, m := range ms[i+1:] {
			if !p.credit(m) {
				out = append(out, m)
			}
		}
		return out
	}
	return ms
}

// recognizeSection is the most text the knowledge base reads at once. It
// holds tens of bytes per byte of text while it reads (tokens, candidate
// names), so a long text is read in sections cut at paragraph breaks, and
// what coding it holds at once stays a small multiple of the text. No
// article ingest accepts is longer (ingest.MaxTextBytes), so a section is
// a whole article: only longer texts given to Code directly are cut, and
// which reading a name gets then depends on its section alone.
const recognizeSection = 256 << 10

// recognize finds the knowledge base's entities in text, section by
// section; offsets are into text.
func (c *Coder) recognize(text, date string) []sitrep.Mention {
	if len(text) <= recognizeSection {
		return c.kb.Recognize(text, date)
	}
	var sections [][]sitrep.Mention
	n := 0
	for start := 0; start < len(text); {
		end := sectionEnd(text, start, recognizeSection)
		ms := c.kb.Recognize(text[start:end], date)
		for i := range ms {
			ms[i].Start += start
			ms[i].End += start
		}
		sections = append(sections, ms)
		n += len(ms)
		start = end
	}
	// One array of the exact size: appending would leave up to as much
	// again unused.
	out := make([]sitrep.Mention, 0, n)
	for _, ms := range sections {
		out = append(out, ms...)
	}
	return out
}

// sectionEnd returns where a section of text starting at start and at
// most n bytes long ends: after the last paragraph break, else line break,
// else sentence end, else space in its second half, else at n bytes (on a
// character boundary).
func sectionEnd(s string, start, n int) int {
	if len(s)-start <= n {
		return len(s)
	}
	return start + text.Cut(s[start:], n, n/2, "\n\n", "\n", ". ", " ")
}

func mentionsIn(ms []sitrep.Mention, start, end int) []sitrep.Mention {
	i := sort.Search(len(ms), func(i int) bool { return ms[i].Start >= start })
	j := i
	for j < len(ms) && ms[j].End <= end {
		j++
	}
	return ms[i:j]
}

// overlaps reports whether two comma-separated lists share an element.
func overlaps(a, b string) bool {
	for _, x := range strings.Split(a, ",") {
		for _, y := range strings.Split(b, ",") {
			if x == y {
				return true
			}
		}
	}
	return false
}

// goodsOf lists the equipment categories named in a sentence.
func (s *sentence) goodsOf() string {
	var cs []string
	for _, e := range s.equipment {
		if e.m.Category != "" && e.m.Category != "other" && !slices.Contains(cs, e.m.Category) {
			cs = append(cs, e.m.Category)
		}
	}
	sort.Strings(cs)
	return strings.Join(cs, ",")
}

func allSector(as []sitrep.Actor, sector string) bool {
	for _, a := range as {
		if a.Sector != sector {
			return false
		}
	}
	return true
}

func countryKey(as []sitrep.Actor) string {
	var cs []string
	for _, a := range as {
		if a.Country != "" {
			cs = append(cs, a.Country)
		}
	}
	sort.Strings(cs)
	return strings.Join(cs, ",")
}

// sentence is the working state for one sentence.
type sentence struct {
	doc       string // the whole text the offsets refer to
	span      text.Span
	index     int
	toks      []nlp.Token // the parser's tokens, offsets into doc
	stems     []string
	lower     []string
	parts     []participant
	places    []placeRef
	dates     []dateMatch
	pub       time.Time
	tokOf     map[int]int  // byte offset of a token start → token index
	cands     []*candidate // every trigger match, accepted or not
	speech    []speech
	typeP     []float64 // the sentence model's probability of each type
	lex       *lexicon
	c         *Coder
	disc      *discourse // nil for the title
	hooks     *hooks
	outlet    string // the document's outlet, the source of what it asserts
	events    []sitrep.Event
	transfers []sitrep.Transfer
	equipment []participant
	covered   [][2]int // token ranges of names that cannot hold a trigger
	dep       *depTree // nil without a parser
}

// participant is an actor mention located on the token sequence.
type participant struct {
	m          sitrep.Mention
	start, end int // token indexes, end exclusive
	locative   bool
	// ref marks a pronoun or description ("it", "the ministry") that
	// stands for an actor named earlier; m then describes that actor.
	ref bool
	// group is non-zero for the members of one referring expression that
	// stands for several actors ("they", "the two countries").
	group int
}

type placeRef struct {
	loc        sitrep.Location
	category   string // gazetteer feature type
	start, end int
	locative   bool
	// modifier marks a place naming something else ("near the Jalandhar
	// bypass in Ludhiana"): the thing is near it, the event elsewhere.
	modifier bool
}

var participantKinds = map[string]bool{
	sitrep.KindState: true, sitrep.KindInstitution: true, sitrep.KindAgent: true, sitrep.KindPerson: true,
	sitrep.KindIGO: true, sitrep.KindArmedGroup: true,
}

var locativePreps = map[string]bool{
	"in": true, "inside": true, "near": true, "at": true, "over": true, "across": true, "throughout": true,
	"into": true, "outside": true, "around": true, "within": true, "from": true, "to": true, "toward": true,
	"towards": true, "off": true, "northern": true, "southern": true, "eastern": true, "western": true,
	"central": true, "northeast": true, "northwest": true, "southeast": true, "southwest": true,
	"north": true, "south": true, "east": true, "west": true, "northeastern": true, "northwestern": true,
	"southeastern": true, "southwestern": true,
}

func (c *Coder) analyse(doc string, sp text.Span, index int, ms []sitrep.Mention, pub time.Time, anchor, outlet string, disc *discourse, h *hooks) *sentence {
	s := &sentence{doc: doc, span: sp, index: index, pub: pub, lex: c.lex, c: c, disc: disc, hooks: h, outlet: outlet}
	if h.timed {
		t0 := time.Now()
		s.dep = c.parse(sp, ms)
		h.parse += time.Since(t0)
		h.tokens += len(s.dep.toks)
	} else {
		s.dep = c.parse(sp, ms)
	}
	s.toks = s.dep.toks
	s.stems = make([]string, len(s.toks))
	s.lower = make([]string, len(s.toks))
	s.tokOf = make(map[int]int, len(s.toks))
	for i := range s.toks {
		s.lower[i] = strings.ToLower(s.toks[i].Text)
		s.stems[i] = stem(s.toks[i].Text)
		s.tokOf[s.toks[i].Start] = i
	}
	for _, m := range ms {
		st, en := s.tokenRange(m.Start, m.End)
		if st < 0 {
			continue
		}
		loc := st > 0 && s.isLocativeBefore(st)
		if m.Kind != sitrep.KindAgent {
			s.covered = append(s.covered, [2]int{st, en})
		}
		switch {
		case m.Kind == sitrep.KindPlace:
			l := sitrep.Location{Name: m.Name, Country: m.Country, Lat: m.Lat, Lon: m.Lon}
			if l.Name == "" {
				l.Name = m.Text
			}
			s.places = append(s.places, placeRef{l, m.Category, st, en, loc, s.placeModifier(st, en)})
		case m.Kind == sitrep.KindEquipment:
			s.equipment = append(s.equipment, participant{m: m, start: st, end: en})
			// Equipment operated by a named side ("Russian Su-35 jets") acts for it.
			if m.Country != "" {
				s.parts = append(s.parts, participant{m: m, start: st, end: en})
			}
		case participantKinds[m.Kind]:
			if m.Kind == sitrep.KindState && loc {
				s.places = append(s.places, placeRef{sitrep.Location{Name: m.Name, Country: m.Country}, "country", st, en, true, false})
				continue
			}
			s.parts = append(s.parts, participant{m: m, start: st, end: en, locative: loc})
		}
	}
	s.addGenericAgents()
	s.addProperNames()
	s.ofCountry()
	s.possessed()
	// Pronouns and descriptions are resolved once the speakers are known
	// ("we" inside a quote); speakers are then found again, as a pronoun
	// may have been one ("he said").
	s.findSpeech()
	s.resolve(disc)
	s.fillDescriptions(disc)
	s.speech = nil
	s.findSpeech()
	s.dates = findDates(sp.Text, pub, parsePublished(anchor))
	for i := range s.dates {
		s.dates[i].start += sp.Start
		s.dates[i].end += sp.Start
	}
	c.findEvents(s)
	if h.sent != nil {
		h.sent(s)
	}
	findTransfers(s)
	return s
}

// tokenRange maps byte offsets to a token range [st, en); -1 if none.
func (s *sentence) tokenRange(start, end int) (int, int) {
	st, en := -1, -1
	for i, t := range s.toks {
		if t.End > start && t.Start < end {
			if st < 0 {
				st = i
			}
			en = i + 1
		}
	}
	return st, en
}

// locatedEvent reports whether the act at token i has a place with a
// country.
func (s *sentence) locatedEvent(i int) bool {
	l := s.locationFor(i)
	return l != nil && l.Country != "" && l.Country != "IGO"
}

// placeModifier reports whether the place at tokens [st, en) modifies a
// common noun after it, as in "the Jalandhar bypass" or "the Kirkuk
// road", rather than being the place itself ("the Aleppo countryside").
func (s *sentence) placeModifier(st, en int) bool {
	if st == 0 || s.lower[st-1] != "the" || en >= len(s.toks) {
		return false
	}
	w := s.toks[en].Text
	if w == "" || !unicode.IsLower(rune(w[0])) || placeNouns[s.lower[en]] {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return !functionWord(s.lower[en])
}

// placeNouns are the nouns that follow a place name as part of it.
var placeNouns = map[string]bool{
	"city": true, "town": true, "village": true, "villages": true, "district": true, "province": true,
	"governorate": true, "region": true, "area": true, "countryside": true, "outskirts": true,
	"suburbs": true, "camp": true, "oblast": true, "county": true, "state": true, "neighbourhood": true,
	"neighborhood": true, "municipality": true, "front": true, "frontline": true, "sector": true,
}

// functionWord reports whether w is a closed-class word that can follow a
// place name without it modifying anything ("the Aleppo of old", "the
// Gaza that was").
func functionWord(w string) bool {
	switch w {
	case "and", "or", "but", "of", "in", "on", "at", "to", "for", "from", "by", "with", "that", "which",
		"who", "as", "is", "was", "were", "are", "has", "had", "have", "be", "been", "said", "says":
		return true
	}
	return false
}

// isLocativeBefore reports whether token i is introduced by a locative
// preposition, allowing "the" and direction adjectives in between.
func (s *sentence) isLocativeBefore(i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		w := s.lower[j]
		if w == "the" || w == "of" && j > 0 && locativePreps[s.lower[j-1]] {
			continue
		}
		switch w {
		case "in", "inside", "near", "at", "across", "throughout", "into", "outside", "around", "within", "over", "off":
			return true
		}
		if !locativePreps[w] {
			return false
		}
	}
	return false
}

// insideMention reports whether tokens [st, en] lie inside a recognised
// name ("Bradley Fighting Vehicle" is no fight) other than an agent noun.
func (s *sentence) insideMention(st, en int) bool {
	for _, r := range s.covered {
		if st >= r[0] && en < r[1] {
			return true
		}
	}
	return false
}

func (c *Coder) findEvents(s *sentence) {
	question := strings.HasSuffix(strings.TrimSpace(s.span.Text), "?")
	var matches []patternMatch
	alt := map[int]bool{} // index in matches: another reading of a trigger
	for i := 0; i < len(s.stems); i++ {
		var best *patternMatch
		var fits []patternMatch
		// A passive match first: on equal length the first wins, and
		// "shells were sent" is more than "sent".
		found := append(s.passiveMatches(c.lex, i), c.lex.match(s.stems, i)...)
		for _, m := range append(found, s.modifierMatches(c.lex, i)...) {
			m := m
			// With a parse, a verb pattern needs a verb and a noun pattern
			// a noun: "the latest sign of" is no signing.
			if !s.posFits(m) || !s.cameoFits(m) {
				continue
			}
			fits = append(fits, m)
			// On equal length, the pattern whose part of speech the
			// parse agrees with: the noun "strikes" is no verb.
			if best == nil || m.beats(best) {
				best = &m
			}
		}
		if best != nil {
			if !best.p.flags["self"] && s.insideMention(best.start, best.end) {
				continue
			}
			matches = append(matches, *best)
			// The readings of other types the lexicons give the same
			// words ("released" a prisoner or a statement) are candidates
			// too, for the event model to weigh.
			types := map[string]bool{best.p.typ: true}
			for _, m := range fits {
				if types[m.p.typ] || m.p.typ == noEvent || best.p.typ == noEvent {
					continue
				}
				types[m.p.typ] = true
				alt[len(matches)] = true
				matches = append(matches, m)
			}
			i = best.end
		}
	}
	requested := -1 // end of the last REQUEST trigger
	var accepted []sitrep.Event
	for k, m := range matches {
		c := s.candidate(m)
		if alt[k] {
			c.object("alternative")
		}
		if question {
			c.object("question")
		}
		// What is asked for ("urged Russia to stop", "demanded that
		// Moscow withdraw") has not happened.
		if m.p.typ == noEvent {
			c.object("no-event phrase")
		}
		// "..., killing five fighters": the outcome of an attack already
		// coded in the sentence, not another attack.
		if m.p.typ == "ASSAULT" && m.start > 0 && s.lower[m.start-1] == "," && strings.HasSuffix(s.lower[m.start], "ing") && hasType(accepted, "ASSAULT") {
			c.object("outcome")
		}
		// "condemned the strikes": a definite event noun refers to an event
		// told elsewhere; it is the object of this act, not a new one.
		if (m.p.flags["noun"] || s.toks[m.end].UPOS == "NOUN") && m.start > 0 && definite[s.lower[m.start-1]] && len(accepted) > 0 && s.modifierGroup(m.start) == nil {
			c.object("definite noun")
		}
		if requested >= 0 && m.start-requested <= 8 && !s.breakBetween(requested+2, m.start) {
			c.object("requested")
		}
		if why := s.nonEventSense(m); why != "" {
			c.object(why)
		}
		if m.p.typ == "REQUEST" {
			requested = m.end
		}
		s.cands = append(s.cands, c)
		if c.ok() {
			accepted = append(accepted, c.ev)
		}
	}
	// Acts that speech implies by its content: judgements, demands, threats.
	for _, cd := range s.impliedActs(s.cands) {
		for _, o := range accepted {
			if o.Type == cd.ev.Type && countryKey(o.Actor) == countryKey(cd.ev.Actor) && countryKey(o.Recipient) == countryKey(cd.ev.Recipient) {
				cd.object("stated")
			}
		}
		if question {
			cd.object("question")
		}
		s.cands = append(s.cands, cd)
	}
	// The sentence model's reading of the whole sentence, which the event
	// model weighs.
	if s.c.models["type:"+ploverTypes[0]] != nil {
		var f feats
		s.spanFeatures(&f)
		f.add("src", "news")
		s.typeP = typeProbs(s.c.models, &f)
	}
	for _, cd := range s.cands {
		s.attribute(cd, s.outlet)
		cd.accept = cd.ok()
		// The headline's events are judged by the rules: most restate the
		// body and merge into its events, and the rest are what the story
		// is about.
		if m := s.c.models["event"]; m != nil && cd.m.p.typ != noEvent && s.index >= 0 {
			var f feats
			s.eventFeatures(cd, &f)
			f.add("src", "news")
			cd.p = m.scores(&f, nil)[1]
			cd.accept = cd.p >= s.c.threshold && !cd.hard()
		}
		if s.hooks.cand != nil {
			s.hooks.cand(s, cd)
		}
	}
	s.dropUnlikelier()
	s.foldNested()
	for _, cd := range s.cands {
		if cd.accept {
			s.events = append(s.events, cd.ev)
		}
	}
	// The main clause's event first: it is what the sentence reports.
	if len(s.events) > 1 {
		sort.SliceStable(s.events, func(a, b int) bool {
			return s.depth(s.tokOf[s.events[a].Trigger.Start]) < s.depth(s.tokOf[s.events[b].Trigger.Start])
		})
	}
}

// relativeFloor is how likely, against the sentence's likeliest event, a
// second event must be to stand: a sentence states one act far more often
// than several, and a reading the event model finds four times less
// likely than another is mostly a background mention, an outcome or
// another sense of a word (chosen by cross-validation on the dev news:
// 0.15 to 0.5 all help, 0.25 most).
const relativeFloor = 0.25

// dropUnlikelier rejects the accepted candidates of a body sentence whose
// event-model probability is below relativeFloor times the likeliest one's.
func (s *sentence) dropUnlikelier() {
	if s.c.models["event"] == nil || s.index < 0 {
		return
	}
	best := 0.0
	for _, cd := range s.cands {
		if cd.accept && cd.p > best {
			best = cd.p
		}
	}
	for _, cd := range s.cands {
		if cd.accept && cd.p < relativeFloor*best {
			cd.accept = false
		}
	}
}

// selfContainedNoun types: their event nouns take the clause's subject as
// doer even without a light verb.
var selfContainedNoun = map[string]bool{"ASSAULT": true, "PROTEST": true, "COERCE": true, "COOPERATE": true}

// reciprocal types split "A and B did X" into A → B, symmetric.
var reciprocal = map[string]bool{"ACCUSE": true, "THREATEN": true, "CONSULT": true, "COOPERATE": true, "AGREE": true}

var beForms = map[string]bool{"was": true, "were": true, "been": true, "being": true, "is": true, "are": true, "be": true, "got": true, "get": true}

var adverbs = map[string]bool{"reportedly": true, "allegedly": true, "also": true, "repeatedly": true, "already": true,
	"recently": true, "now": true, "then": true, "later": true, "again": true, "still": true, "first": true, "just": true,
	"apparently": true, "jointly": true, "successfully": true, "finally": true, "once": true, "further": true,
	"heavily": true, "directly": true, "strongly": true, "publicly": true, "formally": true, "officially": true,
	"reported": false}

var negators = map[string]bool{"not": true, "n't": true, "never": true, "no": true, "without": true, "nor": true, "neither": true, "nobody": true, "none": true,
	// What is prohibited did not happen: "prohibits the supply of".
	"prohibit": true, "prohibits": true, "prohibited": true, "forbids": true, "forbade": true, "bans": true, "banned": true}

var modals = map[string]bool{"would": true, "could": true, "might": true, "may": true, "should": true, "if": true,
	"unless": true, "whether": true, "will": true, "shall": true, "can": true, "must": true, "plan": true,
	"plans": true, "planned": true, "planning": true, "intend": true, "intends": true, "likely": true,
	"expected": true, "anticipated": true, "wants": true, "want": true, "hope": true, "hopes": true, "seek": true,
	"seeking": true, "seeks": true, "aim": true, "aims": true, "to": true,
	"able": true, "threatened": true, "threatens": true, "threaten": true,
	// Nouns that make what follows a prospect, not an act: "the
	// possibility of missile strikes", "permission to transfer".
	"possibility": true, "prospect": true, "permission": true, "idea": true, "risk": true}

// speechActs are types whose trigger may take a that-clause.
var speechActs = map[string]bool{"REQUEST": true, "ACCUSE": true, "REJECT": true, "THREATEN": true, "SUPPORT": true}

// definite determiners make an event noun refer back.
var definite = map[string]bool{"the": true, "this": true, "these": true, "those": true, "that": true}

func hasType(evs []sitrep.Event, typ string) bool {
	for _, ev := range evs {
		if ev.Type == typ {
			return true
		}
	}
	return false
}

// reportedBefore reports a speech verb before token j in the sentence
// ("said", "announced"), which makes a following "would" a reported intent.
func (s *sentence) reportedBefore(j int) bool {
	for k := j - 1; k >= 0; k-- {
		switch s.stems[k] {
		case stem("said"), stem("say"), stem("announced"), stem("told"), stem("stated"), stem("declared"), stem("promised"), stem("insisted"):
			return true
		}
	}
	return false
}

// cancels, stemmed, call off what follows them.
var cancels = stemSet("cancel cancels cancelled canceled cancelling canceling scrap scrapped scraps")

// preventers, stemmed, keep an act from happening: "banned from selling".
var preventers = stemSet("prohibit ban bar prevent stop refrain block restrain deter dissuade")

// refusals, stemmed, say that the act after them ("refused to X",
// "failed to X", "reluctant to X") did not take place.
var refusals = stemSet("refuse refused refuses refusing decline declined declines declining " +
	"fail failed fails failing unwilling reluctant")

// refusal reports whether the negator at token j states a refusal of a
// cooperative act of type typ: "will not lift the ban", "won't sign", "said
// it would not meet the demands". A refusal is REJECT.
func (s *sentence) refusal(j int, typ string) bool {
	switch sitrep.QuadOf(typ) {
	case sitrep.QuadVerbalCooperation, sitrep.QuadMaterialCooperation:
	default:
		return false
	}
	if s.lower[j] != "not" && s.lower[j] != "n't" && s.lower[j] != "never" || j == 0 {
		return false
	}
	switch s.lower[j-1] {
	case "will", "wo", "shall", "'ll":
		return true
	case "would":
		return s.reportedBefore(j - 1)
	}
	return false
}

// intentWords state a commitment to act. A decision is not among them: it
// is the act itself ("decided to ease curfew hours"), as CAMEO codes it.
var intentWords = map[string]bool{"will": true, "shall": true, "plans": true, "plan": true, "planned": true,
	"planning": true, "intends": true, "intend": true, "intended": true, "pledged": true, "vowed": true,
	"pledges": true, "vows": true, "promises": true, "swore": true, "sworn": true, "swears": true,
	"promised": true, "announced": true, "'ll": true, "willing": true, "committed": true,
	"prepared": true, "ready": true, "readiness": true, "willingness": true, "determination": true}

// clauseBreak are words that end the search for a participant.
var clauseBreak = map[string]bool{";": true, ":": true, "which": true, "who": true, "whom": true, "where": true,
	"while": true, "but": true, "although": true, "though": true, "whereas": true, "because": true,
	"after": true, "before": true, "when": true, "since": true, "unless": true, "if": true, "as": true,
	"that": true, "until": true, "—": true, "–": true}

func (s *sentence) candidate(m patternMatch) *candidate {
	c := &candidate{m: m}
	p := m.p
	// Negation and modality in the few words before the trigger. A stated
	// intent ("will meet", "plans to supply") is itself an act: a promise
	// (AGREE) for cooperative types, a threat for coercive ones. Anything
	// more hedged ("could", "may", "likely to") is not coded.
	typ, intent := p.typ, false
	retyped := "" // why typ is not p.typ, for the rule, when not intent
	if p.flags["needobj"] && !s.hasObject(m.start) {
		c.object("no object")
	}
	if p.typ == "AGREE" && s.agreesWithView(m) {
		c.object("opinion")
	}
	// "what Trudeau called credible allegations": calling names a thing;
	// it is no phone call.
	if p.typ == "CONSULT" && s.stems[m.start] == stem("call") && s.wordPrecedes(m.start, 6, whatWord) {
		c.object("naming")
	}
	// "ahead of a visit by Trump", "on the eve of a summit": what is
	// awaited has not happened yet.
	if s.awaited(m.start) {
		c.object("upcoming")
	}
	if (p.typ == "REQUEST" || p.typ == "ACCUSE") && s.protestContent(m.start) {
		c.object("protest content")
	}
	if (p.typ == "ASSAULT" || p.typ == "COERCE") && !p.flags["noun"] && s.naturalCause(m.start) {
		c.object("disaster")
	}
	// "cancelled a planned visit", "called off the talks": what was
	// cancelled did not take place (the cancelling is coded on its own).
	calledOff := func(j int) bool {
		return cancels[s.stems[j]] || s.lower[j] == "off" && j > 0 && s.stems[j-1] == stem("call")
	}
	if s.precedes(m.start, 5, calledOff) {
		c.object("refused")
	}
	for j := m.start - 1; j >= 0 && j >= m.start-4; j-- {
		w := s.lower[j]
		if negators[w] {
			if s.refusal(j, typ) {
				typ, retyped = "REJECT", " (a refusal)"
				break
			}
			c.object("negated")
			break
		}
		if clauseBreak[w] || w == "," {
			break
		}
		if p.flags["future"] {
			continue
		}
		// "Theresa May" is no modal.
		if w != s.toks[j].Text && j > 0 {
			continue
		}
		switch {
		case (w == "announced" || w == "announces") && (p.flags["noun"] || s.toks[m.start].UPOS == "NOUN"):
			// "announced sanctions", "announced a new aid package": the
			// announcement is the act, not a plan of it.
		case intentWords[w]:
			intent = true
		case w == "would" && s.reportedBefore(j):
			intent = true // "said they would release": a reported intent
		case w == "to" && j > 0 && intentWords[s.lower[j-1]]:
			intent = true
		case w == "to" && j == m.start-1 && j > 0 && refusals[s.stems[j-1]]:
			// "refused to sign", "failed to stop": what was refused or
			// failed did not happen (the refusal is coded on its own).
			// Only the verb right after it: in "refused to condemn the
			// attack" the attack took place.
			c.object("refused")
		case w == "from" && j == m.start-1 && j > 0 && preventers[s.stems[j-1]]:
			// "is prohibited from supplying", "were prevented from
			// entering": what was kept from happening did not happen.
			c.object("refused")
		case w == "to" && j > 0 && isEventVerb(s.stems[j-1]):
		case modals[w]:
			c.object("modal")
		}
		if intent || len(c.why) > 0 {
			break
		}
	}
	if intent {
		switch sitrep.QuadOf(typ) {
		case "verbal_cooperation", "material_cooperation", "statement":
			if typ != "MOBILIZE" && typ != "AGREE" {
				typ = "AGREE"
			}
		default:
			if typ != "MOBILIZE" && typ != "THREATEN" {
				typ = "THREATEN"
			}
		}
	}
	// A promise of harm is a threat: "vowed to extend a crackdown on
	// migrants", "promised appropriate action against Pyongyang".
	// (A future pattern's type is never changed by the intent above.)
	harm := p.typ == "AGREE" && p.flags["future"] && promiseWords[s.stems[m.start]] && s.promisesHarm(m.end)
	if harm {
		typ = "THREATEN"
	}
	passive := false
	// "rebel groups supported by the United States": a participle with
	// its agent is passive even without an auxiliary.
	if !p.flags["noun"] && m.end+1 < len(s.lower) && s.lower[m.end+1] == "by" &&
		(strings.HasSuffix(s.lower[m.start], "ed") || irregular[s.lower[m.start]] != "") {
		passive = true
	}
	// "Given the ..." opening a sentence is a preposition.
	if m.start == 0 && s.toks[0].Text == "Given" {
		c.object("preposition")
	}
	if !p.flags["noun"] && !passive && !p.flags["stative"] {
		for j := m.start - 1; j >= 0 && j >= m.start-3; j-- {
			if beForms[s.lower[j]] {
				passive = strings.HasSuffix(s.lower[m.start], "ed") || irregular[s.lower[m.start]] != ""
				break
			}
			if !adverbs[s.lower[j]] {
				break
			}
		}
	}
	var actor, recip []participant
	switch {
	case p.flags["self"]:
		for _, pt := range s.parts {
			if pt.start <= m.start && pt.end > m.start {
				actor = []participant{pt}
			}
		}
		if actor == nil {
			actor = s.leftGroup(m.start, true)
		}
	case p.flags["noun"]:
		actor = s.modifierGroup(m.start)
		if by := s.afterWord(m.end, "by"); by != nil {
			actor = by
		}
		// Without a modifier, the subject of the clause acts only when a
		// light verb carries the noun ("staged a protest") or the noun is
		// of a kind that names its doer nearby (violence, protest, coercion,
		// cooperation).
		if actor == nil && (s.lightVerbBefore(m.start) || selfContainedNoun[p.typ]) {
			actor = s.leftGroup(m.start, false)
		}
		recip = s.afterPreps(m.end, "on", "against", "at", "with", "between", "targeting")
		if p.flags["sym"] && len(actor) == 0 && len(recip) > 1 {
			actor, recip = recip[:1], recip[1:]
		}
	case passive:
		recip = s.leftGroup(m.start, false)
		actor = s.afterWord(m.end, "by")
		// "the missile had been supplied by Iran to rebels": what is given
		// is the subject, whom it is given to follows "to".
		if p.typ == "AID" {
			if to := s.afterWord(m.end, "to"); to != nil {
				recip = to
			}
		}
	default:
		actor = s.leftGroup(m.start, false)
		if !p.flags["norecip"] {
			recip = s.rightGroup(m.end)
			// "demanded that Hamas renounce ...": the addressee of a
			// speech act is the subject of its complement clause.
			if recip == nil && speechActs[p.typ] && m.end+1 < len(s.lower) && s.lower[m.end+1] == "that" {
				recip = s.rightGroup(m.end + 1)
			}
		} else {
			recip = s.afterPreps(m.end, "against")
		}
	}
	if sa, sr, ok := s.syntaxRoles(m); ok && !p.flags["self"] {
		if sa != nil {
			actor = sa
		}
		if sr != nil {
			recip = sr
		}
	}
	if len(recip) == 0 && (p.typ == "ASSAULT" || p.typ == "COERCE") && !passive {
		recip = s.victimAfter(m.end)
	}
	// "attacked the Ukrainian capital", "shelled Kharkiv": a place as the
	// object stands for its country.
	if (p.typ == "ASSAULT" || p.typ == "COERCE") && !passive && !p.flags["noun"] {
		if pl := s.placeObject(m.end); pl != nil && pl.loc.Country != "" {
			if len(recip) == 0 || recip[0].start > pl.start {
				recip = []participant{{m: sitrep.Mention{Kind: sitrep.KindPlace, Text: pl.loc.Name, Country: pl.loc.Country}, start: pl.start, end: pl.end}}
			}
		}
	}
	// Who reports an act is its source, not its actor, unless the parse
	// makes them its subject ("the monitor observed explosions").
	if sp := s.speechOf(c.triggerHead()); sp != nil && len(actor) > 0 && s.sameParts(actor, sp.speaker) {
		if sa, _, ok := s.syntaxRoles(m); !ok || sa == nil || !s.sameParts(sa, actor) {
			actor = nil
		}
	}
	// "condemned the attack": the recipient is whoever made it.
	if !passive && !p.flags["noun"] {
		if ref := s.eventReferent(m.start, typ); ref != nil && !s.sameSide(ref, actor) {
			recip = ref
		}
	}
	c.actor, c.recip = actor, recip
	if rm := s.c.models["role"]; rm != nil && !p.flags["self"] {
		actor, recip = s.modelRoles(rm, c, typ)
	} else if am, rm := s.c.models["actor"], s.c.models["recipient"]; am != nil && rm != nil && !p.flags["self"] {
		actor, recip = s.rankRoles(am, rm, c, typ)
	}
	// A protest implies protesters, even unnamed ("a demonstration took
	// place in Dar'a"), and violence in a named place its victims ("the
	// monitors observed explosions near Sokilnyky"): both are placed below.
	if len(actor) == 0 && len(recip) == 0 && typ != "PROTEST" && (typ != "ASSAULT" || !s.locatedEvent(m.start)) {
		c.object("no participants")
	}
	// Violence or coercion by a crowd ("residents beat up a gendarmerie
	// commander", "villagers blocked the road") is rioting, as conflict
	// data sets code it: a protest, not an armed attack.
	if (typ == "ASSAULT" || typ == "COERCE") && crowd(actor) {
		typ, retyped = "PROTEST", " (a crowd's: rioting)"
	}
	// A state's boycott is a sanction (CAMEO 163: embargo, boycott or
	// sanctions); a people's is a protest.
	if typ == "PROTEST" && s.stems[m.start] == stem("boycott") && states(actor) {
		typ, retyped = "SANCTION", " (a state's)"
	}
	// Sending peacekeepers, observers, rescuers or trainers is help, not a
	// show of force ("deploying 300 troops to the UN peacekeeping mission
	// in Mali").
	if typ == "MOBILIZE" && s.helpMission(m) {
		typ, retyped = "AID", " (a mission to help)"
	}
	// Handing over medicine or supplies is aid, not a concession ("Swiss
	// doctors handed over 700 kg of medicine to the Red Crescent").
	if typ == "CONCEDE" && s.stems[m.start] == stem("hand") && s.wordFollows(m.end, 6, reliefGoods) {
		typ, retyped = "AID", " (relief goods)"
	}
	// A ceasefire one side declares is its own step back, however it is
	// described ("Ghani declared a provisional three-month ceasefire");
	// one agreed, or announced by both sides, stays AGREE.
	if typ == "AGREE" && p.flags["noun"] && s.declaredByOne(m) {
		typ, retyped = "RETREAT", " (declared by one side)"
	}
	ev := sitrep.Event{Type: typ, Mode: p.mode, Rule: p.rule, Sentence: s.index, Start: s.span.Start, End: s.span.End,
		Evidence: s.span.Text}
	ev.Trigger = sitrep.Span{Start: s.toks[m.start].Start, End: s.toks[m.end].End, Text: s.doc[s.toks[m.start].Start:s.toks[m.end].End]}
	ev.Actor = actors(actor)
	ev.Recipient = actors(recip)
	// Talking to the press is how events are reported, not an event.
	if ev.Type == "CONSULT" && len(ev.Recipient) > 0 && allSector(ev.Recipient, "MED") {
		c.object("press")
	}
	// Drop a recipient that is the actor itself.
	if countryKey(ev.Actor) != "" && countryKey(ev.Actor) == countryKey(ev.Recipient) && ev.Type != "ASSAULT" {
		ev.Recipient = []sitrep.Actor{}
	}
	if p.flags["needrecip"] && len(ev.Recipient) == 0 {
		c.object("no recipient")
	}
	if p.flags["sym"] || reciprocal[ev.Type] {
		if len(ev.Recipient) == 0 && len(ev.Actor) > 1 {
			ev.Actor, ev.Recipient = ev.Actor[:1], ev.Actor[1:]
		}
		ev.Symmetric = len(ev.Recipient) > 0
	}
	switch {
	case harm:
		ev.Mode, ev.Rule = "", p.rule+" (a promise of harm)"
	case typ == "PROTEST" && retyped != "":
		ev.Mode, ev.Rule = "riot", p.rule+retyped
	case typ == "RETREAT" && retyped != "":
		ev.Mode, ev.Rule = "ceasefire", p.rule+retyped
	case retyped != "":
		ev.Mode, ev.Rule = "", p.rule+retyped
	case typ != p.typ:
		ev.Mode, ev.Rule = "", p.rule+" (stated intent)"
	}
	if ev.Mode == "" && typ == p.typ {
		ev.Mode = s.inferMode(ev.Type, m)
	}
	// A call for measures against someone ("called for sanctions against
	// Turkey") is a demand, not an appeal.
	if ev.Type == "REQUEST" && ev.Mode == "appeal" && s.wordFollows(m.end, 4, punitive) {
		ev.Mode = "demand"
	}
	// Denying an accusation ("rejected accusations that ...", "denied
	// charges of fraud", "denied sending troops") answers a claim; it does
	// not turn down a request.
	if ev.Type == "REJECT" && ev.Mode == "" && s.deniesClaim(m) {
		ev.Mode = "deny"
	}
	ev.CAMEO, ev.Quad, ev.Goldstein = sitrep.Classify(ev.Type, ev.Mode)
	ev.Date = s.dateFor(m.start)
	ev.Location = s.locationFor(m.start)
	// An attack on a place with no named target is directed at that
	// place's country.
	if ev.Type == "ASSAULT" && len(ev.Recipient) == 0 && ev.Location != nil && ev.Location.Country != "" {
		ev.Recipient = []sitrep.Actor{{Country: ev.Location.Country, Name: ev.Location.Name}}
	}
	// Violence with victims but no named perpetrator is, as conflict data
	// sets code it, by an unidentified group of the country where it
	// happened.
	if ev.Type == "ASSAULT" && len(ev.Actor) == 0 && len(ev.Recipient) > 0 && ev.Location != nil && ev.Location.Country != "" {
		ev.Actor = []sitrep.Actor{{Country: ev.Location.Country, Name: "unidentified"}}
	}
	if ev.Type == "PROTEST" && len(ev.Actor) == 0 {
		if ev.Location == nil || ev.Location.Country == "" || ev.Location.Country == "IGO" {
			c.object("no protesters")
		} else {
			ev.Actor = []sitrep.Actor{{Country: ev.Location.Country, Sector: "CVL", Name: "protesters"}}
		}
	}
	// Unnamed people and groups ("gunmen", "workers") belong to the country
	// where the event happened.
	if ev.Location != nil && ev.Location.Country != "" {
		for _, side := range [][]sitrep.Actor{ev.Actor, ev.Recipient} {
			for i := range side {
				if side[i].Country == "" && side[i].Sector != "IGO" {
					side[i].Country = ev.Location.Country
				}
			}
		}
	}
	c.ev, c.intent, c.passive = ev, typ != p.typ, passive
	return c
}

// promiseWords are the stems of the promises that harm can turn into threats.
var promiseWords = map[string]bool{stem("vow"): true, stem("promise"): true, stem("pledge"): true}

// harmTypes are the acts whose promise is a threat.
var harmTypes = map[string]bool{"ASSAULT": true, "COERCE": true, "SANCTION": true, "THREATEN": true}

// promisesHarm reports whether what is promised after token end, up to the
// end of the clause, is harm: an act of force, coercion or sanction, or
// action "against" someone, before any other act.
func (s *sentence) promisesHarm(end int) bool {
	for j := end + 1; j < len(s.lower) && j <= end+16; j++ {
		switch s.lower[j] {
		case ";", ".", "but", "while", "after", "before", "when", "as", "because", "although", "which", "who", "if", "unless":
			return false
		case "against":
			return true
		}
		// The longest pattern here, as the coder reads it: "ceased fire"
		// is no firing.
		var best *patternMatch
		for _, m := range s.lex.match(s.stems, j) {
			if best == nil || m.end > best.end {
				best = &m
			}
		}
		if best != nil {
			// The first act named decides: "pledged support against
			// aggression" promises support.
			if best.p.typ != noEvent {
				return harmTypes[best.p.typ]
			}
			j = best.end
		}
	}
	return false
}

// lightVerbs carry a noun trigger: "staged a protest", "carried out airstrikes".
var lightVerbs = map[string]bool{}

func init() {
	for _, w := range []string{"stage", "hold", "launch", "carry", "conduct", "organize", "organise", "mount",
		"engage", "perform", "begin", "start", "continue", "resume", "make", "sign", "reach", "join", "lead", "call", "announce", "order", "impose"} {
		lightVerbs[stem(w)] = true
	}
}

func (s *sentence) lightVerbBefore(i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if lightVerbs[s.stems[j]] {
			return true
		}
		if clauseBreak[s.lower[j]] {
			return false
		}
	}
	return false
}

// isEventVerb reports verbs after which "to VERB" states an act rather than
// an intent ("agreed to supply", "began to withdraw").
func isEventVerb(st string) bool {
	switch st {
	case stem("agreed"), stem("began"), stem("started"), stem("continued"), stem("moved"), stem("voted"),
		stem("decided"), stem("used"), stem("helped"), stem("allowed"):
		return true
	}
	return false
}

// inferMode picks an ASSAULT mode from the words around the trigger.
func (s *sentence) inferMode(typ string, m patternMatch) string {
	if typ != "ASSAULT" {
		if typ == "AID" {
			for _, e := range s.equipment {
				if e.m.Category != "" {
					return "military"
				}
			}
		}
		return ""
	}
	lo, hi := max(0, m.start-6), min(len(s.stems), m.end+8)
	for j := lo; j < hi; j++ {
		switch s.stems[j] {
		case stem("airstrike"), stem("warplane"), stem("jet"), stem("aircraft"), stem("bomber"), stem("drone"), stem("helicopter"), "air":
			return "aerial"
		case stem("artillery"), stem("shell"), stem("rocket"), stem("missile"), stem("mortar"):
			return "shelling"
		case stem("gunmen"), stem("gunfire"), stem("clash"), stem("firefight"), stem("shot"), stem("gun"):
			return "firefight"
		case stem("ied"), stem("explosive"), stem("suicide"), stem("grenade"), stem("landmine"):
			return "bombing"
		}
	}
	return ""
}

func actors(ps []participant) []sitrep.Actor {
	out := []sitrep.Actor{}
	for _, p := range ps {
		sector := p.m.Sector
		if sector == "" && p.m.Kind == sitrep.KindState {
			sector = "GOV"
		}
		if p.m.Kind == sitrep.KindEquipment {
			sector = "MIL"
		}
		if p.m.Kind == sitrep.KindIGO && p.m.Country == "" {
			p.m.Country = "IGO"
		}
		out = append(out, sitrep.Actor{Country: p.m.Country, Sector: sector, Name: p.m.Text})
	}
	return out
}

// leftGroup returns the subject of the trigger at token i: the nearest
// participant to its left in the same clause that is not the object of a
// preposition, together with the participants coordinated with it.
func (s *sentence) leftGroup(i int, allowPrep bool) []participant {
	best := -1
	fallback := -1
	for k := len(s.parts) - 1; k >= 0; k-- {
		p := s.parts[k]
		if p.end > i {
			continue
		}
		if s.breakBetween(p.end, i) && (best >= 0 || fallback >= 0) {
			break
		}
		if p.locative {
			continue
		}
		if !allowPrep && p.start > 0 && isPrep(s.lower[p.start-1]) {
			if fallback < 0 {
				fallback = k
			}
			continue
		}
		best = k
		break
	}
	if best < 0 {
		best = fallback
	}
	if best < 0 {
		return nil
	}
	return s.coordinated(best)
}

// coordinated returns participant k with those joined to it by "and", ","
// or "-" ("Iran and Russia", "Iran-Russia").
func (s *sentence) coordinated(k int) []participant {
	lo, hi := k, k
	for lo > 0 && s.joined(s.parts[lo-1], s.parts[lo]) {
		lo--
	}
	for hi+1 < len(s.parts) && s.joined(s.parts[hi], s.parts[hi+1]) {
		hi++
	}
	return s.parts[lo : hi+1]
}

func (s *sentence) joined(a, b participant) bool {
	if a.group != 0 && a.group == b.group {
		return true
	}
	// "Russia-Iran cooperation": two names in one hyphenated token.
	if a.start == b.start && a.end == b.end && a.m.Start != b.m.Start {
		return true
	}
	if b.start < a.end {
		return false
	}
	if b.start == a.end {
		return s.toks[b.start].Start > s.toks[a.end-1].End-1 && strings.HasPrefix(s.doc[s.toks[a.end-1].End:], "-")
	}
	for j := a.end; j < b.start; j++ {
		switch s.lower[j] {
		case "and", ",", "&", "or", "both":
		default:
			return false
		}
	}
	return true
}

func (s *sentence) breakBetween(from, to int) bool {
	for j := from; j < to; j++ {
		// "such as" introduces examples, not a clause.
		if clauseBreak[s.lower[j]] && !(s.lower[j] == "as" && j > 0 && s.lower[j-1] == "such") {
			return true
		}
	}
	return false
}

// rightGroup returns the object of the trigger ending at token i: the first
// participant after it in the same clause that is not a place or an agent
// introduced by "by".
func (s *sentence) rightGroup(i int) []participant {
	for k, p := range s.parts {
		if p.start <= i {
			continue
		}
		if s.breakBetween(i+1, p.start) || p.start-i > 16 {
			return nil
		}
		if p.locative || (p.start > 0 && s.lower[p.start-1] == "by") {
			continue
		}
		// "attacked Kyiv using Iranian drones": weapons are instruments.
		if p.m.Kind == sitrep.KindEquipment && p.start > 0 && (s.lower[p.start-1] == "using" || s.lower[p.start-1] == "with") {
			continue
		}
		// "pulled back its planes": the actor's own forces are no recipient.
		if p.start > 0 && ownWords[s.lower[p.start-1]] && p.m.Kind != sitrep.KindState {
			continue
		}
		return s.coordinated(k)
	}
	return nil
}

// afterWord returns the participant group right after word w following
// token i ("by Russian jets").
func (s *sentence) afterWord(i int, w string) []participant {
	for k, p := range s.parts {
		if p.start <= i || p.start-i > 8 {
			continue
		}
		// "from Russia", "from the US", "from its ally, Russia".
		for j := p.start - 1; j >= 0 && j >= p.start-4 && j > i; j-- {
			if s.lower[j] == w {
				return s.coordinated(k)
			}
			if !appositionWords[s.lower[j]] {
				break
			}
		}
	}
	return nil
}

// ownWords mark what belongs to the subject.
var ownWords = map[string]bool{"its": true, "their": true, "his": true, "her": true, "own": true}

// appositionWords may stand between a preposition and its participant.
var appositionWords = map[string]bool{"the": true, "its": true, "their": true, "his": true, "her": true,
	",": true, "ally": true, "partner": true, "neighbour": true, "neighbor": true, "rival": true, "both": true}

func (s *sentence) afterPreps(i int, preps ...string) []participant {
	for _, w := range preps {
		if g := s.afterWord(i, w); g != nil {
			return g
		}
	}
	return nil
}

// modifierGroup returns the participant that modifies a noun trigger at
// token i: "Russian airstrikes", "Iran's drone attack", "the Israeli raid".
func (s *sentence) modifierGroup(i int) []participant {
	for k := len(s.parts) - 1; k >= 0; k-- {
		p := s.parts[k]
		if p.end > i {
			continue
		}
		for j := p.end; j < i; j++ {
			switch s.lower[j] {
			case "'s", "’s", "the", "a", "an", "new", "latest", "recent", "joint", "deadly", "fresh", "overnight", "military":
			default:
				if !(j+1 == i && s.stems[j] != "") && !strings.Contains(s.toks[j].Text, "-") {
					return nil
				}
			}
		}
		if i-p.end > 3 {
			return nil
		}
		return s.coordinated(k)
	}
	return nil
}

func isPrep(w string) bool {
	switch w {
	case "of", "in", "with", "from", "for", "to", "at", "on", "against", "near", "over", "about", "by", "between", "among", "toward", "towards", "into", "inside":
		return true
	}
	return false
}

// dateFor picks the date expression nearest to the trigger at token i.
func (s *sentence) dateFor(i int) string {
	best, bestCost, bestDist := "", 1<<30, 1<<30
	at := s.toks[i].Start
	for _, d := range s.dates {
		// "fighting ... since 2015" dates when a state began, not an act.
		if strings.HasSuffix(strings.ToLower(strings.TrimRight(s.doc[max(0, d.start-7):d.start], " ")), "since") ||
			strings.HasPrefix(strings.ToLower(s.doc[d.start:d.end]), "since") {
			continue
		}
		dt := s.tokenAt(d.start)
		if dt < 0 {
			continue
		}
		// "The strikes came two days after insurgents killed ...": that
		// day is the killing's.
		if d.intro && at < d.end {
			continue
		}
		// "in response to the Wednesday coup": that day is the coup's.
		if n := s.datedNoun(d); n >= 0 && n != i {
			continue
		}
		cost := s.treeDistance(dt, i)
		// "condemned the strikes ... the ceasefire agreed in March": a date
		// in another clause dates that clause's act; one in a relative
		// clause dates ours only as a last resort, and never when it is
		// background ("Ukraine, which it invaded in 2014"); "protests that
		// erupted on Sunday" dates the arrests at them.
		if !s.sameClauseAt(d.start, i) {
			if s.inRelativeClause(dt, i) {
				if !recent(d.date, s.pub) {
					continue
				}
				cost += 8
			}
			cost += 4
		}
		// "X said on Monday that Y struck": the day of the report, not of
		// what it reports.
		if sp := s.speechOf(i); sp != nil && sp.verb != i && s.dep.head[dt] == sp.verb {
			cost += 12
		}
		dist := d.start - at
		if dist < 0 {
			dist = -dist
		}
		if cost < bestCost || cost == bestCost && dist < bestDist {
			best, bestCost, bestDist = d.date, cost, dist
		}
	}
	return best
}

// datedNoun returns the noun a date expression modifies before it ("the
// Wednesday coup", "Sunday's vote"), or -1: such a date is that noun's.
func (s *sentence) datedNoun(d dateMatch) int {
	for k := s.tokenAt(d.start); k >= 0 && k < len(s.toks) && s.toks[k].Start < d.end; k++ {
		h := s.dep.head[k]
		if h >= 0 && s.toks[h].Start >= d.start && s.toks[h].End <= d.end {
			continue // inside the expression
		}
		if h > k && (s.toks[k].Rel == "compound" || s.toks[k].Rel == "nmod:poss") &&
			(s.toks[h].UPOS == "NOUN" || s.toks[h].UPOS == "PROPN") && !partOfDay[strings.ToLower(s.toks[h].Text)] {
			return h
		}
		return -1
	}
	return -1
}

// partOfDay names the nouns a day modifies without dating anything else:
// "Friday evening" is a time.
var partOfDay = map[string]bool{"morning": true, "afternoon": true, "evening": true, "night": true, "midnight": true,
	"noon": true, "dawn": true, "overnight": true}

// introDate reports whether date is only that of an offset introducing
// what it dates ("a day after protesters ransacked"): the time of what the
// story looks back on, not of the story.
func (s *sentence) introDate(date string) bool {
	intro := false
	for _, d := range s.dates {
		if d.date == date {
			if !d.intro {
				return false
			}
			intro = true
		}
	}
	return intro
}

// mainDate returns the date of the sentence's main clause: the date
// nearest its first root, or "" when it has none.
func (s *sentence) mainDate() string {
	if len(s.dates) == 0 {
		return ""
	}
	for k, h := range s.dep.head {
		if h < 0 {
			if len(s.dep.children[k]) == 0 {
				// Not parsed: nothing in it could start an event, so
				// its date is that of what it says.
				return s.dates[0].date
			}
			return s.dateFor(k)
		}
	}
	return ""
}

// recent reports whether date lies within the month before publication
// (or a day after it), where a story's own events happen.
func recent(date string, pub time.Time) bool {
	if pub.IsZero() || len(date) != 10 {
		return false
	}
	d := parsePublished(date)
	return !d.IsZero() && !d.After(pub.AddDate(0, 0, 1)) && d.After(pub.AddDate(0, -1, 0))
}

// tokenAt returns the token holding byte offset off, or the first after
// it; -1 when there is none.
func (s *sentence) tokenAt(off int) int {
	for k, t := range s.toks {
		if t.End > off {
			return k
		}
	}
	return -1
}

// inRelativeClause reports whether token x lies in a relative or
// adnominal clause that does not also hold token i.
func (s *sentence) inRelativeClause(x, i int) bool {
	t := s.dep
	for y, n := x, 0; y >= 0 && n < 64; y, n = t.head[y], n+1 {
		if r := t.toks[y].Rel; r == "acl:relcl" || r == "acl" {
			// "agreed a deal to buy S-400s on Friday": an infinitive
			// completing its noun tells the act itself.
			if r == "acl" && t.child(y, "mark") >= 0 && s.lower[t.child(y, "mark")] == "to" {
				return false
			}
			in := make([]bool, len(s.toks))
			t.subtree(y, in)
			return !in[i]
		}
	}
	return false
}

// locationFor picks the place of the event at token i. Places introduced
// by a locative preposition come first, and among them the most specific
// one with coordinates ("in Baghuz town in Deir ez-Zor" is Baghuz), the
// nearest after the trigger on ties; then any place with coordinates; then
// a country named with a preposition ("in Syria").
func (s *sentence) locationFor(i int) *sitrep.Location {
	var pick *placeRef
	better := func(p *placeRef) bool {
		if pick == nil {
			return true
		}
		if (p.loc.Lat != nil) != (pick.loc.Lat != nil) {
			return p.loc.Lat != nil
		}
		if p.modifier != pick.modifier {
			return !p.modifier
		}
		// A place far from every other place the sentence names is
		// probably a namesake read wrongly ("in Salvador, Bahia ... in
		// Periperi neighborhood").
		if a, b := s.support(p), s.support(pick); (a > 0) != (b > 0) {
			return a > 0
		}
		if a, b := specificity(p.category), specificity(pick.category); a != b {
			return a > b
		}
		return pick.start < i && p.start > i
	}
	for k := range s.places {
		if p := &s.places[k]; p.locative && better(p) {
			pick = p
		}
	}
	if pick == nil || pick.loc.Lat == nil {
		for k := range s.places {
			if p := &s.places[k]; p.loc.Lat != nil && (pick == nil || pick.loc.Lat == nil) {
				pick = p
			}
		}
	}
	if pick == nil {
		return nil
	}
	l := pick.loc
	return &l
}

// support counts the other places of the sentence within 400 km of p.
func (s *sentence) support(p *placeRef) int {
	if p.loc.Lat == nil {
		return 0
	}
	n := 0
	for k := range s.places {
		q := &s.places[k]
		if q == p || q.loc.Lat == nil || q.loc.Name == p.loc.Name {
			continue
		}
		if distanceKm(*p.loc.Lat, *p.loc.Lon, *q.loc.Lat, *q.loc.Lon) <= 400 {
			n++
		}
	}
	return n
}

// distanceKm is the great-circle distance between two points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

// placeObject returns a place that directly follows token i as its object
// ("struck Aleppo", "attacked the capital"), not one after a preposition.
func (s *sentence) placeObject(i int) *placeRef {
	for k := range s.places {
		p := &s.places[k]
		if p.start <= i || p.locative {
			continue
		}
		for j := i + 1; j < p.start; j++ {
			switch s.lower[j] {
			case "the", "a", "an", "city", "town", "village", "of":
			default:
				if !(j+1 == p.start || s.lower[j+1] == "capital") || !isCapitalised(s.toks[j].Text) {
					return nil
				}
			}
		}
		return p
	}
	return nil
}

// specificity ranks gazetteer feature types: a village locates an event
// better than the province around it.
func specificity(feature string) int {
	switch feature {
	case "village", "town", "district", "base", "site", "airport", "port", "facility":
		return 3
	case "city", "capital":
		return 2
	case "admin2":
		return 1
	}
	return 0
}

// Describe returns a one-line description of ev for tables.
func Describe(ev *sitrep.Event) string {
	return fmt.Sprintf("%s %s -> %s", ev.Type, sideString(ev.Actor), sideString(ev.Recipient))
}

func sideString(as []sitrep.Actor) string {
	var parts []string
	for _, a := range as {
		s := a.Country
		if a.Sector != "" {
			s += "/" + a.Sector
		}
		if s == "" {
			s = "?"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "+")
}

// fillFromPair completes events from the story's main pair: the two
// countries most often coded as actor and recipient of one another, at
// least twice. An event of one of them that names no recipient, or only
// its own country for a recipient that was filled in, is aimed at the
// other ("Islamabad has denied involvement" in a story about India and
// Pakistan is aimed at India); an act other than violence aimed at one of
// them with no actor is the other's. Violence and coercion against one's
// own, and protests, keep their sides; the rule says what was filled.
func fillFromPair(all []*coded) {
	count := map[[2]string]int{}
	var pair [2]string
	for _, c := range all {
		a, r := countryKey(c.ev.Actor), countryKey(c.ev.Recipient)
		if a == "" || r == "" || a == r || strings.Contains(a, ",") || strings.Contains(r, ",") {
			continue
		}
		k := [2]string{min(a, r), max(a, r)}
		count[k]++
		if count[k] > count[pair] {
			pair = k // the first to reach the highest count
		}
	}
	if count[pair] < 2 {
		return
	}
	other := func(side []sitrep.Actor) string {
		switch countryKey(side) {
		case pair[0]:
			return pair[1]
		case pair[1]:
			return pair[0]
		}
		return ""
	}
	for _, c := range all {
		ev := &c.ev
		if len(ev.Actor) == 0 {
			if o := other(ev.Recipient); o != "" && ev.Type != "ASSAULT" {
				ev.Actor = []sitrep.Actor{{Country: o, Sector: "GOV"}}
				ev.Rule += " (actor: the story's other side)"
			}
			continue
		}
		own := countryKey(ev.Recipient) == countryKey(ev.Actor) && ev.Type != "ASSAULT" && ev.Type != "COERCE" && ev.Type != "PROTEST"
		if len(ev.Recipient) > 0 && !own {
			continue
		}
		if o := other(ev.Actor); o != "" {
			ev.Recipient = []sitrep.Actor{{Country: o, Sector: "GOV"}}
			ev.Rule += " (recipient: the story's other side)"
		}
	}
}
