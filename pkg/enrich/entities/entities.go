// Package entities finds the persons, organisations and places a dispatch
// names, with byte offsets, without a statistical model: capitalisation
// patterns, honorifics and titles ("M. Peskov", "le ministre de la Défense
// Sergueï Choïgou", "President Joe Biden"), the head nouns organisation names
// are built on (Observatoire, Conseil, Ministry, Party…), acronyms defined in
// parentheses ("Observatoire syrien des droits de l'Homme (OSDH)"), and the
// pkg/geo gazetteer for places, which it also resolves to GeoNames entries.
// A place the gazetteer lacks but its context shows to be one ("Kergatta
// village", "Clarensac (Gard)", "dans l'Hérault", "Carry-le-Rouet") is
// reported with GeonamesID 0 and Feature "unlisted", and the country,
// division and coordinates of the place that locates it (a nearby resolved
// place, else the dispatch's country): its coordinates are approximate.
// Later mentions of a person by surname, and of an organisation by acronym,
// carry the full name as Canonical. French and English first; Spanish,
// German, Portuguese and Italian share the same patterns with their own words.
package entities

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/newswire/newswire/pkg/geo"
	"github.com/newswire/newswire/pkg/text/segment"
	"github.com/newswire/newswire/proto"
)

// MaxText bounds the bytes of a headline or body the extractor reads; wire
// stories are a few kB, and anything past this is not looked at.
const MaxText = 1 << 20

// Extractor finds entities; safe for concurrent use.
type Extractor struct {
	geo   *geo.Gazetteer
	words *vocabulary // the word lists' words and g's nationality adjectives
}

// New returns an extractor resolving places with g.
func New(g *geo.Gazetteer) *Extractor { return &Extractor{geo: g, words: newVocabulary(g)} }

// NewDefault returns an extractor using the embedded gazetteer.
func NewDefault() (*Extractor, error) {
	g, err := geo.Default()
	if err != nil {
		return nil, err
	}
	return New(g), nil
}

// Mentions are the entities of one text, with offsets into it.
type Mentions struct {
	Persons, Organizations []proto.Entity
	Places                 []proto.Place
}

// Result is what Extract finds in a dispatch. Persons, Organizations and
// Places are the body's, with offsets into BodyText; Headline holds those of
// the headline, with offsets into Headline. Country is the dispatch's
// country: its dateline's, else the one its places point to most.
type Result struct {
	Persons, Organizations []proto.Entity
	Places                 []proto.Place
	Headline               Mentions
	Country                string
}

// Extract finds the entities of d's headline and body.
func (x *Extractor) Extract(d *proto.ParsedDispatch) Result {
	lang := baseLanguage(d.Language)
	head := x.analyze(bounded(d.Headline), lang)
	defer release(head)
	body := x.analyze(bounded(d.BodyText), lang)
	defer release(body)
	link(head, body)

	// The body's counts of adjectives, with the headline's added, are the
	// dispatch's: its map serves, read only until the body is released.
	// (Counts are small whole numbers: the order of the sums changes nothing.)
	hints := body.adjectives
	for cc, n := range head.adjectives {
		hints[cc] += n
	}
	ctx := geo.Context{Hints: hints}
	var res Result
	if d.Dateline != nil && d.Dateline.Place != "" {
		p := bounded(d.Dateline.Place)
		if ps := x.geo.Resolve(p, []geo.Mention{{Text: p, Start: 0, End: len(p)}}, geo.Context{}); len(ps) > 0 {
			ctx.Country = ps[0].Country
			res.Country = ps[0].Country
		}
	}
	// Headline and body places are resolved together, so that each is the
	// other's context; the headline's come first in the mention list.
	headMs, bodyMs := head.placeMentions(), body.placeMentions()
	switch {
	case len(headMs) == 0:
		res.Places = nonEmpty(x.geo.Resolve(body.text, bodyMs, ctx))
	case len(bodyMs) == 0:
		res.Headline.Places = nonEmpty(x.geo.Resolve(head.text, headMs, ctx))
	default:
		hp, bp := x.geo.ResolvePair(head.text, headMs, body.text, bodyMs, ctx)
		res.Headline.Places, res.Places = nonEmpty(hp), nonEmpty(bp)
	}
	res.Headline.Persons, res.Headline.Organizations = head.entities()
	res.Persons, res.Organizations = body.entities()
	if res.Country == "" {
		// The headline says what the story is about: its places weigh as the body's first ones.
		res.Country = geo.SalientCountryOfPair(res.Headline.Places, res.Places, len(head.text), len(head.text)+len(body.text), hints)
	}
	res.Headline.Places = x.addUnlisted(head, res.Headline.Places, res.Country)
	res.Places = x.addUnlisted(body, res.Places, res.Country)
	return res
}

