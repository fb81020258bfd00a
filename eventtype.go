package sitrep

import "slices"

// Quad classes of the five-class ("penta") CAMEO scheme. Event.Quad holds
// one of them, and so does a gold file's quad record. The class follows
// from the CAMEO root code alone (see QuadOfCAMEO), which is why the table
// of event types stores no class of its own: it cannot disagree with the
// root.
const (
	QuadStatement           = "statement"            // CAMEO 01–02
	QuadVerbalCooperation   = "verbal_cooperation"   // CAMEO 03–05
	QuadMaterialCooperation = "material_cooperation" // CAMEO 06–08
	QuadVerbalConflict      = "verbal_conflict"      // CAMEO 09–13
	QuadMaterialConflict    = "material_conflict"    // CAMEO 14–20
)

// quads lists the classes from the most cooperative to the most
// conflictual.
var quads = []string{QuadStatement, QuadVerbalCooperation, QuadMaterialCooperation, QuadVerbalConflict, QuadMaterialConflict}

// ValidQuad reports whether q is one of the five penta classes.
func ValidQuad(q string) bool { return slices.Contains(quads, q) }

// QuadOfCAMEO returns the penta class of a CAMEO code by its two-digit root
// ("16" and "163" are both verbal_conflict), or "" when code does not
// start with a root from 01 to 20.
//
// This is the Phoenix "PentaClass" scheme that the quad gold sets were
// labelled with: 01–02 statement, 03–05 verbal cooperation, 06–08 material
// cooperation, 09–13 and 16 verbal conflict, 14–15 and 17–20 material
// conflict. Reducing relations (16: sanctions, cutting ties, suspending
// aid) is a decision, not force, and both PentaClass and PLOVER count it
// as verbal conflict; the conflibert-quad set labels 36 of the coder's 41
// SANCTION sentences so. CONCEDE (08) stays material cooperation and
// REQUEST's appeals (02) are statements.
func QuadOfCAMEO(code string) string {
	if len(code) < 2 || code[0] < '0' || code[0] > '2' || code[1] < '0' || code[1] > '9' {
		return ""
	}
	switch root := int(code[0]-'0')*10 + int(code[1]-'0'); {
	case root >= 1 && root <= 2:
		return QuadStatement
	case root >= 3 && root <= 5:
		return QuadVerbalCooperation
	case root >= 6 && root <= 8:
		return QuadMaterialCooperation
	case root >= 9 && root <= 13 || root == 16:
		return QuadVerbalConflict
	case root >= 14 && root <= 20:
		return QuadMaterialConflict
	}
	return ""
}

// EventType is one of the 16 PLOVER 2.0 event types with what tools built
// for CAMEO need from it: the CAMEO root code of its typical event and that
// root's Goldstein-style score. Its quad class is QuadOfCAMEO(CAMEO).
type EventType struct {
	Name      string  // "ASSAULT"
	CAMEO     string  // root code, "19"
	Goldstein float64 // from -10 (most conflictual) to +10 (most cooperative)
	// Modes are the modes an event of this type may carry, PLOVER 2.0's
	// own first.
	Modes []Mode
}

// Quad returns the type's penta class.
func (t EventType) Quad() string { return QuadOfCAMEO(t.CAMEO) }

// Mode is a refinement of an event type (ASSAULT/aerial, PROTEST/strike).
// Most modes are PLOVER 2.0's; a few are sitrep's and its gold sets' older
// names, kept because the trigger lexicon and the evaluation sets use them.
type Mode struct {
	Name string
	// CAMEO, when not empty, is the mode's own CAMEO root, which replaces
	// the type's together with Goldstein: an ASSAULT by bombing is CAMEO 18
	// (unconventional violence), not 19 (conventional fighting); a REQUEST
	// that is a demand is 10, not an appeal (02).
	CAMEO     string
	Goldstein float64
	// PLOVER is the PLOVER 2.0 mode that this mode is (then PLOVER == Name)
	// or stands for (shelling stands for heavy-weapons), or "" when PLOVER
	// 2.0 has none (it has no modes for AID, and no demand/appeal split).
	PLOVER string
}

// plover builds a mode that is PLOVER 2.0's own.
func plover(name string) Mode { return Mode{Name: name, PLOVER: name} }

