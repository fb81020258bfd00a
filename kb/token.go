package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Case classes of a token, from the text's spelling.
const (
	caseNone  uint8 = iota // no letters (digits only)
	caseLower              // first letter lower-case
	caseTitle              // first letter upper-case, not all upper
	caseUpper              // all letters upper-case
)

// Case requirements a pattern token places on the text token it matches.
const (
	reqAny   uint8 = iota // lower-case pattern word: any spelling
	reqTitle              // capitalised pattern word: Title or UPPER in the text
	reqUpper              // acronym (2+ capitals): UPPER in the text
	reqExact              // mixed case ("MaT", "McCain"): as written or UPPER
)

// Gap classes between two tokens.
const (
	gapSoft uint8 = iota // spaces, an intra-word hyphen: tokens may belong to one name
	gapDot               // ". " after an abbreviation ("Col. Garver"): only titles cross it
	gapHard              // anything else (newline, comma, bracket, dash, quote)
)

// token is one word of a text: a maximal run of letters and digits, with
// inner apostrophes folded away ("Hay'at" -> "hayat") and a possessive
// "'s" split off.
type token struct {
	start, end int    // byte span in the text, without a possessive 's
	norm       string // lower-cased, diacritics folded
	orig       string // the text as written
	cls        uint8  // case class
	gap        uint8  // gap class between the previous token and this one
	poss       bool   // followed by 's, ’s or s'
	possEnd    int    // end including the possessive marker
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isApos(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`' || r == '´'
}

// tokenize splits text into tokens. It appends to buf to reuse memory.
func tokenize(text string, buf []token) []token {
	toks := buf[:0]
	i := 0
	prevEnd := 0
	first := true
	for i < len(text) {
		r, w := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(text[i:])
		}
		if !isWordRune(r) {
			i += w
			continue
		}
		start := i
		end := i
		poss := false
		possEnd := 0
		hasApos := false
		for i < len(text) {
			r, w = rune(text[i]), 1
			if r >= utf8.RuneSelf {
				r, w = utf8.DecodeRuneInString(text[i:])
			}
			if isWordRune(r) {
				i += w
				end = i
				continue
			}
			if isApos(r) && i+w < len(text) {
				// Possessive 's (followed by a non-letter or the end)?
				nr, nw := utf8.DecodeRuneInString(text[i+w:])
				if nr == 's' || nr == 'S' {
					j := i + w + nw
					if j >= len(text) {
						poss, possEnd = true, j
						i = j
						break
					}
					ar, _ := utf8.DecodeRuneInString(text[j:])
					if !isWordRune(ar) {
						poss, possEnd = true, j
						i = j
						break
					}
				}
				if isWordRune(nr) {
					// Inner apostrophe: N'Djamena, Hay'at, Da'esh.
					hasApos = true
					i += w
					continue
				}
			}
			break
		}
		// "Russians'" : plural possessive.
		if !poss && i < len(text) && end > start && (text[end-1] == 's') {
			r2, w2 := utf8.DecodeRuneInString(text[i:])
			if isApos(r2) {
				j := i + w2
				if j >= len(text) {
					poss, possEnd = true, j
				} else if ar, _ := utf8.DecodeRuneInString(text[j:]); !isWordRune(ar) {
					poss, possEnd = true, j
				}
			}
		}
		orig := text[start:end]
		// A single capital letter followed by '.' is an initial or part of
		// an abbreviation ("U.S."): the dot belongs to it.
		if !poss && end-start == 1 && end < len(text) && text[end] == '.' && orig[0] >= 'A' && orig[0] <= 'Z' {
			end++
			i = end
		}
		t := token{start: start, end: end, orig: orig, poss: poss, possEnd: possEnd}
		if !poss {
			t.possEnd = end
		}
		t.norm, t.cls = normalize(orig, hasApos)
		if first {
			t.gap = gapHard
			first = false
		} else {
			t.gap = classifyGap(text[prevEnd:start], toks[len(toks)-1])
		}
		prevEnd = t.possEnd
		toks = append(toks, t)
	}
	return toks
}

// classifyGap says whether the text between two tokens lets them belong to
// one name.
func classifyGap(g string, prev token) uint8 {
	if g == " " || g == "-" {
		return gapSoft
	}
	if g == "/" && prev.cls == caseUpper {
		// "SAMP/T", "AN/TPY-2": a slash inside a designation.
		return gapSoft
	}
	if g == "" {
		return gapSoft
	}
	spaces, hyphens, dots, other := 0, 0, 0, 0
	for _, r := range g {
		switch r {
		case ' ', '\t', '\u00a0':
			spaces++
		case '-', '‐', '‑':
			hyphens++
		case '.':
			dots++
		default:
			other++
		}
	}
	switch {
	case other > 0:
		return gapHard
	case dots == 0 && hyphens == 0:
		return gapSoft
	case dots == 0 && hyphens == 1 && spaces == 0:
		return gapSoft
	case dots == 1 && hyphens == 0 && len(prev.orig) <= 4 && prev.cls >= caseTitle:
		return gapDot
	}
	return gapHard
}

// normalize lower-cases s, folds diacritics and drops inner apostrophes,
// and reports the case class.
func normalize(s string, hasApos bool) (string, uint8) {
	ascii := true
	upper, lower, letters := 0, 0, 0
	firstUpper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if c >= 'A' && c <= 'Z' {
			if letters == 0 {
				firstUpper = true
			}
			upper++
			letters++
		} else if c >= 'a' && c <= 'z' {
			lower++
			letters++
		}
	}
	if ascii && !hasApos {
		cls := classOf(letters, upper, firstUpper)
		if upper == 0 {
			return s, cls
		}
		b := make([]byte, len(s))
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		return string(b), cls
	}
	var sb strings.Builder
	sb.Grow(len(s))
	upper, letters, firstUpper = 0, 0, false
	for _, r := range s {
		if isApos(r) {
			continue
		}
		if unicode.IsLetter(r) {
			if unicode.IsUpper(r) {
				if letters == 0 {
					firstUpper = true
				}
				upper++
			}
			letters++
		}
		r = unicode.ToLower(r)
		if f, ok := foldTable[r]; ok {
			sb.WriteString(f)
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String(), classOf(letters, upper, firstUpper)
}

func classOf(letters, upper int, firstUpper bool) uint8 {
	switch {
	case letters == 0:
		return caseNone
	case upper == letters && letters >= 2:
		return caseUpper
	case firstUpper:
		return caseTitle
	}
	return caseLower
}

// requirement derives the case requirement of a pattern word.
func requirement(orig string) uint8 {
	upper, letters := 0, 0
	firstUpper := false
	for _, r := range orig {
		if !unicode.IsLetter(r) {
			continue
		}
		if unicode.IsUpper(r) {
			if letters == 0 {
				firstUpper = true
			}
			upper++
		}
		letters++
	}
	switch {
	case letters == 0 || !firstUpper:
		return reqAny
	case upper == letters && letters >= 2:
		return reqUpper
	case upper > 1:
		return reqExact
	}
	return reqTitle
}

// satisfies reports whether a text token meets a pattern word's case
// requirement.
func satisfies(t *token, req uint8, pat string) bool {
	switch req {
	case reqAny:
		return true
	case reqTitle:
		return t.cls == caseTitle || t.cls == caseUpper
	case reqUpper:
		return t.cls == caseUpper
	case reqExact:
		return t.cls == caseUpper || t.orig == pat
	}
	return false
}

// foldTable maps accented letters to their ASCII base so that "Türkiye"
// and "Turkiye", "Brasília" and "Brasilia" match.
var foldTable = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'æ': "ae", 'ç': "c", 'ć': "c", 'č': "c", 'ĉ': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g", 'ģ': "g", 'ĥ': "h", 'ħ': "h",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i", 'ı': "i",
	'ķ': "k", 'ĺ': "l", 'ļ': "l", 'ľ': "l", 'ł': "l",
	'ñ': "n", 'ń': "n", 'ņ': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
	'ŕ': "r", 'ř': "r", 'ś': "s", 'ş': "s", 'š': "s", 'ș': "s", 'ß': "ss",
	'ţ': "t", 'ť': "t", 'ț': "t", 'þ': "th",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
	'ʿ': "", 'ʾ': "", 'ʻ': "", 'ʼ': "",
	'ḩ': "h", 'ḥ': "h", 'ẖ': "h", 'ḫ': "h", 'ṭ': "t", 'ṯ': "th", 'ṣ': "s", 'ḍ': "d", 'ḏ': "dh", 'ẓ': "z", 'ḑ': "d",
	'ġ': "g", 'ǧ': "g", 'ḡ': "g", 'ṅ': "n", 'ṇ': "n", 'ṛ': "r", 'ṃ': "m", 'ẕ': "z", 'ǎ': "a", 'ǐ': "i",
	'ǒ': "o", 'ǔ': "u", 'ə': "e", 'ŷ': "y", 'ỳ': "y", 'ẏ': "y",
	'ṟ': "r", 'ḵ': "k", 'ḇ': "b", 'ṉ': "n", 'ḻ': "l", 'ḷ': "l", 'ṁ': "m", 'ṡ': "s", 'ẑ': "z", 'ǵ': "g", 'ḱ': "k",
	'ĵ': "j", 'ǰ': "j", 'ŝ': "s", 'ŵ': "w", 'ẃ': "w", 'ŭ': "u", 'ĭ': "i", 'ŏ': "o", 'ĕ': "e",
	'ẽ': "e", 'ĩ': "i", 'ũ': "u", 'ỹ': "y", 'ơ': "o", 'ư': "u", 'ạ': "a", 'ả': "a", 'ấ': "a", 'ầ': "a", 'ậ': "a",
	'ắ': "a", 'ặ': "a", 'ẹ': "e", 'ế': "e", 'ề': "e", 'ệ': "e", 'ị': "i", 'ọ': "o", 'ố': "o", 'ồ': "o", 'ộ': "o",
	'ớ': "o", 'ờ': "o", 'ợ': "o", 'ụ': "u", 'ứ': "u", 'ừ': "u", 'ự': "u", 'ỵ': "y",
	'ẩ': "a", 'ẫ': "a", 'ẳ': "a", 'ẵ': "a", 'ằ': "a", 'ẻ': "e", 'ể': "e", 'ễ': "e", 'ỉ': "i", 'ỏ': "o", 'ổ': "o",
	'ỗ': "o", 'ở': "o", 'ỡ': "o", 'ủ': "u", 'ử': "u", 'ữ': "u", 'ỷ': "y",
	// Cyrillic, romanised as Ukraine's national system does (г h, и y),
	// which suits the Ukrainian and Belarusian names of the village
	// layer; Russian names fold close enough for the spelling skeletons.
	'а': "a", 'б': "b", 'в': "v", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e", 'є': "ie", 'ж': "zh", 'з': "z",
	'и': "y", 'і': "i", 'ї': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
	'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ў': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "shch", 'ь': "", 'ъ': "", 'ы': "y", 'э': "e", 'ё': "e", 'ю': "iu", 'я': "ia",
}
