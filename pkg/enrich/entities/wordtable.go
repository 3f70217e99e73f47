package entities

import (
	"math/bits"

	"github.com/newswire/newswire/pkg/geo"
)

// Every token is looked up in the word lists and, if in lower case, noted
// as a common word: hundreds of look-ups per dispatch. A token's hash is
// computed as it is read (plainWord) or lowered (analysis.readWords), and the
// two tables below are open-addressing tables over it: a look-up is a probe
// and a string comparison, without hashing the word again as a map would.

// wordHash is a word's hash: its bytes rolled into 64 bits, eight by eight
// (a cheap step per byte, taken as the tokenizer reads the word), then mixed
// by Fibonacci hashing, whose high bits pick a table slot.
type wordHash uint32

// hashing is a word's hash being computed.
type hashing uint64

func (s hashing) add(c byte) hashing { return hashing(bits.RotateLeft64(uint64(s), 8)) ^ hashing(c) }

func (s hashing) sum() wordHash { return wordHash(uint64(s) * 0x9E3779B97F4A7C15 >> 32) }

func hashWord[S string | []byte](w S) wordHash {
	var s hashing
	for k := 0; k < len(w); k++ {
		s = s.add(w[k])
	}
	return s.sum()
}

// A table's slots hold a key's hash and 1 + its index: a probe compares
// the hashes before it looks at the key. 0 is an empty slot.
type slot uint64

func makeSlot(h wordHash, k int) slot { return slot(h)<<32 | slot(k+1) }

// home is where the key of hash h goes in slots (a power of two long, never
// full), or the first slot probed from there: the next ones follow.
func home(slots []slot, h wordHash) int { return int(h >> (32 - bits.Len(uint(len(slots)-1)))) }

// tableSize is a power of two at least twice n, so that probes stay short.
func tableSize(n int) int { return 1 << bits.Len(uint(2*n)) }

// vocabulary maps lower-case words to what they are: the word lists they
// are in, and whether the gazetteer takes them for a nationality adjective.
// It is read-only once built.
type vocabulary struct {
	slots []slot
	words []vocabularyWord
}

// vocabularyWord is a word and what it is, side by side: a look-up that
// finds it reads one place.
type vocabularyWord struct {
	word string
	wordInfo
}

// wordInfo is what a token's lower-case form is.
type wordInfo struct {
	lists     list
	adjective bool   // g.AdjectiveCountry(word) says it is a nationality adjective…
	country   string // …of this country
}

// newVocabulary indexes the word lists' words and g's nationality
// adjectives (in their folded form), with what g.AdjectiveCountry says of each.
func newVocabulary(g *geo.Gazetteer) *vocabulary {
	lists := map[string]list{}
	for w, l := range listsOf {
		lists[w] = l
	}
	for form := range g.Adjectives() {
		if _, ok := lists[form]; !ok {
			lists[form] = 0
		}
	}
	v := &vocabulary{slots: make([]slot, tableSize(len(lists)))}
	mask := len(v.slots) - 1
	for w, l := range lists {
		info := wordInfo{lists: l}
		info.country, info.adjective = g.AdjectiveCountry(w)
		h := hashWord(w)
		i := home(v.slots, h)
		for v.slots[i] != 0 {
			i = (i + 1) & mask
		}
		v.slots[i] = makeSlot(h, len(v.words))
		v.words = append(v.words, vocabularyWord{w, info})
	}
	return v
}

// find returns what w, of hash h, is; ok is false if the vocabulary lacks it.
// A []byte w is compared in place, without a string made of it.
func find[S string | []byte](v *vocabulary, w S, h wordHash) (info wordInfo, ok bool) {
	mask := len(v.slots) - 1
	for i := home(v.slots, h); v.slots[i] != 0; i = (i + 1) & mask {
		if s := v.slots[i]; wordHash(s>>32) == h {
			if e := &v.words[uint32(s)-1]; e.word == string(w) {
				return e.wordInfo, true
			}
		}
	}
	return wordInfo{}, false
}

// adjectiveCountry is g.AdjectiveCountry(w), from the vocabulary, which has
// every folded form of an adjective: a probe of its table instead of the
// gazetteer's map, with the folded form kept on the stack.
func (v *vocabulary) adjectiveCountry(w string) (string, bool) {
	var buf [64]byte
	key := geo.AppendFold(buf[:0], w)
	info, _ := find(v, key, hashWord(key))
	return info.country, info.adjective
}

// noteLowerSeen records token i as a word seen in lower case.
func (a *analysis) noteLowerSeen(i int) {
	if s := a.lowerSeenSlot(i); a.lowerSeen[s] == 0 {
		a.lowerSeen[s] = makeSlot(a.toks[i].hash, i)
	}
}

// seenLower reports whether token i's lower-case form was seen as a word in
// lower case: a common word, not a name.
func (a *analysis) seenLower(i int) bool { return a.lowerSeen[a.lowerSeenSlot(i)] != 0 }

// lowerSeenSlot returns the index in a.lowerSeen of token i's lower-case
// form, or of the empty slot where it would go.
func (a *analysis) lowerSeenSlot(i int) int {
	h, w := a.toks[i].hash, a.lows[i]
	mask := len(a.lowerSeen) - 1
	k := home(a.lowerSeen, h)
	for s := a.lowerSeen[k]; s != 0 && (wordHash(s>>32) != h || a.lows[uint32(s)-1] != w); s = a.lowerSeen[k] {
		k = (k + 1) & mask
	}
	return k
}