// eventTypes is the one table of PLOVER types, in PLOVER's order from the
// most cooperative to the most conflictual. The CAMEO roots and scores are
// those of the CAMEO root each type's typical news event comes from (AGREE
// is 05 because most agreements in news are signed, CAMEO 057); the modes
// are PLOVER 2.0's (PLOVER manual, "Supplementary fields: modes").
var eventTypes = []EventType{
	{Name: "AGREE", CAMEO: "05", Goldstein: 4},
	{Name: "CONSULT", CAMEO: "04", Goldstein: 1, Modes: []Mode{
		plover("visit"), plover("third-party"), plover("multilateral"), plover("phone"),
		// The recipient visits the actor (CAMEO 043, host a visit).
		{Name: "host", PLOVER: "visit"},
	}},
	{Name: "SUPPORT", CAMEO: "05", Goldstein: 3.5},
	{Name: "CONCEDE", CAMEO: "08", Goldstein: 5},
	{Name: "COOPERATE", CAMEO: "06", Goldstein: 6, Modes: []Mode{
		// CAMEO 061 and 062; PLOVER has these as contexts.
		{Name: "economic"}, {Name: "military"},
	}},
	{Name: "AID", CAMEO: "07", Goldstein: 7, Modes: []Mode{
		// CAMEO 071-073; PLOVER has these as contexts.
		{Name: "economic"}, {Name: "military"}, {Name: "humanitarian"},
	}},
	{Name: "RETREAT", CAMEO: "08", Goldstein: 5, Modes: []Mode{
		plover("withdraw"), plover("release"), plover("disarm"), plover("ceasefire"), plover("access"), plover("resign"),
	}},
	{Name: "REQUEST", CAMEO: "02", Goldstein: 3, Modes: []Mode{
		plover("assist"), plover("change"), plover("yield"), plover("meet"),
		// CAMEO tells appeals (02) from demands (10); PLOVER does not.
		{Name: "appeal", CAMEO: "02", Goldstein: 3},
		{Name: "demand", CAMEO: "10", Goldstein: -5},
	}},
	{Name: "ACCUSE", CAMEO: "11", Goldstein: -2, Modes: []Mode{
		plover("disapprove"),
		{Name: "investigate", CAMEO: "09", Goldstein: -2, PLOVER: "investigate"},
		plover("allege"),
	}},
	{Name: "REJECT", CAMEO: "12", Goldstein: -4, Modes: []Mode{
		plover("assist"), plover("change"), plover("yield"), plover("meet"),
		// Denying an accusation is a statement in CAMEO (016, deny
		// responsibility), not a rejection of a request (12).
		{Name: "deny", CAMEO: "01", Goldstein: 0},
	}},
	{Name: "THREATEN", CAMEO: "13", Goldstein: -6, Modes: []Mode{
		plover("restrict"), plover("arrest"), plover("relations"), plover("expel"), plover("territory"), plover("violence"),
	}},
	{Name: "PROTEST", CAMEO: "14", Goldstein: -6.5, Modes: []Mode{
		plover("demo"), plover("riot"), plover("strike"), plover("hunger"), plover("boycott"), plover("obstruct"), plover("vandalize"),
	}},
	{Name: "SANCTION", CAMEO: "16", Goldstein: -5, Modes: []Mode{
		plover("convict"), plover("expel"), plover("withdraw"), plover("discontinue"),
	}},
	{Name: "MOBILIZE", CAMEO: "15", Goldstein: -7.2, Modes: []Mode{
		plover("troops"), plover("weapons"), plover("police"), plover("militia"),
	}},
	{Name: "COERCE", CAMEO: "17", Goldstein: -7, Modes: []Mode{
		plover("seize"), plover("restrict"), plover("censor"), plover("curfew"), plover("martial-law"),
		plover("arrest"), plover("deport"), plover("withhold"), plover("misinformation"), plover("cyber"),
	}},
	{Name: "ASSAULT", CAMEO: "19", Goldstein: -10, Modes: []Mode{
		// CAMEO 18 (unconventional violence): 181 abduct, 182 physically
		// assault (1821 sexually, 1822 torture), 183 bombings, 186
		// assassinate; 19 (fight): 193 small arms, 194 artillery, 195
		// aerial weapons; 20: weapons of mass destruction (204).
		{Name: "abduct", CAMEO: "18", Goldstein: -9, PLOVER: "abduct"},
		{Name: "beat", CAMEO: "18", Goldstein: -9, PLOVER: "beat"},
		{Name: "torture", CAMEO: "18", Goldstein: -9, PLOVER: "torture"},
		{Name: "sexual", CAMEO: "18", Goldstein: -9, PLOVER: "sexual"},
		{Name: "targeted", CAMEO: "18", Goldstein: -10, PLOVER: "targeted"},
		plover("destroy"),
		{Name: "primitive", CAMEO: "18", Goldstein: -9, PLOVER: "primitive"},
		plover("firearms"),
		{Name: "explosives", CAMEO: "18", Goldstein: -10, PLOVER: "explosives"},
		{Name: "suicide-attack", CAMEO: "18", Goldstein: -10, PLOVER: "suicide-attack"},
		plover("aerial"), plover("drone"), plover("heavy-weapons"), plover("crowd-control"),
		{Name: "unconventional", CAMEO: "20", Goldstein: -10, PLOVER: "unconventional"},
		// sitrep's and its gold sets' names.
		{Name: "shelling", PLOVER: "heavy-weapons"},
		{Name: "firefight", PLOVER: "firearms"},
		{Name: "bombing", CAMEO: "18", Goldstein: -10, PLOVER: "explosives"},
		{Name: "assassination", CAMEO: "18", Goldstein: -10, PLOVER: "targeted"},
		{Name: "abduction", CAMEO: "18", Goldstein: -9, PLOVER: "abduct"},
	}},
}

