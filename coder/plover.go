package coder

// typeInfo is the CAMEO-compatibility data for one PLOVER type.
type typeInfo struct {
	cameo     string  // CAMEO root code
	quad      string  // penta class used by the quad gold sets
	goldstein float64 // Goldstein-style score of the type's typical event
}

// plover maps the 16 PLOVER 2.0 types to CAMEO roots, penta classes and
// Goldstein-style scores (from the CAMEO root's Goldstein value).
var plover = map[string]typeInfo{
	"AGREE":     {"05", "verbal_cooperation", 4.0},
	"CONSULT":   {"04", "verbal_cooperation", 1.0},
	"SUPPORT":   {"05", "verbal_cooperation", 3.5},
	"CONCEDE":   {"08", "material_cooperation", 5.0},
	"COOPERATE": {"06", "material_cooperation", 6.0},
	"AID":       {"07", "material_cooperation", 7.0},
	"RETREAT":   {"08", "material_cooperation", 5.0},
	"REQUEST":   {"02", "statement", 3.0},
	"ACCUSE":    {"11", "verbal_conflict", -2.0},
	"REJECT":    {"12", "verbal_conflict", -4.0},
	"THREATEN":  {"13", "verbal_conflict", -6.0},
	"PROTEST":   {"14", "material_conflict", -6.5},
	"SANCTION":  {"16", "verbal_conflict", -5.0},
	"MOBILIZE":  {"15", "material_conflict", -7.2},
	"COERCE":    {"17", "material_conflict", -7.0},
	"ASSAULT":   {"19", "material_conflict", -10.0},
}

// modeInfo refines typeInfo for modes with their own CAMEO root.
var modeInfo = map[string]typeInfo{
	"ASSAULT/bombing":       {"18", "material_conflict", -10.0},
	"ASSAULT/assassination": {"18", "material_conflict", -10.0},
	"ASSAULT/abduction":     {"18", "material_conflict", -9.0},
	"ASSAULT/sexual":        {"18", "material_conflict", -9.0},
	"ASSAULT/firefight":     {"19", "material_conflict", -10.0},
	"ASSAULT/shelling":      {"19", "material_conflict", -10.0},
	"ASSAULT/aerial":        {"19", "material_conflict", -10.0},
	"REQUEST/demand":        {"10", "verbal_conflict", -5.0},
	"ACCUSE/investigate":    {"09", "verbal_conflict", -2.0},
	"REQUEST/appeal":        {"02", "statement", 3.0},
}

// Types lists the 16 PLOVER 2.0 event types.
var Types = []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
	"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

// Classify returns the CAMEO root, penta quad class and Goldstein score for
// a PLOVER type and mode.
func Classify(typ, mode string) (cameo, quad string, goldstein float64) {
	if m, ok := modeInfo[typ+"/"+mode]; ok {
		return m.cameo, m.quad, m.goldstein
	}
	t := plover[typ]
	return t.cameo, t.quad, t.goldstein
}
