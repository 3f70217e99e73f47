package langid

import (
	"math/bits"
	"strings"
	"testing"
	"unicode"
)

// referenceStopwordVotes is the plain form of stopwordVotes (a rune at a
// time, words lower-cased into strings, a map of function words), kept to
// check the packed one.
func referenceStopwordVotes(text string) (votes, exclusive [8]int) {
	index := map[string]uint8{}
	for i, lang := range stopwordLangs {
		for _, w := range stopwords[lang] {
			index[w] |= 1 << i
		}
	}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		langs := index[strings.ToLower(w)]
		if bits.OnesCount8(langs) == 1 {
			exclusive[bits.TrailingZeros8(langs)]++
		}
		for ; langs != 0; langs &= langs - 1 {
			votes[bits.TrailingZeros8(langs)]++
		}
	}
	return votes, exclusive
}

func checkStopwordVotes(t *testing.T, text string) {
	gotVotes, gotOwn := stopwordVotes(text)
	wantVotes, wantOwn := referenceStopwordVotes(text)
	if gotVotes != wantVotes || gotOwn != wantOwn {
		t.Fatalf("stopwordVotes(%q) = %v %v, reference %v %v", text, gotVotes, gotOwn, wantVotes, wantOwn)
	}
}

func TestStopwordVotesMatchReference(t *testing.T) {
	texts := []string{"", "le", "LES Été été ÉTÉ", "och Också OCKSÅ", "İstanbul KELVIN die", "a\xffde\xc3la", "según Según SEGÚN más", "segundos secondo",
		strings.Repeat("le la de och the ", 300)} // more words than a byte counts
	for _, g := range loadGoldOrNil(t) {
		texts = append(texts, g.Text, prefix(g.Text, maxBytes))
	}
	for _, text := range texts {
		checkStopwordVotes(t, text)
	}
}

func FuzzStopwordVotes(f *testing.F) {
	f.Add("Le gouvernement a annoncé des mesures selon les sources.")
	f.Add("Die Regierung hat für ÄNDERUNGEN gestimmt")
	f.Fuzz(checkStopwordVotes)
}
