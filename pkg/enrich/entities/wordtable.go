package entities

import (
	"math/bits"
	"slices"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/geo"
)

// Every token is looked up in the word lists and, if in lower case, noted
// as a common word: hundreds of look-ups per dispatch. A token's hash is
// computed as it is read (scanPlain) or lowered (analysis.readToken), and the
// two tables below are open-addressing tables over it: a look-up is a probe
// and a string comparison, without hashing the word again as a map would.

// wordHash is a word's hash: its bytes rolled into 64 bits, eight by eight
// (a cheap step per byte, taken as the tokenizer reads the word), then mixed
// by Fibonacci hashing, whose high bits pick a table slot.
type wordHash uint32

// hashing is a word's hash being computed, and a token's key: a word of up
// to eight bytes is its bytes themselves, so two such words of one length
// with equal keys are equal, and a look-up compares no bytes.
type hashing uint64

func (s hashing) add(c byte) hashing { return hashing(bits.RotateLeft64(uint64(s), 8)) ^ hashing(c) }

func (s hashing) sum() wordHash { return wordHash(uint64(s) * 0x9E3779B97F4A7C15 >> 32) }

func hashWord[S string | []byte](w S) wordHash { return rollWord(w).sum() }

// rollWord returns the hashing state of w's bytes.
func rollWord[S string | []byte](w S) hashing {
	var s hashing
	for k := 0; k < len(w); k++ {
		s = s.add(w[k])
	}
	return s
}

// A table's slots hold a key's hash and 1 + its index: a probe compares
// the hashes before it looks at the key. 0 is an empty slot.
type slot uint64

func makeSlot(h wordHash, k int) slot { return slot(h)<<32 | slot(k+1) }

// home is where the key of hash h goes in a table of 1<<(32-shift) slots
// (never full), or the first slot probed from there: the next ones follow.
// The shift is kept with the table: home is taken hundreds of times a dispatch.
func home(h wordHash, shift uint8) int { return int(h >> shift) }

// tableSize is a power of two at least twice n, so that probes stay short,
// and the shift home takes for it.
func tableSize(n int) (int, uint8) { return 1 << bits.Len(uint(2*n)), uint8(32 - bits.Len(uint(2*n))) }

// vocabulary maps lower-case words to what they are: the word lists they
// are in, and whether the gazetteer takes them for a nationality adjective.
// It is read-only once built. Every word of a text is looked up in it, so it
// is laid out for few cache lines a look-up: 4-byte slots (a fingerprint of
// the hash and an index; 32 kB for the whole table), then a 16-byte entry
// whose key decides for words of up to eight bytes, and only for longer
// ones the word itself, kept apart.
type vocabulary struct {
	filter    *[vocabularyFilterWords]uint64 // a bit per hash's top bits, set for the words' (see mayHave)
	slots     []vocabularySlot
	shift     uint8 // home's, for len(slots)
	entries   []vocabularyEntry
	words     []string // by entry: compared only for words longer than a key
	countries []string // country codes of the adjectives, by vocabularyEntry.country
}

// A vocabularySlot holds 16 bits of a word's hash (see fingerprint) and
// 1 + the index of its entry; 0 is an empty slot.
type vocabularySlot uint32

// fingerprint is the part of h a vocabulary slot keeps: its low bits, as
// home takes the high ones.
func fingerprint(h wordHash) vocabularySlot { return vocabularySlot(h & 0xFFFF) }