// nonEmpty is ps, or nil if it has none: a Result's lists of nothing are nil.
func nonEmpty(ps []proto.Place) []proto.Place {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// bounded cuts s to MaxText bytes, at a rune boundary.
func bounded(s string) string {
	if len(s) <= MaxText {
		return s
	}
	cut := MaxText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

type kind uint8

const (
	person kind = iota
	org
	place
)

// mention is an entity mention found in a text.
type mention struct {
	kind       kind
	start, end int
	canonical  string
	acronym    string
	words      int  // number of name words (persons: 2+ is a full name)
	weak       bool // a lone capitalised word with no evidence of its kind: kept only if it links to a full name
	strong     bool // a place by a country's, a division's or a sizeable city's name: never a given name
	unlisted   bool // a place the gazetteer lacks, known as one by its context ("Kergatta village", "Clarensac (Gard)")
	medium     bool // an organisation only by "sur Youtube", "on Netflix": a person if it is someone's surname
	regional   bool // an unlisted region ("en Corse"): in the dispatch's country rather than its nearest place's
	department bool // "Esmoulins (Haute-Saône)": the French press's commune-and-department convention
	frenchName bool // "Carry-le-Rouet", "Bouches-du-Rhône" in French text: a French commune's or department's name
}

type analysis struct {
	text           string
	lang           string // base language subtag, "" if unknown
	toks           []token
	mentions       []mention
	places         []int                // indices in mentions of places, in order
	adjectives     map[string]float64   // country → nationality adjectives referring to it
	acronyms       map[string]string    // acronym → expansion
	lowerSeen      []slot               // words seen in lower case, common words, not names: a table of tokens (see wordtable.go)
	lowerSeenShift uint8                // home's, for len(lowerSeen)
	lowerSeenBuilt bool                 // lowerSeen is filled (see seenLower)
	askable        [askableWords]uint64 // a filter of the hashes of the words seenLower may be asked about
	lowerWords     []slot               // the lower-case words, as lowerSeen's slots would hold them
	starts         []int                // where names may start: capitalised words and lower-case organisation heads (see analyze, capsRuns)
	parens         []int                // the opening parentheses (see findAcronymDefinitions)
	breaks         []int                // the tokens after the first that start a sentence, line or headline part (see readToken)
	sentences      []segment.Span       // the text's sentences (see tokenize)
	placeMs        []geo.Mention        // the places to resolve (see placeMentions)
	lows           []string             // the lower-case forms of the tokens not in lower case (see readToken)
	lowBuf         []byte               // the bytes of lows, kept for the next analysis (see readToken)
	consumed       []bool               // tokens already part of a mention
	caps           []bool               // tokens of all-capital or Title Case stretches (see capsRuns)
	placeMemo      placeMemo            // the gazetteer's answers for spans of text (see placeAt)
}

func (a *analysis) word(i int) string { return a.text[int(a.toks[i].start):int(a.toks[i].end)] }

// The rules ask the gazetteer about the same capitalised words again and
// again (is it known, a primary name, a sizeable place…), and each question
// would fold and hash the name anew: an analysis remembers the last answer
// for each of a few spans of its text.

// placeMemo holds the answers, at a slot picked by the span's offsets.
type placeMemo [placeMemoSize]memoizedPlace

// placeMemoSize is the number of spans remembered, a power of two.
const placeMemoSize = 64

// memoizedPlace is what the gazetteer found for the text's bytes [start, end); end 0 marks an empty entry.
type memoizedPlace struct {
	start, end int32
	found      geo.Found
}

// placeAt is x.geo.Find(a.text[start:end]), remembered for the rest of the analysis.
func (x *Extractor) placeAt(a *analysis, start, end int) geo.Found {
	// Texts are at most MaxText bytes: offsets fit in int32.
	m := &a.placeMemo[(start*31+end)&(placeMemoSize-1)]
	if int(m.end) == end && int(m.start) == start && end > 0 {
		return m.found
	}
	f := x.geo.Find(a.text[start:end])
	*m = memoizedPlace{int32(start), int32(end), f}
	return f
}

// wordPlace is placeAt of token i.
func (x *Extractor) wordPlace(a *analysis, i int) geo.Found {
	return x.placeAt(a, int(a.toks[i].start), int(a.toks[i].end))
}

// isPunct reports whether token i is the ASCII character c: a.word(i) ==
// string(c) without slicing the text.
func (a *analysis) isPunct(i int, c byte) bool {
	t := &a.toks[i]
	return int(t.end)-int(t.start) == 1 && a.text[int(t.start)] == c
}

// lower is token i in lower case, for word-list look-ups.
func (a *analysis) lower(i int) string {
	if k := a.toks[i].low; k > 0 {
		return a.lows[k-1]
	}
	return a.word(i)
}

// is reports whether token i, in lower case, is in one of the word lists l.
func (a *analysis) is(i int, l list) bool { return a.toks[i].lists&l != 0 }

// readToken lowers toks[i], the last made (the rules ask for the same
// tokens many times), looks up what it is, notes whether it breaks a
// sentence, the hash of a word seenLower may be asked about, and counts
// the nationality adjectives. key is rollWord of its lower-case form if
// scanPlain computed it, else 0. Tokens whose lower-case form is their text
// (most) keep no copy; the others are lowered into one buffer
// (strings.ToLower's result, without a string per token).
func (a *analysis) readToken(v *vocabulary, toks []token, i int, key hashing) {
	t := &toks[i]
	if i > 0 && (t.initial() || t.lineBefore() || toks[i-1].end-toks[i-1].start == 1 && a.text[toks[i-1].start] == ';') {
		a.breaks = append(a.breaks, i)
	}
	w := a.text[int(t.start):int(t.end)]
	if !t.lowered() && (!t.ascii() || hasUpperASCII(w)) {
		off := len(a.lowBuf)
		var ok bool
		if a.lowBuf, ok = appendLowerLatin(a.lowBuf, w); !ok {
			a.lowBuf = appendLowerRunes(a.lowBuf, w)
		}
		// A string over the buffer's bytes, without a copy: they do not
		// change until the next analysis that takes this one from the pool
		// (a larger buffer leaves them to the old array), and lows are only
		// compared and looked up, never kept in a result.
		w = unsafe.String(unsafe.SliceData(a.lowBuf[off:]), len(a.lowBuf)-off)
		a.lows = append(a.lows, w)
		t.low = int32(len(a.lows))
	}
	if !t.word() {
		if int(t.end)-int(t.start) == 1 && a.text[int(t.start)] == '(' {
			a.parens = append(a.parens, i)
		}
		// Punctuation: no vocabulary word starts with it (TestVocabularyWordsStartWithWordRunes),
		// and seenLower is false for it whatever its hash.
		return
	}
	if key == 0 {
		// Not hashed while tokenized (scanPlain); 0 may be a word's true key, computed again.
		key = rollWord(w)
	}
	e := lookup(v, w, key)
	if e != nil {
		t.lists = e.lists
	}
	if t.cap() || t.allCaps() || t.lists&lowerHead != 0 {
		a.starts = append(a.starts, i)
	}
	if !t.isLowerWord() {
		a.noteAskable(key.sum())
		return
	}
	a.lowerWords = append(a.lowerWords, makeSlot(key.sum(), i))
	// The vocabulary has the adjectives' folded forms: w may fold to one.
	// A lower-case ASCII word without a hyphen folds to itself, so,
	// unknown, is none (a cheaper test than geo.IsFolded's scan). A
	// word scanPlain lowered has no hyphen.
	switch {
	case e == nil:
		if !(t.ascii() && (t.lowered() || strings.IndexByte(w, '-') < 0)) {
			a.countFoldedAdjective(v, w)
		}
	case e.adjective:
		a.adjectives[v.countries[e.country]]++
	}
}

// countFoldedAdjective counts w, a lower-case word the vocabulary lacks, if
// it folds to a nationality adjective.
func (a *analysis) countFoldedAdjective(v *vocabulary, w string) {
	if cc, ok := v.adjectiveCountry(w); ok {
		a.adjectives[cc]++
	}
}

// readInnerLowerWord is readToken for a word scanPlain read in lower case,
// neither a number nor the start of a sentence or line: the commonest
// token, spared readToken's tests that cannot apply to it.
// t is token i, and w its text.
func (a *analysis) readInnerLowerWord(v *vocabulary, t *token, i int, w string, key hashing) {
	h := key.sum()
	// lookup(v, w, key), written out: this is most of the look-ups.
	var e *vocabularyEntry
	mask, fp := len(v.slots)-1, fingerprint(h)
	for j := home(h, v.shift); v.mayHave(h) && v.slots[j] != 0; j = (j + 1) & mask {
		if s := v.slots[j]; s>>16 == fp {
			k := int(s&0xFFFF) - 1
			if c := &v.entries[k]; c.key == key && (len(w) <= 8 && int(c.length) == len(w) || len(w) > 8 && v.words[k] == w) {
				e = c
				break
			}
		}
	}
	if e != nil {
		if t.lists = e.lists; e.lists&lowerHead != 0 {
			a.starts = append(a.starts, i)
		}
	}
	a.lowerWords = append(a.lowerWords, makeSlot(h, i))
	switch {
	case e == nil:
		// As readToken: a word scanPlain lowered has no hyphen, and an ASCII
		// one folds to itself. Most others fold to no word of the vocabulary.
		if !t.ascii() && v.hasHash(plainFoldKey(w).sum()) {
			a.countFoldedAdjective(v, w)
		}
	case e.adjective:
		a.adjectives[v.countries[e.country]]++
	}
}

func hasUpperASCII(w string) bool {
	for k := 0; k < len(w); k++ {
		if 'A' <= w[k] && w[k] <= 'Z' {
			return true
		}
	}
	return false
}

// appendLowerLatin appends strings.ToLower(w) to dst, in one append, when
// w is at most 64 bytes of ASCII and of Latin-1 letters and signs
// (U+00C0–U+00FF, written C3 xx), whose lower case keeps their length: most
// capitalised words. It reports false, with dst as it was, for any other w.
func appendLowerLatin(dst []byte, w string) ([]byte, bool) {
	var low [64]byte
	if len(w) > len(low) {
		return dst, false
	}
	for k := 0; k < len(w); k++ {
		c := w[k]
		switch {
		case c < utf8.RuneSelf:
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
		case c == 0xC3 && k+1 < len(w) && 0x80 <= w[k+1] && w[k+1] <= 0xBF:
			low[k] = c
			k++
			c = w[k]
			if c <= 0x9E && c != 0x97 { // À to Þ but ×: their lower case is 0x20 on
				c += 0x20
			}
		default:
			return dst, false
		}
		low[k] = c
	}
	return append(dst, low[:len(w)]...), true
}

// appendLowerRunes appends strings.ToLower(w) to dst: unchanged runs as
// they are, and what unicode.ToLower makes of each other rune (an invalid
// byte becomes U+FFFD there too).
func appendLowerRunes(dst []byte, w string) []byte {
	done := 0 // w[:done] is written
	for k := 0; k < len(w); {
		if c := w[k]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				dst = append(append(dst, w[done:k]...), c+'a'-'A')
				done = k + 1
			}
			k++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[k:])
		if l := unicode.ToLower(r); l != r || r == utf8.RuneError {
			dst = utf8.AppendRune(append(dst, w[done:k]...), l)
			done = k + size
		}
		k += size
	}
	return append(dst, w[done:]...)
}

// baseLanguage is the language subtag of a BCP 47 tag ("fr-FR" → "fr").
func baseLanguage(tag string) string {
	base, _, _ := strings.Cut(strings.ToLower(tag), "-")
	base, _, _ = strings.Cut(base, "_")
	return base
}

// analyses recycles analyses, their token slices and maps: a dispatch
// otherwise allocates them anew twice (headline, body).
var analyses = sync.Pool{New: func() any {
	return &analysis{adjectives: map[string]float64{}, acronyms: map[string]string{}}
}}

// maxPooledTokens bounds the analyses kept for reuse: maps do not shrink,
// and an outsized text's would make every later reset cost its size.
const maxPooledTokens = 1 << 13

// release gives a back to the pool; nothing of it may be used afterwards.
// Results hold only strings of the texts and slices of their own.
func release(a *analysis) {
	if len(a.toks) > maxPooledTokens {
		return
	}
	clear(a.lows)
	clear(a.mentions)
	clear(a.placeMs)
	clear(a.adjectives)
	clear(a.acronyms)
	a.text = ""
	analyses.Put(a)
}

func (x *Extractor) analyze(text, lang string) *analysis {
	a := analyses.Get().(*analysis)
	a.text, a.lang = text, lang
	clear(a.placeMemo[:])
	a.lowerSeenBuilt, a.askable = false, [askableWords]uint64{}
	a.lowerWords, a.starts, a.parens, a.breaks, a.lows = a.lowerWords[:0], a.starts[:0], a.parens[:0], a.breaks[:0], a.lows[:0]
	a.lowBuf = a.lowBuf[:0]
	a.tokenize(x.words)
	a.mentions, a.places = a.mentions[:0], a.places[:0]
	n := len(a.toks)
	a.consumed = slices.Grow(a.consumed[:0], n)[:n]
	a.caps = slices.Grow(a.caps[:0], n)[:n]
	clear(a.consumed)
	clear(a.caps)
	consumed := a.consumed
	caps := a.capsRuns()
	a.findAcronymDefinitions(x, consumed)
	// Only where a name may start does the loop below do anything but step on.
	i := 0
	for _, start := range a.starts {
		if start < i {
			continue // inside the last name read
		}
		i = start
		t := &a.toks[i] // tokens do not change once read
		if !consumed[i] && t.word() && !t.cap() && a.is(i, lowerHead) {
			if j := x.lowerHeadOrg(a, i, consumed); j > i {
				i = j
				continue
			}
		}
		if consumed[i] || !t.word() || !t.cap() {
			i++
			continue
		}
		if end, ok := a.ledBy(i); ok {
			// "the BNP-led alliance", "USDP-Led Coalition": the acronym is an organisation.
			a.add(mention{kind: org, start: int(t.start), end: end, acronym: a.text[int(t.start):end], words: 1})
			i++
			continue
		}
		if caps[i] {
			i = x.capsPlaces(a, i, caps)
			continue
		}
		if j := x.numberedMedium(a, i); j > i {
			for k := i; k < j; k++ {
				consumed[k] = true
			}
			i = j
			continue
		}
		if a.isAcronym(i) && (i+1 >= len(a.toks) || !a.toks[i+1].cap() || a.isAcronym(i+1) || a.toks[i+1].allCaps()) {
			x.acronym(a, i)
			i++
			continue
		}
		j := x.chunkEnd(a, i, consumed)
		x.classify(a, i, j)
		i = j
	}
	// Acronym definitions were found first; consumers want text order.
	slices.SortStableFunc(a.mentions, func(m, n mention) int { return m.start - n.start })
	for i, m := range a.mentions {
		if m.kind == place {
			a.places = append(a.places, i)
		}
	}
	return a
}

