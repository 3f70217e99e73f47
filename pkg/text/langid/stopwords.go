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

// maxStopwordBytes bounds the lower case of a word worth looking up: every
// function word fits (TestStopwordsFitKey), so a word packs into a wordKey.
const maxStopwordBytes = 8

// wordKey is a lower-cased word of at most maxStopwordBytes bytes, its
// last byte lowest (a word is packed by shifting each byte in). No word's
// key is 0: letters have no zero byte.
type wordKey uint64

// stopwordTable gives, for each function word, the set of stopwordLangs
// (bit i for stopwordLangs[i]) that have it. Looking words up by a packed
// integer rather than in a map[string] made counting function words, done
// for every dispatch, several times cheaper.
var stopwordTable = func() wordTable {
	if len(stopwordLangs) > 8 {
		panic("langid: more stopword languages than bits in a uint8")
	}
	index := map[wordKey]uint8{}
	for i, lang := range stopwordLangs {
		for _, w := range stopwords[lang] {
			key, ok := packWord(w)
			if !ok {
				panic("langid: function word longer than maxStopwordBytes: " + w) // checked by tests
			}
			index[key] |= 1 << i
		}
	}
	return newWordTable(index)
}()

// packWord packs a word, if it fits.
func packWord(w string) (wordKey, bool) {
	if w == "" || len(w) > maxStopwordBytes {
		return 0, false
	}
	var key wordKey
	for i := range len(w) {
		key = key<<8 | wordKey(w[i])
	}
	return key, true
}

// wordTable is a perfect hash table from words to language sets, built
// once and only read: its multiplier sends every word to a slot of its
// own, so a lookup reads one slot and compares, with no probe loop whose
// branches a varied text mispredicts.
type wordTable struct {
	keys  []wordKey // a power of two of them; 0 is empty
	langs []uint8
	mult  uint64
	shift uint // 64 - log2(len(keys))
}

func newWordTable(index map[wordKey]uint8) wordTable {
	keys := slices.Sorted(maps.Keys(index))
	// With eight times more slots than words, about one multiplier in a
	// hundred places them all apart; the search is deterministic.
	size, shift := 1, uint(64)
	for size < 8*len(keys) {
		size, shift = size*2, shift-1
	}
	seed := uint64(0x9E3779B97F4A7C15)
	for ; ; size, shift = size*2, shift-1 {
		// One table per size, cleared between tries: a table per try made
		// every process that imports the package allocate ~64 MB at start.
		t := wordTable{keys: make([]wordKey, size), langs: make([]uint8, size), shift: shift}
		for range 10000 {
			seed = seed*6364136223846793005 + 1442695040888963407
			t.mult = seed | 1
			if t.place(keys, index) {
				return t
			}
			clear(t.keys)
			clear(t.langs)
		}
	}
}

// place puts every key in its slot, or reports false if two share one.
func (t *wordTable) place(keys []wordKey, index map[wordKey]uint8) bool {
	for _, key := range keys {
		i := t.slot(key)
		if t.keys[i] != 0 {
			return false
		}
		t.keys[i], t.langs[i] = key, index[key]
	}
	return true
}

func (t *wordTable) slot(key wordKey) int {
	return int(uint64(key) * t.mult >> t.shift)
}

// lookup returns the languages that have the word, 0 if none.
func (t *wordTable) lookup(key wordKey) uint8 {
	i := t.slot(key)
	langs := t.langs[i]
	if t.keys[i] != key {
		langs = 0
	}
	return langs
}

// wordByte is the lower case of each ASCII letter, 0 for the other ASCII
// bytes, and nonASCII for the bytes of other characters.
var wordByte = func() (t [256]byte) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	for c := utf8.RuneSelf; c < len(t); c++ {
		t[c] = nonASCII
	}
	return t
}()

const nonASCII = 0xFF

// stopwordVotes counts, per language of stopwordLangs, the words of text
// (runs of letters, lower-cased) that are among its function words, and
// apart those that belong to one language only ("les" is French, "la" is not).
func stopwordVotes(text string) (votes, exclusive [8]int) {
	var word wordKey
	n := 0 // bytes of the word's lower case, counted on past maxStopwordBytes
	// The counts are kept a byte per language in two words, added to
	// without a branch per language (a branch per word that mispredicted
	// on varied text), and moved to votes and exclusive before a byte can
	// overflow.
	var packedVotes, packedOwn uint64
	words := 0
	flush := func() {
		for i := range votes {
			votes[i] += int(packedVotes >> (8 * i) & 0xFF)
			exclusive[i] += int(packedOwn >> (8 * i) & 0xFF)
		}
		packedVotes, packedOwn, words = 0, 0, 0
	}
	endWord := func() {
		if n > 0 && n <= maxStopwordBytes {
			langs := stopwordTable.lookup(word)
			packedVotes += langBytes[langs]
			packedOwn += ownLangBytes[langs]
			if words++; words == 0xFF {
				flush()
			}
		}
		word, n = 0, 0
	}
	for i := 0; i < len(text); {
		// ASCII, most of the text, is read by table, a letter shifted
		// into the word without a test of its length (the bytes of a
		// longer word shift out: n tells it apart); other characters are
		// decoded and tested by the unicode package.
		switch b := wordByte[text[i]]; b {
		default:
			word = word<<8 | wordKey(b)
			n++
			i++
		case 0:
			endWord()
			i++
		case nonASCII:
			r, size := utf8.DecodeRuneInString(text[i:])
			i += size
			if !unicode.IsLetter(r) {
				endWord()
				continue
			}
			var buf [utf8.UTFMax]byte
			for _, b := range utf8.AppendRune(buf[:0], unicode.ToLower(r)) {
				word = word<<8 | wordKey(b)
				n++
			}
		}
	}
	endWord()
	flush()
	return votes, exclusive
}

// langBytes spreads a set of stopwordLangs over the bytes of a word: byte i
// is 1 if the set holds language i. ownLangBytes does so for the sets of
// one language only, and is 0 for the others.
var langBytes, ownLangBytes = func() (all, own [256]uint64) {
	for set := range 256 {
		for i := range 8 {
			if set>>i&1 != 0 {
				all[set] |= 1 << (8 * i)
			}
		}
		if bits.OnesCount8(uint8(set)) == 1 {
			own[set] = all[set]
		}
	}
	return all, own
}()

// stopwordWinner returns the language with the most function words (votes,
// as stopwordVotes counts them) when it leads the runner-up by at least
// margin, else "".
func stopwordWinner(votes [8]int, margin int) (string, int) {
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

// functionWordsConfirm reports whether sample's function words (words,
// counted if they were not) leave no doubt that it is in lang, one of
// stopwordLangs.
func functionWordsConfirm(lang, sample string, words *functionWords) bool {
	i := slices.Index(stopwordLangs, lang)
	if i < 0 {
		return false
	}
	own := &words.count(sample).own
	second := 0
	for j, n := range own {
		if j != i {
			second = max(second, n)
		}
	}
	return own[i] >= confirmVotes && own[i] >= confirmLead*second
}
