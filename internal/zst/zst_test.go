package zst

import (
	"bytes"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	raw := []byte(strings.Repeat("Al-Tanf\tSYR\tbase\t33.49\t38.62\n", 1000))
	z, err := Encode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !Is(z) || Is(raw) {
		t.Error("Is does not tell a frame from text")
	}
	if Size(z) != len(raw) {
		t.Errorf("Size = %d, want %d", Size(z), len(raw))
	}
	out, err := Decode(z, len(raw))
	if err != nil || !bytes.Equal(out, raw) {
		t.Fatalf("Decode: %v", err)
	}
	again, _ := Encode(raw)
	if !bytes.Equal(z, again) {
		t.Error("Encode is not deterministic")
	}
	if _, err := Decode(z, len(raw)+1); err == nil {
		t.Error("a wrong size was not caught")
	}
	if _, err := Decode(z[:len(z)/2], 0); err == nil {
		t.Error("a truncated frame was not caught")
	}
}

func FuzzDecode(f *testing.F) {
	z, _ := Encode([]byte("Hmeimim Air Base\tSYR"))
	f.Add(z)
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		Decode(data, 0)
		Size(data)
	})
}