// lowerHeadOrg reads "ministère de l'Intérieur", "ministry of Defence": a
// lower-case head, connectors, then a capitalised complement and its
// adjectives. It returns the end of the name, or i if there is none.
func (x *Extractor) lowerHeadOrg(a *analysis, i int, consumed []bool) int {
	k := i + 1
	for k < len(a.toks) && k-i <= 3 && a.toks[k].word() && !a.toks[k].cap() && (a.is(k, connector) || a.toks[k].elision()) {
		k++
	}
	if k == i+1 || k >= len(a.toks) || !a.toks[k].cap() || consumed[k] {
		return i
	}
	j := x.chunkEnd(a, k, consumed)
	for j < len(a.toks) && a.toks[j].word() && !a.toks[j].cap() && isAdjective(x, a.lower(j)) {
		j++
	}
	a.add(mention{kind: org, start: int(a.toks[i].start), end: int(a.toks[j-1].end), words: j - k})
	return j
}

// capsRuns marks the words of all-capital stretches (UCDP-style headlines,
// "A LIRE AUSSI", datelines): three or more all-capital words in a row, or two
// side by side, where
// capitalisation says nothing and only the gazetteer can name places.
// A run starts at a capitalised word: only those readToken listed
// (a.starts) are looked at, and the tokens after each while its run lasts.
func (a *analysis) capsRuns() []bool {
	caps := a.caps
	inRun := func(k int) bool {
		t := &a.toks[k]
		return t.word() && (t.allCaps() || (t.cap() && a.runes(k) == 1))
	}
	next := 0 // the tokens before it are read
	for _, start := range a.starts {
		if start < next || !inRun(start) {
			continue
		}
		n, end := 0, start
	run:
		for ; end < len(a.toks); end++ {
			t := &a.toks[end]
			switch {
			case inRun(end):
				n++
			case t.word() && t.digit():
			case !t.word() && !a.isPunct(end, '.') && !a.isPunct(end, '(') && !a.isPunct(end, ')'):
			default:
				break run
			}
		}
		// Two words suffice when nothing separates them: datelines ("WINTER GARDEN, Fla.").
		if n >= 3 || n == 2 && end-start == 2 {
			for k := start; k < end; k++ {
				caps[k] = true
			}
		}
		next = end
	}
	a.markTitleCase(caps)
	return caps
}

// markTitleCase marks the words of Title Case Headlines, where every word
// but function words is capitalised: there, as in all-capital text,
// capitalisation does not single out names. It reads each sentence (a
// stretch between the breaks readToken listed) up to its first lower-case word.
func (a *analysis) markTitleCase(caps []bool) {
	start := 0
	for _, b := range a.breaks {
		a.markTitleCaseSentence(caps, start, b)
		start = b
	}
	a.markTitleCaseSentence(caps, start, len(a.toks))
}

// markTitleCaseSentence marks tokens [start, end) if the words after the
// first are a Title Case headline's.
func (a *analysis) markTitleCaseSentence(caps []bool, start, end int) {
	capital := 0
	for k := start + 1; k < end; k++ {
		t := &a.toks[k]
		if !t.word() || t.digit() || t.allCaps() || a.is(k, stopword) || a.runes(k) < 3 {
			continue
		}
		if !t.cap() {
			return // a sentence has lower-case verbs and nouns; a Title Case headline none
		}
		capital++
	}
	if capital >= 3 {
		for k := start; k < end; k++ {
			caps[k] = true
		}
	}
}

// runes is the number of runes of token i.
func (a *analysis) runes(i int) int {
	if t := &a.toks[i]; t.ascii() {
		return int(t.end) - int(t.start)
	}
	return utf8.RuneCountInString(a.word(i))
}

// capsPlaces looks up places in an all-capital run starting at i, longest
// name first, and returns where the run ends.
func (x *Extractor) capsPlaces(a *analysis, i int, caps []bool) int {
	end := i
	for end < len(a.toks) && caps[end] {
		end++
	}
	for k := i; k < end; {
		if !a.toks[k].word() || a.toks[k].digit() || a.is(k, stopword) {
			k++
			continue
		}
		matched := false
		for n := min(end-k, 4); n >= 1; n-- {
			last := k + n - 1
			if !a.toks[last].word() {
				continue
			}
			name := a.text[int(a.toks[k].start):int(a.toks[last].end)]
			if primaryOrCountry(x.geo, name, n) {
				a.add(mention{kind: place, start: int(a.toks[k].start), end: int(a.toks[last].end), words: n})
				k += n
				matched = true
				break
			}
		}
		if !matched {
			k++
		}
	}
	return end
}

// primaryOrCountry: in capitals, a single word must be a country or a
// sizeable city's name to be taken for a place; a longer name, any primary one.
func primaryOrCountry(g *geo.Gazetteer, name string, words int) bool {
	return g.Has(name, func(c geo.Candidate) bool {
		return c.Kind == geo.Country || (c.Primary && (words > 1 || c.Population >= 100000))
	})
}

func (a *analysis) add(m mention) { a.mentions = append(a.mentions, m) }

// findAcronymDefinitions finds "Name Words (ACR)": the words before the
// parenthesis whose initials spell the acronym, skipping function words,
// form the organisation's name; the whole "Name (ACR)" is one mention.
// An acronym in parentheses whose name is not spelled out before it
// ("services de renseignement extérieurs (SVR)") is an organisation alone.
func (a *analysis) findAcronymDefinitions(x *Extractor, consumed []bool) {
	for _, i := range a.parens {
		if i < 1 || i+2 >= len(a.toks) || !a.isPunct(i+2, ')') || !a.toks[i+1].word() || !a.toks[i+1].cap() || a.toks[i+1].digit() {
			continue
		}
		acr := a.word(i + 1)
		letters := []rune(a.lower(i + 1))
		if len(letters) < 2 || len(letters) > 10 || strings.ContainsAny(acr, ".-'’") {
			continue
		}
		start, ok := a.expansion(i-1, letters)
		if !ok {
			if a.toks[i+1].allCaps() && !a.is(i+1, thingAcronym) {
				a.add(mention{kind: org, start: int(a.toks[i+1].start), end: int(a.toks[i+1].end), acronym: acr, words: 1})
				consumed[i+1] = true
			}
			continue
		}
		name := a.text[int(a.toks[start].start):int(a.toks[i-1].end)]
		if x.isRegion(x.geo.Find(name)) {
			// "République démocratique du Congo (RDC)": a country, not an organisation.
			a.add(mention{kind: place, start: int(a.toks[start].start), end: int(a.toks[i-1].end), words: i - start, strong: true})
			for k := start; k <= i+2; k++ {
				consumed[k] = true
			}
			continue
		}
		a.acronyms[acr] = name
		a.add(mention{kind: org, start: int(a.toks[start].start), end: int(a.toks[i+2].end), canonical: name, acronym: acr, words: i - start})
		for k := start; k <= i+2; k++ {
			consumed[k] = true
		}
	}
}

// expansion matches acronym letters against the initials of the words
// ending at token last, right to left, skipping function words where it can
// ("Observatoire syrien des droits de l'Homme" for OSDH, but "Line of
// Control" for LoC); it returns the first word's index.
func (a *analysis) expansion(last int, letters []rune) (int, bool) {
	e := expander{a: a, letters: letters, floor: max(last-(3*len(letters)+3), -1), failed: map[[2]int]bool{}}
	return e.expand(last, len(letters)-1)
}

// expander searches acronym expansions; failed remembers (word, letter)
// pairs that lead nowhere, so that runs of function words ("de de de ...")
// cost linear, not exponential, time.
type expander struct {
	a       *analysis
	letters []rune
	floor   int // words at or before this index are too far back
	failed  map[[2]int]bool
}

func (e *expander) expand(j, k int) (int, bool) {
	if j <= e.floor || e.failed[[2]int{j, k}] {
		return 0, false
	}
	a := e.a
	t := a.toks[j]
	if !t.word() {
		if a.isPunct(j, '-') {
			return e.expand(j-1, k)
		}
		return 0, false
	}
	w := strings.ToLower(a.word(j))
	if t.elision() || stopwords[w] || connectors[w] {
		if s, ok := e.expand(j-1, k); ok {
			return s, true
		}
	}
	if r, _ := utf8.DecodeRuneInString(geo.Fold(w)); r == e.letters[k] && !t.elision() {
		if k == 0 {
			// The name must start with a capital: "services de ... (SVR)" is no expansion.
			if t.cap() {
				return j, true
			}
		} else if s, ok := e.expand(j-1, k-1); ok {
			return s, true
		}
	}
	e.failed[[2]int{j, k}] = true
	return 0, false
}

// acronym classifies a lone all-capital word: a country (USA) or an organisation.
func (x *Extractor) acronym(a *analysis, i int) {
	w := a.word(i)
	t := a.toks[i]
	if isRomanNumeral(w) || strings.ContainsAny(w, "0123456789") {
		return
	}
	for part := range strings.SplitSeq(w, "-") {
		// Longer all-capital words are shouted words, not acronyms (ARRESTED).
		if utf8.RuneCountInString(part) > 6 {
			return
		}
	}
	// Rubric labels open a paragraph: "VIDÉO. ...", "TÉMOIGNAGE. ..."
	if t.initial() && i+1 < len(a.toks) && a.isPunct(i+1, '.') {
		return
	}
	if x.isCountry(x.geo.Find(w)) {
		a.add(mention{kind: place, start: int(t.start), end: int(t.end), words: 1})
		return
	}
	if a.is(i, compassPoint|thingAcronym) || a.is(i, stopword) && (t.initial() || a.lang != "en") {
		// "UN" is the United Nations in English, the article "un" shouted in French.
		return
	}
	if p := a.prevWord(i); p >= 0 && a.is(p, indefiniteArticle) {
		// "an ATM", "une IRM": a thing, not an organisation.
		return
	}
	a.add(mention{kind: org, start: int(t.start), end: int(t.end), acronym: w, words: 1})
}

