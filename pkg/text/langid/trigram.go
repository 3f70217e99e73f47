package langid

import (
	_ "embed"
	"maps"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// profiles.txt holds whatlanggo's trigram profiles (see gen_profiles.go):
// one line per language, "script<TAB>iso639-3<TAB>trigram|trigram|...",
// trigrams by decreasing frequency.
//
//go:generate go run gen_profiles.go
//go:embed profiles.txt
var profilesData string

// Scoring constants, as whatlanggo defines them.
const (
	maxTrigramDistance = 300
	maxTotalDistance   = 90000
)

// maxScriptLanguages bounds the languages of one script's profiles (Latin
// has 48), so that a text's scores fit in a fixed array on the stack.
const maxScriptLanguages = 64

// trigramKey is a trigram of three runes packed 21 bits apiece (runes end at
// U+10FFFF), so that counting and ranking a text's trigrams needs no string
// per trigram. The numeric order of keys is the byte order of the trigrams'
// UTF-8 strings, which whatlanggo breaks count ties on.
type trigramKey uint64

func packTrigram(r1, r2, r3 rune) trigramKey {
	return trigramKey(r1)<<42 | trigramKey(r2)<<21 | trigramKey(r3)
}

// posting says that a trigram has a rank in a language's profile.
type posting struct {
	lang int32 // index into profileSet.langs
	rank int32
}

// profileSet is the inverted index of one script's profiles. whatlanggo
// measures each language's distance to a text by walking its 300 trigrams;
// walking the text's trigrams once through this index gives the same
// distances for every language at once, an order of magnitude faster.
type profileSet struct {
	langs []whatlanggo.Lang
	sizes []int
	index trigramIndex
}

// trigramIndex maps a trigram to its postings. It is an open-addressing hash
// table rather than a Go map because the map's lookups were a third of the
// detection time; this one is built once and only read.
type trigramIndex struct {
	slots    []indexSlot // a power of two of them, at most half full
	shift    uint        // 64 - log2(len(slots))
	postings []posting
}

type indexSlot struct {
	key        trigramKey
	start, end int32 // the trigram's postings[start:end]; end is 0 in an empty slot
}

func newTrigramIndex(postings map[trigramKey][]posting) trigramIndex {
	size, shift := 1, uint(64)
	for size < 2*len(postings) {
		size, shift = size*2, shift-1
	}
	ix := trigramIndex{slots: make([]indexSlot, size), shift: shift}
	for _, key := range slices.Sorted(maps.Keys(postings)) {
		i := ix.home(key)
		for ix.slots[i].end != 0 {
			i = (i + 1) & (len(ix.slots) - 1)
		}
		start := int32(len(ix.postings))
		ix.postings = append(ix.postings, postings[key]...)
		ix.slots[i] = indexSlot{key: key, start: start, end: int32(len(ix.postings))}
	}
	return ix
}

// home is the slot where a key's probe starts (Fibonacci hashing: the top
// bits of the key times 2^64/φ).
func (ix *trigramIndex) home(key trigramKey) int {
	return int(uint64(key) * 0x9E3779B97F4A7C15 >> ix.shift)
}

// lookup returns the postings of key, nil if no profile has it.
func (ix *trigramIndex) lookup(key trigramKey) []posting {
	for i := ix.home(key); ; i = (i + 1) & (len(ix.slots) - 1) {
		s := &ix.slots[i]
		if s.end == 0 {
			return nil
		}
		if s.key == key {
			return ix.postings[s.start:s.end]
		}
	}
}

var (
	profilesOnce sync.Once
	profiles     map[*unicode.RangeTable]*profileSet
)

var scriptTables = map[string]*unicode.RangeTable{
	"latin": unicode.Latin, "cyrillic": unicode.Cyrillic, "arabic": unicode.Arabic,
	"devanagari": unicode.Devanagari, "ethiopic": unicode.Ethiopic, "hebrew": unicode.Hebrew,
}

func loadProfiles() {
	profiles = map[*unicode.RangeTable]*profileSet{}
	postings := map[*profileSet]map[trigramKey][]posting{}
	for _, line := range strings.Split(strings.TrimSpace(profilesData), "\n") {
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 {
			panic("langid: malformed profiles.txt line: " + line) // embedded data, checked by tests
		}
		table := scriptTables[parts[0]]
		lang := whatlanggo.CodeToLang(parts[1])
		if table == nil || lang < 0 {
			panic("langid: unknown script or language in profiles.txt: " + parts[0] + " " + parts[1])
		}
		ps := profiles[table]
		if ps == nil {
			ps = &profileSet{}
			profiles[table] = ps
			postings[ps] = map[trigramKey][]posting{}
		}
		if len(ps.langs) == maxScriptLanguages {
			panic("langid: more than maxScriptLanguages profiles for script " + parts[0])
		}
		li := int32(len(ps.langs))
		tris := strings.Split(parts[2], "|")
		ps.langs = append(ps.langs, lang)
		ps.sizes = append(ps.sizes, len(tris))
		for rank, tg := range tris {
			// A profile entry that is not three valid runes can match no
			// text trigram; it still counts in the profile's size.
			if key, ok := parseTrigram(tg); ok {
				postings[ps][key] = append(postings[ps][key], posting{lang: li, rank: int32(rank)})
			}
		}
	}
	for ps, byKey := range postings {
		ps.index = newTrigramIndex(byKey)
	}
}

// parseTrigram packs a profile trigram, if it is exactly three runes of
// valid UTF-8.
func parseTrigram(s string) (trigramKey, bool) {
	var rs [3]rune
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || n == len(rs) {
			return 0, false
		}
		rs[n] = r
		n++
		i += size
	}
	if n != len(rs) {
		return 0, false
	}
	return packTrigram(rs[0], rs[1], rs[2]), true
}

