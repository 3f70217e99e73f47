package langid

import (
	"maps"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// stopwords are frequent function words of the languages the pipeline must
// tell apart best. Trigram models stumble on short texts dominated by proper
// names ("Separatist rebels kill two Bangladesh soldiers"); function words
// are the cheapest independent evidence there.
var stopwords = map[string][]string{
	"en": strings.Fields("the of and to in is was were are as at by for from with after during on that this it its has have had be been two three four dead killed says said who which their not but or an will would"),
	"fr": strings.Fields("le la les des du de et un une est sont dans pour par sur avec au aux qui que ont été ce cette il elle ne pas plus selon deux trois mais où"),
	"es": strings.Fields("el la los las de del y en un una es son por para con que se al fue han ha sus su dos tres pero como más según"),
	"de": strings.Fields("der die das und ist sind ein eine den dem des mit von zu im auf für nicht sich bei nach wurde wurden zwei drei auch aus"),
	"pt": strings.Fields("o a os as de do da dos das e em um uma é são por para com que no na nos nas foi ao pelo pela mais dois três segundo"),
	"it": strings.Fields("il lo la gli le di del della dei e è sono un una per con che nel nella al alla è stato stati due tre anche secondo"),
	"nl": strings.Fields("de het een en van in is zijn op te met voor dat die niet door bij werd werden twee drie ook naar"),
	"sv": strings.Fields("och att det som en ett är på av för med till den har inte om var två tre också efter"),
}

// stopwordLangs are the languages of stopwords, in code order.
var stopwordLangs = slices.Sorted(maps.Keys(stopwords))

// stopwordIndex gives, for each function word, the set of stopwordLangs
// (bit i for stopwordLangs[i]) that have it.
var stopwordIndex = func() map[string]uint8 {
	if len(stopwordLangs) > 8 {
		panic("langid: more stopword languages than bits in a uint8")
	}
	index := map[string]uint8{}
	for i, lang := range stopwordLangs {
		for _, w := range stopwords[lang] {
			index[w] |= 1 << i
		}
	}
	return index
}()

// maxStopwordBytes bounds the lower case of a word worth looking up: every
// function word is shorter (TestStopwordsFitBuffer).
const maxStopwordBytes = 16

// stopwordVote counts, per language of stopwordLangs, the words of text (runs
// of letters, lower-cased) that are among its function words.
func stopwordVote(text string) (votes [8]int) {
	votes, _ = stopwordVotes(text)
	return votes
}

// stopwordVotes is stopwordVote, also counting apart the function words
// that belong to one language only ("les" is French, "la" is not).
func stopwordVotes(text string) (votes, exclusive [8]int) {
	var word [maxStopwordBytes]byte
	n := 0           // bytes of word in use
	tooLong := false // the word's lower case exceeds maxStopwordBytes
	endWord := func() {
		if n > 0 && !tooLong {
			// Indexing with string(bytes) does not allocate.
			langs := stopwordIndex[string(word[:n])]
			if bits.OnesCount8(langs) == 1 {
				exclusive[bits.TrailingZeros8(langs)]++
			}
			for ; langs != 0; langs &= langs - 1 {
				votes[bits.TrailingZeros8(langs)]++
			}
		}
		n, tooLong = 0, false
	}
	for _, r := range text {
		if !unicode.IsLetter(r) {
			endWord()
			continue
		}
		if tooLong {
			continue
		}
		lower := unicode.ToLower(r)
		if n+utf8.RuneLen(lower) > maxStopwordBytes {
			tooLong = true
			continue
		}
		n += utf8.EncodeRune(word[n:], lower)
	}
	endWord()
	return votes, exclusive
}

// stopwordWinner returns the language with the most function words when it
// leads the runner-up by at least margin, else "".
func stopwordWinner(text string, margin int) (string, int) {
	votes := stopwordVote(text)
	best, bestN, second := "", 0, 0
	for i, lang := range stopwordLangs {
		switch n := votes[i]; {
		case n > bestN || (n == bestN && lang < best):
			second = max(second, bestN)
			best, bestN = lang, n
		case n > second:
			second = n
		}
	}
	if bestN-second < margin {
		return "", bestN
	}
	return best, bestN
}

// Thresholds for function words to confirm a declared language on their
// own: enough words that only it has, and far more than any other
// language's own words.
const (
	confirmVotes = 6
	confirmLead  = 3 // times the runner-up's
)

// functionWordsConfirm reports whether sample's function words leave no
// doubt that it is in lang, one of stopwordLangs.
func functionWordsConfirm(lang, sample string) bool {
	i := slices.Index(stopwordLangs, lang)
	if i < 0 {
		return false
	}
	_, own := stopwordVotes(sample)
	second := 0
	for j, n := range own {
		if j != i {
			second = max(second, n)
		}
	}
	return own[i] >= confirmVotes && own[i] >= confirmLead*second
}