// chunkEnd returns the end (exclusive) of the capitalised sequence starting
// at i: capitalised words, joined by connectors where a name can contain them.
func (x *Extractor) chunkEnd(a *analysis, i int, consumed []bool) int {
	j := i + 1
	for j < len(a.toks) && j-i < maxNameWords {
		t := &a.toks[j]
		if consumed[j] || t.lineBefore() {
			break
		}
		if t.word() && t.cap() && (!a.isAcronym(j) || !a.isAcronym(j-1)) {
			// Capitalised words; an acronym only next to one ("TV Magazine", "Irving ISD").
			j++
			continue
		}
		// A middle initial, "James R. Moreland", or an abbreviation inside a name, "Macon Co. Sheriff".
		if a.isPunct(j, '.') && j+1 < len(a.toks) && a.toks[j+1].cap() && !a.toks[j+1].allCaps() &&
			(utf8.RuneCountInString(a.word(j-1)) == 1 && j-1 > i || a.is(j-1, nameAbbreviation)) {
			j++
			continue
		}
		// A possessive inside an organisation's name: "Cumberland County Sheriff's Office".
		if (a.word(j) == "'s" || a.word(j) == "’s") && j+1 < len(a.toks) && a.toks[j+1].cap() && !consumed[j+1] {
			e := j + 1
			for e < len(a.toks) && a.toks[e].word() && a.toks[e].cap() && !a.toks[e].allCaps() {
				e++
			}
			if e > j+1 && a.is(e-1, orgHead) {
				j = e
				continue
			}
		}
		// Connectors: one or two words ("de la", "of the") before a capitalised word.
		n := 0
		for n < 2 && j+n < len(a.toks) && a.toks[j+n].word() && !a.toks[j+n].cap() && a.is(j+n, connector) {
			n++
		}
		if n == 0 || j+n >= len(a.toks) || !a.toks[j+n].cap() || consumed[j+n] || a.toks[j+n].allCaps() {
			break
		}
		switch {
		case a.is(i, orgHead) || a.is(j-1, orgHead):
			// "Conseil de Sécurité", "University of Texas", "Banque de France".
		case n == 1 && a.is(j, particle) && j-i <= 3 && !a.toks[i].initial() && !x.namesSizeablePlace(x.placeAt(a, int(a.toks[i].start), int(a.toks[j-1].end))) && !x.wordPlace(a, j+1).Known() &&
			(j+2 >= len(a.toks) || !a.toks[j+2].cap()):
			// "Charles de Gaulle", "Luiz Inácio Lula da Silva": names, a particle, one surname.
		default:
			return j
		}
		j += n + 1
	}
	return j
}

func isPossessive(w string) bool { return w == "'s" || w == "’s" }

// isAge reports whether token k is an age: a number under 120 followed by a
// comma, "ans", "years" or "-year-old" ("Craft, 25, was", "Alan, 12 ans").
func isAge(a *analysis, k int) bool {
	if !a.toks[k].digit() {
		return false
	}
	n := 0
	for _, r := range a.word(k) {
		if r < '0' || r > '9' {
			return false
		}
		n = n*10 + int(r-'0')
		if n >= 120 {
			return false
		}
	}
	if k+1 >= len(a.toks) {
		return false
	}
	next := a.lower(k + 1)
	return next == "," || next == "ans" || next == "an" || next == "years" || next == "year" || next == "años" || next == "anni" || next == "jahre" || next == "anos"
}

// isAcronym reports whether token i is an all-capital word without periods (OSDH, not U.S.).
func (a *analysis) isAcronym(i int) bool {
	t := &a.toks[i]
	return t.allCaps() && (t.plain() || !strings.Contains(a.word(i), "."))
}

// prevWord is the word just before token i (across an honorific's period:
// "M. Poutine"), or -1 if punctuation separates them. The commonest case,
// a word just before, is tested first.
func (a *analysis) prevWord(i int) int {
	if k := i - 1; k >= 0 && a.toks[k].word() {
		return k
	}
	return a.wordBeforePunct(i)
}

// wordBeforePunct is prevWord when token i-1 is no word.
func (a *analysis) wordBeforePunct(i int) int {
	k := i - 1
	// Across an abbreviation's period ("M. Poutine", "Gen. Smith"), not a
	// sentence's ("… their party president. Police arrested …").
	if k >= 1 && a.isPunct(k, '.') && a.toks[k-1].word() && (a.is(k-1, honorific) || a.is(k-1, title) && int(a.toks[k-1].end)-int(a.toks[k-1].start) <= 4) {
		return k - 1
	}
	return -1
}

// portfolio reports whether word p ends "<minister> de/du/de la/de l'", so
// that the capitalised word after it is the title's domain ("Défense"), not
// an organisation as in "le porte-parole du Kremlin".
func (a *analysis) portfolio(p int) bool {
	return a.afterTitle(p, func(q int) bool { return a.is(q, portfolioTitle) })
}

// isTitle reports whether word q is a title, also as a former one ("ex-PDG").
func (a *analysis) isTitle(q int) bool {
	w := a.lower(q)
	return a.is(q, title) || strings.HasPrefix(w, "ex-") && titles[w[len("ex-"):]]
}

// titleComplement reports whether word p ends "<any title> de/du/de la/de l'".
func (a *analysis) titleComplement(p int) bool { return a.afterTitle(p, a.isTitle) }

// afterTitle reports whether word p is the "de/du/de la/de l'/of (the)" that
// follows a word title accepts.
func (a *analysis) afterTitle(p int, title func(q int) bool) bool {
	w := a.lower(p)
	if !(w == "de" || w == "du" || w == "des" || w == "of" || w == "la" || w == "the" || a.toks[p].elision()) {
		return false
	}
	q := a.prevWord(p)
	if q >= 0 && (a.lower(q) == "de" || a.lower(q) == "of") {
		q = a.prevWord(q)
	}
	return q >= 0 && title(q)
}

