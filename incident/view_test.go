package incident

import (
	"encoding/json"
	"testing"

	"github.com/sitrep/sitrep"
)

func TestCasualties(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]string
	}{
		{"A drone struck Odesa, killing at least eight people.", map[string]string{"killed": "8"}},
		{"12 people were killed and 30 wounded in 2024.", map[string]string{"killed": "12", "wounded": "30"}},
		{"Three civilians died.", map[string]string{"killed": "3"}},
		{"No one was hurt.", map[string]string{}},
	}
	for _, tt := range tests {
		got := Casualties(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("%q: %v, want %v", tt.in, got, tt.want)
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%q: %v, want %v", tt.in, got, tt.want)
			}
		}
	}
}

func TestBuild(t *testing.T) {
	rus, ukr := []sitrep.Actor{{Country: "RUS", Sector: "MIL"}}, []sitrep.Actor{{Country: "UKR"}}
	odesa := &sitrep.Location{Name: "Odesa"}
	reports := []ViewReport{
		{Role: sitrep.RoleAsserts, Document: 2, Outlet: "AP", Published: "2024-03-03", Event: &sitrep.Event{ID: "d2-e1", Type: "ASSAULT", Actor: rus, Recipient: ukr, Date: "2024-03-02", Location: odesa, Evidence: "Six people were killed in Odesa."}},
		{Role: sitrep.RoleAsserts, Document: 1, Outlet: "Reuters", Published: "2024-03-02", Event: &sitrep.Event{ID: "d1-e1", Type: "ASSAULT", Actor: rus, Recipient: ukr, Date: "2024-03-02", Location: odesa, Evidence: "A drone strike killed 8 people in Odesa.", Source: &sitrep.Source{Name: "Ukrainian officials"}}},
		{Role: sitrep.RoleAsserts, Document: 3, Outlet: "Reuters", Published: "2024-03-04", Event: &sitrep.Event{ID: "d3-e1", Type: "COERCE", Actor: rus, Date: "2024-03", Evidence: "Eight died."}},
		{Role: sitrep.RoleDenies, Document: 4, Outlet: "TASS", Published: "2024-03-03", Event: &sitrep.Event{ID: "d4-e2", Type: "REJECT", Actor: rus, Certainty: sitrep.CertaintyAsserted, Evidence: "Moscow denied striking civilian buildings.", Source: &sitrep.Source{Name: "Kremlin"}}},
	}
	v := Build("inc-1", reports)
	if v.Type != "ASSAULT" || v.Place != "Odesa" || v.Date != "2024-03-02" || len(v.Actors) != 1 || v.Actors[0] != "RUS" {
		t.Errorf("consensus: %+v", v)
	}
	if v.Sources != 3 || v.FirstReport != "2024-03-02" || v.LastReport != "2024-03-04" || !v.Contested {
		t.Errorf("sources %d, first %s, last %s, contested %v", v.Sources, v.FirstReport, v.LastReport, v.Contested)
	}
	if v.Reports[0].Event.ID != "d1-e1" {
		t.Errorf("first report %s", v.Reports[0].Event.ID)
	}
	if len(v.Disagreements) != 1 || v.Disagreements[0].Field != "killed" || v.Disagreements[0].Values[0].Value != "8" {
		b, _ := json.Marshal(v.Disagreements)
		t.Errorf("disagreements %s", b)
	}
	denied := 0
	for _, c := range v.Claims {
		if c.Role == sitrep.RoleDenies {
			denied++
			if c.Source != "Kremlin" {
				t.Errorf("denial by %q", c.Source)
			}
		}
	}
	if denied != 1 {
		t.Errorf("%d denials", denied)
	}
}