// ranking is a text's distance to every language of its script, kept so
// that Detect can pick a winner among all languages and then, if need be,
// among a few, without scoring the text twice.
type ranking struct {
	text   string
	script *unicode.RangeTable // nil: no script the model knows
	ps     *profileSet         // nil: a script without profiles (Han, Hangul, Greek...)
	// dist[i] is whatlanggo's distance from the text to ps.langs[i].
	dist [maxScriptLanguages]int
	// trigrams is the number of distinct trigrams of the text.
	trigrams int
}

// rankText scores text against its script's profiles.
func rankText(text string) ranking {
	rk := ranking{text: text, script: detectScript(text)}
	if rk.script == nil {
		return rk
	}
	profilesOnce.Do(loadProfiles)
	rk.ps = profiles[rk.script]
	if rk.ps == nil {
		return rk
	}
	sc := scratchPool.Get().(*trigramScratch)
	defer sc.release()
	var acc [maxScriptLanguages]int
	rk.trigrams = sc.rankTrigrams(text, func(key trigramKey, pos int) {
		for _, p := range rk.ps.index.lookup(key) {
			d := pos - int(p.rank)
			// The language masked: no bounds check (loadProfiles keeps
			// it below maxScriptLanguages); the distance's absolute
			// value by max: no branch, which text ranks mispredict.
			acc[p.lang&(maxScriptLanguages-1)] += maxTrigramDistance - max(d, -d)
		}
	})
	for i, size := range rk.ps.sizes {
		rk.dist[i] = maxTrigramDistance*size - acc[i]
	}
	return rk
}

// best is the closest language, ties broken by language code instead of
// whatlanggo's map order so that the same text always gets the same answer,
// with whatlanggo's confidence. allow, if not nil, restricts the candidates.
func (rk *ranking) best(allow map[whatlanggo.Lang]bool) (whatlanggo.Lang, float64) {
	if rk.script == nil {
		return -1, 0
	}
	if rk.ps == nil {
		info := whatlanggo.DetectWithOptions(rk.text, whatlanggo.Options{Whitelist: allow})
		return info.Lang, info.Confidence
	}
	langs := rk.ps.langs
	closer := func(i, j int) bool {
		if rk.dist[i] != rk.dist[j] {
			return rk.dist[i] < rk.dist[j]
		}
		return langs[i] < langs[j]
	}
	first, second, candidates := -1, -1, 0
	for i, lang := range langs {
		if allow != nil && !allow[lang] {
			continue
		}
		candidates++
		switch {
		case first < 0 || closer(i, first):
			first, second = i, first
		case second < 0 || closer(i, second):
			second = i
		}
	}
	switch candidates {
	case 0:
		return -1, 0
	case 1:
		return langs[first], 1
	}
	return langs[first], confidence(rk.dist[first], rk.dist[second], rk.trigrams)
}