// vocabularyEntry is what a vocabulary word is, with its key.
type vocabularyEntry struct {
	key       hashing // rollWord of the word
	lists     list
	country   uint16 // index in vocabulary.countries of the adjective's country
	length    uint8  // the word's length in bytes, 255 for 255 or more
	adjective bool
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
	words := make([]string, 0, len(lists))
	for w := range lists {
		words = append(words, w)
	}
	slices.Sort(words) // the same table at every start
	if len(words) >= 1<<16 {
		panic("entities: vocabulary too large for 16-bit slot indices")
	}
	size, shift := tableSize(len(words))
	v := &vocabulary{slots: make([]vocabularySlot, size), shift: shift, words: words, countries: []string{""},
		filter: new([vocabularyFilterWords]uint64)}
	country := map[string]uint16{"": 0}
	mask := len(v.slots) - 1
	for k, w := range words {
		e := vocabularyEntry{key: rollWord(w), lists: lists[w], length: uint8(min(len(w), 255))}
		cc, adjective := g.AdjectiveCountry(w)
		e.adjective = adjective
		if _, ok := country[cc]; !ok {
			country[cc] = uint16(len(v.countries))
			v.countries = append(v.countries, cc)
		}
		e.country = country[cc]
		h := e.key.sum()
		i := home(h, v.shift)
		for v.slots[i] != 0 {
			i = (i + 1) & mask
		}
		v.slots[i] = fingerprint(h)<<16 | vocabularySlot(k+1)
		v.filter[h>>(32-vocabularyFilterBits)/64] |= 1 << (h >> (32 - vocabularyFilterBits) % 64)
		v.entries = append(v.entries, e)
	}
	return v
}

// The vocabulary's filter: 32768 bits (4 kB, which stay in the first-level
// cache), a tenth of them set. Most words of a text are no vocabulary word,
// and most of those the filter turns away before their slot, a cache miss,
// is read.
const (
	vocabularyFilterBits  = 15
	vocabularyFilterWords = 1 << vocabularyFilterBits / 64
)

// mayHave reports whether some vocabulary word may have hash h.
func (v *vocabulary) mayHave(h wordHash) bool {
	b := h >> (32 - vocabularyFilterBits)
	return v.filter[b/64]&(1<<(b%64)) != 0
}

// find returns what w, of state key (rollWord(w)), is; ok is false if the
// vocabulary lacks it.
func find[S string | []byte](v *vocabulary, w S, key hashing) (info wordInfo, ok bool) {
	e := lookup(v, w, key)
	if e == nil {
		return wordInfo{}, false
	}
	return wordInfo{lists: e.lists, adjective: e.adjective, country: v.countries[e.country]}, true
}

// lookup returns the entry of w, of state key (rollWord(w)), or nil if the
// vocabulary lacks it. A []byte w is compared in place, without a string
// made of it.
func lookup[S string | []byte](v *vocabulary, w S, key hashing) *vocabularyEntry {
	mask := len(v.slots) - 1
	h := key.sum()
	if !v.mayHave(h) {
		return nil
	}
	fp := fingerprint(h)
	for i := home(h, v.shift); v.slots[i] != 0; i = (i + 1) & mask {
		s := v.slots[i]
		if s>>16 != fp {
			continue
		}
		k := int(s&0xFFFF) - 1
		e := &v.entries[k]
		// Keys are the bytes themselves up to eight bytes: with the length, they decide.
		if e.key == key && (len(w) <= 8 && int(e.length) == len(w) || len(w) > 8 && v.words[k] == string(w)) {
			return e
		}
	}
	return nil
}

// adjectiveCountry is g.AdjectiveCountry(w), from the vocabulary, which has
// every folded form of an adjective: a probe of its table instead of the
// gazetteer's map, with the folded form kept on the stack.
func (v *vocabulary) adjectiveCountry(w string) (string, bool) {
	if key, ok := latinFoldKey(w); ok && !v.hasHash(key.sum()) {
		// Most words are no adjective: their folded form's hash, rolled
		// without folding them, finds no slot of it.
		return "", false
	}
	var buf [64]byte
	key := geo.AppendFold(buf[:0], w)
	info, _ := find(v, key, rollWord(key))
	return info.country, info.adjective
}

// plainFoldKey is latinFoldKey of a word scanPlain read in lower case,
// made by construction of ASCII letters and digits and of Latin-1 letters
// (C3 xx): without latinFoldKey's tests.
func plainFoldKey(w string) (key hashing) {
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c < utf8.RuneSelf || k+1 == len(w) {
			key = key.add(c)
			continue
		}
		k++
		folded := geo.FoldLatin1(w[k])
		for j := 0; j < len(folded); j++ {
			key = key.add(folded[j])
		}
	}
	return key
}

