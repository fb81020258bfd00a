package ingest

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalizeText makes line ends LF, removes byte order marks, zero-width
// spaces and control characters, turns exotic spaces into ASCII spaces,
// trims every line and keeps at most one blank line between paragraphs.
// The result is valid UTF-8 (invalid bytes become U+FFFD).
func normalizeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r', r == '\u2028', r == '\u2029', r == '\u0085', r == '\f', r == '\v':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r == '\ufeff', r == '\u200b', r == '\u2060', r == '\u00ad':
			// BOM, zero-width space, word joiner, soft hyphen: invisible.
		case r == utf8.RuneError:
			b.WriteRune(r)
		case unicode.IsControl(r) && r != '\n':
		case unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	lines := strings.Split(b.String(), "\n")
	out := make([]string, 0, len(lines))
	blank := true // drop leading blank lines
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

// unwrap joins the lines of hard-wrapped text (e-mail, Usenet and
// wire-service copy broken at a fixed width) back into paragraphs, so that
// the line rules see whole paragraphs. Text is taken to be hard-wrapped
// when nearly all its long lines end near one width. A line much shorter
// than that width ends its paragraph.
func unwrap(text string) string {
	lines := strings.Split(text, "\n")
	var lens []int
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n >= 40 {
			lens = append(lens, n)
		}
	}
	if len(lens) < 5 {
		return text
	}
	slices.Sort(lens)
	width := lens[len(lens)*9/10]
	near := 0
	for _, n := range lens {
		if n >= width*3/4 {
			near++
		}
	}
	if width > 100 || near*10 < len(lens)*8 {
		return text
	}
	var out []string
	para := ""
	for _, l := range lines {
		if l == "" {
			if para != "" {
				out = append(out, para)
				para = ""
			}
			out = append(out, "")
			continue
		}
		if para == "" {
			para = l
		} else {
			para += " " + l
		}
		if utf8.RuneCountInString(l) < width*6/10 {
			out = append(out, para)
			para = ""
		}
	}
	if para != "" {
		out = append(out, para)
	}
	return strings.Join(out, "\n")
}

// cleaned is the result of removing page furniture from text.
type cleaned struct {
	text     string
	title    string // headline from the block above the article, if any
	outlet   string // from a "Source: X" line or a "City - Outlet" dateline
	dateline string // YYYY-MM-DD from the header block or a "Published:" line
}

// A line of text with what the cleaner knows about it.
type line struct {
	text  string
	key   string // lower-case letters and digits only, to spot repeats
	words int
	// sentence: ends like a sentence (. ! ? possibly before a quote or
	// bracket) and has at least three words.
	sentence bool
	// prose: a sentence of six or more words, or any line of twenty or
	// more words. The article body starts and ends with prose.
	prose bool
	junk  string // why the line is furniture; "" if it is not
	// strong furniture (comment forms, copyright lines) only ever follows
	// the article, so everything after it can go.
	strong bool
	// heading: a related-links heading with nothing after it; the list
	// of headlines that follows it goes too.
	heading bool
	date    string // a date on a header or timestamp line
}

