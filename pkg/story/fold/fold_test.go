package fold

import (
	"reflect"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Le bilan s'alourdit à 52 morts", []string{"le", "bilan", "s", "alourdit", "a", "52", "morts"}},
		{"ÉVACUÉS, évacués; Evacues", []string{"evacues", "evacues", "evacues"}},
		{"Cœur œuvre Straße", []string{"coeur", "oeuvre", "strasse"}},
		{"Niño São Paulo Łódź", []string{"nino", "sao", "paulo", "lodz"}},
		{"Cafe\u0301 (NFD)", []string{"cafe", "nfd"}},
		{"Москва, 12-й", []string{"москва", "12", "й"}},
		{"", nil},
		{" -- ", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in, nil); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := String("  L'Élysée  dément! "); got != "l elysee dement" {
		t.Errorf("String = %q", got)
	}
}

// TestHashesAreWordHashes checks Hashes against hashing what Words gives.
func TestHashesAreWordHashes(t *testing.T) {
	for _, s := range []string{"Le bilan s'alourdit à 52 morts", "Cœur œuvre Straße", "Cafe\u0301 \xff Москва, 12-й", "", " -- "} {
		words := Words(s, nil)
		hashes := Hashes(s, nil)
		if len(words) != len(hashes) {
			t.Fatalf("%q: %d words, %d hashes", s, len(words), len(hashes))
		}
		for i, w := range words {
			if want := fnv64([]byte(w)); hashes[i] != want {
				t.Errorf("%q: word %q hash %x, want %x", s, w, hashes[i], want)
			}
		}
	}
}

// FuzzHashes checks Hashes against hashing what Words gives, on any input.
func FuzzHashes(f *testing.F) {
	for _, s := range []string{"Le bilan s'alourdit à 52 morts", "Cœur œuvre Straße", "Cafe\u0301 \xff Москва, 12-й", "\u0301\u0301 a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, hashes := Words(s, nil), Hashes(s, nil)
		if len(words) != len(hashes) {
			t.Fatalf("%q: %d words, %d hashes", s, len(words), len(hashes))
		}
		for i, w := range words {
			if hashes[i] != fnv64([]byte(w)) {
				t.Fatalf("%q: word %d %q hashed differently", s, i, w)
			}
		}
	})
}

// fnv64 is the 64-bit FNV-1a hash Hashes gives each word.
func fnv64(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}
