package casualty

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/newswire/newswire/pkg/casualty/quantity"
)

// A text yields a figure only if some token fires (see fFires): a toll word
// that counts the dead, or a casualty phrase of the text's language, all of
// whose words are then tokens of the text. Every phrase has one key word,
// its rarest as far as keyRank knows ("tués" rather than "ont"), and a text
// in which no key word of its language and no strong toll word stands where
// a token could start and end cannot fire. mayFire checks that on the bytes
// of the text, without tokenizing it, so that the many dispatches with no
// casualty word cost a scan instead of a tokenization.

// fireKey is a word without which no token of the languages langs fires.
type fireKey struct {
	word string
	// next is the word after the key in the phrase, "" if the key ends it.
	next  string
	langs quantity.Lang
}

// fireKeys maps the first two bytes of a key word to the key words, and
// fireKeyLen to the length of the longest of them (what keyAt lowers);
// fireKeyFilter is a bitmap of the hashes of their first four bytes (see
// prefixHash), small enough to stay in the first-level cache, which turns
// most words away before the map.
var (
	fireKeys      = map[uint16][]fireKey{}
	fireKeyLen    = map[uint16]int{}
	fireKeyFilter [1 << 16 / 64]uint64
)

// buildFireKeys fills fireKeys from the phrases and the toll words; the
// lexicon's init calls it once the phrases are loaded.
func buildFireKeys() {
	langsOf := map[[2]string]quantity.Lang{}
	for first, ps := range phrases {
		for _, p := range ps {
			words := append([]string{first}, p.rest...)
			if len(words) > contextTokens/2 {
				// a window must hold a phrase that fires (see tokenizeAround)
				panic("casualty: phrase longer than contextTokens/2 words: " + strings.Join(words, " "))
			}
			k := 0
			for j, w := range words {
				if keyRank(w) > keyRank(words[k]) {
					k = j
				}
			}
			next := ""
			if k+1 < len(words) {
				next = words[k+1]
			}
			langsOf[[2]string{words[k], next}] |= p.langs
		}
	}
	for w := range tollWords.words {
		if !weakTolls.has(w) {
			// firesAt takes a toll word in every language
			langsOf[[2]string{w, ""}] |= quantity.AllLangs
		}
	}
	for key, l := range langsOf {
		w := key[0]
		if len(w) < 3 || !isASCIILetter(w[0]) && w[0] < 0xC0 {
			// mayFire looks for keys of three bytes or more, at letters
			panic("casualty: fire key too short or not a word: " + w)
		}
		if len(w) > maxFireKeyBytes || len(key[1]) > maxFireKeyBytes {
			panic("casualty: fire key longer than maxFireKeyBytes: " + w + " " + key[1])
		}
		if l&^quantity.AR != 0 && !caseFoldable(w) {
			// nextFireHit, for the other languages (see mayFire), needs it
			panic("casualty: fire key with a byte other than an ASCII or Latin-1 lower-case letter: " + w)
		}
		p := prefix2(w)
		fireKeys[p] = append(fireKeys[p], fireKey{word: w, next: key[1], langs: l})
		fireKeyLen[p] = max(fireKeyLen[p], len(w))
		if len(w) > 3 {
			h := prefixHash(w, fourthClass(w[3]))
			fireKeyFilter[h/64] |= 1 << (h % 64)
			continue
		}
		// A three-byte key may end before a capital ("vieÀ"), whose lower
		// case is a letter: the fourth byte may be any class.
		for c := byte('a'); c <= 'z'; c++ {
			h := prefixHash(w, c)
			fireKeyFilter[h/64] |= 1 << (h % 64)
		}
		h := prefixHash(w, 0)
		fireKeyFilter[h/64] |= 1 << (h % 64)
	}
	n := int32(0)
	for p := range 1 << 16 {
		if keys := fireKeys[uint16(p)]; keys != nil {
			firePrefixes[p/64] |= 1 << (p % 64)
			fireGroups = append(fireGroups, fireGroup{maxLen: fireKeyLen[uint16(p)], keys: keys})
		}
		if p%64 == 63 {
			firePrefixRank[p/64] = n
			n = int32(len(fireGroups))
		}
	}
}

// The keys by their first two bytes without a map: firePrefixes has the
// bit of every two bytes some key starts with, and the keys of the prefix
// of the bit are in fireGroups after those of the bits before it, which
// firePrefixRank counts for each word of firePrefixes.
var (
	firePrefixes   [1 << 16 / 64]uint64
	firePrefixRank [1 << 16 / 64]int32
	fireGroups     []fireGroup
)

type fireGroup struct {
	maxLen int // the bytes of the longest key
	keys   []fireKey
}

