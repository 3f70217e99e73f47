package entities

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/geo"
)

// FuzzTokens checks the tokenizer's shortcuts against the general path and
// the standard library: plainWord reads a word as wordEnd and wordToken do,
// and readToken lowers every token as strings.ToLower would, with the word
// lists' bits of the lower-case form.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"Bachar al-Assad a remercié Vladimir Poutine lors d'une visite à Moscou.",
		"L'Élysée, l’ÉTAT. fin.Le U.S.A. NOPD's Xème Ier XVIIIe 12 ans. ÀÉ ß ÿ × ÷ anti- et les parents' choix\n\nÇa",
		"\xff\xfeÉ\xc3", "É\xc3\x97x", "a.b. c", "qu'il jusqu'à", "ÉTATS-UNIS; Le\tX\r\n", "Ⱥ İstanbul ǅ",
	} {
		f.Add(s)
	}
	x := mustExtractor(f)
	f.Fuzz(func(t *testing.T, text string) {
		for i := 0; i < len(text); i++ {
			r, _ := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				continue
			}
			got := token{start: int32(i), flags: flagIf(i%2 == 0, tokInitial)}
			key, ok := plainWord(text, &got)
			if !ok {
				continue
			}
			want := wordToken(text, i, wordEnd(text, i), got.initial())
			if got.end != want.end || got.word() != want.word() || got.cap() != want.cap() || got.allCaps() != want.allCaps() ||
				got.digit() != want.digit() || got.initial() != want.initial() || got.ascii() != isASCII(text[i:got.end]) {
				t.Fatalf("plainWord(%q, %d) = %+v, wordToken %+v", text, i, got, want)
			}
			if w := text[i:got.end]; got.lowered() && (strings.ToLower(w) != w || strings.IndexByte(w, '-') >= 0) || key != rollWord(strings.ToLower(w)) {
				t.Fatalf("plainWord(%q, %d): lowered %v, hash %x", text, i, got.lowered(), key)
			}
		}
		a := x.analyze(text, "fr")
		defer release(a)
		for i, tok := range a.toks {
			w := strings.ToLower(text[tok.start:tok.end])
			if a.lower(i) != w {
				t.Fatalf("%q token %d: lower %q; want %q", text, i, a.lower(i), w)
			}
			if tok.lists != listsOf[w] {
				t.Fatalf("%q token %d (%q): lists %b, want %b", text, i, w, tok.lists, listsOf[w])
			}
			if i > 0 && tok.lineBefore() != strings.Contains(text[a.toks[i-1].end:tok.start], "\n") {
				t.Fatalf("%q token %d: lineBefore %v", text, i, tok.lineBefore())
			}
		}
	})
}

// TestVocabulary checks that the vocabulary answers as the word lists and
// the gazetteer do.
func TestVocabulary(t *testing.T) {
	x := mustExtractor(t)
	check := func(w string) {
		t.Helper()
		info, _ := find(x.words, w, rollWord(w))
		cc, adjective := x.geo.AdjectiveCountry(w)
		if info.lists != listsOf[w] || info.adjective != adjective || info.country != cc {
			t.Errorf("%q: %+v; want lists %b, adjective %v of %q", w, info, listsOf[w], adjective, cc)
		}
		// Any spelling of the word, as adjectiveCountry reads it.
		for _, s := range []string{w, strings.ToUpper(w), strings.ReplaceAll(w, "e", "é"), strings.ReplaceAll(w, " ", "-")} {
			if cc2, adjective2 := x.words.adjectiveCountry(s); cc2 != cc || adjective2 != adjective {
				t.Errorf("adjectiveCountry(%q) = %q, %v; want %q, %v", s, cc2, adjective2, cc, adjective)
			}
		}
	}
	for w := range listsOf {
		check(w)
	}
	for form := range x.geo.Adjectives() {
		check(form)
	}
	for _, w := range []string{"", "paris", "syrienne", "zzz", "l'", "ex-pdg"} {
		check(w)
	}
	for _, w := range []string{"sud-africain", "Sud Africaine", "SYRIENS", "ÉGYPTIEN", "Égyptien", "x\xc3", strings.Repeat("é", 40)} {
		cc, adjective := x.geo.AdjectiveCountry(w)
		if cc2, adjective2 := x.words.adjectiveCountry(w); cc2 != cc || adjective2 != adjective {
			t.Errorf("adjectiveCountry(%q) = %q, %v; want %q, %v", w, cc2, adjective2, cc, adjective)
		}
	}
}

