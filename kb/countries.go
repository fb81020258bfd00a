package kb

import (
	"strings"
	"sync"
)

// countryIndex maps the lower-cased names, variants and adjectives of
// the embedded states.tsv, and the codes themselves, to ISO3 codes.
var countryIndex = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	data, err := dataFS.ReadFile("data/states.tsv")
	if err != nil {
		return m
	}
	t, err := parseTSV("states.tsv", data)
	if err != nil {
		return m
	}
	for i := range t.rows {
		iso := t.get(i, "iso3")
		m[strings.ToLower(iso)] = iso
		names := append([]string{t.get(i, "name")}, splitList(t.get(i, "variants"))...)
		names = append(names, splitList(t.get(i, "adjectives"))...)
		for _, n := range names {
			key := strings.ToLower(strings.Join(strings.Fields(n), " "))
			if _, taken := m[key]; !taken && key != "" {
				m[key] = iso
			}
		}
	}
	return m
})

// CountryCode returns the ISO3 code of a state given by its code ("rus"),
// name ("Russia", "Russian Federation") or adjective ("Russian"), case
// aside, as the embedded states.tsv spells them.
//
// It reads that one small file, not the whole knowledge base, so that
// commands that only query the store ('sitrep events --actor Russia')
// start at once.
func CountryCode(name string) (string, bool) {
	iso, ok := countryIndex()[strings.ToLower(strings.Join(strings.Fields(name), " "))]
	return iso, ok
}

// sectors are the sector codes of actors.tsv (CAMEO/PLOVER's), which
// events' participants carry beside their country.
var sectors = []string{"GOV", "MIL", "SPY", "REB", "CVL", "OPP", "MED", "BUS", "NGO", "IGO", "JUD", "POL", "LEG", "CRM", "REL", "LAB"}

// Sectors returns the sector codes an actor may have (GOV, MIL, ...).
func Sectors() []string { return append([]string(nil), sectors...) }

// categories are the equipment categories of equipment.tsv, which
// transfers' items carry.
var categories = []string{"drone", "missile", "aircraft", "helicopter", "air-defence", "artillery", "ammunition", "armour", "ship", "small-arms", "electronics", "other"}

// EquipmentCategories returns the categories equipment and transferred
// items have (drone, missile, ...).
func EquipmentCategories() []string { return append([]string(nil), categories...) }