// fireGroupOf returns the keys that start with the two bytes p, or nil.
func fireGroupOf(p uint16) *fireGroup {
	word, bit := firePrefixes[p/64], uint64(1)<<(p%64)
	if word&bit == 0 {
		return nil
	}
	return &fireGroups[int(firePrefixRank[p/64])+bits.OnesCount64(word&(bit-1))]
}

func prefix2(s string) uint16 { return uint16(s[0])<<8 | uint16(s[1]) }

// prefixHash is a 16-bit hash of the first three bytes of s and the class
// of the fourth (see fourthClass), Fibonacci hashing: the high bits of the
// product mix every bit of the key.
func prefixHash(s string, fourth byte) uint32 {
	return prefixHashBytes(s[0], s[1], s[2], fourth)
}

func prefixHashBytes(b0, b1, b2, fourth byte) uint32 {
	key := uint64(b0)<<24 | uint64(b1)<<16 | uint64(b2)<<8 | uint64(fourth)
	return uint32((key * 0x9E3779B97F4A7C15) >> 48)
}

// fourthClass is what the filter keeps of the fourth byte of a lower-cased
// word: a lower-case ASCII letter, or 0 for any other byte (the end of a
// three-byte word, or part of a non-ASCII letter, kept only by its first
// three bytes).
func fourthClass(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c
	}
	return 0
}

// commonKeyWords are words of casualty phrases that most texts have: a
// phrase takes one of its other words for key if it has one.
var commonKeyWords = set(`ont a la le les de des du d l en à au aux un une et est sont été avaient sans parmi
	garde the of to in were was have has had been by with`)

// keyRank orders the words of a phrase by how rare they are as a rule: an
// uncommon word over a common one, a longer word over a shorter one.
func keyRank(w string) int {
	if commonKeyWords.has(w) {
		return len(w)
	}
	return 1000 + len(w)
}

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// mayFire reports whether a key word of language l (see fireKey) may be a
// token of text. It reads text as it is, lower-casing only the few bytes it
// compares (see lowerWindow), so that a text it turns away is never lowered
// whole. It errs only towards true: it takes for a token start any letter
// but a lower-case ASCII or Latin-1 letter after a letter (the tokenizer
// splits "blessésContactée" at the capital), and for a token end anything
// but a lower-case ASCII letter.
// Arabic words are also matched by their stems, inside the word: Arabic is
// not filtered.
func mayFire(text string, l quantity.Lang) bool {
	return l&quantity.AR != 0 || nextFireHit(text, 0, l) >= 0
}

// nextFireHit returns the first byte from i at which mayFire finds that a
// key word of language l (not Arabic) may be a token, or -1 if there is
// none. The key of every phrase that fires in the text is at one of these
// bytes: the grammar need only look at the sentences around them.
//
// It reads the text eight bytes at a time: the bytes where a word may start
// (see mayStartWord) are found with bit masks, and tried against
// caseKeyFilter, which takes the bytes as they are, before anything is
// lowered.
func nextFireHit(text string, i int, l quantity.Lang) int {
	// prevLetter is the ASCII letter mask of the last block, for its last byte
	var prevLetter uint64
	if i > 0 && isASCIILetter(text[i-1]) {
		prevLetter = 0x80 << 56
	}
	filter := caseKeyFilterOf(l)
	// blocks with four bytes after their last, for the filter: the last
	// bytes are tried one at a time
	base := unsafe.Pointer(unsafe.StringData(text))
	for ; i+12 <= len(text); i += 8 {
		x := binary.LittleEndian.Uint64(unsafe.Slice((*byte)(unsafe.Add(base, i)), 8))
		ascii := ^x & highBits
		// with bit 5 set, A-Z fall onto a-z; bit 7 cleared, no byte carries
		folded := x&^highBits | 0x20*lowBits
		letter := (folded + (0x80-'a')*lowBits) &^ (folded + (0x80-'z'-1)*lowBits) & ascii
		upper := letter &^ (x << 2) // bit 5 clear
		lead := x & (x << 1) & highBits
		// an ASCII letter after an ASCII letter starts no word unless upper-case
		cands := upper | lead | letter&^(letter<<8|prevLetter>>56)
		prevLetter = letter
		for ; cands != 0; cands &= cands - 1 {
			j := i + bits.TrailingZeros64(cands)/8
			h := caseHash(binary.LittleEndian.Uint32(unsafe.Slice((*byte)(unsafe.Add(base, j)), 4)))
			if filter[h/64]&(1<<(h%64)) != 0 && mayStartWord(text, j) && keyMayStartAt(text, j, l) {
				return j
			}
		}
	}
	for ; i+2 < len(text); i++ {
		if (isASCIILetter(text[i]) || text[i] >= 0xC0) && mayStartWord(text, i) && keyMayStartAt(text, i, l) {
			return i
		}
	}
	return -1
}

