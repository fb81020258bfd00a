// Package text splits news text into paragraphs, sentences and word tokens,
// keeping byte offsets into the original text so that every later stage can
// point back at the exact characters it used.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word, number or punctuation mark with its byte offsets.
type Token struct {
	Text       string
	Start, End int
}

// Span is a sentence or paragraph with its byte offsets.
type Span struct {
	Start, End int
	Text       string
}

// Tokenize splits s into tokens. Words keep inner hyphens, apostrophes,
// periods and digits ("Al-Tanf", "Su-35", "U.S.", "1.5bn", "300,000");
// possessive "'s" and "’s" become tokens of their own so that "Iran's"
// yields "Iran" and "'s".
func Tokenize(s string) []Token {
	var toks []Token
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += w
			continue
		}
		start := i
		if isWordRune(r) {
			i += w
			for i < len(s) {
				r, w = utf8.DecodeRuneInString(s[i:])
				if isWordRune(r) {
					i += w
					continue
				}
				// Keep joiners between word characters: Al-Tanf, U.S., 300,000, 1.5.
				if isJoiner(r) && i+w < len(s) {
					next, _ := utf8.DecodeRuneInString(s[i+w:])
					if isWordRune(next) && !(isApostrophe(r) && isPossessiveAt(s, i+w)) &&
						!(r == ',' && !(unicode.IsDigit(prevRune(s, i)) && unicode.IsDigit(next))) {
						i += w
						continue
					}
				}
				break
			}
			// Abbreviation with trailing period: "U.S." "Gen." keep the dot.
			if i < len(s) && s[i] == '.' && isAbbreviation(s[start:i]) {
				i++
			}
			toks = append(toks, Token{s[start:i], start, i})
			continue
		}
		if isApostrophe(r) && isPossessiveAt(s, i+w) && len(toks) > 0 && toks[len(toks)-1].End == i {
			end := i + w + 1
			toks = append(toks, Token{s[i:end], i, end})
			i = end
			continue
		}
		i += w
		toks = append(toks, Token{s[start:i], start, i})
	}
	return toks
}

func prevRune(s string, i int) rune {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

func isJoiner(r rune) bool {
	return r == '-' || r == '.' || r == ',' || r == '/' || r == '\'' || r == '’' || r == '&'
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// isPossessiveAt reports whether s[i:] starts "s" followed by a non-word character.
func isPossessiveAt(s string, i int) bool {
	if i >= len(s) || (s[i] != 's' && s[i] != 'S') {
		return false
	}
	if i+1 == len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i+1:])
	return !isWordRune(r)
}

// abbreviations end in a period that does not end a sentence. Lower-case keys.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true, "st": true,
	"gen": true, "lt": true, "col": true, "maj": true, "capt": true, "cpt": true, "sgt": true, "adm": true,
	"cmdr": true, "brig": true, "rep": true, "sen": true, "gov": true, "pres": true, "amb": true, "rev": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "mon": true, "tue": true, "tues": true, "wed": true,
	"thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"no": true, "vs": true, "etc": true, "inc": true, "ltd": true, "co": true, "corp": true, "approx": true,
	"u.s": true, "u.k": true, "u.n": true, "e.u": true, "a.m": true, "p.m": true, "i.e": true, "e.g": true,
	"mt": true, "ft": true, "est": true, "dept": true, "govt": true,
}

func isAbbreviation(w string) bool {
	lw := strings.ToLower(w)
	if abbreviations[lw] {
		return true
	}
	// Single capital initials: "J." in "John F. Kennedy".
	if len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
		return true
	}
	// Dotted acronyms such as "U.S" (the final dot is what we are deciding on).
	return strings.Count(w, ".") >= 1 && len(w) <= 6 && !strings.ContainsAny(w, "0123456789")
}

// titleAbbreviations precede a name, so a following capital does not start a
// sentence.
var titleAbbreviations = map[string]bool{
	"mr.": true, "mrs.": true, "ms.": true, "dr.": true, "prof.": true, "gen.": true, "lt.": true,
	"col.": true, "maj.": true, "capt.": true, "sgt.": true, "adm.": true, "brig.": true, "rep.": true,
	"sen.": true, "gov.": true, "st.": true, "rev.": true, "amb.": true, "no.": true, "cmdr.": true,
	"jan.": true, "feb.": true, "mar.": true, "apr.": true, "jun.": true, "jul.": true, "aug.": true,
	"sep.": true, "sept.": true, "oct.": true, "nov.": true, "dec.": true,
}

// Paragraphs splits s at blank lines and at single newlines (news dumps put
// one paragraph per line), dropping empty ones.
func Paragraphs(s string) []Span {
	var out []Span
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '\n' {
			if sp, ok := trimSpan(s, start, i); ok {
				out = append(out, sp)
			}
			start = i + 1
		}
	}
	return out
}

func trimSpan(s string, start, end int) (Span, bool) {
	for start < end {
		r, w := utf8.DecodeRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += w
	}
	for end > start {
		r, w := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= w
	}
	return Span{start, end, s[start:end]}, end > start
}

