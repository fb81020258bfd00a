package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a token's byte range with the whitespace context the sentence
// splitter needs.
type span struct {
	start, end int
	// newlines counts the line breaks in the whitespace before the token.
	newlines int
}

// Tokenize splits text into tokens following the UD English EWT
// conventions (clitics "n't" and "'s" split off, punctuation separated,
// hyphenated compounds of ordinary words split) while keeping abbreviations
// (U.S., Gen., Jan.), numbers (300,000, 1.5bn, 06:49), URLs, e-mail
// addresses and hyphenated names and designations (Al-Tanf, Su-35, MQ-9,
// Tu-22M3) whole. Offsets index the original text.
func Tokenize(text string) []Token {
	spans := tokenSpans(text)
	toks := make([]Token, len(spans))
	for i, s := range spans {
		toks[i] = Token{Text: text[s.start:s.end], Start: s.start, End: s.end}
	}
	return toks
}

// tokenSpans finds the token spans of text.
func tokenSpans(text string) []span {
	var out []span
	i := 0
	nl := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isSpace(r) {
			if r == '\n' {
				nl++
			}
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if isSpace(r) {
				break
			}
			j += size
		}
		n := len(out)
		out = splitChunk(text, i, j, out)
		if len(out) > n {
			out[n].newlines = nl
		}
		nl = 0
		i = j
	}
	return out
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

const (
	openers  = "([{\"'“‘«<*$£€"
	closers  = ")]}\"'”’»>,;:!?*"
	hardSeps = "—–;!?\"“”()[]{}…«»|"
)

// splitChunk appends the tokens of the whitespace-free text[s:e].
func splitChunk(text string, s, e int, out []span) []span {
	if emoticons[text[s:e]] {
		return append(out, span{start: s, end: e})
	}
	// Leading openers, one token each.
	for s < e {
		rest := text[s:e]
		if strings.HasPrefix(rest, "--") {
			n := dashRun(rest)
			out = append(out, span{start: s, end: s + n})
			s += n
			continue
		}
		r, size := utf8.DecodeRuneInString(rest)
		if !strings.ContainsRune(openers, r) {
			break
		}
		if r == '\'' || r == '‘' || r == '’' {
			// '90s, 'em: the apostrophe belongs to the word.
			if after := rest[size:]; after != "" && (isDigitByte(after[0]) || strings.HasPrefix(strings.ToLower(after), "em")) {
				break
			}
		}
		if n := repeatRun(rest); n > 0 {
			size = n
		}
		out = append(out, span{start: s, end: s + size})
		s += size
	}
	if s >= e {
		return out
	}
	// Trailing closers, collected in reverse.
	var tail []span
	for s < e {
		chunk := text[s:e]
		if n := dotRun(chunk); n >= 2 {
			tail = append(tail, span{start: e - n, end: e})
			e -= n
			continue
		}
		r, size := utf8.DecodeLastRuneInString(chunk)
		if r == '…' {
			tail = append(tail, span{start: e - size, end: e})
			e -= size
			continue
		}
		if r == '.' {
			core := chunk[:len(chunk)-1]
			if core == "" || isAbbrev(core) {
				break
			}
			tail = append(tail, span{start: e - 1, end: e})
			e--
			continue
		}
		if r == '-' && len(chunk) > 1 && strings.HasSuffix(chunk, "--") {
			n := len(chunk) - len(strings.TrimRight(chunk, "-"))
			tail = append(tail, span{start: e - n, end: e})
			e -= n
			continue
		}
		if (r == '\'' || r == '’') && size < len(chunk) {
			// Plural possessive "students'" splits; "'90s" above does not.
			tail = append(tail, span{start: e - size, end: e})
			e -= size
			continue
		}
		if !strings.ContainsRune(closers, r) || size == len(chunk) {
			break
		}
		if r == ')' && strings.ContainsRune(chunk, '(') && !strings.HasPrefix(chunk, "(") && isURL(chunk) {
			break
		}
		if n := repeatRunEnd(chunk); n > size && n < len(chunk) {
			size = n
		}
		tail = append(tail, span{start: e - size, end: e})
		e -= size
	}
	if s < e {
		out = splitCore(text, s, e, out)
	}
	for k := len(tail) - 1; k >= 0; k-- {
		out = append(out, tail[k])
	}
	return out
}

