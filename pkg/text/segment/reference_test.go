package segment

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// referenceParagraphs is the plain form of Paragraphs, kept to check it.
func referenceParagraphs(text string) []Span {
	var out []Span
	start := 0
	for start < len(text) {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if sp, ok := trim(text, start, end); ok {
			out = append(out, sp)
		}
		start = end + 1
	}
	return out
}

// referenceTerminator is the plain form of terminatorScan.find: a rune at a time.
func referenceTerminator(text string, i, end int) int {
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '.' || r == '!' || r == '?' || r == '…' {
			return i
		}
		i += size
	}
	return end
}

// checkParts checks Paragraphs, the terminator scan (walking the text as
// appendSentences does) and isAbbreviation against their plain forms.
func checkParts(t *testing.T, text string) {
	t.Helper()
	if got, want := Paragraphs(text), referenceParagraphs(text); !reflect.DeepEqual(got, want) {
		t.Errorf("Paragraphs(%q) = %v, reference %v", text, got, want)
	}
	ts := newTerminatorScan(text, len(text))
	for i := 0; i < len(text); {
		got, want := ts.find(i), referenceTerminator(text, i, len(text))
		if got != want {
			t.Fatalf("%q: terminator from %d at %d, reference %d", text, i, got, want)
		}
		if got == len(text) {
			break
		}
		_, size := utf8.DecodeRuneInString(text[got:])
		i = got + size
	}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '.' }) {
		if got, want := isAbbreviation(w), abbreviations[strings.ToLower(w)]; got != want {
			t.Errorf("isAbbreviation(%q) = %v", w, got)
		}
	}
}

var partInputs = []string{
	"", " ", "\n\n", "Il pleut. Le vent souffle.", "a déclaré M. Poutine. Les deux hommes", "Why? Because!! Yes?! « Non. »",
	"Attendez… Puis… encore\u2026 Fin", "l\u2019homme \u2013 le GÉN. Dupont. Le DR. J. F. Martin. DÉC. Janvier Sr.. DÑA. Z.B.",
	"a.\xe2\x80 B. \xe2. C.\xe2\x80\xa6 D", "Un.\n\n  Deux. \nTrois", strings.Repeat("Phrase numéro un. Deuxième phrase ! ", 40),
}

// go test runs the seeds (partInputs) as a test; go test -fuzz explores further.
func FuzzPartsMatchReference(f *testing.F) {
	for _, text := range partInputs {
		f.Add(text)
	}
	f.Fuzz(checkParts)
}

func TestAbbreviationsFitBuffer(t *testing.T) {
	for a := range abbreviations {
		if len(a) > maxAbbreviationBytes {
			t.Errorf("abbreviation %q is longer than maxAbbreviationBytes", a)
		}
	}
}