// Line patterns. They are deliberately about kinds of furniture (link
// boxes, credits, forms, footers), not about any one site's wording.
var (
	// "Read also: ...", "Related Article: ...", "See more", "You may also like".
	relatedRE = lazyRE(`(?i)^[\[(]?\s*(?:(?:read|see|watch|listen(?: to)?|check out)\s+(?:also|more|next|too|this|the latest)\b|(?:also|more)\s+(?:read|see|watch|on this(?: story| topic)?|from|stories|news|coverage)\b|related(?:\s+(?:article|articles|stories|story|news|content|coverage|posts?|reading|links?|topics?|videos?|items?))?\b|recommended(?:\s+(?:for you|reading|stories|articles|videos))?\b|suggested (?:reading|articles|stories)\b|further reading\b|trending(?: now| stories)?\b|most (?:read|popular|viewed|shared)\b|top stories\b|latest (?:news|stories|articles)\b|more (?:news|stories|articles|headlines)\b|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)\b|don'?t miss\b|must read\b|editor'?s picks?\b)`)
	// "(Photo : X/AFP via Getty Images)", "Image credit: ...", "Photo by ...".
	creditRE = lazyRE(`(?i)^[\[(]?\s*(?:photos?|photograph|photo credit|image|images|image credit|picture|pic|credit|credits|file photo|illustration|graphic|video|caption|courtesy|source image)s?(?:\s+(?:credit|credits|by|courtesy(?: of)?|source))?\s*(?:[:|/\-–—]|by\b|courtesy\b)`)
	// Agencies and picture libraries named in a bare credit line.
	agencyRE = lazyRE(`(?i)\b(?:getty images|afp|reuters|ap photo|associated press|epa|efe|shutterstock|anadolu|xinhua|tass|sputnik|ria novosti|imago|alamy|bloomberg|dpa|ansa|upi|sipa|wikimedia|wikipedia|handout|file photo)\b`)
	// Comment-form and site-policy phrases.
	formRE = lazyRE(`(?i)(?:characters? (?:left|remaining)|leave a (?:comment|reply)|post (?:a |your )?comment|add (?:a |your )?comment|write (?:a |your )?comment|submit (?:a |your )?comment|comments? (?:are|is) closed|be the first to comment|(?:log|sign) in to (?:comment|reply)|your email address will not be published|required fields are marked|fields marked with|i (?:agree|accept) (?:with |to )?the terms|comment(?:ing)? (?:policy|guidelines|rules)|publishing terms|security code|captcha)`)
	// Site-policy links, furniture only when the line is not a sentence:
	// "Terms of use | Privacy policy".
	policyRE = lazyRE(`(?i)(?:terms of (?:use|service)|terms (?:and|&) conditions|privacy (?:policy|notice)|cookie (?:policy|settings)|community (?:guidelines|standards)|contact us|about us)`)
	// A short form label ending with an asterisk: "Name *", "E-mail *".
	labelRE = lazyRE(`^[\p{L}\p{N} :'/.-]{1,30}\*$`)
	// Copyright footers: "© 2024 Herald", "All rights reserved".
	copyrightRE = lazyRE(`(?i)(?:^©|©\s*\d{4}|\d{4}\s*©|^\(c\)\s*\d{4}|^copyright\s+(?:©|\(c\)|\d{4}))`)
	// Site credits: "Maintained and developed by X", "Powered by Y".
	siteCreditRE = lazyRE(`(?i)^(?:(?:maintained|developed|designed|powered|hosted|built)(?: and (?:developed|designed|maintained|hosted))? by\b|site by\b|web design\b)`)
	// Sharing, subscription and advertising calls.
	promoRE = lazyRE(`(?i)^(?:follow us|share (?:this|on|via|the story|the article)|share$|tweet$|subscribe\b|sign up\b|newsletter\b|click here\b|download (?:the|our) app|get the app|advertisement$|advertising$|sponsored(?: content| by)?\b|scroll (?:down )?to continue|story continues below|continue reading\b|print (?:this|article)|email (?:this|article)|view comments|show comments|comments \(\d+\)|\d+ comments?$|listen to (?:this|the) article|join (?:us|our) on\b|add .* (?:on|to) google news)`)
	// Social network names; lines made mostly of them are share bars.
	socialWords = map[string]bool{"facebook": true, "twitter": true, "instagram": true, "youtube": true, "linkedin": true,
		"whatsapp": true, "telegram": true, "rss": true, "pinterest": true, "reddit": true, "tiktok": true, "email": true,
		"e-mail": true, "print": true, "share": true, "tweet": true, "follow": true, "us": true, "on": true, "x": true,
		"copy": true, "link": true, "vk": true, "threads": true, "bluesky": true, "mastodon": true}
	// "Source: Arab News", "Originally published in X".
	sourceRE = lazyRE(`(?i)^(?:source|sources|via|courtesy of|originally (?:published|appeared) (?:by|in|on|at)|this (?:article|story) (?:was )?(?:first |originally )?(?:appeared|published) (?:in|on|at|by))\s*[:\-–—]?\s*(.+?)\.?$`)
	// "Last updated: ...", "Published 14 March 2024".
	stampRE = lazyRE(`(?i)^(?:last\s+)?(?:updated|modified|published|posted|date|created|first published)(?:\s+(?:on|at))?\b\s*[:\-–—]?`)
	// "By Jane Doe", "Reporting by ...; Editing by ...".
	bylineRE = lazyRE(`^(?:[Bb]y|BY|[Ww]ritten by|[Rr]eporting by|[Ee]dited by|[Cc]ompiled by|[Aa]uthor)\s*:?\s+\p{Lu}`)
	// Wire slugs such as "SYRIA-US-CONFLICT".
	slugRE = lazyRE(`^[\p{Lu}\p{N}]+(?:[-_/.][\p{Lu}\p{N}]+)+$`)
	// A line that is only a URL or an e-mail address.
	urlLineRE = lazyRE(`(?i)^(?:(?:https?://|www\.)\S+|\S+@\S+\.[a-z]{2,})$`)
	// Date and time vocabulary, to spot lines that are only a timestamp.
	timeWordRE = lazyRE(`(?i)^(?:\d+(?:st|nd|rd|th)?|\d{1,2}:\d{2}(?::\d{2})?|gmt|utc|est|edt|cet|cest|bst|pst|pdt|am|pm|a\.m|p\.m|at|on|of|the|` + monthAlt + `|` + weekdayAlt + `)\.?$`)
	// "Washington - Arab Today": a place dateline naming the outlet.
	placeOutletRE = lazyRE(`^(\p{Lu}[\p{L}.'’]*(?: \p{Lu}[\p{L}.'’]*){0,2}) [-–—] (\p{Lu}[\p{L}&.'’]*(?: \p{Lu}[\p{L}&.'’]*){0,3})$`)
	// "WASHINGTON (Reuters) - ...": an agency dateline opening a paragraph.
	agencyDatelineRE = lazyRE(`^\p{Lu}[\p{Lu} .,'’-]{1,40}\(([\p{L}][\p{L} &.'’]{1,30})\)\s*[-–—:]`)
)