// Sentences splits s into sentences. A sentence ends at ".", "!" or "?"
// (with any closing quotes or brackets) followed by space and a capital,
// digit or opening quote, unless the period belongs to an abbreviation or
// initial; a paragraph break always ends a sentence.
func Sentences(s string) []Span {
	var out []Span
	for _, p := range Paragraphs(s) {
		out = appendSentences(out, p)
	}
	return mergeFragments(out, s)
}

// pieceBytes is the most of a paragraph tokenized at once: tokens cost
// several times the text, and a text of one long paragraph must not hold
// them all. No news paragraph comes near it.
var pieceBytes = 64 << 10

// appendSentences appends the sentences of paragraph p to out. A paragraph
// longer than pieceBytes is split a piece at a time: the piece ends at a
// space, and only its sentences whose end is followed by another word in
// the piece are taken; the next piece starts after the last of them, so
// the split is the one the whole paragraph would get (a piece with no
// sentence end at all ends a sentence where it is cut).
func appendSentences(out []Span, p Span) []Span {
	for from := 0; from < len(p.Text); {
		piece, whole := p.Text[from:], true
		if len(piece) > pieceBytes {
			piece, whole = piece[:Cut(piece, pieceBytes, 1, " ")], false
		}
		toks := Tokenize(piece)
		emit := func(start, end int) {
			if sp, ok := trimSpan(piece, start, end); ok {
				out = append(out, Span{p.Start + from + sp.Start, p.Start + from + sp.End, sp.Text})
			}
		}
		start := 0
		for i, t := range toks {
			// endsSentence needs the word after the end: it is false for
			// the piece's last token, which may be cut.
			if !endsSentence(toks, i) {
				continue
			}
			end := t.End
			// Absorb closing quotes and brackets.
			for i+1 < len(toks) && isCloser(toks[i+1].Text) && toks[i+1].Start == end {
				i++
				end = toks[i].End
			}
			emit(start, end)
			start = end
		}
		if whole || start == 0 {
			emit(start, len(piece))
			from += len(piece)
			continue
		}
		from += start
	}
	return out
}

// Cut returns the length of the best prefix of s to cut at most n bytes
// from it, for n < len(s): just after the last occurrence of the first of
// seps (tried in order) that starts at or after min, else n moved back to
// a character boundary (n itself when no boundary is found).
func Cut(s string, n, min int, seps ...string) int {
	window := s[:n]
	for _, sep := range seps {
		if i := strings.LastIndex(window, sep); i >= min {
			return i + len(sep)
		}
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if cut == 0 {
		return n
	}
	return cut
}

func isCloser(t string) bool {
	return t == "\"" || t == "”" || t == "’" || t == "'" || t == ")" || t == "]" || t == "»"
}

func endsSentence(toks []Token, i int) bool {
	t := toks[i].Text
	switch {
	case t == "!" || t == "?":
	case t == ".":
	case strings.HasSuffix(t, ".") && len(t) > 1:
		// An abbreviation token kept its period. "U.S." at the end of a
		// sentence still ends it when the next word is a capitalised
		// non-name such as "The"; titles never end a sentence.
		if titleAbbreviations[strings.ToLower(t)] || len(t) == 2 {
			return false
		}
		if i+1 < len(toks) && !startsSentenceStrongly(toks[i+1].Text) {
			return false
		}
	default:
		return false
	}
	// Find the next real token after closers.
	j := i + 1
	for j < len(toks) && isCloser(toks[j].Text) {
		j++
	}
	if j >= len(toks) {
		return false // end of paragraph handles it
	}
	n := toks[j].Text
	r, _ := utf8.DecodeRuneInString(n)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || n == "\"" || n == "“" || n == "(" || n == "‘"
}

// startsSentenceStrongly reports words that nearly always begin a new
// sentence after an abbreviation ("... the U.S. The move ...").
func startsSentenceStrongly(w string) bool {
	switch w {
	case "The", "A", "An", "It", "He", "She", "They", "We", "I", "This", "That", "These", "Those",
		"But", "And", "In", "On", "At", "After", "Before", "However", "Meanwhile", "Its", "His", "Her", "Their":
		return true
	}
	return false
}

// mergeFragments joins a sentence that is only closing punctuation onto the
// previous one.
func mergeFragments(ss []Span, s string) []Span {
	out := ss[:0]
	for _, sp := range ss {
		if len(out) > 0 && !hasWord(sp.Text) && out[len(out)-1].End <= sp.Start && !strings.Contains(s[out[len(out)-1].End:sp.Start], "\n") {
			prev := &out[len(out)-1]
			prev.End = sp.End
			prev.Text = s[prev.Start:prev.End]
			continue
		}
		out = append(out, sp)
	}
	return out
}

func hasWord(s string) bool {
	for _, r := range s {
		if isWordRune(r) {
			return true
		}
	}
	return false
}