// classify decides what the capitalised sequence [i, j) names.
func (x *Extractor) classify(a *analysis, i, j int) {
	personEv, orgEv, definiteEv, pluralEv := false, false, false, false
	if p := a.prevWord(i); p >= 0 {
		switch {
		case (a.portfolio(p) || a.titleComplement(p) && j-i >= 3) && !a.is(i, orgHead):
			// "le directeur général de la Santé Jérôme Salomon": with a name after it too.
			// "le ministre de la Défense Sergueï Choïgou": the first word is the portfolio.
			// "procureur de la République de Lyon": the portfolio can have its own complement.
			i++
			for i+1 < j && a.is(i, connector) && !a.toks[i].cap() {
				i += 2
			}
			if i >= j {
				return
			}
			personEv = true
		case a.is(p, honorific) && a.toks[p].cap():
			personEv = true
		case a.isTitle(p):
			personEv = true
		case a.is(p, orgIntroducer):
			orgEv = true
		case a.is(p, definiteArticle):
			definiteEv = true
		case a.is(p, pluralDeterminer):
			pluralEv = true
		}
	}
	// A capitalised article inside a sentence opens a title: "rapporte Le
	// Parisien", "The Times" — a newspaper's or an organisation's name.
	// Only the text's own articles: "Los" in English opens Los Angeles.
	if j-i > 1 && !a.toks[i].initial() && articlesOf[a.lang][a.lower(i)] && a.toks[i].cap() && !a.is(j-1, adminWord) {
		if !x.placeAt(a, int(a.toks[i].start), int(a.toks[j-1].end)).Known() && !x.placeAt(a, int(a.toks[i+1].start), int(a.toks[j-1].end)).Known() {
			a.add(mention{kind: org, start: int(a.toks[i].start), end: int(a.toks[j-1].end), words: j - i})
			return
		}
	}
	// "le président de la République Emmanuel Macron": a conventional capital
	// and the name after it; the article was the capital's.
	for j-i > 1 && a.is(i, conventionalCap) {
		i++
		definiteEv, pluralEv = false, false
		personEv = personEv || a.prevWord(i-1) >= 0 && a.titleComplement(a.prevWord(i-1))
	}
	// Leading words that are capitalised only by position, or are titles.
	for i < j {
		w := a.lower(i)
		byHonorific := a.is(i, honorific)
		if bare := strings.TrimSuffix(w, "."); bare != w {
			byHonorific = honorifics[bare] // "Gen.": the list has words without their period
		}
		if byHonorific || (a.is(i, title) && j-i > 1 && !isPossessive(a.word(i+1))) {
			personEv = true
			i++
			continue
		}
		// German capitalises every noun: a sentence's first word is no evidence of a name.
		if (a.is(i, stopword) || a.toks[i].elision() || (a.toks[i].initial() && (a.seenLower(i) || a.lang == "de") && j-i > 1)) &&
			!(j-i > 1 && x.primaryName(x.placeAt(a, int(a.toks[i].start), int(a.toks[j-1].end)))) &&
			!(j-i > 2 && a.is(j-1, adminWord) && x.primaryName(x.placeAt(a, int(a.toks[i].start), int(a.toks[j-2].end)))) {
			// …unless the word begins a place's name: "Los Angeles", "Le Havre", "La Paz", "Los Angeles County".
			i++
			continue
		}
		break
	}
	// An acronym joins a sequence only as part of an organisation's name
	// ("TV Magazine", "Irving ISD"); otherwise it stands alone ("Lower Ward ATM").
	if j > i && (a.isAcronym(i) || a.isAcronym(j-1)) && !a.is(i, orgHead) && !a.is(j-1, orgHead) {
		if a.isAcronym(i) {
			x.acronym(a, i)
			x.classify(a, i+1, j)
		} else {
			x.classify(a, i, j-1)
			x.acronym(a, j-1)
		}
		return
	}
	// Trailing connectors left by the look-ahead.
	for j > i && (a.is(j-1, connector) && !a.toks[j-1].cap()) {
		j--
	}
	if i >= j {
		return
	}
	start, end := int(a.toks[i].start), int(a.toks[j-1].end)
	n := 0
	for k := i; k < j; k++ {
		if a.toks[k].cap() {
			n++
		}
	}
	first, last := i, j-1 // the sequence's first and last tokens
	if a.is(last, streetWord) && n > 1 || (a.is(last, featureWord) || a.is(first, featureWord)) && n > 1 {
		// Streets, buildings and natural features are not places here, nor persons.
		return
	}
	if p := a.prevWord(i); p >= 0 && a.is(p, eventWord) {
		return
	}
	if n == 1 && a.is(first, seatMetonym) && !personEv {
		a.add(mention{kind: org, start: start, end: end, words: 1})
		return
	}
	if n == 1 && (definiteEv && a.is(first, notPlace) || a.featureComplement(i)) {
		// "le préfet maritime de l'Atlantique", "la vallée de la Sambre": a sea, a river.
		return
	}
	if !a.is(last, orgHead) {
		for k := i; k < j; k++ {
			if a.is(k, eventWord) {
				return
			}
		}
	}
	if a.is(last, adminWord) && n > 1 {
		// "Cumberland County": a division below the gazetteer's level, not
		// the city of the same name; it takes its country from the dispatch.
		// Not when a leading word was dropped ("Los" of "Los Angeles County").
		if i == 0 || !a.toks[i-1].word() || !a.toks[i-1].cap() {
			a.add(mention{kind: place, start: start, end: end, words: n, unlisted: true})
		}
		return
	}
	if a.is(first, direction) && n > 1 && !x.placeAt(a, start, end).Known() && !a.is(last, orgHead) {
		// "West Northamptonshire": part of a place the gazetteer lacks.
		return
	}
	if n == 1 && (a.is(first, title) || a.is(first, placeNoun) || a.is(first, conventionalCap) || a.is(first, streetWord)) {
		return
	}
	// A title inside the sequence: "New Berlin Police Captain Mike Glider".
	for k := i + 1; k < j-1 && !a.is(last, orgHead); k++ { // "Noakhali General Hospital" is no person
		if a.is(k, title) && a.toks[k].cap() && a.toks[k+1].cap() {
			x.classify(a, i, k)
			a.add(mention{kind: person, start: int(a.toks[k+1].start), end: end, words: j - k - 1})
			return
		}
	}
	midHead := false // "Syrian Observatory for Human Rights", "Bank of England"
	for k := i + 1; k+1 < j; k++ {
		if a.is(k, orgHead) && a.is(k+1, connector) {
			midHead = true
		}
	}
	if (a.is(first, orgHead) || a.is(last, orgHead) || midHead) && (n > 1 || definiteEv || orgEv) && !personEv {
		// Romance names go on in lower-case adjectives: "Conseil de Sécurité russe".
		if a.is(first, orgHead) {
			for j < len(a.toks) && a.toks[j].word() && !a.toks[j].cap() && isAdjective(x, a.lower(j)) {
				end = int(a.toks[j].end)
				j++
			}
			// French capitalises only the first word of an institution's name:
			// "l'Organisation mondiale de la santé", "l'Ordre national des infirmiers".
			if e := a.lowerComplement(x, j); e > j && a.lang == "fr" && !a.toks[i].initial() && n == 1 {
				// A second complement: "de contrôle des médicaments".
				e = a.lowerComplement(x, e)
				end = int(a.toks[e-1].end)
			}
		}
		a.add(mention{kind: org, start: start, end: end, words: n})
		return
	}
	if personEv {
		if n == 1 && (x.isRegion(x.placeAt(a, start, end)) || a.is(first, notPlace)) {
			// "Miss France", "Miss Univers": a pageant's title, no one's name.
			return
		}
		if n > 1 && x.isCountry(x.wordPlace(a, i)) {
			// "le leader de La France Insoumise": a party named after its country.
			a.add(mention{kind: org, start: start, end: end, words: n})
			return
		}
		a.add(mention{kind: person, start: start, end: end, words: n})
		return
	}
	name := a.text[start:end]
	found := x.placeAt(a, start, end)
	known := found.Known()
	if n == 1 && strings.Contains(name, "-") && !known {
		// "the Maharashtra-Chhattisgarh border": places joined by a hyphen.
		if parts := x.hyphenPlaces(name, start); parts != nil {
			for _, m := range parts {
				a.add(m)
			}
			return
		}
	}
	if !known && n == 1 && (communeLike(name) || a.saintAfterA(i)) {
		// "Bormes-les-Mimosas", "à Saint-Varent": a town too small for the gazetteer, not a person.
		// In parentheses it is the department of the commune before it: "Esmoulins (Haute-Saône)".
		dep := x.department(a, i, j)
		a.add(mention{kind: place, start: start, end: end, words: 1, unlisted: true, frenchName: a.lang == "fr", department: dep})
		return
	}
	if communeLike(name) && !known {
		return
	}
	adjCountry, adjective := x.words.adjectiveCountry(name)
	if adjective && n > 1 {
		// "the South African captain"
		a.adjectives[adjCountry]++
		return
	}
	if known && !(n > 1 && (definiteEv || pluralEv) && !x.primaryName(found)) {
		if n == 1 && a.toks[i].initial() && !x.namesSizeablePlace(found) && !(j < len(a.toks) && a.isPunct(j, ':')) {
			// "Police were deployed": a sentence's first word, and a small
			// town's name only by chance — unless it heads a "Cannes : ..." title.
			return
		}
		if adjective && n == 1 {
			a.adjectives[adjCountry]++
			return
		}
		a.add(mention{kind: place, start: start, end: end, words: n, strong: x.namesSizeablePlace(found)})
		return
	}
	if !orgEv && x.department(a, i, j) {
		a.add(mention{kind: place, start: start, end: end, words: n, unlisted: true, department: true})
		return
	}
	if !orgEv && x.unlistedContext(a, i, j) {
		a.add(mention{kind: place, start: start, end: end, words: n, unlisted: true})
		return
	}
	if p := a.prevWord(i); n == 1 && a.lang == "en" && p >= 0 && !a.toks[p].cap() && a.is(p, direction) && !a.seenLower(first) && !a.is(first, stopword) {
		// "in north Kashmir", "southern Gourma": a region the gazetteer lacks.
		a.add(mention{kind: place, start: start, end: end, words: 1, unlisted: true, regional: true})
		return
	}
	if a.lang == "de" && !definiteEv && !orgEv && (pluralEv || a.prevWord(i) >= 0 && !a.toks[a.prevWord(i)].cap() && a.is(a.prevWord(i), stopword)) {
		// "werden Dutzende von Besuchern": German nouns after a function word.
		return
	}
	if orgEv || (n > 1 && (definiteEv || pluralEv)) {
		// Persons take no article: "des Échos du Touquet", "le Front national".
		a.add(mention{kind: org, start: start, end: end, words: n})
		return
	}
	if n == 1 {
		if adjective {
			a.adjectives[adjCountry]++
			return
		}
		switch {
		case pluralEv:
			return
		case (definiteEv || a.inArea(i)) && j < len(a.toks) && a.toks[j].word() && x.primaryName(x.placeAt(a, start, int(a.toks[j].end))):
			// "en Arabie saoudite": a country's name goes on in lower case.
			a.add(mention{kind: place, start: start, end: int(a.toks[j].end), words: 2, strong: true})
		case definiteEv && a.inArea(i):
			// "dans l'Hérault", "dans le Gard": a department or a region the gazetteer lacks.
			a.add(mention{kind: place, start: start, end: end, words: 1, unlisted: true, regional: true})
		case definiteEv:
			a.add(mention{kind: org, start: start, end: end, words: 1})
		case a.inArea(i):
			// "en Corse", "en Angleterre": French puts feminine regions and countries after "en".
			a.add(mention{kind: place, start: start, end: end, words: 1, unlisted: true, regional: true})
		case a.onMedium(i, j):
			// "publié sur Youtube", "streaming on Netflix": a platform or a medium.
			a.add(mention{kind: org, start: start, end: end, words: 1, medium: true})
		case j+1 < len(a.toks) && a.isPunct(j, ',') && isAge(a, j+1) && !a.toks[i].initial():
			// "Jeromy Craft, 25,", "d'Alan, 12 ans": a name with an age.
			a.add(mention{kind: person, start: start, end: end, words: 1})
		case j < len(a.toks) && a.toks[j].word() && a.is(j, speechVerb) && !a.toks[i].initial():
			// "…, Makin said": reported speech names a person.
			a.add(mention{kind: person, start: start, end: end, words: 1})
		default:
			// A lone capitalised word with no evidence: kept only if it is the
			// surname of a person named in full elsewhere in the dispatch.
			a.add(mention{kind: person, start: start, end: end, words: 1, weak: true})
		}
		return
	}
	// Several words. Place names ending with a region ("Turbat Balochistan") are places;
	// one that starts with a place and goes on with other words names a
	// company or a medium ("Paris Match", "Texas Instruments").
	if spans := x.placeSpans(a, i, j); spans != nil && x.isRegion(x.placeAt(a, int(a.toks[spans[len(spans)-1][0]].start), end)) {
		for _, sp := range spans {
			a.add(mention{kind: place, start: int(a.toks[sp[0]].start), end: int(a.toks[sp[1]-1].end), words: sp[1] - sp[0]})
		}
		return
	}
	if k := x.unlistedPrefix(a, i, j); k > i {
		// "in Sardash, Kuch Turbat Balochistan": a village the gazetteer lacks, then its town and province.
		a.add(mention{kind: place, start: start, end: int(a.toks[k-1].end), words: k - i, unlisted: true})
		for _, sp := range x.placeSpans(a, k, j) {
			a.add(mention{kind: place, start: int(a.toks[sp[0]].start), end: int(a.toks[sp[1]-1].end), words: sp[1] - sp[0]})
		}
		return
	}
	if n >= 3 && a.toks[i+1].cap() && x.primaryName(x.wordPlace(a, i)) && !x.namesMajorPlace(x.wordPlace(a, i)) && !x.placeAt(a, start, int(a.toks[i+1].end)).Known() {
		// "le parquet de Nanterre Catherine Denis": a place, then a name (but
		// "France Bleu Limousin": a country or a capital opens a medium's name).
		a.add(mention{kind: place, start: start, end: int(a.toks[i].end), words: 1, strong: true})
		x.classify(a, i+1, j)
		return
	}
	if x.isCountry(x.wordPlace(a, j-1)) {
		// "Météo France", "Attac France": organisations name themselves after their country.
		a.add(mention{kind: org, start: start, end: end, words: n})
		return
	}
	if x.namesMajorPlace(x.wordPlace(a, i)) && !a.is(i+1, particle) {
		a.add(mention{kind: org, start: start, end: end, words: n})
		return
	}
	if cc, ok := x.words.adjectiveCountry(a.word(i)); ok && n >= 3 && a.toks[i+1].cap() {
		// "beat Brazilian Leonard Gates": a nationality, then the name.
		a.adjectives[cc]++
		a.add(mention{kind: person, start: int(a.toks[i+1].start), end: end, words: n - 1})
		return
	}
	a.add(mention{kind: person, start: start, end: end, words: n})
}