// TestVocabularyWordsStartWithWordRunes checks what readToken relies on to
// skip punctuation tokens: no vocabulary word could be one.
func TestVocabularyWordsStartWithWordRunes(t *testing.T) {
	x := mustExtractor(t)
	for _, w := range x.words.words {
		if w == "" {
			t.Errorf("empty vocabulary word")
		} else if r, _ := decodeRune(w, 0); !isWordRune(r) {
			t.Errorf("vocabulary word %q does not start with a letter or digit", w)
		}
	}
}

// TestLatinFoldKey checks the rolled key of folded Latin words against
// rolling geo.Fold's bytes, and that other words are left to geo.Fold.
func TestLatinFoldKey(t *testing.T) {
	for _, w := range []string{"algérien", "ÉGYPTIEN", "œuvre", "straße", "çà", "x9", "", "syrien", "þæð", "naïve"} {
		key, ok := latinFoldKey(w)
		if want := rollWord(geo.Fold(w)); ok && key != want {
			t.Errorf("latinFoldKey(%q) = %x, want %x", w, key, want)
		}
		if !ok && w != "œuvre" {
			t.Errorf("latinFoldKey(%q) not ok", w)
		}
	}
	for r := rune(0); r < 0x100; r++ {
		w := "Ab" + string(r) + string(r) + "9"
		key, ok := latinFoldKey(w)
		if want := rollWord(geo.Fold(w)); ok && key != want {
			t.Errorf("latinFoldKey(%q) = %x, want %x", w, key, want)
		}
		if takes := r < utf8.RuneSelf && asciiAlnum(byte(r)) || r >= 0xC0 && r != '×' && r != '÷'; ok != takes {
			t.Errorf("latinFoldKey(%q): ok %v", w, ok)
		}
	}
	for _, w := range []string{"saint-pierre", "a b", "×", "\xc3", "é\xc3", "ł"} {
		if _, ok := latinFoldKey(w); ok {
			t.Errorf("latinFoldKey(%q) ok", w)
		}
	}
}

// appendLowerLatin must append what strings.ToLower makes of every word it
// takes, and take every word of ASCII and Latin-1 letters; appendLowerRunes
// must append what strings.ToLower makes of any word.
func TestAppendLower(t *testing.T) {
	prefix := []byte("x")
	for r := rune(0); r < 0x300; r++ {
		for _, w := range []string{string(r), "A" + string(r) + "b", string(r) + string(r)} {
			b, ok := appendLowerLatin(prefix, w)
			if ok && string(b) != "x"+strings.ToLower(w) {
				t.Errorf("%U: %q, want %q", r, b, strings.ToLower(w))
			}
			if !ok && string(b) != "x" {
				t.Errorf("%U: wrote %q, then declined", r, b)
			}
			if (r < 0x80 || 0xC0 <= r && r < 0x100) && !ok {
				t.Errorf("%U: declined", r)
			}
			if b := appendLowerRunes(prefix, w); string(b) != "x"+strings.ToLower(w) {
				t.Errorf("appendLowerRunes %U: %q, want %q", r, b, strings.ToLower(w))
			}
		}
	}
	for _, w := range []string{"\xc3", "a\xc3", "\xc3\xc3", "\xc3(", strings.Repeat("É", 40), "İSTANBUL", "Ⱥ\xff"} {
		if b, ok := appendLowerLatin(nil, w); ok && string(b) != strings.ToLower(w) {
			t.Errorf("%q: %q, want %q", w, b, strings.ToLower(w))
		}
		if b := appendLowerRunes(nil, w); string(b) != strings.ToLower(w) {
			t.Errorf("appendLowerRunes %q: %q, want %q", w, b, strings.ToLower(w))
		}
	}
}

func TestIsElision(t *testing.T) {
	for _, w := range []string{"l", "D", "qu", "Jusqu", "LORSQU", "puisqu", "quoiqu", "dell", "All", "un", "quell", "PUİSQU"} {
		if !isElision(w) {
			t.Errorf("isElision(%q) = false", w)
		}
	}
	for _, w := range []string{"", "le", "aujourd", "o", "quelle", "l\xff", strings.Repeat("L", 30), "é"} {
		if isElision(w) {
			t.Errorf("isElision(%q) = true", w)
		}
	}
}

// TestPlainFoldKey checks plainFoldKey against latinFoldKey on the words
// scanPlain reads in lower case.
func TestPlainFoldKey(t *testing.T) {
	for _, text := range []string{"algérien été çà œil straße naïve x9 ÿ syrien égyptiennes", strings.Repeat("é", 30)} {
		for _, w := range strings.Fields(text) {
			end, _, shape, ok := scanPlain(w, 0)
			if !ok || end != len(w) || shape&tokLowered == 0 {
				continue
			}
			if key, ok := latinFoldKey(w); ok && plainFoldKey(w) != key {
				t.Errorf("plainFoldKey(%q) = %x, latinFoldKey %x", w, plainFoldKey(w), key)
			}
		}
	}
}
