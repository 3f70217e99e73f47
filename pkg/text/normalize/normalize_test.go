package normalize

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/newswire/newswire/pkg/sharedtest"
)

// latin1 encodes s (which must be representable) in Windows-1252, as a
// French feed would send it.
func latin1(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding %q: %v", s, err)
	}
	return b
}

func TestToUTF8(t *testing.T) {
	const french = "Décès à l'hôpital: « œuvre » garçon, fenêtre, élève"
	tests := []struct {
		name  string
		data  []byte
		label string
		want  string
	}{
		{"utf8 undeclared", []byte(french), "", french},
		{"utf8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, french...), "", french},
		{"latin1 declared", latin1(t, french), "ISO-8859-1", french},
		{"windows-1252 declared", latin1(t, french), "windows-1252", french},
		{"latin1 undeclared", latin1(t, french), "", french},
		// A UTF-8 payload under a Latin-1 label must not become "DÃ©cÃ¨s".
		{"utf8 mislabelled latin1", []byte(french), "iso-8859-1", french},
		// A Latin-1 payload under a UTF-8 label must not become U+FFFD.
		{"latin1 mislabelled utf8", latin1(t, french), "utf-8", french},
		{"unknown label falls back", latin1(t, french), "x-klingon", french},
		// UTF-8 document with a Latin-1 fragment pasted in.
		{"mixed utf8 and latin1", append([]byte("Décès à l'hôpital, élève: "), latin1(t, "garçon")...), "iso-8859-1", "Décès à l'hôpital, élève: garçon"},
		{"utf16le BOM", []byte{0xFF, 0xFE, 'A', 0, 0xE9, 0}, "", "Aé"},
		{"utf16be BOM", []byte{0xFE, 0xFF, 0, 'A', 0, 0xE9}, "", "Aé"},
		{"no-break spaces kept", []byte("100\u00a0000 morts\u202f!"), "", "100\u00a0000 morts\u202f!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ToUTF8(tt.data, tt.label)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestToUTF8AlwaysValid(t *testing.T) {
	inputs := [][]byte{
		{0xEF, 0xBB, 0xBF, 0xFF, 0xC3},   // BOM then garbage
		{0xFF, 0xFE, 0x00},               // odd-length UTF-16
		{0x81, 0x8D, 0x8F, 0x90, 0x9D},   // bytes Windows-1252 leaves undefined
		bytes.Repeat([]byte{0xC3}, 1000), // truncated sequences
	}
	for _, in := range inputs {
		got, err := ToUTF8(in, "")
		if err != nil {
			continue
		}
		if !utf8.Valid(got) {
			t.Errorf("ToUTF8(% x) = % x: not UTF-8", in, got)
		}
	}
}

func TestCharsetFromContentType(t *testing.T) {
	tests := map[string]string{
		"text/xml; charset=ISO-8859-1":        "ISO-8859-1",
		`application/xml; charset="utf-8"`:    "utf-8",
		"text/plain":                          "",
		"":                                    "",
		"text/xml; charset=latin1; q=bad;;;=": "latin1",
	}
	for in, want := range tests {
		if got := CharsetFromContentType(in); got != want {
			t.Errorf("CharsetFromContentType(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Décès de\n Naomi\tMusenga  ", "Décès de Naomi Musenga"},
		{"L&#39;op&eacute;ratrice &amp; le Samu", "L'opératrice & le Samu"},
		{"Alko&amp;#39;s monopoly", "Alko's monopoly"}, // doubly escaped, as STT sends
		{"AT&T &unknown; 5 &lt; 6", "AT&T &unknown; 5 < 6"},
		{"e\u0301le\u0300ve", "élève"}, // NFD → NFC
		{"100\u00a0000\u202fpersonnes", "100\u00a0000\u202fpersonnes"},
		{"soft\u00adhyphen zero\u200bwidth \x16\x01ctl", "softhyphen zerowidth ctl"},
		{"bad \xff byte", "bad \uFFFD byte"},
	}
	for _, tt := range tests {
		if got := Inline(tt.in); got != tt.want {
			t.Errorf("Inline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBlock(t *testing.T) {
	in := "  First  paragraph.\r\n\r\n\r\n\tSecond\u00a0one. \rThird\n \n"
	want := "First paragraph.\nSecond\u00a0one.\nThird"
	if got := Block(in); got != want {
		t.Errorf("Block = %q, want %q", got, want)
	}
}

func TestEntitiesBounded(t *testing.T) {
	// Three layers of escaping: only two are peeled, so a hostile input
	// cannot make us loop, and the output stays predictable.
	if got := Entities("&amp;amp;amp;"); got != "&amp;" {
		t.Errorf("Entities = %q", got)
	}
	long := strings.Repeat("&amp;", 100000)
	if got := Entities(long); got != strings.Repeat("&", 100000) {
		t.Errorf("long input not resolved")
	}
}

// benchmarkText runs normalise on text.
func benchmarkText(b *testing.B, text string, normalise func(string) string) {
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		normalise(text)
	}
}

func BenchmarkBlock(b *testing.B) {
	benchmarkText(b, strings.Repeat("L'opératrice du Samu condamnée  pour non-assistance &agrave; personne en danger.\n\n", 50), Block)
}

func BenchmarkToUTF8Latin1(b *testing.B) {
	data, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(strings.Repeat("Décès à l'hôpital, « œuvre ». ", 100)))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ToUTF8(data, "iso-8859-1"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInline(b *testing.B) {
	benchmarkText(b, "Syrie: Bachar al-Assad à Moscou,  première sortie depuis le début de la guerre civile\u00a0!", Inline)
}

// BenchmarkBlockDispatch is a body as the parser gets it: a couple of
// kilobytes of paragraphs, no entities.
func BenchmarkBlockDispatch(b *testing.B) {
	benchmarkText(b, strings.Repeat("Bachar al-Assad a remercié Vladimir Poutine pour son engagement militaire lors d'une visite surprise mardi à Moscou, sa première sortie officielle du pays depuis le début de la guerre civile, tout en soulignant qu'après la guerre devra venir le temps du dialogue politique.\n\n", 8), Block)
}

// TestTwoByteLettersArePlain backs plainRun's shortcut for the characters
// whose UTF-8 lead byte is 0xC3 to 0xDF.
func TestTwoByteLettersArePlain(t *testing.T) {
	for r := rune(0xC0); r <= 0x7FF; r++ {
		if s := string(r); plainNonASCII(s) != 2 {
			t.Errorf("U+%04X is not plain", r)
		}
	}
}

// BenchmarkBlockFeed normalises the feed's bodies, varied text unlike the
// repeated paragraphs above (a branch predictor learns those by heart).
func BenchmarkBlockFeed(b *testing.B) {
	var bodies []string
	total := 0
	for _, line := range sharedtest.FeedLines(b, 2000) {
		var rec struct{ Body string }
		if err := json.Unmarshal(line, &rec); err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, rec.Body)
		total += len(rec.Body)
	}
	b.SetBytes(int64(total / len(bodies)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Block(bodies[i%len(bodies)])
	}
}
