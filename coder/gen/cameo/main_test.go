package main

import (
	"strings"
	"testing"
)

// A small dictionary in the format of CAMEO.2.0.txt.
const testDict = `# header
####### SYNONYM SETS #######
&WEAPON
+MISSILE
+ROCKET
+CRUISE_MISSILE

####### VERB PATTERNS #######
---  FIRE   [---]  ---
FIRE
LAUNCH
SHOOT {SHOOTS SHOT SHOOTING}
- * &WEAPON (AT +)                                 [194]         # FIRE
- * OFF                                            [046]         # LAUNCH
- $ * (BY/WITH GRENADE)                            [193]         # SHOOT
- * {VERBAL ATTACK}                                [111]         # LAUNCH
- * ATTACK                                         [190]         # JOIN
- * (TO {PRESS CONFERENCE})                        [010]         # FIRE

---  ACCUSE   [112]  ---
ACCUSE
BLAME
CHARGE [115]
+LASH_OUT {+LASHED_OUT}
- * (OF &WEAPON)                                   [112]         # ACCUSE
- * (WITH TREASON)                                 [:173]        # CHARGE

---  JOIN   [---]  ---
JOIN
######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
`

func TestConvert(t *testing.T) {
	for _, tt := range []struct {
		o    options
		want []string // lines without the header
	}{
		// Only patterns: a pattern names the verbs it was written for
		// (LAUNCH), is dropped when it names a verb of another block (JOIN)
		// or its code is a statement's (010) or the object's (:173), and
		// applies to the whole block when it has a noun.
		{defaults, []string{
			"&accuse	accuse|blame|charge",
			"&fire	fire|launch|shoot|shooting|shoots|shot",
			"&accuse * of * cruise missile	ACCUSE		cameo	112",
			"&accuse * of * missile|rocket	ACCUSE		cameo	112",
			"&fire * by|with * grenade	ASSAULT	firefight	cameo	193",
			"&fire * cruise missile * at	ASSAULT	shelling	cameo	194",
			"&fire * missile|rocket * at	ASSAULT	shelling	cameo	194",
			"&fire * verbal attack	ACCUSE		cameo	111",
			"lash|lashed out * of * cruise missile	ACCUSE		cameo	112",
			"lash|lashed out * of * missile|rocket	ACCUSE		cameo	112",
			"launch * off	CONSULT		cameo,sym	046",
		}},
		// Bare verbs with their own code or the block's; a pattern that
		// says what the bare verb says is left out.
		{options{bare: "all", byVerb: "particles"}, []string{
			"accuse|blame	ACCUSE		cameo,needrecip	112",
			"charge	ACCUSE		cameo,needrecip	115",
			"lash|lashed out	ACCUSE		cameo,needrecip	112",
			"launch * off	CONSULT		cameo,sym	046",
		}},
	} {
		got, err := convert([]byte(testDict), tt.o, &stats{})
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, l := range strings.Split(strings.TrimSpace(string(got)), "\n") {
			if !strings.HasPrefix(l, "#") {
				lines = append(lines, l)
			}
		}
		text := strings.Join(lines, "\n")
		for _, w := range tt.want {
			if !strings.Contains("\n"+text+"\n", "\n"+w+"\n") {
				t.Errorf("%+v: missing %q in\n%s", tt.o, w, text)
			}
		}
		if !strings.Contains(text, "of * missile") != (tt.o.bare == "all") {
			t.Errorf("%+v: redundant patterns:\n%s", tt.o, text)
		}
		if tt.o == defaults && len(lines) != len(tt.want) {
			t.Errorf("got %d lines, want %d:\n%s", len(lines), len(tt.want), text)
		}
	}
}

func TestPloverOf(t *testing.T) {
	for code, want := range map[string]string{
		"112": "ACCUSE", "0874": "RETREAT/", "042:043": "CONSULT/visit", "173": "COERCE/arrest",
		"1711": "COERCE/seize", "183": "ASSAULT/bombing", "191": "COERCE/", "195": "ASSAULT/aerial",
		"030": "AGREE/", "057": "AGREE/", "055": "CONCEDE/", "080!": "CONCEDE/", "163": "SANCTION/",
		"013": "", "---": "", ":173": "",
	} {
		typ, mode, _, ok := ploverOf(code)
		got := ""
		if ok {
			got = typ + "/" + mode
		}
		if strings.TrimSuffix(got, "/") != strings.TrimSuffix(want, "/") {
			t.Errorf("ploverOf(%q) = %q, want %q", code, got, want)
		}
	}
}
