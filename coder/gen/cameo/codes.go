package main

import "strings"

// ploverOf maps a CAMEO code ("112", "0871", "042:043", "080!") to a PLOVER
// 2.0 type, mode and flags; ok is false for codes that state no event of
// ours: public statements (01), the null code "---" and codes with nothing
// before the colon (events of the pattern's object, not its subject).
func ploverOf(code string) (typ, mode string, flags []string, ok bool) {
	code = strings.TrimSpace(strings.TrimRight(code, "!"))
	if i := strings.Index(code, ":"); i >= 0 {
		code = code[:i]
	}
	if len(code) < 3 || strings.Trim(code, "0123456789") != "" {
		return "", "", nil, false
	}
	c3 := code[:3]
	switch code[:2] {
	case "01":
		return "", "", nil, false
	case "02":
		return "REQUEST", "", nil, true
	case "03":
		// Expressed intent to cooperate: a promise or pledge.
		return "AGREE", "", []string{"future"}, true
	case "04":
		switch c3 {
		case "041":
			return "CONSULT", "phone", []string{"sym"}, true
		case "042":
			return "CONSULT", "visit", nil, true
		case "043":
			return "CONSULT", "host", nil, true
		case "044":
			return "CONSULT", "third-party", []string{"sym"}, true
		case "045":
			return "CONSULT", "mediate", nil, true
		case "046":
			return "CONSULT", "", []string{"sym"}, true
		}
		return "CONSULT", "", nil, true
	case "05":
		switch c3 {
		case "055":
			return "CONCEDE", "", nil, true
		case "057":
			return "AGREE", "", []string{"sym"}, true
		}
		return "SUPPORT", "", nil, true
	case "06":
		if c3 == "061" {
			return "COOPERATE", "economic", nil, true
		}
		return "COOPERATE", "", nil, true
	case "07":
		switch c3 {
		case "070", "071":
			return "AID", "economic", nil, true
		case "072", "074":
			return "AID", "military", nil, true
		case "073", "075":
			return "AID", "humanitarian", nil, true
		}
		return "AID", "", nil, true
	case "08":
		if c3 == "087" {
			return "RETREAT", "", nil, true
		}
		return "CONCEDE", "", nil, true
	case "09":
		return "ACCUSE", "investigate", nil, true
	case "10":
		return "REQUEST", "demand", nil, true
	case "11":
		return "ACCUSE", "", nil, true
	case "12":
		return "REJECT", "", nil, true
	case "13":
		return "THREATEN", "", []string{"future"}, true
	case "14":
		switch c3 {
		case "142":
			return "PROTEST", "hunger", nil, true
		case "143":
			return "PROTEST", "strike", nil, true
		case "144":
			return "PROTEST", "obstruct", nil, true
		case "145":
			return "PROTEST", "riot", nil, true
		}
		return "PROTEST", "", nil, true
	case "15":
		// "deployed troops to the border": the object is no recipient.
		return "MOBILIZE", "", []string{"norecip"}, true
	case "16":
		return "SANCTION", "", nil, true
	case "17":
		switch {
		case code == "1711":
			return "COERCE", "seize", nil, true
		case c3 == "173":
			return "COERCE", "arrest", nil, true
		}
		return "COERCE", "", nil, true
	case "18":
		switch c3 {
		case "181":
			return "ASSAULT", "abduction", nil, true
		case "183":
			return "ASSAULT", "bombing", nil, true
		case "185", "186":
			return "ASSAULT", "assassination", nil, true
		}
		if code == "1821" {
			return "ASSAULT", "sexual", nil, true
		}
		return "ASSAULT", "", nil, true
	case "19":
		switch c3 {
		case "190", "193":
			return "ASSAULT", "firefight", nil, true
		case "191":
			// A blockade restricts movement: coercion, as in triggers.tsv.
			return "COERCE", "", nil, true
		case "194":
			return "ASSAULT", "shelling", nil, true
		case "195":
			return "ASSAULT", "aerial", nil, true
		}
		return "ASSAULT", "", nil, true
	case "20":
		if c3 == "201" {
			// Mass expulsion.
			return "COERCE", "", nil, true
		}
		return "ASSAULT", "", nil, true
	}
	return "", "", nil, false
}

// generic verbs are not triggers on their own: only in patterns ("make a
// visit", "take hostage", "call for").
var generic = map[string]bool{
	"be": true, "have": true, "do": true, "make": true, "take": true, "get": true, "go": true,
	"come": true, "give": true, "say": true, "tell": true, "see": true, "look": true, "show": true,
	"put": true, "set": true, "keep": true, "call": true, "hold": true, "bring": true, "find": true,
	"run": true, "turn": true, "leave": true, "let": true, "begin": true, "seem": true, "use": true,
	"place": true, "state": true, "move": true, "carry": true, "open": true, "close": true,
	"end": true, "face": true, "mark": true, "note": true, "add": true, "draw": true, "work": true,
	"will": true, "would": true, "want": true, "need": true, "try": true,
}