// detect is whatlanggo.DetectWithOptions with the inverted index, and with
// ties between languages broken by language code instead of map order.
// allow, if not nil, restricts the candidates.
func detect(text string, allow map[whatlanggo.Lang]bool) (whatlanggo.Lang, float64) {
	rk := rankText(text)
	return rk.best(allow)
}

// detectScript is whatlanggo.DetectScript with a fast path for the common
// case, text whose letters are all Latin (ASCII up to Latin Extended-B),
// where it gives the same answer without testing two dozen Unicode tables
// per character.
func detectScript(text string) *unicode.RangeTable {
	otherLatin := 0
	latin, read := scanRunes(text, func(r rune) bool {
		switch {
		case r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7:
			otherLatin++
		case unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsDigit(r):
		default:
			return false // a letter of another script
		}
		return true
	})
	if !read || latin+otherLatin == 0 {
		return whatlanggo.DetectScript(text)
	}
	return unicode.Latin
}

// confidence is whatlanggo's: how far the best language's score is ahead of
// the runner-up's, relative to what a text of this many trigrams allows.
func confidence(dist1, dist2, trigrams int) float64 {
	score1 := maxTotalDistance - dist1
	score2 := maxTotalDistance - dist2
	switch {
	case score1 <= 0:
		return 0
	case score2 <= 0:
		return min(float64(score1)/500.0, 1)
	}
	rate := float64(score1-score2) / float64(score2)
	confidentRate := 12.0/float64(trigrams) + 0.05
	if rate > confidentRate {
		return 1
	}
	return rate / confidentRate
}

// trigramRune is how whatlanggo's trigram model sees a character: lower
// case, with punctuation, symbols, digits and white space all a space.
func trigramRune(r rune) rune {
	if r < rune(len(trigramRuneTable)) {
		return trigramRuneTable[r]
	}
	return foldTrigramRune(r)
}

func foldTrigramRune(r rune) rune {
	if unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsDigit(r) {
		return ' '
	}
	return unicode.ToLower(r)
}

// trigramRuneTable holds trigramRune up to the end of Latin Extended-B,
// where nearly all the text of European languages lies.
var trigramRuneTable = func() (t [0x250]rune) {
	for r := range t {
		t[r] = foldTrigramRune(rune(r))
	}
	return t
}()

// trigramScratch is the working memory of rankTrigrams, reused across calls.
type trigramScratch struct {
	folded   []rune       // the text's runes, folded (trigramRune), and a space
	keys     []trigramKey // every trigram of the text, then its distinct ones
	counts   []int32      // occurrences of each distinct trigram
	nextRank []int32      // by occurrences: the rank the next such trigram gets

	// For sortKeys' radix sort: the text's trigrams as three rune codes,
	// sorted back and forth between the two; each rune's code (set for the
	// runes of the text only) and each code's rune.
	codedKeys, codedSorted []uint32
	code                   [len(trigramRuneTable)]uint8
	runeOf                 [maxCodedRunes]rune

	// For rankSmallAlphabet: the trigrams of a text of few distinct runes
	// by their number, a bit each, seen at all and seen more than once;
	// which words of seen are not zero; and the counts of the repeated ones.
	seen, repeated [bitmapWords]uint64
	seenWords      [(bitmapWords + 63) / 64]uint64
	repeats        repeatTable
}

// maxBitmapRunes bounds the distinct runes of a text rankSmallAlphabet
// ranks: its trigrams, numbered by their runes' codes in base
// maxBitmapRunes at most, then fit a bitmap of bitmapWords words (14 KB).
// Latin-script text has a few dozen.
const maxBitmapRunes = 48

