package casualty

import (
	"slices"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/casualty/quantity"
	"github.com/newswire/newswire/pkg/sharedtest"
)

// mayFireLowered is mayFire as it was written, on the lower case of the
// whole text, and without the prefix filter: mayFire, which lowers only
// the bytes it compares and looks up only the words that pass the filter,
// must agree.
func mayFireLowered(text, lower string, l quantity.Lang) bool {
	if l&quantity.AR != 0 {
		return true
	}
	for i := 0; i+2 < len(lower); i = nextWordStart(text, i) {
		if (isASCIILetter(text[i]) || text[i] >= 0xC0) && keyAtLowered(text, lower, i, l) {
			return true
		}
	}
	return false
}

// fireHitsLowered returns every byte at which mayFireLowered finds a key:
// nextFireHit must find the same.
func fireHitsLowered(text, lower string, l quantity.Lang) []int {
	var hits []int
	for i := 0; i+2 < len(lower); i = nextWordStart(text, i) {
		if (isASCIILetter(text[i]) || text[i] >= 0xC0) && keyAtLowered(text, lower, i, l) {
			hits = append(hits, i)
		}
	}
	return hits
}

func fireHits(text string, l quantity.Lang) []int {
	var hits []int
	for i := nextFireHit(text, 0, l); i >= 0; i = nextFireHit(text, i+1, l) {
		hits = append(hits, i)
	}
	return hits
}

// checkFireHits checks nextFireHit against fireHitsLowered, but in Arabic,
// which mayFire does not scan.
func checkFireHits(t *testing.T, text string, l quantity.Lang) {
	t.Helper()
	if l&quantity.AR != 0 {
		return
	}
	if got, want := fireHits(text, l), fireHitsLowered(text, quantity.Lower(text), l); !slices.Equal(got, want) {
		t.Fatalf("nextFireHit finds keys at %v in %.80q, on the lowered text at %v", got, text, want)
	}
}

func keyAtLowered(text, lower string, i int, l quantity.Lang) bool {
	for _, k := range fireKeys[prefix2(lower[i:])] {
		if k.langs&l == 0 || !strings.HasPrefix(lower[i:], k.word) {
			continue
		}
		end := i + len(k.word)
		if end < len(text) && 'a' <= text[end] && text[end] <= 'z' {
			continue
		}
		if k.next == "" || strings.HasPrefix(lower[skipTokenGap(text, end):], k.next) {
			return true
		}
	}
	return false
}

// casingVariants returns text as it is, in upper case and with every other
// letter in upper case: mayFire lowers the bytes it compares itself.
func casingVariants(text string) []string {
	mixed := []rune(text)
	for i := range mixed {
		if i%2 == 0 {
			mixed[i] = []rune(strings.ToUpper(string(mixed[i])))[0]
		}
	}
	return []string{text, strings.ToUpper(text), string(mixed)}
}

func TestMayFireAgreesWithLoweredText(t *testing.T) {
	var texts []string
	for _, g := range labelledTexts(t) {
		texts = append(texts, g.Text)
	}
	for _, line := range sharedtest.FeedLines(t, 1000) {
		texts = append(texts, string(line))
	}
	passed := 0
	for _, text := range texts {
		for _, v := range casingVariants(text) {
			for _, lang := range testLangs {
				l := quantity.ParseLang(lang)
				got, want := mayFire(v, l), mayFireLowered(v, quantity.Lower(v), l)
				if got != want {
					t.Fatalf("mayFire(%.80q, %q) = %v, on the lowered text %v", v, lang, got, want)
				}
				checkFireHits(t, v, l)
				if got {
					passed++
				}
			}
		}
	}
	if passed == 0 {
		t.Fatal("no text passed the prefilter")
	}
}

func FuzzMayFire(f *testing.F) {
	for _, s := range []string{
		"Deux policiers ont été BLESSÉS", "ÉVACUÉS", "Il y a 3 MORTS", "TUÉS\u0130", "killed\xc3", "Ont\xe2\x80\x99ÉTÉ tués",
		"ÀÉ\u1e9e\u0130 KILLED", "blessésContactée",
	} {
		f.Add(s, "fr")
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, text, lang string) {
		l := quantity.ParseLang(lang)
		if got, want := mayFire(text, l), mayFireLowered(text, quantity.Lower(text), l); got != want {
			t.Fatalf("mayFire(%q, %q) = %v, on the lowered text %v", text, lang, got, want)
		}
		checkFireHits(t, text, l)
	})
}