// classify fills in everything about l that does not depend on other lines.
func classify(text string) line {
	l := line{text: text, key: lineKey(text)}
	fields := strings.Fields(text)
	l.words = len(fields)
	l.sentence = l.words >= 3 && endsSentence(text)
	l.prose = (l.sentence && l.words >= 6) || l.words >= 20
	lower := strings.ToLower(text)
	switch {
	case l.key == "":
		l.junk = "symbols"
	case labelRE.MatchString(text) && l.words <= 4:
		l.junk, l.strong = "form", true
	case l.words <= 30 && hasAny(lower, formHints) && formRE.MatchString(text):
		l.junk, l.strong = "form", true
	case l.words <= 12 && !l.sentence && hasAny(lower, formHints) && policyRE.MatchString(text):
		l.junk, l.strong = "form", true
	case l.words <= 30 && strings.Contains(lower, "all rights reserved"):
		l.junk, l.strong = "copyright", true
	case l.words <= 12 && !l.prose && hasAny(lower, copyrightHints) && copyrightRE.MatchString(text):
		l.junk, l.strong = "copyright", true
	case l.words <= 8 && siteCreditRE.MatchString(text):
		l.junk, l.strong = "copyright", true
	case l.words <= 40 && relatedRE.MatchString(text) && relatedTail(text):
		l.junk = "related"
		l.heading = !strings.ContainsAny(text, ":|»>") && l.words <= 5
	case l.words <= 25 && creditRE.MatchString(text):
		l.junk = "credit"
	case l.words <= 20 && bracketed(text) && agencyRE.MatchString(text):
		l.junk = "credit"
	case l.words <= 6 && !l.sentence && bareCredit(lower):
		l.junk = "credit"
	case l.words <= 15 && !l.prose && promoRE.MatchString(text):
		l.junk = "promo"
	case l.words >= 2 && l.words <= 30 && socialLine(fields):
		l.junk = "promo"
	case l.words <= 10 && !l.prose && sourceRE.MatchString(text):
		l.junk = "source"
	case l.words <= 15 && !l.prose && stampRE.MatchString(text):
		l.junk = "timestamp"
		l.date = firstDate(text)
	case timestampLine(fields):
		l.junk = "timestamp"
		l.date = firstDate(text)
	case l.words <= 12 && !l.sentence && bylineRE.MatchString(text):
		l.junk = "byline"
	case l.words == 1 && len(text) >= 6 && slugRE.MatchString(text):
		l.junk = "slug"
	case l.words <= 3 && urlLineRE.MatchString(text):
		l.junk = "url"
	}
	return l
}

// Words without which formRE and copyrightRE cannot match; checking them
// first keeps the case-insensitive regexps off most lines.
var (
	formHints      = []string{"charact", "comment", "reply", "terms", "privacy", "cookie", "email", "required", "fields", "security", "captcha", "guidelines", "standards", "policy", "rules", "contact", "about"}
	copyrightHints = []string{"©", "(c)", "copyright"}
)