// typeIndex finds a type's row in eventTypes.
var typeIndex = func() map[string]int {
	m := make(map[string]int, len(eventTypes))
	for i, t := range eventTypes {
		m[t.Name] = i
	}
	return m
}()

// EventTypes returns the 16 PLOVER 2.0 event types in PLOVER's order. The
// result is a copy; changing it changes nothing else.
func EventTypes() []EventType {
	out := slices.Clone(eventTypes)
	for i := range out {
		out[i].Modes = slices.Clone(out[i].Modes)
	}
	return out
}

// LookupType returns the event type called name ("ASSAULT"; names are
// upper case) and whether there is one.
func LookupType(name string) (EventType, bool) {
	i, ok := typeIndex[name]
	if !ok {
		return EventType{}, false
	}
	t := eventTypes[i]
	t.Modes = slices.Clone(t.Modes)
	return t, true
}

// ValidType reports whether name is one of the 16 PLOVER 2.0 types.
func ValidType(name string) bool {
	_, ok := typeIndex[name]
	return ok
}

// lookupMode returns the mode of a type, or nil.
func lookupMode(typ, mode string) (*EventType, *Mode) {
	i, ok := typeIndex[typ]
	if !ok {
		return nil, nil
	}
	t := &eventTypes[i]
	for j := range t.Modes {
		if t.Modes[j].Name == mode {
			return t, &t.Modes[j]
		}
	}
	return t, nil
}

// ValidMode reports whether mode may refine an event of type typ. No mode
// ("") is valid for every type.
func ValidMode(typ, mode string) bool {
	t, m := lookupMode(typ, mode)
	return t != nil && (mode == "" || m != nil)
}

// Classify returns the CAMEO root, penta class and Goldstein-style score of
// an event of type typ and mode mode: the mode's own when it has a CAMEO
// root of its own, else the type's. An unknown mode is ignored; an unknown
// type gives "", "", 0.
func Classify(typ, mode string) (cameo, quad string, goldstein float64) {
	t, m := lookupMode(typ, mode)
	switch {
	case t == nil:
		return "", "", 0
	case m != nil && m.CAMEO != "":
		return m.CAMEO, QuadOfCAMEO(m.CAMEO), m.Goldstein
	}
	return t.CAMEO, t.Quad(), t.Goldstein
}

// QuadOf returns the penta class of a type's typical event, or "" for a
// name that is not a PLOVER type. REQUEST is a statement: most requests in
// news are calls and appeals (CAMEO 02); Classify with mode "demand" gives
// verbal_conflict.
func QuadOf(typ string) string {
	_, quad, _ := Classify(typ, "")
	return quad
}
