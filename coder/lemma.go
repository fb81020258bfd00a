package coder

import "strings"

// irregular maps irregular inflected forms to their lemma.
var irregular = map[string]string{
	"flew": "fly", "flown": "fly", "struck": "strike", "stricken": "strike", "shot": "shoot",
	"fought": "fight", "sent": "send", "met": "meet", "held": "hold", "made": "make", "took": "take",
	"taken": "take", "gave": "give", "given": "give", "sought": "seek", "sold": "sell", "bought": "buy",
	"brought": "bring", "began": "begin", "begun": "begin", "led": "lead", "left": "leave", "hit": "hit",
	"won": "win", "told": "tell", "said": "say", "spoke": "speak", "spoken": "speak", "went": "go",
	"gone": "go", "came": "come", "saw": "see", "seen": "see", "withdrew": "withdraw",
	"withdrawn": "withdraw", "drove": "drive", "driven": "drive", "threw": "throw", "thrown": "throw",
	"froze": "freeze", "frozen": "freeze", "forbade": "forbid", "forbidden": "forbid", "slew": "slay",
	"was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "being": "be", "am": "be",
	"has": "have", "had": "have", "did": "do", "done": "do", "does": "do", "knew": "know",
	"overran": "overrun", "undertook": "undertake", "undertaken": "undertake", "bore": "bear",
	"stood": "stand", "kept": "keep", "paid": "pay", "laid": "lay", "blew": "blow", "blown": "blow",
	"broke": "break", "broken": "break", "stole": "steal", "stolen": "steal", "seized": "seize",
	"fled": "flee", "rode": "ride", "put": "put", "set": "set", "cut": "cut", "beat": "beat",
	"beaten": "beat", "got": "get", "gotten": "get", "chose": "choose", "chosen": "choose",
	"rose": "rise", "risen": "rise", "forces": "force", "force": "force", "dies": "die", "died": "die",
	"lies": "lie", "ties": "tie", "tied": "tie", "news": "news", "series": "series", "arms": "arms",
	"talks":     "talk",
	"ceasefire": "ceasefire", "hostages": "hostage", "wounded": "wound", "injured": "injure",
	"clashes": "clash", "crises": "crisis", "analyses": "analysis", "sanctions": "sanction",
}

// stem maps an English word and its inflections onto one key: lower-cased,
// irregular forms looked up, -s/-es/-ies/-ed/-ing removed, a doubled final
// consonant undoubled and a final silent e dropped ("seized", "seizes",
// "seizing", "seize" → "seiz"). Trigger patterns are stemmed the same way,
// so the keys only need to agree with each other, not be real words.
func stem(w string) string {
	w = strings.ToLower(w)
	w = strings.ReplaceAll(w, "’", "'")
	if l, ok := irregular[w]; ok {
		w = l
	} else {
		n := len(w)
		switch {
		case n > 4 && (strings.HasSuffix(w, "ies") || strings.HasSuffix(w, "ied")):
			w = w[:n-3] + "y"
		case n > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "xes")):
			w = w[:n-2]
		case n > 3 && (strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "'s")):
		case n > 3 && strings.HasSuffix(w, "s"):
			w = w[:n-1]
		case n > 5 && strings.HasSuffix(w, "ing"):
			w = undouble(w[:n-3])
		case n > 4 && strings.HasSuffix(w, "ed"):
			w = undouble(w[:n-2])
		}
	}
	// Drop final e's so that "agree"/"agreed" and "seize"/"seized" meet.
	for n := len(w); n > 3 && w[n-1] == 'e'; n-- {
		w = w[:n-1]
	}
	return w
}

// undouble turns "shipp" (from "shipped") into "ship"; ll and ss stay
// ("shelled" → "shell"), except in the verbs that double a final l
// ("expelled" → "expel", "patrolled" → "patrol").
func undouble(s string) string {
	n := len(s)
	if n >= 3 && s[n-1] == s[n-2] && !strings.ContainsRune("aeiouls", rune(s[n-1])) && !doubledBase[s] {
		return s[:n-1]
	}
	if n >= 4 && s[n-1] == 'l' && s[n-2] == 'l' && doubledL[s[:n-1]] {
		return s[:n-1]
	}
	return s
}

// doubledBase are verbs whose base ends in a double consonant, kept
// before -ed and -ing ("boycotted" → "boycott").
var doubledBase = map[string]bool{"boycott": true, "add": true, "staff": true, "stuff": true, "bluff": true,
	"buzz": true, "err": true, "egg": true, "sniff": true, "scoff": true, "rebuff": true}

// doubledL are verbs ending in one l that double it before -ed and -ing.
var doubledL = map[string]bool{"expel": true, "compel": true, "propel": true, "repel": true, "dispel": true,
	"impel": true, "patrol": true, "control": true, "cancel": true, "travel": true, "label": true,
	"signal": true, "fuel": true, "model": true, "level": true, "channel": true, "counsel": true,
	"marshal": true, "quarrel": true, "rival": true, "total": true, "annul": true, "enrol": true,
	"instil": true, "fulfil": true, "rebel": true, "shovel": true, "tunnel": true, "duel": true}

// stemSet returns the stems of the space-separated words.
func stemSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[stem(w)] = true
	}
	return set
}