// Bytes of a uint64, for testing eight bytes of text at once.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// mayStartWord reports whether mayFire looks for a key at byte i, a letter
// or the first byte of a non-ASCII rune: not when it is a lower-case ASCII
// or Latin-1 letter after an ASCII or Latin-1 letter (the tokenizer starts
// no token there, see nextWordStart).
func mayStartWord(text string, i int) bool {
	c := text[i]
	lowerLetter := 'a' <= c && c <= 'z' || c == 0xC3 && i+1 < len(text) && text[i+1] >= 0x9F && text[i+1] <= 0xBF && text[i+1] != 0xB7
	if !lowerLetter || i == 0 {
		return true
	}
	if isASCIILetter(text[i-1]) {
		return false
	}
	return !(i >= 2 && isLatin1Letter(text, i-2))
}

// keyMayStartAt reports whether a key word of language l may be a token at
// byte i, a letter.
func keyMayStartAt(text string, i int, l quantity.Lang) bool {
	// Most words start with four ASCII bytes, whose lower case needs no
	// table (and the first, a letter, is lowered by setting 0x20).
	var h uint32
	var p uint16
	if c := text[i]; i+4 <= len(text) && (c|text[i+1]|text[i+2]|text[i+3]) < utf8.RuneSelf {
		b0, b1 := c|0x20, asciiLower(text[i+1])
		h, p = prefixHashBytes(b0, b1, asciiLower(text[i+2]), fourthClass(asciiLower(text[i+3]))), uint16(b0)<<8|uint16(b1)
	} else {
		h, p = prefixHashAt(text, i)
	}
	return fireKeyFilter[h/64]&(1<<(h%64)) != 0 && keyAt(text, i, p, l)
}

// A caseKeyFilter is a bitmap of caseHash of the keys of some languages,
// which nextFireHit looks up before anything is lowered: it has the bit of
// four bytes where keyMayStartAt is true, since a key's first four bytes
// are ASCII or Latin-1 lower-case letters (buildFireKeys checks), the
// lower case of the text's bytes there.
type caseKeyFilter [1 << 16 / 64]uint64

// caseKeyFilters holds the caseKeyFilter of each set of languages once
// built: a text's words are tried against the keys of its language only.
var caseKeyFilters [quantity.AllLangs + 1]atomic.Pointer[caseKeyFilter]

// caseKeyFilterOf returns the caseKeyFilter of the languages l (not Arabic).
func caseKeyFilterOf(l quantity.Lang) *caseKeyFilter {
	if f := caseKeyFilters[l].Load(); f != nil {
		return f
	}
	f := new(caseKeyFilter)
	for _, keys := range fireKeys {
		for _, k := range keys {
			if k.langs&l != 0 {
				f.add(k.word)
			}
		}
	}
	// two calls may both build it: the same bitmap
	caseKeyFilters[l].Store(f)
	return f
}

// caseHash is a 16-bit hash of four bytes of text with bit 5 set in each
// (which maps an ASCII or Latin-1 capital onto its lower case: À C3 80 and
// à C3 A0) and the fourth kept only if it is then a letter (see fourthClass).
func caseHash(four uint32) uint32 {
	four |= 0x20202020
	if c := byte(four >> 24); c < 'a' || c > 'z' {
		four &= 0x00FFFFFF
	}
	return uint32((uint64(four) * 0x9E3779B97F4A7C15) >> 48)
}

// add adds the key w, caseFoldable.
func (f *caseKeyFilter) add(w string) {
	var four [4]byte
	copy(four[:], w)
	if len(w) > 3 {
		h := caseHash(binary.LittleEndian.Uint32(four[:]))
		f[h/64] |= 1 << (h % 64)
		return
	}
	// the fourth byte may be any: a letter or not
	for c := byte('a'); c <= 'z'+1; c++ {
		four[3] = c
		h := caseHash(binary.LittleEndian.Uint32(four[:]))
		f[h/64] |= 1 << (h % 64)
	}
}

// caseFoldable reports whether the first four bytes of w are lower-case
// ASCII or Latin-1 letters (ß included, but not ÿ, the lower case of Ÿ,
// U+0178, outside Latin-1).
func caseFoldable(w string) bool {
	for k := 0; k < len(w) && k < 4; k++ {
		switch c := w[k]; {
		case 'a' <= c && c <= 'z':
		case c == 0xC3 && k+1 < len(w) && (w[k+1] >= 0x9F && w[k+1] < 0xBF && w[k+1] != 0xB7):
			k++
		default:
			return false
		}
	}
	return true
}