func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// relatedTail reports whether what follows a "Read also"-style opening is
// a link (a separator or a headline), not the rest of a sentence.
func relatedTail(text string) bool {
	loc := relatedRE.FindStringIndex(text)
	rest := strings.TrimSpace(text[loc[1]:])
	if rest == "" {
		return true
	}
	if strings.ContainsRune(":|»>-–—", []rune(rest)[0]) {
		return true
	}
	return !endsSentence(text) && len(strings.Fields(text)) <= 25
}

// bareCredit reports whether a lower-cased line names only picture
// agencies: "REUTERS/Maxim Shemetov", "AFP via Getty Images".
func bareCredit(lower string) bool {
	if !agencyRE.MatchString(lower) {
		return false
	}
	rest := strings.Fields(agencyRE.ReplaceAllString(lower, " "))
	names := 0
	for _, w := range rest {
		w = strings.Trim(w, "/|,;:-()[]")
		switch w {
		case "", "via", "photo", "photos", "by", "and", "file", "pool", "staff":
		default:
			names++
		}
	}
	// A photographer's name may remain, nothing more.
	return names <= 2 && strings.ContainsAny(lower, "/") || names == 0
}

// bracketed reports whether the whole line is inside one pair of brackets.
func bracketed(s string) bool {
	return (strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")")) || (strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"))
}

func socialLine(fields []string) bool {
	n := 0
	for _, f := range fields {
		for _, w := range strings.FieldsFunc(strings.ToLower(f), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
			if socialWords[w] {
				n++
				break
			}
		}
	}
	return n*2 > len(fields) && n >= 2
}

// timestampLine reports whether a line is only a date and/or time.
func timestampLine(fields []string) bool {
	if len(fields) == 0 || len(fields) > 10 {
		return false
	}
	clock := false
	for _, f := range fields {
		f = strings.Trim(f, ",.;:|-–—()[]")
		if f == "" {
			continue
		}
		if !timeWordRE.MatchString(f) {
			return false
		}
		if strings.Contains(f, ":") || len(f) == 4 && f[0] >= '1' && f[0] <= '2' {
			clock = true
		}
	}
	return clock
}

// lineKey reduces a line to its lower-case letters and digits, so that
// "russiairan cooperation" and "Russia-Iran cooperation" compare equal.
func lineKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// endsSentence reports whether s ends with . ! ? or … , possibly followed
// by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)]`, r)
	})
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…。！？", r)
}

// headlineLike reports whether l could be a headline: a few words, not a
// furniture pattern, not ending with a full stop.
func headlineLike(l line) bool {
	if l.words < 2 || l.words > 30 || (l.junk != "" && l.junk != "repeated") {
		return false
	}
	s := strings.TrimRight(l.text, `"'”’ `)
	return !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, ":")
}