// namesMajorPlace reports whether a word is the name of a country, a
// capital or a populous first-level division: as the first word of a longer name it
// makes that name a company's or a medium's (Paris Match, Texas Instruments),
// where a smaller city's name is as likely a given name (Vladimir, Florence).
func (x *Extractor) namesMajorPlace(w geo.Found) bool {
	return x.geo.Any(w, func(c geo.Candidate) bool {
		return c.Primary && (c.Kind == geo.Country || c.Capital || (c.Kind == geo.Admin1 && c.Population >= 2000000))
	})
}

// primaryName reports whether name is a primary name of some place. Only
// foreign alternate names match "the White House" (Casablanca's, translated).
func (x *Extractor) primaryName(name geo.Found) bool {
	return x.geo.Any(name, func(c geo.Candidate) bool { return c.Primary })
}

// namesSizeablePlace reports whether a word names a country, a division or a
// city of 100,000 or more by one of its primary names.
func (x *Extractor) namesSizeablePlace(w geo.Found) bool {
	return x.geo.Any(w, func(c geo.Candidate) bool { return c.Primary && (c.Kind != geo.City || c.Population >= 100000) })
}

// isCountry reports whether w is a country's primary name.
func (x *Extractor) isCountry(w geo.Found) bool {
	return x.geo.Any(w, func(c geo.Candidate) bool { return c.Primary && c.Kind == geo.Country })
}