// nextWordStart returns the next byte after i where mayFire looks for a
// key: past a letter at i and the lower-case ASCII and Latin-1 letters
// after it, at which the tokenizer starts no token; else the next byte.
func nextWordStart(text string, i int) int {
	switch {
	case isASCIILetter(text[i]):
		i++
	case isLatin1Letter(text, i):
		i += 2
	default:
		return i + 1
	}
	for i < len(text) {
		i = quantity.LowerRunEnd(text, i)
		// U+00DF-U+00FF but ÷ (U+00F7)
		if i < len(text) && text[i] == 0xC3 && i+1 < len(text) && text[i+1] >= 0x9F && text[i+1] <= 0xBF && text[i+1] != 0xB7 {
			i += 2
			continue
		}
		break
	}
	return i
}

// prefixHashAt returns prefixHash of the lower-cased word at byte i of
// text, and its first two bytes (see prefix2), for a word whose first four
// bytes are not all ASCII: it lowers ASCII and Latin-1 letters itself, as
// quantity.Lower does, and leaves other runes to lowerWindow.
func prefixHashAt(text string, i int) (uint32, uint16) {
	var w [4]byte
	n := 0
	for j := i; n < len(w) && j < len(text); {
		switch c := text[j]; {
		case c < utf8.RuneSelf:
			w[n] = asciiLower(c)
			n, j = n+1, j+1
		case c == 0xC3 && j+1 < len(text) && text[j+1]&0xC0 == 0x80:
			c2 := text[j+1]
			if c2 <= 0x9E && c2 != 0x97 { // À to Þ, not ×
				c2 += 0x20
			}
			w[n] = c
			if n+1 < len(w) {
				w[n+1] = c2
			}
			n, j = n+2, j+2
		default:
			var buf [lowerWindowCap]byte
			n = copy(w[:], lowerWindow(&buf, text, i, len(w)))
			j = len(text)
		}
	}
	var fourth byte
	if n > 3 {
		fourth = fourthClass(w[3])
	}
	return prefixHashBytes(w[0], w[1], w[2], fourth), uint16(w[0])<<8 | uint16(w[1])
}

func asciiLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// maxFireKeyBytes bounds the length of a fire key word and of the word
// after it (buildFireKeys checks), so that lowerWindow can compare them
// from a buffer on the stack.
const (
	maxFireKeyBytes = 48
	lowerWindowCap  = maxFireKeyBytes + utf8.UTFMax - 1
)

// lowerWindow returns the lower case (quantity.Lower) of text from byte i,
// which starts a rune, good for its first n bytes (n <= maxFireKeyBytes):
// it lowers up to utf8.UTFMax-1 bytes more so that a rune that starts
// among the n is lowered whole, as in the lower case of the whole text.
func lowerWindow(buf *[lowerWindowCap]byte, text string, i, n int) []byte {
	j := min(i+n+utf8.UTFMax-1, len(text))
	return quantity.AppendLower(buf[:0], text[i:j])
}

// isLatin1Letter reports a letter of U+00C0-U+00FF at byte i (all but × and ÷).
func isLatin1Letter(text string, i int) bool {
	return text[i] == 0xC3 && i+1 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+1] != 0x97 && text[i+1] != 0xB7
}

// keyAt reports whether a key word of language l may be a token at byte i,
// whose lower case starts with the two bytes p, followed by the next word
// of its phrase if it has one.
func keyAt(text string, i int, p uint16, l quantity.Lang) bool {
	g := fireGroupOf(p)
	if g == nil {
		return false
	}
	var buf [lowerWindowCap]byte
	lower := lowerWindow(&buf, text, i, g.maxLen)
	for _, k := range g.keys {
		if k.langs&l == 0 || !bytesHavePrefix(lower, k.word) {
			continue
		}
		end := i + len(k.word)
		if end < len(text) && 'a' <= text[end] && text[end] <= 'z' {
			continue
		}
		if k.next == "" {
			return true
		}
		var nextBuf [lowerWindowCap]byte
		if bytesHavePrefix(lowerWindow(&nextBuf, text, skipTokenGap(text, end), len(k.next)), k.next) {
			return true
		}
	}
	return false
}

func bytesHavePrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}

// skipTokenGap returns the end of the white space and apostrophes from byte
// i: all the tokenizer skips between two tokens of a phrase (it may skip
// more, which only makes mayFire pass more texts).
func skipTokenGap(text string, i int) int {
	for i < len(text) {
		switch c := text[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\'':
			i++
		case c < utf8.RuneSelf:
			return i
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsSpace(r) && r != '’' && r != '‘' {
				return i
			}
			i += size
		}
	}
	return i
}