const bitmapWords = (maxBitmapRunes*maxBitmapRunes*maxBitmapRunes + 63) / 64

// maxBitmapTrigrams bounds the trigrams of a text rankSmallAlphabet ranks,
// so that its repeated ones (at most half) fill at most half of a
// repeatTable. Resolve and Detect read maxBytes, a few hundred.
const maxBitmapTrigrams = repeatSlots

const repeatSlots = 1024

// repeatTable counts the trigrams a text holds more than once, by number:
// an open-addressing hash table, its slots emptied after each text.
type repeatTable struct {
	numbers [repeatSlots]uint32 // a trigram's number + 1; 0 in an empty slot
	counts  [repeatSlots]int32
	// used lists the slots taken (no slice: the scratch's pointers all
	// come first, so that the garbage collector reads no further).
	used  [repeatSlots / 2]uint16
	nUsed int
}

// add counts one more occurrence of a trigram seen before (twice at its
// first addition).
func (t *repeatTable) add(n uint32) {
	i := t.slot(n)
	if t.numbers[i] == 0 {
		t.numbers[i], t.counts[i] = n+1, 1
		t.used[t.nUsed] = uint16(i)
		t.nUsed++
	}
	t.counts[i]++
}

// count returns the count of a trigram add counted.
func (t *repeatTable) count(n uint32) int32 {
	return t.counts[t.slot(n)]
}

// slot is the slot that holds n, or the empty one where it goes.
func (t *repeatTable) slot(n uint32) int {
	const mask = repeatSlots - 1
	i := int(n*0x9E3779B1>>22) & mask // Fibonacci hashing: the top ten bits
	for t.numbers[i] != 0 && t.numbers[i] != n+1 {
		i = (i + 1) & mask
	}
	return i
}

// taken returns the slots taken.
func (t *repeatTable) taken() []uint16 { return t.used[:t.nUsed] }

func (t *repeatTable) reset() {
	for _, i := range t.taken() {
		t.numbers[i] = 0
	}
	t.nUsed = 0
}

// maxCodedRunes is the most distinct runes sortKeys sorts by code: a byte each.
const maxCodedRunes = 256

// runeSet is a set of runes below len(trigramRuneTable), with a note of
// any rune above.
type runeSet struct {
	bits   [(len(trigramRuneTable) + 63) / 64]uint64
	beyond bool
}

func (rs *runeSet) add(r rune) {
	if r >= rune(len(trigramRuneTable)) {
		rs.beyond = true
		return
	}
	rs.bits[r/64] |= 1 << (r % 64)
}

var scratchPool = sync.Pool{New: func() any { return new(trigramScratch) }}

// maxPooledTrigrams keeps a scratch grown by an unusually long text out of
// the pool (Detect reads at most maxBytes, so its scratch stays small).
const maxPooledTrigrams = 1 << 14

func (sc *trigramScratch) release() {
	if cap(sc.keys) <= maxPooledTrigrams && cap(sc.folded) <= maxPooledTrigrams {
		scratchPool.Put(sc)
	}
}