// repeatRun returns the length of a run of two or more emphasis marks
// ("!!!", "?!", "***", "==") starting s, which EWT keeps as one token, or 0.
func repeatRun(s string) int {
	n := 0
	for n < len(s) && strings.IndexByte("!?*=", s[n]) >= 0 && (s[n] == s[0] || s[0] != '*' && s[0] != '=' && (s[n] == '!' || s[n] == '?')) {
		n++
	}
	if n < 2 {
		return 0
	}
	return n
}

// repeatRunEnd is repeatRun for a run ending s.
func repeatRunEnd(s string) int {
	n := 0
	last := s[len(s)-1]
	for n < len(s) {
		c := s[len(s)-1-n]
		if strings.IndexByte("!?*=", c) < 0 || c != last && (last == '*' || last == '=' || c == '*' || c == '=') {
			break
		}
		n++
	}
	if n < 2 {
		return 0
	}
	return n
}

var emoticons = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`:) :( :-) :-( ;) ;-) :D :-D :P :-P :p :/ :-/ :o =) ^_^ <3 :)) :((`) {
		emoticons[e] = true
	}
}

// dotRun returns the length of the run of '.' ending chunk.
func dotRun(chunk string) int {
	return len(chunk) - len(strings.TrimRight(chunk, "."))
}

func dashRun(chunk string) int {
	return len(chunk) - len(strings.TrimLeft(chunk, "-"))
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// isURL reports whether s looks like a URL or an e-mail address.
func isURL(s string) bool {
	l := strings.ToLower(s)
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "www.") || strings.HasPrefix(l, "ftp://") {
		return true
	}
	if at := strings.IndexByte(s, '@'); at > 0 && strings.IndexByte(s[at:], '.') > 1 {
		return true
	}
	for _, tld := range []string{".com", ".org", ".net", ".gov", ".edu", ".io", ".uk", ".ru", ".de"} {
		if i := strings.Index(l, tld); i > 0 && (i+len(tld) == len(l) || l[i+len(tld)] == '/') {
			return true
		}
	}
	return false
}

// abbrevs are abbreviations that keep their final period; lowercased,
// without the period.
var abbrevs = map[string]bool{}

// titleAbbrevs never end a sentence: a name follows them.
var titleAbbrevs = map[string]bool{}

func init() {
	for _, a := range strings.Fields(`mr mrs ms dr prof gen lt col maj capt cpt sgt cpl pvt adm cmdr cdr brig
		gov sen rep pres rev hon st ft mt messrs mme mlle amb supt insp det gen.`) {
		titleAbbrevs[a] = true
		abbrevs[a] = true
	}
	for _, a := range strings.Fields(`jr sr inc corp co ltd llc plc bros vs etc al approx est dept univ assn
		jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
		no nos vol pp fig cf ca ave blvd rd hwy mph ext tel max min misc govt intl natl`) {
		abbrevs[a] = true
	}
}

// isAbbrev reports whether core+"." is an abbreviation token.
func isAbbrev(core string) bool {
	if abbrevs[strings.ToLower(core)] {
		return true
	}
	// Initials and dotted abbreviations: "M", "U.S", "e.g", "a.m", "U.K".
	n := 0
	for i, r := range core {
		if i%2 == 1 {
			if r != '.' {
				return false
			}
			continue
		}
		if !unicode.IsLetter(r) || r >= utf8.RuneSelf {
			return false
		}
		n++
	}
	if len(core)%2 == 0 {
		return false
	}
	if n == 1 {
		return unicode.IsUpper(rune(core[0]))
	}
	return true
}