// hyphenPlaces splits a hyphenated word whose every part is a region's or a
// sizeable city's name into place mentions; nil otherwise.
func (x *Extractor) hyphenPlaces(name string, start int) []mention {
	var out []mention
	off := 0
	for part := range strings.SplitSeq(name, "-") {
		if !x.namesSizeablePlace(x.geo.Find(part)) {
			return nil
		}
		out = append(out, mention{kind: place, start: start + off, end: start + off + len(part), words: 1})
		off += len(part) + 1
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// communeLike reports whether a name is built like a French, Spanish or
// Italian place name: "Bormes-les-Mimosas", "Saint-Paul-de-Vence", "Castelnuovo-del-Garda".
func communeLike(name string) bool {
	if strings.IndexByte(name, '-') < 0 {
		return false // every pattern below has a hyphen
	}
	for _, inner := range []string{"-les-", "-lès-", "-sur-", "-en-", "-de-", "-du-", "-des-", "-la-", "-le-", "-aux-", "-d'", "-del-", "-di-", "-am-", "-an-der-", "-upon-", "-on-", "-et-"} {
		if strings.Contains(name, inner) {
			return true
		}
	}
	// Departments named by their coast: "Charente-Maritime", "Loire-Atlantique", "Pyrénées-Orientales".
	for _, suffix := range []string{"-Maritime", "-Maritimes", "-Atlantique", "-Atlantiques", "-Orientales"} {
		if strings.HasSuffix(name, suffix) && len(name) > len(suffix)+2 {
			return true
		}
	}
	// Departments and regions named by altitude: "Haute-Savoie", "Bas-Rhin", "Hautes-Alpes".
	for _, prefix := range []string{"Haut-", "Haute-", "Hautes-", "Bas-", "Basse-", "Basses-"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && rest != "" && unicode.IsUpper([]rune(rest)[0]) {
			return true
		}
	}
	return false
}

// isRegion reports whether name is a country's or a division's.
func (x *Extractor) isRegion(name geo.Found) bool {
	return x.geo.Any(name, func(c geo.Candidate) bool { return c.Primary && c.Kind != geo.City })
}

// placeSpans splits tokens [i, j) into consecutive place names, longest
// first; nil if some word is no place.
func (x *Extractor) placeSpans(a *analysis, i, j int) [][2]int {
	var out [][2]int
	for k := i; k < j; {
		found := false
		for e := j; e > k; e-- {
			if x.placeAt(a, int(a.toks[k].start), int(a.toks[e-1].end)).Known() {
				out = append(out, [2]int{k, e})
				k = e
				found = true
				break
			}
		}
		if !found {
			return nil
		}
	}
	return out
}

func isAdjective(x *Extractor, w string) bool {
	if _, ok := x.words.adjectiveCountry(w); ok {
		return true
	}
	if stopwords[w] {
		return false
	}
	for _, e := range adjectiveEndings {
		if strings.HasSuffix(w, e) && len(w) > len(e)+2 {
			return true
		}
	}
	return false
}

// placeMentions returns the places of a listed in the gazetteer, to
// resolve, in a slice of a's kept for its next analysis.
func (a *analysis) placeMentions() []geo.Mention {
	out := a.placeMs[:0]
	for _, i := range a.places {
		m := a.mentions[i]
		if m.unlisted {
			continue
		}
		out = append(out, geo.Mention{Text: a.text[m.start:m.end], Start: m.start, End: m.end})
	}
	a.placeMs = out
	return out
}

// maxNameWords bounds a capitalised sequence: no name is longer, and the
// place look-ups over its sub-sequences cost the square of its length.
const maxNameWords = 16

// maxNameGroup bounds the full names sharing a first word that link compares pairwise.
const maxNameGroup = 64

// link gives surname-only and honorific mentions the full name they refer to
// ("M. Poutine" → "Vladimir Poutine"), acronyms their expansion, and drops
// lone sentence-initial words that turn out to be no one's name.
func link(as ...*analysis) {
	l := linkers.Get().(*linker)
	defer l.release()
	surnames := l.surnames
	firstNames := l.firstNames // first words of full names, for a lone mention that is no surname
	canon := l.canon           // folded full name → first spelling
	orgCanon := l.orgCanon     // folded organisation name → first spelling
	acronyms := l.acronyms
	unlisted := l.unlisted // places known by their context somewhere in the dispatch
	// The folded names the maps are keyed by, in one buffer kept for the
	// next dispatch. Each is a string over its bytes, without a copy: they
	// do not change while the maps hold them (release clears the maps
	// before the buffer is written again), and no key is kept in a result.
	keys := l.keyBytes[:0]
	fold := func(s string) string {
		off := len(keys)
		keys = geo.AppendFold(keys, s)
		return unsafe.String(unsafe.SliceData(keys[off:]), len(keys)-off)
	}
	total, size := 0, 0
	for _, a := range as {
		for _, m := range a.mentions {
			total, size = total+1, size+m.end-m.start
		}
	}
	keys = slices.Grow(keys, 2*size+64)                  // each name, and the first and last words of persons'
	mentionKeys := slices.Grow(l.mentionKeys[:0], total) // each mention's name folded, in order
	pos := 0
	for _, a := range as {
		for acr, name := range a.acronyms {
			acronyms[acr] = name
		}
		for _, m := range a.mentions {
			pos++
			name := a.text[m.start:m.end]
			key := fold(name)
			mentionKeys = append(mentionKeys, key)
			l.mentionKeys = mentionKeys
			if m.kind == place && m.unlisted {
				unlisted[key] = true
			}
			if m.kind == org {
				if _, ok := orgCanon[key]; !ok {
					orgCanon[key] = name
				}
			}
			if m.kind != person || m.words < 2 {
				continue
			}
			if _, ok := canon[key]; !ok {
				canon[key] = name
			}
			first, last := firstAndLastFields(name)
			sks, n := surnameKeys(last, fold)
			for _, s := range sks[:n] {
				surnames[s] = l.appendFull(surnames[s], full{canon[key], pos})
			}
			firstKey := fold(first)
			firstNames[firstKey] = l.appendFull(firstNames[firstKey], full{canon[key], pos})
		}
	}
	l.keyBytes = keys // grown, for the next dispatch; fold is done
	// "Barbara Moreland" after "Barbara F. Moreland", "Emily Nicole" after
	// "Emily Nicole Roberts": the same person, named in full once.
	// Names are compared within groups sharing a first word, and only in
	// groups of a size a dispatch has: a crafted text of thousands of
	// "Jean X" must not make this quadratic.
	byFirst := l.byFirst
	for key := range canon {
		first, _, _ := strings.Cut(key, " ")
		byFirst[first] = l.appendKey(byFirst[first], key)
	}
	for _, keys := range byFirst {
		if len(keys) < 2 || len(keys) > maxNameGroup {
			continue
		}
		slices.Sort(keys) // map order must not decide between equal candidates
		for _, key := range keys {
			f := strings.Fields(key)
			for _, key2 := range keys {
				f2 := strings.Fields(key2)
				name, name2 := canon[key], canon[key2]
				if len(f2) <= len(f) || len(name2) <= len(name) {
					continue
				}
				if f2[len(f2)-1] == f[len(f)-1] || slices.Equal(f2[:len(f)], f) {
					canon[key] = name2
				}
			}
		}
	}
	pos = 0
	for _, a := range as {
		kept := a.mentions[:0]
		for _, m := range a.mentions {
			pos++
			name, key := a.text[m.start:m.end], mentionKeys[pos-1]
			switch {
			case m.kind == person && m.words >= 2:
				m.canonical = canon[key]
			case m.kind == person:
				fs := surnames[key]
				if len(fs) == 0 {
					// Family name first: "Park" after "Park Geun-hye".
					fs = firstNames[key]
				}
				if len(fs) > 0 {
					// The nearest full name before the mention, else the first after it.
					k := sort.Search(len(fs), func(k int) bool { return fs[k].pos > pos })
					m.canonical = fs[max(k-1, 0)].name
				} else if m.weak {
					continue
				}
			case m.kind == place && m.words == 1:
				// "McLean and Graham were charged": a surname, not the towns.
				if fs := surnames[key]; len(fs) > 0 {
					m.kind, m.canonical = person, fs[0].name
				} else if fs := firstNames[key]; len(fs) > 0 && !m.strong {
					m.kind, m.canonical = person, fs[0].name
				}
			case m.kind == org && m.words == 1 && m.acronym == "" && unlisted[key]:
				// "la Corse" once "en Corse" has shown it a place.
				m.kind, m.unlisted, m.regional, m.medium = place, true, true, false
			case m.kind == org && m.medium && len(surnames[key]) > 0:
				// "pressure on Trump": a person named in full elsewhere.
				m.kind, m.canonical = person, surnames[key][0].name
			case m.kind == org && m.canonical == "":
				if exp, ok := acronyms[name]; ok {
					m.canonical, m.acronym = exp, name
				} else if c := orgCanon[key]; c != name {
					// "Commission électorale nationale indépendante" after its capitalised form.
					m.canonical = c
				}
			}
			kept = append(kept, m)
		}
		a.mentions = kept
		a.places = a.places[:0]
		for i, m := range a.mentions {
			if m.kind == place {
				a.places = append(a.places, i)
			}
		}
	}
}

// linker holds link's tables, kept for the next dispatch: a dispatch
// otherwise makes them anew, seven maps and their growth.
type linker struct {
	surnames, firstNames      map[string][]full
	canon, orgCanon, acronyms map[string]string
	unlisted                  map[string]bool
	byFirst                   map[string][]string
	mentionKeys               []string
	keyBytes                  []byte   // the bytes of the maps' keys (see link)
	fulls                     []full   // the maps' lists of full names start in it (see appendFull)
	keys                      []string // and byFirst's lists of keys
}

// listStart is the room a map's list starts with in the linker's slabs: most
// lists are of one or two names, and a longer one moves to the heap.
const listStart = 4

// appendFull is append(list, f), a new list taking its room from l.fulls.
func (l *linker) appendFull(list []full, f full) []full {
	if list == nil {
		list = takeList(&l.fulls)
	}
	return append(list, f)
}

// appendKey is append(list, key), a new list taking its room from l.keys.
func (l *linker) appendKey(list []string, key string) []string {
	if list == nil {
		list = takeList(&l.keys)
	}
	return append(list, key)
}

// takeList returns an empty slice with listStart elements of room, cut
// from *slab; a full slab is replaced by a larger one, the lists already
// cut keeping the old.
func takeList[T any](slab *[]T) []T {
	n := len(*slab)
	if n+listStart > cap(*slab) {
		*slab, n = make([]T, 0, max(64, 2*cap(*slab))), 0
	}
	*slab = (*slab)[:n+listStart]
	return (*slab)[n : n : n+listStart]
}

// full is a person's full name and its order of appearance across the analyses.
type full struct {
	name string
	pos  int
}

var linkers = sync.Pool{New: func() any {
	return &linker{
		surnames: map[string][]full{}, firstNames: map[string][]full{},
		canon: map[string]string{}, orgCanon: map[string]string{}, acronyms: map[string]string{},
		unlisted: map[string]bool{}, byFirst: map[string][]string{},
	}
}}

// maxPooledMentions bounds the tables kept for reuse: maps do not shrink,
// and an outsized dispatch's would make every later clear cost its size.
// Each table has at most two keys a mention.
const maxPooledMentions = 1 << 10

// release empties l and gives it back to the pool, unless it grew outsized.
func (l *linker) release() {
	if len(l.mentionKeys) > maxPooledMentions {
		return
	}
	clear(l.surnames)
	clear(l.firstNames)
	clear(l.canon)
	clear(l.orgCanon)
	clear(l.acronyms)
	clear(l.unlisted)
	clear(l.byFirst)
	clear(l.mentionKeys)
	clear(l.fulls)
	clear(l.keys)
	l.mentionKeys, l.fulls, l.keys = l.mentionKeys[:0], l.fulls[:0], l.keys[:0]
	linkers.Put(l)
}

// surnameKeys are the forms, folded, a later mention of a surname can take:
// "al-Assad" → al-Assad, Assad. It returns the first n of keys.
func surnameKeys(last string, fold func(string) string) (keys [2]string, n int) {
	keys[0], n = fold(last), 1
	if k := strings.IndexByte(last, '-'); k > 0 && k <= 3 {
		if r, _ := utf8.DecodeRuneInString(last[:1]); unicode.IsLower(r) {
			keys[1], n = fold(last[k+1:]), 2
		}
	}
	return keys, n
}

// firstAndLastFields returns the first and the last of strings.Fields(s).
func firstAndLastFields(s string) (first, last string) {
	start := -1 // of the field being read
	for i, r := range s {
		switch {
		case !unicode.IsSpace(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			if first == "" {
				first = s[start:i]
			}
			last, start = s[start:i], -1
		}
	}
	if start >= 0 {
		if first == "" {
			first = s[start:]
		}
		last = s[start:]
	}
	return first, last
}

func (a *analysis) entities() (persons, orgs []proto.Entity) {
	np, no := 0, 0
	for _, m := range a.mentions {
		switch m.kind {
		case person:
			np++
		case org:
			no++
		}
	}
	if np > 0 {
		persons = make([]proto.Entity, 0, np)
	}
	if no > 0 {
		orgs = make([]proto.Entity, 0, no)
	}
	for _, m := range a.mentions {
		e := proto.Entity{Text: a.text[m.start:m.end], Canonical: m.canonical, Start: int64(m.start), End: int64(m.end), Acronym: m.acronym}
		switch m.kind {
		case person:
			if e.Canonical == "" {
				e.Canonical = e.Text
			}
			persons = append(persons, e)
		case org:
			orgs = append(orgs, e)
		}
	}
	return persons, orgs
}

// unlistedContext reports whether the capitalised sequence [i, j), which the
// gazetteer does not know, is a place by its context: a locality noun after
// it ("Kergatta village", "Rajnandgoan district") or before it ("le village
// de Sawargaon"), a place qualifying it ("in Shershah, Karachi", "in Vogra of
// Gazipur").
func (x *Extractor) unlistedContext(a *analysis, i, j int) bool {
	for k := i; k < j; k++ {
		if a.isAcronym(k) || a.is(k, title) || a.is(k, orgHead) || a.is(k, stopword) {
			return false
		}
	}
	if a.toks[i].initial() && j-i == 1 && a.seenLower(i) {
		return false
	}
	// English puts the noun after the name; French and the others before, with "de".
	if a.lang == "en" && j < len(a.toks) && a.toks[j].word() && !a.toks[j].cap() && a.is(j, localityNoun) {
		return true
	}
	if p := a.prevWord(i); p >= 1 && (a.lower(p) == "de" || a.lower(p) == "of" || a.toks[p].elision()) {
		// "la commune de Larche", "the village of Loffre", not "filiale commune de Renault".
		if q := a.prevWord(p); q >= 1 && !a.toks[q].cap() && a.is(q, localityNoun) {
			if d := a.prevWord(q); d >= 0 && (a.is(d, determiner) || a.toks[d].elision()) {
				return true
			}
		}
	}
	if p := a.prevWord(i); p >= 0 && a.is(p, locative) && j+1 < len(a.toks) &&
		(a.isPunct(j, ',') || a.lower(j) == "of") && x.placeFollows(a, j+1) {
		return true
	}
	return false
}

// placeFollows reports whether the capitalised words from k on end with a
// region's or a sizeable city's name ("Karachi", "Kuch Turbat Balochistan",
// but not "Gilbert Cuzou").
func (x *Extractor) placeFollows(a *analysis, k int) bool {
	e := k
	for e < len(a.toks) && e-k < 4 && a.toks[e].word() && a.toks[e].cap() && !a.isAcronym(e) {
		e++
	}
	if e == k {
		return false
	}
	if e == k+1 || x.placeAt(a, int(a.toks[k].start), int(a.toks[e-1].end)).Known() {
		return x.namesSizeablePlace(x.placeAt(a, int(a.toks[k].start), int(a.toks[e-1].end)))
	}
	// "Kuch Turbat Balochistan": a name the gazetteer lacks before a town and its province.
	return x.placeList(a, k+1, e)
}

// placeList reports whether tokens [k, e) are two or more place names, the
// last a region's: "Turbat Balochistan", where one ("Stéphane Bern", "Anne
// Hidalgo") is as often a person's surname.
func (x *Extractor) placeList(a *analysis, k, e int) bool {
	spans := x.placeSpans(a, k, e)
	return len(spans) >= 2 && x.isRegion(x.placeAt(a, int(a.toks[spans[len(spans)-1][0]].start), int(a.toks[e-1].end)))
}

// department reports whether [i, j) is a single name in parentheses after a
// place: "Villeurbanne (Rhône)", "Millas (Pyrénées-Orientales)". A lone
// capitalised word after a locative before it ("de Clarensac (Gard)") is then
// a place too, which this marks.
func (x *Extractor) department(a *analysis, i, j int) bool {
	if j-i != 1 || i < 2 || j >= len(a.toks) || !a.isPunct(i-1, '(') || !a.isPunct(j, ')') || len(a.mentions) == 0 {
		return false
	}
	m := &a.mentions[len(a.mentions)-1]
	if m.end != int(a.toks[i-2].end) {
		return false
	}
	switch {
	case m.kind == place:
		return true
	case m.kind == person && m.weak && m.words == 1:
		k := i - 2
		if p := a.prevWord(k); p >= 0 && a.is(p, locative) {
			m.kind, m.weak, m.unlisted, m.department = place, false, true, true
			return true
		}
	}
	return false
}

// unlistedPrefix returns k > i when [i, j) is one or two words the gazetteer
// lacks followed by place names ending with a region, after a comma or a
// locative ("in Sardash, Kuch Turbat Balochistan"); else i.
func (x *Extractor) unlistedPrefix(a *analysis, i, j int) int {
	// Only in a list of places: "Stéphane Bern", "Anne Hidalgo" end with a place's name too.
	p := i - 1
	if p < 1 || !a.isPunct(p, ',') || len(a.mentions) == 0 {
		return i
	}
	if last := a.mentions[len(a.mentions)-1]; last.kind != place || last.end != int(a.toks[p-1].end) {
		return i
	}
	for k := i + 1; k < j && k-i <= 2; k++ {
		if x.wordPlace(a, k-1).Known() {
			return i
		}
		if x.placeList(a, k, j) {
			return k
		}
	}
	return i
}

// maxLocateDistance bounds, in bytes, how far a listed place may be from an
// unlisted one to lend it its country ("Vogra of Gazipur", "Nice (Alpes-Maritimes)").
const maxLocateDistance = 160

// addUnlisted adds a's places the gazetteer lacks to its resolved ones, in
// text order. Each takes the country, division and coordinates of the
// nearest resolved place of the same text, else those of the dispatch's
// country; one with neither is dropped. Its GeonamesID is 0 and its Feature
// "unlisted": the coordinates locate it only roughly.
func (x *Extractor) addUnlisted(a *analysis, resolved []proto.Place, country string) []proto.Place {
	n := len(resolved)
	for _, m := range a.mentions {
		if m.kind != place || !m.unlisted {
			continue
		}
		p := proto.Place{Name: a.text[m.start:m.end], Canonical: a.text[m.start:m.end], Feature: "unlisted", Start: int64(m.start), End: int64(m.end)}
		var loc *proto.Place
		dist := maxLocateDistance + 1
		if m.regional && country != "" {
			dist = -1 // a region is no part of the town next to it: the dispatch's country locates it
		}
		for k, r := range resolved[:n] {
			d := int(r.Start) - m.end
			if d < 0 {
				d = m.start - int(r.End)
			}
			if d >= 0 && d < dist {
				loc, dist = &resolved[k], d
			}
		}
		if loc == nil {
			// "Sirajganj Sadar", "Los Angeles County": a division named after the town it surrounds.
			words := strings.Fields(p.Name)
			for k := len(words) - 1; k >= 1 && loc == nil; k-- {
				prefix := strings.Join(words[:k], " ")
				if !x.namesSizeablePlace(x.geo.Find(prefix)) {
					continue
				}
				if ps := x.geo.Resolve(prefix, []geo.Mention{{Text: prefix, Start: 0, End: len(prefix)}}, geo.Context{Country: country}); len(ps) > 0 {
					loc = &ps[0]
				}
			}
		}
		cc := country
		if m.frenchName && (loc == nil || loc.Country != "FR") {
			// Built like a French commune's name and written in French: France,
			// whatever foreign place the story is about.
			loc, cc = nil, "FR"
		}
		if cc == "" && m.department && a.lang == "fr" {
			// Nothing else places it: the convention is French papers' for French communes.
			cc = "FR"
		}
		switch {
		case loc != nil:
			p.Country, p.Lat, p.Lon = loc.Country, loc.Lat, loc.Lon
			if loc.Feature != "country" {
				p.Admin1 = loc.Admin1
			}
		case cc != "":
			e, ok := x.geo.Country(cc)
			if !ok {
				continue
			}
			p.Country = cc
			p.Lat, p.Lon = math.Round(float64(e.Lat)*1e5)/1e5, math.Round(float64(e.Lon)*1e5)/1e5
		default:
			continue
		}
		resolved = append(resolved, p)
	}
	if len(resolved) > n {
		slices.SortStableFunc(resolved, func(p, q proto.Place) int { return int(p.Start - q.Start) })
	}
	return resolved
}

// onMedium reports whether the lone word [i, j) follows a preposition that
// introduces where something is published or shown ("sur Youtube", "on
// Netflix", "via Instagram"), inside a sentence.
func (a *analysis) onMedium(i, j int) bool {
	if j != i+1 || a.toks[i].initial() || a.is(i, conventionalCap) || a.seenLower(i) {
		return false
	}
	if j < len(a.toks) {
		// "sur Europe 1", "sur Change.org", a headline's "Hollande sur Macron :" (a topic).
		next := a.word(j)
		if a.toks[j].cap() || a.toks[j].digit() || next == "(" || next == "-" || next == ":" || int(a.toks[j].start) == int(a.toks[i].end) && next == "." {
			return false
		}
		// English "on" also introduces a topic or a target ("the attack on Pashtuns in …"):
		// the medium closes its clause there.
		if a.lang == "en" && a.lower(i-1) == "on" && a.toks[j].word() {
			return false
		}
	}
	p := i - 1
	if p < 0 || !a.toks[p].word() {
		return false
	}
	return mediumPrepositions[a.lang][a.lower(p)]
}

// inArea reports whether the lone capitalised word i follows "dans le/la/l'"
// or "en", which in French put a region, a department or a country in place
// ("dans l'Hérault", "en Corse"), not an organisation ("en Marche" of "La
// République en Marche" follows a capitalised word).
func (a *analysis) inArea(i int) bool {
	if a.lang != "fr" || a.toks[i].initial() || i+1 < len(a.toks) && (a.toks[i+1].cap() || a.toks[i+1].digit()) {
		return false
	}
	if a.is(i, orgHead|orgIntroducer|conventionalCap|stopword|notPlace|thingAcronym) || a.seenLower(i) {
		return false
	}
	p := a.prevWord(i)
	if p < 1 {
		return false
	}
	switch pw := a.lower(p); {
	case pw == "en":
		q := p - 1
		return q >= 0 && !(a.toks[q].word() && a.toks[q].cap())
	case pw == "le" || pw == "la" || pw == "l'" || pw == "l’":
		q := a.prevWord(p)
		return q >= 0 && a.lower(q) == "dans"
	}
	return false
}

// numberedMedium reads a channel or station named after a country or a
// continent and a number ("France 3", "Europe 1"), with the places of a
// regional edition after it ("France 3 Auvergne Rhône-Alpes"), as an
// organisation; it returns its end, or i. A score ("France 2 - 1") is none.
func (x *Extractor) numberedMedium(a *analysis, i int) int {
	if i+1 >= len(a.toks) || !a.toks[i+1].digit() || len(a.word(i+1)) > 2 || int(a.toks[i+1].start) != int(a.toks[i].end)+1 {
		return i
	}
	if w := a.lower(i); !notPlaces[w] && !x.isCountry(x.wordPlace(a, i)) {
		return i
	}
	if k := i + 2; k < len(a.toks) && (a.toks[k].digit() || a.isPunct(k, '-') || a.word(k) == "–" || a.isPunct(k, '%')) {
		return i
	}
	j := i + 2
	for e := j; e < len(a.toks) && e-j < 3 && a.toks[e].word() && a.toks[e].cap() && !a.isAcronym(e) &&
		!a.toks[e].lineBefore() && x.wordPlace(a, e).Known(); e++ {
		if e+1 == len(a.toks) || !a.toks[e+1].cap() || !a.toks[e+1].word() {
			j = e + 1
		}
	}
	a.add(mention{kind: org, start: int(a.toks[i].start), end: int(a.toks[j-1].end), words: j - i})
	// A country's channel says where the story is, as its adjective would.
	for _, c := range x.geo.Lookup(a.word(i)) {
		if c.Primary && c.Kind == geo.Country {
			a.adjectives[c.Country()]++
			break
		}
	}
	return j
}

// ledBy reports whether token i is an acronym joined to a participle of
// leadership or backing ("BNP-led", "USDP-Led", "ISI-backed"), and where the
// acronym ends.
func (a *analysis) ledBy(i int) (int, bool) {
	if a.toks[i].plain() {
		return 0, false // no hyphen
	}
	w := a.word(i)
	k := strings.LastIndexByte(w, '-')
	if k < 2 || k > 8 || !ledParticiples[strings.ToLower(w[k+1:])] {
		return 0, false
	}
	acr := w[:k]
	for _, r := range acr {
		if r < 'A' || r > 'Z' {
			return 0, false
		}
	}
	if thingAcronyms[strings.ToLower(acr)] {
		return 0, false
	}
	return int(a.toks[i].start) + k, true
}

// featureComplement reports whether word i completes a natural feature's
// noun: "la vallée de la Sambre", "le lac du Bourget", "the valley of the Somme".
func (a *analysis) featureComplement(i int) bool {
	p := a.prevWord(i)
	if p >= 0 && (a.is(p, definiteArticle) || a.toks[p].elision()) && a.lower(p) != "du" && a.lower(p) != "of" {
		p = a.prevWord(p)
	}
	if p < 0 {
		return false
	}
	if w := a.lower(p); w != "de" && w != "du" && w != "of" && w != "des" {
		return false
	}
	q := a.prevWord(p)
	return q >= 0 && !a.toks[q].cap() && a.is(q, featureWord)
}

// lowerComplement returns the end of a lower-case complement starting at
// token k — connectors, then a noun, then its adjectives ("de la santé",
// "des infirmiers", "du patrimoine") — or k if there is none.
func (a *analysis) lowerComplement(x *Extractor, k int) int {
	n := 0
	for n < 2 && k+n < len(a.toks) && a.toks[k+n].word() && !a.toks[k+n].cap() && a.is(k+n, connector) {
		n++
	}
	e := k + n
	if n == 0 || e >= len(a.toks) || !a.toks[e].word() || a.toks[e].cap() || a.toks[e].digit() || a.is(e, stopword) ||
		utf8.RuneCountInString(a.word(e)) < 3 || a.toks[e].elision() {
		return k
	}
	e++
	for e < len(a.toks) && a.toks[e].word() && !a.toks[e].cap() && isAdjective(x, a.lower(e)) {
		e++
	}
	return e
}

// saintAfterA reports whether word i is a hyphenated saint's name after "à"
// ("à Saint-Varent"), which names a commune; elsewhere it may be a person's
// ("Saint-Exupéry") or a feast's.
func (a *analysis) saintAfterA(i int) bool {
	w := a.lower(i)
	if !strings.HasPrefix(w, "saint-") && !strings.HasPrefix(w, "sainte-") {
		return false
	}
	p := a.prevWord(i)
	return p >= 0 && (a.lower(p) == "à" || a.lower(p) == "a" && a.lang == "fr")
}