// rankTrigrams counts the text's trigrams as whatlanggo does (lower case,
// punctuation, symbols and digits as spaces, no trigram of two spaces or
// centred on a word boundary), ranks them by decreasing count, ties by
// decreasing byte order, and calls visit with each distinct trigram and
// its rank. It returns the number of distinct trigrams.
func (sc *trigramScratch) rankTrigrams(text string, visit func(key trigramKey, rank int)) int {
	// The text's runes as the model sees them, and the set of them.
	// whatlanggo reads the text as if a space preceded it and one
	// followed it: folded ends with that one.
	folded := sc.folded[:0]
	var runes runeSet
	runes.add(' ')
	for _, r := range text {
		r = trigramRune(r)
		runes.add(r)
		folded = append(folded, r)
	}
	folded = append(folded, ' ')
	sc.folded = folded
	if distinct, ok := sc.rankSmallAlphabet(folded, &runes, visit); ok {
		return distinct
	}

	keys := sc.keys[:0]
	if len(folded) > 1 { // a text that is not empty
		r1, r2 := ' ', folded[0]
		for _, r3 := range folded[1:] {
			if !(r2 == ' ' && (r1 == ' ' || r3 == ' ')) {
				keys = append(keys, packTrigram(r1, r2, r3))
			}
			r1, r2 = r2, r3
		}
	}
	sc.keys = keys

	// Sorting the keys groups each trigram's occurrences; a counting sort
	// by occurrences then gives every distinct trigram its rank.
	sc.sortKeys(keys, &runes)
	counts := sc.counts[:0]
	distinct := 0
	for _, k := range keys {
		if distinct > 0 && k == keys[distinct-1] {
			counts[distinct-1]++
			continue
		}
		keys[distinct] = k
		counts = append(counts, 1)
		distinct++
	}
	keys = keys[:distinct]
	maxCount := int32(0)
	for _, n := range counts {
		maxCount = max(maxCount, n)
	}
	nextRank := slices.Grow(sc.nextRank[:0], int(maxCount)+1)[:maxCount+1]
	clear(nextRank)
	for _, n := range counts {
		nextRank[n]++
	}
	// Trigrams seen n times come after all those seen more often.
	seenMore := int32(0)
	for n := maxCount; n >= 1; n-- {
		seenN := nextRank[n]
		nextRank[n] = seenMore
		seenMore += seenN
	}
	for i := distinct - 1; i >= 0; i-- {
		n := counts[i]
		visit(keys[i], int(nextRank[n]))
		nextRank[n]++
	}
	sc.keys, sc.counts, sc.nextRank = keys, counts, nextRank
	return distinct
}

// sortKeys sorts keys, trigrams of the runes in runes. Where those are
// below len(trigramRuneTable) and few, as in text of Latin script, it
// numbers them in order and sorts the trigrams by their three numbers, a
// counting sort per rune (a radix sort): comparing keys mispredicted a
// branch at every other comparison on the feed's varied texts. Other texts'
// keys are compared.
func (sc *trigramScratch) sortKeys(keys []trigramKey, runes *runeSet) {
	distinct := runes.count()
	if runes.beyond || distinct > maxCodedRunes {
		slices.Sort(keys)
		return
	}
	sc.numberRunes(runes)
	coded := slices.Grow(sc.codedKeys[:0], len(keys))[:len(keys)]
	sorted := slices.Grow(sc.codedSorted[:0], len(keys))[:len(keys)]
	for i, k := range keys {
		r1, r2, r3 := k.runes()
		coded[i] = uint32(sc.code[r1])<<16 | uint32(sc.code[r2])<<8 | uint32(sc.code[r3])
	}
	// Last rune first; each pass keeps the order of the one before.
	var starts [maxCodedRunes]int32
	for shift := 0; shift <= 16; shift += 8 {
		clear(starts[:distinct])
		for _, c := range coded {
			starts[c>>shift&0xFF]++
		}
		next := int32(0)
		for d, n := range starts[:distinct] {
			starts[d] = next
			next += n
		}
		for _, c := range coded {
			d := c >> shift & 0xFF
			sorted[starts[d]] = c
			starts[d]++
		}
		coded, sorted = sorted, coded
	}
	for i, c := range coded {
		keys[i] = packTrigram(sc.runeOf[c>>16], sc.runeOf[c>>8&0xFF], sc.runeOf[c&0xFF])
	}
	sc.codedKeys, sc.codedSorted = coded, sorted
}

// runes unpacks a key.
func (k trigramKey) runes() (r1, r2, r3 rune) {
	const mask = 1<<21 - 1
	return rune(k >> 42), rune(k >> 21 & mask), rune(k & mask)
}

// count returns the number of runes in the set below len(trigramRuneTable).
func (rs *runeSet) count() int {
	n := 0
	for _, w := range rs.bits {
		n += bits.OnesCount64(w)
	}
	return n
}

// numberRunes gives the runes of a set below len(trigramRuneTable), at most
// maxCodedRunes of them, codes in their order (sc.code, sc.runeOf), so that
// trigrams of codes sort as the trigrams of runes.
func (sc *trigramScratch) numberRunes(runes *runeSet) {
	code := 0
	for i, w := range runes.bits {
		for ; w != 0; w &= w - 1 {
			r := rune(i*64 + bits.TrailingZeros64(w))
			sc.code[r], sc.runeOf[code] = uint8(code), r
			code++
		}
	}
}