// splitCore splits a chunk with no leading openers or trailing closers.
func splitCore(text string, s, e int, out []span) []span {
	chunk := text[s:e]
	if isURL(chunk) {
		return append(out, span{start: s, end: e})
	}
	// Hard separators split anywhere.
	for i, r := range chunk {
		size := utf8.RuneLen(r)
		sep := 0
		switch {
		case strings.ContainsRune(hardSeps, r):
			sep = size
			if n := repeatRun(chunk[i:]); n > 0 {
				sep = n
			}
		case r == '-' && strings.HasPrefix(chunk[i:], "--"):
			sep = dashRun(chunk[i:])
		case r == '.' && strings.HasPrefix(chunk[i:], ".."):
			sep = len(chunk[i:]) - len(strings.TrimLeft(chunk[i:], "."))
		case r == ',' || r == ':' || r == '/':
			if !(i > 0 && i+1 < len(chunk) && isDigitByte(chunk[i-1]) && isDigitByte(chunk[i+1])) {
				sep = 1
			}
		case r == '&' && i > 0 && i+1 < len(chunk) && !isUpperByte(chunk[i-1]):
			sep = 1
		}
		if sep == 0 {
			continue
		}
		if i > 0 {
			out = splitCore(text, s, s+i, out)
		}
		out = append(out, span{start: s + i, end: s + i + sep})
		if s+i+sep < e {
			out = splitChunk(text, s+i+sep, e, out)
		}
		return out
	}
	// Clitics.
	if b := cliticSplit(chunk); b > 0 && b < len(chunk) {
		out = splitHyphens(text, s, s+b, out)
		return append(out, span{start: s + b, end: e})
	}
	return splitHyphens(text, s, e, out)
}

func isUpperByte(b byte) bool { return b >= 'A' && b <= 'Z' }

// cliticSplit returns the byte offset where an EWT clitic starts in w, or 0.
func cliticSplit(w string) int {
	l := strings.ToLower(strings.ReplaceAll(w, "’", "'"))
	// The replacement changes lengths; work on the original when curly.
	curly := strings.Contains(w, "’")
	off := func(n int) int {
		// n is the length of the suffix in l; map to w.
		if !curly {
			return len(w) - n
		}
		suffix := l[len(l)-n:]
		k := len(w)
		for range suffix {
			_, size := utf8.DecodeLastRuneInString(w[:k])
			k -= size
		}
		return k
	}
	switch l {
	case "cannot":
		return 3
	case "gonna", "wanna", "gotta":
		return 3
	}
	if strings.HasSuffix(l, "n't") && len(l) > 3 {
		return off(3)
	}
	for _, c := range []string{"'s", "'re", "'ve", "'ll", "'d", "'m"} {
		if strings.HasSuffix(l, c) && len(l) > len(c) {
			return off(len(c))
		}
	}
	return 0
}

// hyphenPrefixes are prefixes that EWT keeps attached ("co-workers").
var hyphenPrefixes = map[string]bool{}

// arabicArticles start names kept whole ("Al-Tanf", "al-Assad").
var arabicArticles = map[string]bool{}

func init() {
	for _, p := range strings.Fields(`e non pre post co re anti pro multi mid semi ex self sub inter counter
		cross de un bi tri quasi neo ultra mega mini micro macro vice x t u`) {
		hyphenPrefixes[p] = true
	}
	for _, p := range strings.Fields(`al el ad ar as ash at az an bin ibn abu bint ben abd abdul`) {
		arabicArticles[p] = true
	}
}

// splitHyphens splits text[s:e] at hyphens unless the compound is one the
// tokeniser keeps whole.
func splitHyphens(text string, s, e int, out []span) []span {
	chunk := text[s:e]
	if !strings.Contains(chunk, "-") || keepHyphenated(chunk) {
		return append(out, span{start: s, end: e})
	}
	start := s
	for i := 0; i < len(chunk); i++ {
		if chunk[i] != '-' {
			continue
		}
		if s+i > start {
			out = append(out, span{start: start, end: s + i})
		}
		out = append(out, span{start: s + i, end: s + i + 1})
		start = s + i + 1
	}
	if start < e {
		out = append(out, span{start: start, end: e})
	}
	return out
}