// cleanText removes page furniture from normalised text. With page set,
// the text is taken to be a whole page dumped as text: the block before
// the first paragraph of prose is the page header (where the headline is
// looked for), and short lines after the last sentence are page footer.
// Without it (text already extracted from HTML) only line rules apply.
func cleanText(text string, page bool) cleaned {
	var res cleaned
	raw := strings.Split(unwrap(text), "\n")
	lines := make([]line, len(raw))
	count := make(map[string]int)
	for i, t := range raw {
		if t == "" {
			continue
		}
		lines[i] = classify(t)
		count[lines[i].key]++
	}
	// Repeats: short lines seen twice or more are banners; a repeated
	// paragraph of prose is kept once.
	seen := make(map[string]bool)
	for i := range lines {
		l := &lines[i]
		if l.text == "" || l.junk != "" || len(l.key) < 4 {
			continue
		}
		if count[l.key] > 1 && !l.prose {
			l.junk = "repeated"
		} else if l.prose && seen[l.key] {
			l.junk = "duplicate"
		}
		seen[l.key] = true
	}

	start, end := 0, len(lines)
	if page {
		start = -1
		for i, l := range lines {
			if l.prose && l.junk == "" {
				start = i
				break
			}
		}
		if start < 0 {
			// No prose at all: keep whatever is not furniture.
			start = 0
		} else {
			res.title = pickTitle(lines[:start], lines, count)
			for _, l := range lines[:start] {
				if res.dateline == "" && l.text != "" {
					res.dateline = firstDate(l.text)
				}
			}
		}
	}
	// Strong furniture after the body ends the article, unless more prose
	// follows it than precedes it (then it was not the end).
	before, after := 0, 0
	for _, l := range lines[start:] {
		if l.prose && l.junk == "" {
			after += l.words
		}
	}
	for i := start; i < len(lines); i++ {
		l := lines[i]
		if l.strong && before > 0 && after < before && furnitureFollows(lines[i+1:]) {
			end = i
			break
		}
		if l.prose && l.junk == "" {
			before += l.words
			after -= l.words
		}
	}
	if page {
		// Drop what follows the last sentence: headline lists, banners.
		last := -1
		for i := start; i < end; i++ {
			if lines[i].sentence && lines[i].junk == "" {
				last = i
			}
		}
		if last >= 0 {
			for i := last + 1; i < end; i++ {
				if lines[i].junk == "" && lines[i].text != "" {
					lines[i].junk = "trailing"
				}
			}
		}
	}
	// A related-links heading takes the list of headlines under it along.
	for i := start; i < end; i++ {
		if !lines[i].heading {
			continue
		}
		for j := i + 1; j < end; j++ {
			if lines[j].text == "" {
				continue
			}
			if lines[j].prose || lines[j].sentence || lines[j].junk != "" && lines[j].junk != "repeated" {
				break
			}
			lines[j].junk = "related"
		}
	}

	var out []string
	for i, l := range lines {
		if l.text == "" {
			if i > start && i < end && len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			continue
		}
		if l.date != "" && res.dateline == "" && (l.junk == "timestamp" && stampRE.MatchString(l.text) || i < start) {
			res.dateline = l.date
		}
		if l.junk == "source" && res.outlet == "" {
			if m := sourceRE.FindStringSubmatch(l.text); m != nil {
				res.outlet = outletName(m[1])
			}
		}
		if i < start || i >= end || l.junk != "" {
			continue
		}
		out = append(out, l.text)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	res.text = strings.Join(out, "\n")
	// A dateline naming the publisher beats a "Source:" credit, which
	// names where the story came from.
	var top []string
	for _, l := range lines[:start] {
		if l.text != "" && l.junk == "" && l.key != lineKey(res.title) {
			top = append(top, l.text)
		}
	}
	if o := datelineOutlet(append(top, out...)); o != "" {
		res.outlet = o
	}
	return res
}

// furnitureFollows reports whether a strong furniture line starts a block
// of furniture: the text ends there, or another furniture line comes
// within the next three lines. A lone sentence that happens to match a
// pattern does not end the article.
func furnitureFollows(rest []line) bool {
	n := 0
	for _, l := range rest {
		if l.text == "" {
			continue
		}
		if l.junk != "" && l.junk != "duplicate" {
			return true
		}
		if n++; n == 3 {
			return false
		}
	}
	return n == 0
}

// pickTitle chooses the headline from the header block: the first line
// that looks like one and is not a banner (banners repeat three or more
// times); of the lines that spell it the same way, the best-cased one.
func pickTitle(header, all []line, count map[string]int) string {
	for _, l := range header {
		if l.text == "" || !headlineLike(l) || count[l.key] > 2 {
			continue
		}
		best := l.text
		for _, o := range all {
			if o.key == l.key && casing(o.text) > casing(best) {
				best = o.text
			}
		}
		return best
	}
	return ""
}

// casing scores how a headline is capitalised: mixed case beats all
// capitals, which beats all lower case.
func casing(s string) int {
	upper, lower := false, false
	for _, r := range s {
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
	}
	switch {
	case upper && lower:
		return 2
	case upper:
		return 1
	}
	return 0
}

// datelineOutlet finds the outlet named in a dateline near the top of the
// article: "Washington - Arab Today" or "WASHINGTON (Reuters) -".
func datelineOutlet(lines []string) string {
	n := 0
	for _, l := range lines {
		if l == "" {
			continue
		}
		if n++; n > 12 {
			break
		}
		if m := placeOutletRE.FindStringSubmatch(l); m != nil {
			return m[2]
		}
		if m := agencyDatelineRE.FindStringSubmatch(l); m != nil {
			return strings.TrimSpace(m[1])
		}
	}
	return ""
}

// outletName tidies the name in a "Source:" line; a URL becomes its host.
func outletName(s string) string {
	s = strings.TrimSpace(strings.Trim(s, " .,;:"))
	if urlLineRE.MatchString(s) && !strings.Contains(s, "@") {
		s = strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(s), "https://"), "http://")
		s = strings.TrimPrefix(s, "www.")
		if i := strings.IndexByte(s, '/'); i >= 0 {
			s = s[:i]
		}
	}
	return s
}