// rankSmallAlphabet is the rest of rankTrigrams for a text of at most
// maxBitmapRunes distinct runes below len(trigramRuneTable) and at most
// maxBitmapTrigrams runes (folded), nearly every text of Latin script
// that Resolve and Detect read; it reports false for another. It numbers
// each trigram by its runes' codes, in the order of the trigrams, and
// marks the numbers in a bitmap, counting the few repeated ones apart:
// reading the bitmap back from its top then gives the distinct trigrams in
// decreasing order without sorting them, a few times cheaper than sortKeys
// and the count that follows it.
func (sc *trigramScratch) rankSmallAlphabet(folded []rune, runes *runeSet, visit func(key trigramKey, rank int)) (int, bool) {
	base := runes.count()
	if runes.beyond || base > maxBitmapRunes || len(folded) > maxBitmapTrigrams {
		return 0, false
	}
	sc.numberRunes(runes)
	b := uint32(base)
	distinct := 0
	// The trigrams of rankTrigrams, by their runes' codes.
	space := uint32(sc.code[' '])
	c1, c2 := space, uint32(sc.code[folded[0]])
	for _, r := range folded[1:] {
		c3 := uint32(sc.code[r])
		skip := c2 == space && (c1 == space || c3 == space)
		n := (c1*b+c2)*b + c3
		c1, c2 = c2, c3
		if skip {
			continue
		}
		w, bit := n/64, uint64(1)<<(n%64)
		if sc.seen[w]&bit == 0 {
			sc.seen[w] |= bit
			sc.seenWords[w/64] |= 1 << (w % 64)
			distinct++
			continue
		}
		sc.repeated[w] |= bit
		sc.repeats.add(n)
	}

	// By occurrences, the rank the next such trigram gets, as in
	// rankTrigrams: trigrams seen n times come after all those seen more.
	maxCount := int32(1)
	for _, i := range sc.repeats.taken() {
		maxCount = max(maxCount, sc.repeats.counts[i])
	}
	nextRank := slices.Grow(sc.nextRank[:0], int(maxCount)+1)[:maxCount+1]
	sc.nextRank = nextRank
	clear(nextRank)
	nextRank[1] = int32(distinct - sc.repeats.nUsed)
	for _, i := range sc.repeats.taken() {
		nextRank[sc.repeats.counts[i]]++
	}
	seenMore := int32(0)
	for n := maxCount; n >= 1; n-- {
		seenN := nextRank[n]
		nextRank[n] = seenMore
		seenMore += seenN
	}

	// A number's codes by multiplying by the reciprocal of base rather
	// than dividing (the slowest instruction there is): its error, below
	// number/2^32, is too small to change a quotient for numbers below
	// maxBitmapRunes³.
	reciprocal := 1<<32/uint64(b) + 1
	split := func(n uint32) (uint32, uint32) {
		q := uint32(uint64(n) * reciprocal >> 32)
		return q, n - q*b
	}
	for sw := len(sc.seenWords) - 1; sw >= 0; sw-- {
		for words := sc.seenWords[sw]; words != 0; {
			wi := 63 - bits.LeadingZeros64(words)
			words &^= 1 << wi
			w := sw*64 + wi
			seen, repeated := sc.seen[w], sc.repeated[w]
			sc.seen[w], sc.repeated[w] = 0, 0
			for seen != 0 {
				bit := 63 - bits.LeadingZeros64(seen)
				seen &^= 1 << bit
				n := uint32(w*64 + bit)
				count := int32(1)
				if repeated>>bit&1 != 0 {
					count = sc.repeats.count(n)
				}
				q, c3 := split(n)
				c1, c2 := split(q)
				visit(packTrigram(sc.runeOf[c1], sc.runeOf[c2], sc.runeOf[c3]), int(nextRank[count]))
				nextRank[count]++
			}
		}
		sc.seenWords[sw] = 0
	}
	sc.repeats.reset()
	return distinct, true
}