// hasHash reports whether some word of the vocabulary may have hash h:
// one whose slot has h's home and fingerprint.
func (v *vocabulary) hasHash(h wordHash) bool {
	mask := len(v.slots) - 1
	fp := fingerprint(h)
	for i := home(h, v.shift); v.slots[i] != 0; i = (i + 1) & mask {
		if v.slots[i]>>16 == fp {
			return true
		}
	}
	return false
}

// latinFoldKey returns rollWord(geo.Fold(w)) for a w of ASCII letters and
// digits and Latin-1 letters (é, à, ç…), which fold one by one: ok is false
// for any other w.
func latinFoldKey(w string) (key hashing, ok bool) {
	for k := 0; k < len(w); k++ {
		switch c := w[k]; {
		case asciiAlnum(c):
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			key = key.add(c)
		case c == 0xC3 && k+1 < len(w) && latin1Letter(w[k+1]):
			folded := geo.FoldLatin1(w[k+1])
			for j := 0; j < len(folded); j++ {
				key = key.add(folded[j])
			}
			k++
		default:
			return 0, false
		}
	}
	return key, true
}

// Whether a capitalised word is also written in lower case is asked of a
// few tokens a dispatch, while a text has hundreds of lower-case words. So
// the table of lower-case forms is built only when first asked, and holds
// only the lower-case words whose hash some capitalised word or number
// shares (a 1024-bit filter readToken fills, large enough that few pass it
// by chance): the others cannot be asked for.

// askableWords is the size of the filter, in 64-bit words.
const askableWords = 16

// noteAskable records the hash of a word seenLower may be asked about.
func (a *analysis) noteAskable(h wordHash) { a.askable[h>>6%askableWords] |= 1 << (h & 63) }

// mayBeAsked reports whether some word noted by noteAskable may have hash h.
func (a *analysis) mayBeAsked(h wordHash) bool {
	return a.askable[h>>6%askableWords]&(1<<(h&63)) != 0
}

// isLowerWord reports whether t is a word in lower case: one seenLower answers for.
func (t *token) isLowerWord() bool { return t.flags&(tokWord|tokCap|tokDigit) == tokWord }

// buildLowerSeen fills a.lowerSeen with the lower-case words (a.lowerWords)
// that may be asked about, and keeps only those in a.lowerWords.
func (a *analysis) buildLowerSeen() {
	// The words that may be asked about first, in place: a few of a.lowerWords.
	asked := a.lowerWords[:0]
	for _, s := range a.lowerWords {
		if a.mayBeAsked(wordHash(s >> 32)) {
			asked = append(asked, s)
		}
	}
	size, shift := tableSize(len(asked))
	a.lowerSeen, a.lowerSeenShift = slices.Grow(a.lowerSeen[:0], size)[:size], shift
	clear(a.lowerSeen)
	for _, s := range asked {
		i := int(uint32(s) - 1)
		if k := a.lowerSeenSlot(wordHash(s>>32), a.lower(i)); a.lowerSeen[k] == 0 {
			a.lowerSeen[k] = s
		}
	}
	a.lowerWords, a.lowerSeenBuilt = asked, true
}

// seenLower reports whether token i's lower-case form is written as a word
// in lower case somewhere in the text: a common word, not a name.
func (a *analysis) seenLower(i int) bool {
	switch t := &a.toks[i]; {
	case !t.word():
		return false // punctuation: no word's form
	case t.isLowerWord():
		return true // itself
	}
	if !a.lowerSeenBuilt {
		a.buildLowerSeen()
	}
	w := a.lower(i)
	return a.lowerSeen[a.lowerSeenSlot(hashWord(w), w)] != 0
}

// lowerSeenSlot returns the index in a.lowerSeen of the lower-case form w,
// of hash h, or of the empty slot where it would go.
func (a *analysis) lowerSeenSlot(h wordHash, w string) int {
	mask := len(a.lowerSeen) - 1
	k := home(h, a.lowerSeenShift)
	for s := a.lowerSeen[k]; s != 0 && (wordHash(s>>32) != h || a.lower(int(uint32(s)-1)) != w); s = a.lowerSeen[k] {
		k = (k + 1) & mask
	}
	return k
}
