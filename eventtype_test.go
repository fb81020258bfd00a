package sitrep

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		typ, mode string
		cameo     string
		quad      string
		goldstein float64
	}{
		{"AGREE", "", "05", QuadVerbalCooperation, 4},
		{"CONSULT", "visit", "04", QuadVerbalCooperation, 1},
		{"COOPERATE", "", "06", QuadMaterialCooperation, 6},
		{"AID", "military", "07", QuadMaterialCooperation, 7},
		{"CONCEDE", "", "08", QuadMaterialCooperation, 5},
		{"RETREAT", "ceasefire", "08", QuadMaterialCooperation, 5},
		{"REQUEST", "", "02", QuadStatement, 3},
		{"REQUEST", "appeal", "02", QuadStatement, 3},
		{"REQUEST", "demand", "10", QuadVerbalConflict, -5},
		{"ACCUSE", "", "11", QuadVerbalConflict, -2},
		{"ACCUSE", "investigate", "09", QuadVerbalConflict, -2},
		{"THREATEN", "violence", "13", QuadVerbalConflict, -6},
		{"PROTEST", "strike", "14", QuadMaterialConflict, -6.5},
		// CAMEO 16: verbal conflict in PentaClass, as in PLOVER's quads.
		{"SANCTION", "", "16", QuadVerbalConflict, -5},
		{"MOBILIZE", "troops", "15", QuadMaterialConflict, -7.2},
		{"COERCE", "arrest", "17", QuadMaterialConflict, -7},
		{"ASSAULT", "", "19", QuadMaterialConflict, -10},
		{"ASSAULT", "aerial", "19", QuadMaterialConflict, -10},
		{"ASSAULT", "shelling", "19", QuadMaterialConflict, -10},
		{"ASSAULT", "bombing", "18", QuadMaterialConflict, -10},
		{"ASSAULT", "abduction", "18", QuadMaterialConflict, -9},
		{"ASSAULT", "unconventional", "20", QuadMaterialConflict, -10},
		{"ASSAULT", "no such mode", "19", QuadMaterialConflict, -10},
		{"ASSAULT", "demand", "19", QuadMaterialConflict, -10}, // another type's mode
		{"FIGHT", "", "", "", 0},
		{"", "", "", "", 0},
		{"assault", "", "", "", 0}, // names are upper case
	}
	for _, tt := range tests {
		cameo, quad, g := Classify(tt.typ, tt.mode)
		if cameo != tt.cameo || quad != tt.quad || g != tt.goldstein {
			t.Errorf("Classify(%q, %q) = %q, %q, %v; want %q, %q, %v", tt.typ, tt.mode, cameo, quad, g, tt.cameo, tt.quad, tt.goldstein)
		}
	}
}

