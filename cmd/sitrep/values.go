package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/kb"
)

// sideCode turns the value of --actor, --recipient or --supplier into the
// code the store holds: a sector code (MIL) as it is, a country as its ISO3
// code, whether given as a code (rus), a name (Russia) or an adjective
// (Russian). Anything else is refused, since it could only match nothing.
func sideCode(flag, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	if up := strings.ToUpper(v); slices.Contains(kb.Sectors(), up) {
		return up, nil
	}
	if iso, ok := kb.CountryCode(v); ok {
		return iso, nil
	}
	return "", fmt.Errorf("--%s %q: not a country or sector; give an ISO3 code (RUS), a country's name (Russia) or a sector (%s)",
		flag, v, strings.Join(kb.Sectors(), " "))
}

// eventType checks the value of --type against the PLOVER types, case
// aside, and returns it in capitals.
func eventType(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	if up := strings.ToUpper(strings.TrimSpace(v)); sitrep.ValidType(up) {
		return up, nil
	}
	var names []string
	for _, t := range sitrep.EventTypes() {
		names = append(names, t.Name)
	}
	return "", fmt.Errorf("--type %q: not a PLOVER event type; one of %s", v, strings.Join(names, ", "))
}

// eventOrder checks the value of --sort.
func eventOrder(v string) (string, error) {
	if slices.Contains(sitrep.EventOrders, v) {
		return v, nil
	}
	return "", fmt.Errorf("--sort %q: one of %s", v, strings.Join(sitrep.EventOrders, ", "))
}

// category checks the value of transfers --category against the equipment
// categories, case aside.
func category(v string) (string, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" || slices.Contains(kb.EquipmentCategories(), v) {
		return v, nil
	}
	return "", fmt.Errorf("--category %q: one of %s", v, strings.Join(kb.EquipmentCategories(), ", "))
}