func keepHyphenated(w string) bool {
	parts := strings.Split(w, "-")
	allDigits := true
	for _, p := range parts {
		if p == "" {
			return true // "-5", "x-", odd runs: leave alone
		}
		if strings.TrimLeft(p, "0123456789.,") != "" {
			allDigits = false
		}
	}
	if allDigits {
		return true
	}
	first := parts[0]
	lf := strings.ToLower(first)
	if hyphenPrefixes[lf] && first == lf {
		return true
	}
	if arabicArticles[lf] && startsUpper(parts[1]) {
		return true
	}
	for k, p := range parts {
		hasL, hasD := false, false
		for _, r := range p {
			if unicode.IsLetter(r) {
				hasL = true
			} else if unicode.IsDigit(r) {
				hasD = true
			}
		}
		if hasL && hasD {
			return true // Tu-22M3, 3-D-ish designations
		}
		// Su-35, MQ-9, F-16, COVID-19: capitalised letters then a number.
		if k+1 < len(parts) && hasL && startsUpper(p) && len(p) <= 5 && isDigitByte(parts[k+1][0]) {
			return true
		}
	}
	return false
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// Split tokenises text and groups the tokens into sentences. It needs no
// models.
func (p *Pipeline) Split(text string) []Sentence {
	return SplitSentences(text)
}

// SplitSentences tokenises text and groups the tokens into sentences.
func SplitSentences(text string) []Sentence {
	spans := tokenSpans(text)
	var sents []Sentence
	begin := 0
	flush := func(end int) {
		if end <= begin {
			return
		}
		toks := make([]Token, end-begin)
		for k, sp := range spans[begin:end] {
			toks[k] = Token{Text: text[sp.start:sp.end], Start: sp.start, End: sp.end}
		}
		st, en := spans[begin].start, spans[end-1].end
		sents = append(sents, Sentence{Start: st, End: en, Text: text[st:en], Tokens: toks})
		begin = end
	}
	for i := 0; i < len(spans); i++ {
		if i+1-begin >= maxSentenceTokens {
			flush(i + 1) // keeps parsing time linear on text without breaks
			continue
		}
		if i+1 < len(spans) && breakBefore(text, spans, i+1) {
			flush(i + 1)
			continue
		}
		if !isTerminal(text[spans[i].start:spans[i].end]) {
			if i+1 < len(spans) && abbrevBoundary(text, spans, i) {
				flush(i + 1)
			}
			continue
		}
		// Absorb closing quotes and brackets glued to the terminal.
		j := i + 1
		for j < len(spans) && spans[j].start == spans[j-1].end && spans[j].newlines == 0 && isCloser(text[spans[j].start:spans[j].end]) {
			j++
		}
		if j >= len(spans) {
			i = j - 1
			continue
		}
		if startsSentence(text, spans, j) {
			flush(j)
		}
		i = j - 1
	}
	flush(len(spans))
	return sents
}

// maxSentenceTokens caps sentence length; EWT's longest has 159 words.
const maxSentenceTokens = 250

// breakBefore reports a layout boundary before token j: a blank line, or a
// line break that does not look like a hard wrap.
func breakBefore(text string, spans []span, j int) bool {
	sp := spans[j]
	if sp.newlines >= 2 {
		return true
	}
	if sp.newlines == 1 {
		r, _ := utf8.DecodeRuneInString(text[sp.start:])
		return !unicode.IsLower(r)
	}
	return false
}

func isTerminal(t string) bool {
	if t == "" {
		return false
	}
	return strings.Trim(t, ".!?…") == ""
}

func isCloser(t string) bool {
	switch t {
	case "\"", "'", "”", "’", ")", "]", "}", "»":
		return true
	}
	return false
}

// startsSentence reports whether token j can begin a sentence after a
// terminal: it starts with a capital, a digit or an opening symbol.
func startsSentence(text string, spans []span, j int) bool {
	if spans[j].start == spans[j-1].end && spans[j].newlines == 0 {
		return false // "U.S.-led", "e.g.,": glued
	}
	r, _ := utf8.DecodeRuneInString(text[spans[j].start:])
	if unicode.IsLower(r) {
		return false
	}
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(openers+"-–—•", r) || !unicode.IsLetter(r)
}

// sentenceStarters are capitalised words that after a dotted abbreviation
// ("in the U.S. The ...") signal a new sentence.
var sentenceStarters = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`The A An He She It They We I You This That These Those There But And
		In On At As If When While After Before However His Her Its Their Our My Some Many Most What Why How
		Who Where Meanwhile Also So Yet Still Then Now Last Earlier Later According`) {
		sentenceStarters[w] = true
	}
}

// abbrevBoundary reports whether the abbreviation token i ("U.S.", "etc.")
// ends a sentence.
func abbrevBoundary(text string, spans []span, i int) bool {
	t := text[spans[i].start:spans[i].end]
	if !strings.HasSuffix(t, ".") || len(t) < 2 {
		return false
	}
	core := strings.ToLower(t[:len(t)-1])
	if titleAbbrevs[core] || len(core) == 1 {
		return false
	}
	next := text[spans[i+1].start:spans[i+1].end]
	return spans[i+1].start > spans[i].end && sentenceStarters[next]
}
