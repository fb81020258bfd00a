package coder

import "testing"

func TestDatelineEnd(t *testing.T) {
	tests := []struct {
		text, rest string // rest: the text after the dateline ("" = none)
	}{
		{"LIMA (Reuters) — Peru's army said", "Peru's army said"},
		{"ODESA, Ukraine (AP) — Drones struck", "Drones struck"},
		{"ACCRA: Ghana's navy", "Ghana's navy"},
		{"HAVANA - Cuba said", "Cuba said"},
		{"LA PAZ, Bolivia — The army", "The army"},
		{"Harare, Zimbabwe — Police", "Police"},
		{"Lagos, Mar 3 (NAN) Nigeria said", "Nigeria said"},
		{"TUNIS, May 4. /TASS/. Tunisia has", "Tunisia has"},
		{"DHAKA, Feb. 12 (Xinhua) -- Bangladesh", "Bangladesh"},
		{"Quito, Ecuador, Jun 2 (EFE).- Ecuador's", "Ecuador's"},
		{"Jan. 5 (UPI) -- The Navy said", "The Navy said"},
		{"3-4-2022 (MANDALAY) The junta", "The junta"},
		{"GAZA >> Israeli jets struck", "Israeli jets struck"},
		{"Moscow: Russian officials said", "Russian officials said"},
		// No datelines.
		{"Moscow has sent troops to the border.", ""},
		{"The army said on Monday that", ""},
		{"Russia and Iran signed a deal.", ""},
		{"In Kyiv, officials said", ""},
		{"Last week, China's coast guard fired", ""},
	}
	for _, tt := range tests {
		end := datelineEnd(tt.text)
		got := ""
		if end > 0 {
			got = tt.text[end:]
		}
		if got != tt.rest {
			t.Errorf("datelineEnd(%q): rest %q, want %q", tt.text, got, tt.rest)
		}
	}
}