func TestQuadOfCAMEO(t *testing.T) {
	tests := []struct{ code, want string }{
		{"01", QuadStatement}, {"02", QuadStatement}, {"023", QuadStatement},
		{"03", QuadVerbalCooperation}, {"057", QuadVerbalCooperation},
		{"06", QuadMaterialCooperation}, {"08", QuadMaterialCooperation},
		{"09", QuadVerbalConflict}, {"10", QuadVerbalConflict}, {"13", QuadVerbalConflict},
		{"14", QuadMaterialConflict}, {"163", QuadVerbalConflict}, {"20", QuadMaterialConflict},
		{"00", ""}, {"21", ""}, {"1", ""}, {"", ""}, {"x1", ""}, {"-1", ""},
	}
	for _, tt := range tests {
		if got := QuadOfCAMEO(tt.code); got != tt.want {
			t.Errorf("QuadOfCAMEO(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

// TestEventTypes checks the table's invariants: the 16 PLOVER 2.0 types,
// each with a CAMEO root in its class's range, a score in [-10, 10] and
// distinct modes whose own roots and PLOVER names are sound.
func TestEventTypes(t *testing.T) {
	want := []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
		"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
	types := EventTypes()
	if len(types) != len(want) {
		t.Fatalf("%d types, want %d", len(types), len(want))
	}
	ploverModes := map[string]bool{}
	for _, typ := range types {
		for _, m := range typ.Modes {
			if m.PLOVER == m.Name {
				ploverModes[typ.Name+"/"+m.Name] = true
			}
		}
	}
	for i, typ := range types {
		if typ.Name != want[i] {
			t.Errorf("type %d is %s, want %s", i, typ.Name, want[i])
		}
		if !ValidType(typ.Name) || typ.Quad() == "" || QuadOf(typ.Name) != typ.Quad() {
			t.Errorf("%s: CAMEO %q gives no class", typ.Name, typ.CAMEO)
		}
		if typ.Goldstein < -10 || typ.Goldstein > 10 {
			t.Errorf("%s: Goldstein %v out of range", typ.Name, typ.Goldstein)
		}
		seen := map[string]bool{}
		for _, m := range typ.Modes {
			switch {
			case m.Name == "" || seen[m.Name]:
				t.Errorf("%s: empty or repeated mode %q", typ.Name, m.Name)
			case m.CAMEO != "" && QuadOfCAMEO(m.CAMEO) == "":
				t.Errorf("%s/%s: bad CAMEO %q", typ.Name, m.Name, m.CAMEO)
			case m.CAMEO == "" && m.Goldstein != 0:
				t.Errorf("%s/%s: a score without a CAMEO root of its own", typ.Name, m.Name)
			case m.PLOVER != "" && !ploverModes[typ.Name+"/"+m.PLOVER]:
				t.Errorf("%s/%s stands for %q, which is not a PLOVER mode of the type", typ.Name, m.Name, m.PLOVER)
			}
			seen[m.Name] = true
			if !ValidMode(typ.Name, m.Name) {
				t.Errorf("ValidMode(%s, %s) = false", typ.Name, m.Name)
			}
		}
		if !ValidMode(typ.Name, "") {
			t.Errorf("ValidMode(%s, \"\") = false", typ.Name)
		}
	}
	// A copy: changing it leaves the table alone.
	types[0].Name, types[15].Modes[0].Name = "X", "X"
	if !ValidType("AGREE") || !ValidMode("ASSAULT", "abduct") {
		t.Error("EventTypes returned the table itself")
	}
}

func TestValidTypeAndMode(t *testing.T) {
	tests := []struct {
		typ, mode string
		typeOK    bool
		modeOK    bool
	}{
		{"ASSAULT", "aerial", true, true},
		{"ASSAULT", "", true, true},
		{"ASSAULT", "strike", true, false},
		{"PROTEST", "strike", true, true},
		{"AID", "military", true, true},
		{"REQUEST", "demand", true, true},
		{"REJECT", "demand", true, false},
		{"CRIME", "", false, false},
		{"Assault", "aerial", false, false},
	}
	for _, tt := range tests {
		if got := ValidType(tt.typ); got != tt.typeOK {
			t.Errorf("ValidType(%q) = %v", tt.typ, got)
		}
		if got := ValidMode(tt.typ, tt.mode); got != tt.modeOK {
			t.Errorf("ValidMode(%q, %q) = %v", tt.typ, tt.mode, got)
		}
	}
	if typ, ok := LookupType("SANCTION"); !ok || typ.Quad() != QuadVerbalConflict {
		t.Errorf("LookupType(SANCTION) = %+v, %v", typ, ok)
	}
	if _, ok := LookupType("NONE"); ok {
		t.Error("LookupType(NONE) found a type")
	}
}

// TestLexiconModes checks that every type and mode of the coder's trigger
// lexicon is in the table, so that Classify knows what the coder emits.
func TestLexiconModes(t *testing.T) {
	f, err := os.Open("coder/triggers.tsv")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) < 2 || fields[1] == "NONE" {
			continue
		}
		typ, mode := strings.TrimSpace(fields[1]), ""
		if len(fields) > 2 {
			mode = strings.TrimSpace(fields[2])
		}
		if !ValidMode(typ, mode) {
			t.Errorf("coder/triggers.tsv:%d: %s/%s is not in the table", n, typ, mode)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
