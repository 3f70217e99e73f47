// Package casualty extracts casualty figures — quantities of people killed,
// injured, missing, displaced, evacuated, arrested or kidnapped — from news
// text, following the contract in corpus/GUIDELINES.md.
//
// The extractor is a small grammar over tokens rather than a set of regular
// expressions: it finds quantities (package quantity), reads the noun phrase
// each one counts, and links it to a casualty predicate either after it
// ("deux policiers ont été blessés", "3 killed"), as its head noun ("34 morts"),
// or before it ("killing 60", "a tué quatre de ses collègues", "la mort de
// quatre personnes", "death toll rose to 40"). Parts ("370 personnes, dont
// 243 combattants"), lists ("4 in Ahmedabad, 3 in Banaskantha") and shared
// predicates ("six touristes et deux Nigériens tués") are resolved after,
// and negations, forecasts and fears are filtered out.
//
// Most news text has no casualty figure. A byte scan first looks for the key
// words of the casualty phrases of the text's language (see mayFire): a text
// with none is not even lowered nor tokenized. Otherwise only windows of text
// around the sentences holding a key word are lowered and tokenized (see
// process), each of their words looked up once, and the grammar runs only
// on the sentences where a casualty phrase of the text's language (or a
// toll word) occurs.
package casualty

import (
	"strings"
	"sync"
	"unsafe"

	"github.com/newswire/newswire/pkg/casualty/quantity"
	"github.com/newswire/newswire/pkg/text/segment"
	"github.com/newswire/newswire/proto"
)

// MaxTextBytes bounds the text one call examines; longer input is cut (at a
// rune boundary) so that one hostile message cannot monopolise a worker.
const MaxTextBytes = 1 << 20

// Extractor finds casualty figures. It holds no per-call state and is safe
// for concurrent use; share one.
type Extractor struct {
	pool sync.Pool
}

// New returns an Extractor.
func New() *Extractor {
	return &Extractor{pool: sync.Pool{New: func() any { return new(state) }}}
}

var defaultExtractor = New()

// Extract finds the casualty figures of text with the default Extractor.
func Extract(text, lang string) []proto.Figure { return defaultExtractor.Extract(text, lang) }

// state is the scratch space of one call, pooled to keep allocations low.
type state struct {
	text string
	// lower is the lower-cased text, in lowerBuf, which the next call
	// overwrites: token norms must never reach a figure (figures take their
	// strings from text and the lexicons).
	lower    string
	lowerBuf []byte
	lang     quantity.Lang
	toks     []quantity.Token
	cands    []cand
	candAt   []int32 // token index → cand index+1 (0 = none)
	sentOf   []int32 // token index → sentence index
	sents    []segment.Span
	sentTok  [][2]int
	figs     []proto.Figure
	// sick is set when the text is about a disease: its hospital admissions
	// are cases. In windowed mode it is known (sickKnown) only once a window
	// holds an illness word or isSick has tokenized the whole text.
	sick, sickKnown bool
	// windowed is set when only windows of sentences around the key words
	// were tokenized (see tokenizeAround): wins are the windows, sentWin the
	// window of each sentence (-1 for none), core marks the sentences that
	// hold a key word.
	windowed bool
	// needCore is the sentence the windows lacked, or -1 (see process)
	needCore int
	wins     []window
	// the tokens and windows of the last attempt, and the first of them
	// tokenizeWindow has yet to copy
	prevToks    []quantity.Token
	prevWins    []window
	nextPrevWin int
	sentWin     []int32
	core        []bool
	// whole text scratch for isSick
	sickLower []byte
	sickToks  []quantity.Token
	// flags classify each token once (one lexicon lookup per word).
	flags []uint8
	// emit scratch
	index []int
	seen  map[triple]int
	// exhaustive turns off the skipping of sentences that cannot yield a
	// figure, for the tests that prove the skipping changes nothing.
	exhaustive bool
}

// token flags
const (
	fPhrase uint8 = 1 << iota // starts a casualty phrase in some language
	fToll
	fIllness
	fQty // may start a quantity
	// fFires marks a token that can give a quantity its kind by itself: a
	// casualty phrase of the text's language starts there, or a toll word
	// that counts the dead ("bilan", "toll"). Every kind the grammar gives
	// comes from such a token or is inherited from a figure that got one.
	fFires
)

// anyRole asks matchPhrase for a phrase in any role.
const anyRole = rAdj | rHead | rTrans | rNounOf | rActive | rParticiple | rIllnessBlocked | rPersonOnly | rNeedsNoun

// how a candidate got its kind.
const (
	byNone = iota
	byHead
	byPredAfter
	byPredBefore
	byToll
	byPart
	byShared
)

type cand struct {
	q  quantity.Quantity
	np nounPhrase
	ok bool
	// sentence token range
	s0, s1 int
	kind   string
	how    int
	// parent is the candidate this one is a part of (dont, including), -1 if none.
	parent int
	// stopAt is the next candidate a predicate search ran into, -1 if none.
	stopAt int
	// predEnd is the token after the predicate that gave the kind.
	predEnd int
	// inList marks a candidate that continues a list of parts.
	inList bool
	// ownPred is set when a predicate followed the quantity, even if rejected.
	ownPred bool
}

type nounPhrase struct {
	end               int // first token after the phrase
	headKind          string
	headEnd           int
	person, nonPerson bool
	group             string
	groupTok          int
	partitive         bool
	inner             int // partitive inner candidate, -1
	pronoun           bool
	prepOK            bool // "à 75 le nombre de femmes mortes"
}

// Extract returns the figures of text; lang is an ISO 639-1 code or "" to
// try every lexicon. Offsets in the figures are bytes into text.
func (e *Extractor) Extract(text, lang string) []proto.Figure {
	return e.extract(text, lang, false)
}

// extract is Extract; exhaustive turns off the skipping of texts and
// sentences that cannot yield a figure (for tests).
func (e *Extractor) extract(text, lang string, exhaustive bool) []proto.Figure {
	if len(text) > MaxTextBytes {
		cut := MaxTextBytes
		for n := 0; n < 3 && cut > 0 && text[cut]&0xC0 == 0x80; n++ {
			cut--
		}
		text = text[:cut]
	}
	st := e.pool.Get().(*state)
	defer func() {
		// do not keep the caller's text alive in the pool, nor the buffer
		// of one huge text
		st.text, st.lower = "", ""
		if cap(st.lowerBuf) > maxPooledText {
			st.lowerBuf = nil
		}
		if cap(st.prevToks) > maxPooledText/4 {
			st.prevToks = nil
		}
		if cap(st.sickLower) > maxPooledText {
			st.sickLower, st.sickToks = nil, nil
		}
		clear(st.figs)
		e.pool.Put(st)
	}()
	st.exhaustive = exhaustive
	st.process(text, quantity.ParseLang(lang))
	if len(st.figs) == 0 {
		return nil
	}
	out := make([]proto.Figure, len(st.figs))
	copy(out, st.figs)
	return out
}

// maxPooledText bounds the lower-case buffer a pooled state keeps: a
// dispatch is a few kilobytes.
const maxPooledText = 64 << 10

// process finds the figures of text, in language l, into st.figs.
//
// Most texts have no key word (see mayFire) and cost a byte scan. In the
// others, the grammar runs only on the sentences where a phrase fires
// (see run), which all lie within a few tokens of a key word: only windows
// of sentences around the key words are lowered and tokenized
// (tokenizeAround), wide enough that every token the grammar reads from a
// sentence it runs on is there, as in the tokens of the whole text. When
// run finds it needs a token outside the windows, the windows widen (see
// windowMargins), then the whole text is tokenized.
func (st *state) process(text string, l quantity.Lang) {
	if !st.exhaustive && l&quantity.AR == 0 {
		// Arabic words match inside words (see mayFire): no key positions
		first := nextFireHit(text, 0, l)
		if first < 0 {
			// no token can fire, so no figure (see run): about half the
			// texts of a news feed; skip lowering and tokenizing them
			st.begin(text, l)
			return
		}
		if st.findCores(text, l, first) {
			margin := contextTokens
			for attempt := range maxWindowAttempts {
				st.needCore = -1
				if st.tokenizeAround(text, l, margin, attempt > 0) && st.run() {
					return
				}
				if st.needCore >= 0 && !st.core[st.needCore] {
					st.core[st.needCore] = true
				} else if margin *= 4; margin > maxWindowMargin {
					break
				}
			}
		}
	}
	st.reset(text, l)
	st.run()
}

// begin clears st for text, in language l, with no token.
func (st *state) begin(text string, l quantity.Lang) {
	st.text, st.lower = text, ""
	st.lang = l
	st.sentTok = st.sentTok[:0]
	st.toks = st.toks[:0]
	st.cands = st.cands[:0]
	clear(st.figs)
	st.figs = st.figs[:0]
	st.candAt, st.sentOf, st.flags = st.candAt[:0], st.sentOf[:0], st.flags[:0]
	st.sick, st.sickKnown = false, true
	st.windowed = false
}

// reset prepares st for text the plain way: the whole text tokenized.
func (st *state) reset(text string, l quantity.Lang) {
	st.begin(text, l)
	st.sents = st.sents[:0]
	if !st.exhaustive && !mayFire(text, l) {
		// no token can fire, so no figure (see run)
		return
	}
	st.lowerBuf = quantity.AppendLower(st.lowerBuf[:0], text)
	st.lower = unsafe.String(unsafe.SliceData(st.lowerBuf), len(st.lowerBuf))
	st.toks = quantity.Tokenize(text, st.lower, st.toks)
	n := len(st.toks)
	st.sizeTokenTables(n)
	fires := st.classify(0, n)
	if !fires && !st.exhaustive {
		// no casualty phrase at all, so no figure (see run): skip
		// sentence splitting
		return
	}
	st.sents = segment.AppendSentences(st.sents, text)
	ti := 0
	for si := range st.sents {
		var s0 int
		s0, ti = st.tokensOf(si, ti, n)
		st.sentTok = append(st.sentTok, [2]int{s0, ti})
	}
	for ; ti < n; ti++ {
		st.sentOf[ti] = int32(max(len(st.sents)-1, 0))
	}
}

// tokensOf gives sentence si its tokens from token ti on (of n): those
// before it, between two sentences, go to the sentence before; those
// within it to si. It returns its first token and the token after its last.
func (st *state) tokensOf(si, ti, n int) (int, int) {
	sp := st.sents[si]
	for ti < n && st.toks[ti].Start < sp.Start {
		st.sentOf[ti] = int32(max(si-1, 0))
		ti++
	}
	s0 := ti
	for ti < n && st.toks[ti].Start < sp.End {
		st.sentOf[ti] = int32(si)
		ti++
	}
	return s0, ti
}

// sizeTokenTables sizes the per-token tables for n tokens, candAt cleared.
func (st *state) sizeTokenTables(n int) {
	if cap(st.candAt) < n {
		st.candAt = make([]int32, n, n+n/2)
		st.sentOf = make([]int32, n, n+n/2)
	}
	st.candAt = st.candAt[:n]
	st.sentOf = st.sentOf[:n]
	clear(st.candAt)
	if cap(st.flags) < n {
		st.flags = make([]uint8, n, n+n/2)
	}
	st.flags = st.flags[:n]
}

// classify sets the flags of the tokens [t0, t1), reading no token from t1
// on, and reports whether one fires. It sets st.sick on an illness word.
func (st *state) classify(t0, t1 int) bool {
	toks := st.toks[:t1]
	l := st.lang
	fires := false
	for i := t0; i < t1; i++ {
		t := &toks[i]
		var f uint8
		switch t.Kind {
		case quantity.Word:
			lw := lookupLex(t.Norm)
			if lw != nil {
				f = lw.flags
			} else if l&quantity.AR != 0 && t.Norm[0] >= 0xD8 {
				if w := lookupLex(arabicStem(t.Norm)); w != nil {
					f = w.flags &^ fQty
				}
			}
			if f&fIllness != 0 {
				st.sick = true
			}
			if firesAt(toks, i, l, f, lw) {
				f |= fFires
				fires = true
			}
		case quantity.Number:
			f = fQty
		}
		st.flags[i] = f
	}
	return fires
}

// Windows of text around the key words (see process).
const (
	// contextTokens is how many tokens of a window must lie before and
	// after a sentence the grammar runs on (unless the window reaches the
	// start or end of the text), and before and after a sentence holding a
	// key word: more than the grammar reads beyond a sentence, and more
	// than the words of the longest phrase (buildFireKeys checks).
	contextTokens = 16
	// A window takes a margin of contextTokens words (runs of bytes
	// between ASCII white space, each of which starts a token but in odd
	// text) before a sentence holding a key word and after the sentence
	// that follows it (see tokenizeAround); four times
	// more when that was not enough, up to maxWindowMargin. After
	// maxWindowAttempts windows that lacked a token, the whole text is
	// tokenized.
	maxWindowMargin   = 256
	maxWindowAttempts = 6
	// maxMarginWordBytes bounds the bytes searched for a margin, per word.
	maxMarginWordBytes = 64
)

// A window is a span of text tokenized on its own.
type window struct {
	from, to int // its bytes
	t0, t1   int // its tokens
	// atStart and atEnd are set when the window starts at the text's first
	// byte, and ends at its last
	atStart, atEnd bool
}

// findCores splits text into sentences and marks those holding a key word,
// the first at byte first. It reports false when the text has no sentence.
func (st *state) findCores(text string, l quantity.Lang, first int) bool {
	st.sents = segment.AppendSentences(st.sents[:0], text)
	ns := len(st.sents)
	if ns == 0 {
		return false
	}
	if cap(st.core) < ns {
		st.core = make([]bool, ns, ns+ns/2)
		st.sentWin = make([]int32, ns, ns+ns/2)
	}
	st.core = st.core[:ns]
	clear(st.core)
	st.sentWin = st.sentWin[:ns]
	// a token belongs to the last sentence starting at or before it (see
	// reset); once a sentence holds a key word, its other words need no look
	si := 0
	for hit := first; hit >= 0; {
		for si+1 < ns && st.sents[si+1].Start <= hit {
			si++
		}
		st.core[si] = true
		if si+1 == ns {
			break
		}
		hit = nextFireHit(text, st.sents[si+1].Start, l)
	}
	return true
}

// tokenizeAround prepares st for text like reset, tokenizing only windows
// of text: every sentence holding a key word, the sentence after it, and
// margin words on either side. It reports false when the windows may lack a token the grammar
// reads (see hasContext), or one that fires.
func (st *state) tokenizeAround(text string, l quantity.Lang, margin int, again bool) bool {
	if again {
		// the windows only grow from one attempt to the next (cores are
		// added, margins widen): keep the tokens of the last ones
		st.prevToks, st.toks = st.toks, st.prevToks
		st.prevWins = append(st.prevWins[:0], st.wins...)
	} else {
		st.prevWins = st.prevWins[:0]
		// the whole text, lowered only within the windows: a token's
		// Norm is its bytes in lower, at the token's own offsets
		st.lowerBuf = append(st.lowerBuf[:0], text...)
	}
	st.begin(text, l)
	st.lower = unsafe.String(unsafe.SliceData(st.lowerBuf), len(st.lowerBuf))
	st.windowed = true
	ns := len(st.sents)
	st.wins = st.wins[:0]
	st.nextPrevWin = 0
	from, to := -1, -1 // the window being gathered
	for si := 0; si < ns; si++ {
		if !st.core[si] {
			continue
		}
		// The window holds the next sentence whole: the grammar runs on it
		// when this one gives a figure (see run), which would have the
		// text done again.
		lo, hi := 0, len(text)
		if si > 0 {
			lo = marginStart(text, st.sents[si].Start, margin)
		}
		if si+2 < ns {
			hi = marginEnd(text, st.sents[si+2].Start, margin)
		}
		if from >= 0 && lo <= to {
			// overlapping or touching windows merge, so that no window
			// ends where another starts
			to = max(to, hi)
			continue
		}
		if from >= 0 {
			st.tokenizeWindow(text, from, to)
		}
		from, to = lo, hi
	}
	st.tokenizeWindow(text, from, to)
	n := len(st.toks)
	st.sizeTokenTables(n)
	fires := false
	for w := range st.wins {
		if st.classify(st.wins[w].t0, st.wins[w].t1) {
			fires = true
		}
	}
	st.sickKnown = st.sick
	if !fires {
		// no casualty phrase at all, so no figure (see run)
		return true
	}
	// sentence token ranges and sentOf, as reset computes them; only a
	// sentence whole in a window gets its range (sentWin)
	w, ti := 0, 0
	for si := 0; si < ns; si++ {
		var s0 int
		s0, ti = st.tokensOf(si, ti, n)
		lo, hi := st.sents[si].Start, len(text)
		if si == 0 {
			lo = 0
		}
		if si+1 < ns {
			hi = st.sents[si+1].Start
		}
		for w < len(st.wins) && st.wins[w].to < hi {
			w++
		}
		if w == len(st.wins) || st.wins[w].from > lo {
			st.sentWin[si] = -1
			st.sentTok = append(st.sentTok, [2]int{s0, s0})
			continue
		}
		st.sentWin[si] = int32(w)
		st.sentTok = append(st.sentTok, [2]int{s0, ti})
		if st.core[si] && !st.hasContext(si, s0, ti) {
			return false // a wider margin
		}
		// the sentence before, not whole, would fire (see firesWithin)
		if si > 0 && st.sentWin[si-1] < 0 && s0 < st.wins[w].t1 && st.flags[s0]&fFires != 0 {
			st.needCore = si - 1
			return false
		}
	}
	for ; ti < n; ti++ {
		st.sentOf[ti] = int32(max(ns-1, 0))
	}
	// a token that fires out of the whole sentences: the grammar might run
	// on a sentence the windows cut
	for k, f := range st.flags {
		if f&fFires != 0 && st.sentWin[st.sentOf[k]] < 0 {
			st.needCore = int(st.sentOf[k])
			return false
		}
	}
	return true
}

// marginStart returns the byte at which a window starts that holds n words
// before byte i, at a boundary (see quantity.BoundaryAt), or 0. A word here
// is what follows a space: each starts a token but in odd text (which
// hasContext catches).
func marginStart(text string, i, n int) int {
	lo := max(i-n*maxMarginWordBytes, 0)
	for words, j := 0, i; j > lo; {
		sp := strings.LastIndexByte(text[lo:j-1], ' ')
		if sp < 0 {
			break
		}
		j = lo + sp + 1
		if words++; words >= n && quantity.BoundaryAt(text, j) {
			return j
		}
	}
	return 0
}

// marginEnd returns the byte at which a window ends that holds n words from
// byte i, at a boundary, or len(text).
func marginEnd(text string, i, n int) int {
	hi := min(i+n*maxMarginWordBytes, len(text))
	for words, j := 0, i; j < hi; {
		sp := strings.IndexByte(text[j:hi], ' ')
		if sp < 0 {
			break
		}
		j += sp + 1
		if words++; words > n && quantity.BoundaryAt(text, j) {
			return j
		}
	}
	return len(text)
}

// tokenizeWindow lowers and tokenizes the bytes [from, to) of text, but
// for the windows of the last attempt it holds (see tokenizeAround), whose
// tokens it copies: they start and end at boundaries. (Lowering bytes
// twice, in a window of the last attempt that this one does not hold
// whole, changes nothing.)
func (st *state) tokenizeWindow(text string, from, to int) {
	t0 := len(st.toks)
	at := from
	for ; st.nextPrevWin < len(st.prevWins); st.nextPrevWin++ {
		old := &st.prevWins[st.nextPrevWin]
		if old.from >= to {
			break
		}
		if old.from < at || old.to > to {
			continue
		}
		st.tokenizeBytes(text, at, old.from)
		st.toks = append(st.toks, st.prevToks[old.t0:old.t1]...)
		at = old.to
	}
	st.tokenizeBytes(text, at, to)
	st.wins = append(st.wins, window{from: from, to: to, t0: t0, t1: len(st.toks), atStart: from == 0, atEnd: to == len(text)})
}

// tokenizeBytes lowers and tokenizes the bytes [from, to) of text.
func (st *state) tokenizeBytes(text string, from, to int) {
	if from < to {
		quantity.LowerInPlace(st.lowerBuf[from:to])
		st.toks = quantity.AppendTokens(st.toks, text, st.lower, from, to)
	}
}

// hasContext reports whether the window of sentence si, tokens [s0, s1),
// holds the tokens the grammar may read around it.
func (st *state) hasContext(si, s0, s1 int) bool {
	win := &st.wins[st.sentWin[si]]
	return (win.atStart || s0-win.t0 >= contextTokens) && (win.atEnd || win.t1-s1 >= contextTokens)
}

// isSick reports st.sick, tokenizing the whole text if the windows did not tell.
func (st *state) isSick() bool {
	if st.sickKnown {
		return st.sick
	}
	st.sickKnown = true
	st.sickLower = quantity.AppendLower(st.sickLower[:0], st.text)
	st.sickToks = quantity.Tokenize(st.text, unsafe.String(unsafe.SliceData(st.sickLower), len(st.sickLower)), st.sickToks)
	for i := range st.sickToks {
		if t := &st.sickToks[i]; t.Kind == quantity.Word {
			if lw := lookupLex(t.Norm); lw != nil && lw.flags&fIllness != 0 {
				st.sick = true
				break
			}
		}
	}
	return st.sick
}

// firesAt reports whether the word at i of toks, with flags f and lexicon
// entry lw (nil if none), sets fFires in language l.
func firesAt(toks []quantity.Token, i int, l quantity.Lang, f uint8, lw *lexWord) bool {
	t := &toks[i]
	if f&fToll != 0 && !weakTolls.has(t.Norm) {
		return true
	}
	var ok bool
	switch {
	case lw != nil && lw.phrases != nil:
		ok = anyPhraseAt(lw.phrases, toks, i, l)
	case l&quantity.AR != 0 && t.Norm[0] >= 0xD8:
		// matchPhrase also tries the Arabic stem of a word it does not know
		_, ok = matchPhrase(toks, i, l, anyRole)
	}
	return ok
}

// run runs the grammar on the sentences that may yield a figure and emits
// the figures. In windowed mode it reports false, having emitted nothing,
// when a sentence it must read lacks context in its window (see
// hasContext): the windows must widen.
func (st *state) run() bool {
	prev := false
	kindSent := -2 // the last sentence that gave a candidate a kind
	for si := range st.sentTok {
		s0, s1 := st.sentTok[si][0], st.sentTok[si][1]
		if st.windowed {
			if st.sentWin[si] < 0 {
				// no token fires in it; only a kind given in the sentence
				// before could make the grammar run on it
				if kindSent == si-1 {
					st.needCore = si
					return false
				}
				prev = false
				continue
			}
			if kindSent == si-1 || st.firesWithin(si, s0, s1) {
				if !st.hasContext(si, s0, s1) {
					st.needCore = si
					return false
				}
				// the sentence before is not whole: whether it has a
				// trigger (prev) matters only to a partitive pronoun
				if si > 0 && st.sentWin[si-1] < 0 && !(s1 > s0 && st.hasTrigger(s0, s1)) && st.hasPartitivePronoun(s0, s1) {
					st.needCore = si - 1
					return false
				}
			}
		}
		trig := s1 > s0 && st.hasTrigger(s0, s1)
		// "Six of them escaped": a part of the figure in the sentence before
		if s1 <= s0 || !trig && !(prev && st.hasPartitivePronoun(s0, s1)) {
			prev = trig
			continue
		}
		prev = trig
		// Most sentences have a word that starts some casualty phrase ("la",
		// "a", "en") but no phrase: with no token that fires, none of their
		// quantities can get a kind except from a figure of the sentence
		// before ("trois d'entre eux"), and a candidate without a kind
		// changes nothing in the sentences after it nor in the figures.
		if kindSent != si-1 && !st.firesWithin(si, s0, s1) && !st.exhaustive {
			continue
		}
		first := len(st.cands)
		st.sentence(si, s0, s1)
		for i := first; i < len(st.cands); i++ {
			if st.cands[i].kind != "" {
				kindSent = si
				break
			}
		}
	}
	st.emit()
	return true
}

// firesWithin reports a token that fires in the sentence si, tokens
// [s0,s1), or right after it: nounPhrase reads the head noun of a quantity
// that ends the sentence from the first token of the next one (in windowed
// mode, of the same window: the sentence after a window has no token that
// fires).
func (st *state) firesWithin(si, s0, s1 int) bool {
	end := len(st.flags)
	if st.windowed {
		end = st.wins[st.sentWin[si]].t1
	}
	for i := s0; i <= s1 && i < end; i++ {
		if st.flags[i]&fFires != 0 {
			return true
		}
	}
	return false
}

// hasPartitivePronoun reports "of them", "d'entre eux" and the like.
func (st *state) hasPartitivePronoun(s0, s1 int) bool {
	for i := s0 + 1; i < s1; i++ {
		switch st.toks[i].Norm {
		case "them", "those":
			if st.toks[i-1].Norm == "of" {
				return true
			}
		case "eux", "elles":
			if st.toks[i-1].Norm == "entre" {
				return true
			}
		}
	}
	return false
}

// hasTrigger reports whether the sentence has any casualty word at all: most
// sentences do not, and skipping them keeps the extractor fast.
func (st *state) hasTrigger(s0, s1 int) bool {
	for i := s0; i < s1; i++ {
		if st.flags[i]&(fPhrase|fToll) != 0 {
			return true
		}
	}
	return false
}

var tollWords = set(`toll bilan tally saldo balance bilanz bilancio nombre number total`)

// weakTolls count casualties only when a casualty noun says so: "le nombre
// de morts s'élève à 200", but not "le nombre de cas s'élève à 200".
var weakTolls = set(`nombre number total`)

func (st *state) sentence(si, s0, s1 int) {
	toks := st.toks
	parser := quantity.Parser{Lang: st.lang}
	first := len(st.cands)
	for k := s0; k < s1; {
		if st.flags[k]&fQty == 0 {
			k++
			continue
		}
		q, ok := parser.Parse(toks[:s1], k)
		if !ok {
			k++
			continue
		}
		st.cands = append(st.cands, cand{q: q, s0: s0, s1: s1, parent: -1, stopAt: -1})
		st.candAt[q.Start] = int32(len(st.cands))
		k = q.End
	}
	cs := st.cands[first:]
	if len(cs) == 0 {
		return
	}
	caps := st.capsRatio(s0, s1)
	// Noun phrases right to left, so that partitives see their inner quantity.
	for i := len(cs) - 1; i >= 0; i-- {
		c := &cs[i]
		c.ok = st.countsPeople(c, s0, s1, caps)
		c.np = st.nounPhrase(first, c, s1)
		if c.np.nonPerson && !c.np.person && c.np.headKind == "" {
			c.ok = false
		}
	}
	st.partsOf(first, cs)
	st.predicatesBefore(first, s0, s1)
	st.tolls(first, s0, s1)
	for i := range cs {
		c := &cs[i]
		if !c.ok || c.kind != "" {
			continue
		}
		if c.np.headKind != "" {
			if st.modalBeforeQ(c.q.Start, s0) {
				continue
			}
			c.kind, c.how = c.np.headKind, byHead
			continue
		}
		st.predicateAfter(first, first+i, s0, s1)
	}
	st.shared(first, cs)
	st.inheritPronouns(first, cs)
	st.runningTotals(first, s0, s1)
	st.frontedPredicate(first, cs, s0, s1)
	st.crossedMarks(cs, s1)
	// Articles (un, une, ein) count only before a casualty noun, "personne",
	// in a partitive ("un des deux") or in a list of parts ("dont un grave").
	for i := range cs {
		c := &cs[i]
		if c.kind == "" || !c.q.Article {
			continue
		}
		if c.how == byHead && !bodyWords.has(toks[c.q.End].Norm) && !(toks[c.q.Core].Norm == "une" && toks[c.q.End].Norm == "mort") &&
			(c.kind == proto.KindKilled || c.kind == proto.KindInjured || c.kind == proto.KindMissing || c.kind == proto.KindKidnapped) || c.np.partitive && c.np.inner >= 0 || c.parent >= 0 || c.inList {
			continue
		}
		if c.np.groupTok >= 0 && isPersonneWord(toks[c.np.groupTok].Norm) && c.np.groupTok == c.q.End {
			continue
		}
		// "Trois personnes ont été tuées et une autre blessée": "une autre"
		// counts one more person against a figure just given
		if (toks[c.q.End].Norm == "autre" || toks[c.q.End].Norm == "other") && st.figureBefore(first, first+i) {
			continue
		}
		c.kind = ""
	}
}

// markWords name a threshold: "la barre des 3.000 morts".
var markWords = set(`barre cap seuil`)

// crossingWords say a threshold was passed.
var crossingWords = set(`franchi franchie franchis franchies dépassé dépassée dépassés passé passée atteint atteinte`)

// crossedMarks reads a threshold crossed after its figure: "la barre des
// 3.000 décès vient d'être franchie" is more than 3.000, like "a passé la
// barre des 3.000 décès" (which the quantity parser reads as a qualifier).
func (st *state) crossedMarks(cs []cand, s1 int) {
	for i := range cs {
		c := &cs[i]
		q := &c.q
		if c.kind == "" || q.Vague || !q.HasLow || !q.HasHigh || q.Low != q.High || q.Start != q.Core {
			continue
		}
		if p := st.norm(q.Start - 1); !(p == "de" || p == "des" || p == "du" || p == "d") || !markWords.has(st.norm(q.Start-2)) {
			continue
		}
		from := max(c.np.end, q.End)
		for k := from; k < s1 && k < from+6; k++ {
			w := st.norm(k)
			if modals.has(w) {
				c.kind = "" // "la barre des 500 morts pourrait être atteinte": a forecast
				break
			}
			if crossingWords.has(w) && w != "atteint" && w != "atteinte" {
				q.Low++
				q.HasHigh = false
				q.High = 0
				break
			}
			if st.toks[k].Kind == quantity.Punct || st.candAt[k] > 0 {
				break
			}
		}
	}
}

// frontedPredicate reads a participle put before its subject at the start of
// a sentence: "Arrêtés mercredi, six Géorgiens ont été condamnés",
// "Wounded in the blast, two soldiers were flown to the capital".
func (st *state) frontedPredicate(first int, cs []cand, s0, s1 int) {
	p := s0
	if st.norm(p) == "-" || st.norm(p) == "–" {
		p++
	}
	if p >= s1 || st.flags[p]&fPhrase == 0 {
		return
	}
	m, ok := matchPhrase(st.toks, p, st.lang, rAdj)
	if !ok || m.roles&(rParticiple|rAdj) == 0 || m.roles&rActive != 0 {
		return
	}
	// the participle's own phrase runs to the first comma, then comes the subject
	k := m.end
	for k < s1 && k < m.end+8 && st.toks[k].Kind != quantity.Punct && st.candAt[k] == 0 {
		k++
	}
	if k >= s1 || st.norm(k) != "," {
		return
	}
	k++
	if d := st.norm(k); d == "les" || d == "the" || d == "ces" || d == "these" {
		k++
	}
	if k >= s1 || st.candAt[k] == 0 || int(st.candAt[k]-1) < first {
		return
	}
	c := &cs[int(st.candAt[k]-1)-first]
	if !c.ok || c.kind != "" || c.ownPred || c.q.Article || c.np.nonPerson || !c.np.person && c.np.headKind == "" {
		return
	}
	c.kind, c.how, c.predEnd = m.kind, byPredAfter, m.end
}

// bringVerbs carry a running total: "portant le total à 45", "bringing the total to 45".
var bringVerbs = set(`portant porte portent porté portait bringing brings brought taking takes took raising raises raised pushing
pushes pushed élevant`)

// runningTotals reads "..., portant le total à 45" after a figure: the total
// has the kind of the figure before it in the sentence.
func (st *state) runningTotals(first, s0, s1 int) {
	for p := s0 + 2; p < s1; p++ {
		if st.flags[p]&fToll == 0 || !weakTolls.has(st.norm(p)) || !bringVerbs.has(st.norm(p-2)) {
			continue
		}
		if d := st.norm(p - 1); d != "le" && d != "the" && d != "son" && d != "its" {
			continue
		}
		k := p + 1
		if w := st.norm(k); w != "à" && w != "to" && w != "at" {
			continue
		}
		k++
		if k >= s1 || st.candAt[k] == 0 || int(st.candAt[k]-1) < first {
			continue
		}
		c := &st.cands[st.candAt[k]-1]
		if !c.ok || c.kind != "" || c.np.nonPerson {
			continue
		}
		for j := int(st.candAt[k]-1) - 1; j >= first; j-- {
			if o := &st.cands[j]; o.ok && o.kind != "" {
				c.kind, c.how = o.kind, byToll
				break
			}
		}
	}
}

// inheritPronouns gives a partitive pronoun with no predicate of its own
// ("five of them were later released", "trois d'entre eux") the kind of the
// figure it is a part of: the nearest one before it, in this sentence or the
// one before.
func (st *state) inheritPronouns(first int, cs []cand) {
	for i := range cs {
		c := &cs[i]
		if !c.ok || c.kind != "" || !c.np.pronoun || c.ownPred || c.q.Article {
			continue
		}
		si := st.sentOf[c.q.Start]
		for j := first + i - 1; j >= 0; j-- {
			o := &st.cands[j]
			if st.sentOf[o.q.Start] < si-1 {
				break
			}
			if !o.ok || o.kind == "" || o.parent >= 0 || o.np.pronoun {
				continue
			}
			if o.q.HasHigh && c.q.HasLow && c.q.Low > o.q.High {
				break // a part is never larger than its whole
			}
			c.kind, c.how, c.parent = o.kind, byPart, j
			break
		}
	}
}

// figureBefore reports a numeral figure with a kind earlier in the sentence.
func (st *state) figureBefore(first, ci int) bool {
	for j := first; j < ci; j++ {
		if o := &st.cands[j]; o.ok && o.kind != "" && !o.q.Article {
			return true
		}
	}
	return false
}

// bodyWords count the dead only with a numeral: "un corps" is the body of one
// person found, not a toll.
var bodyWords = set(`corps cadavre cadavres body bodies cuerpo leiche`)

func isPersonneWord(w string) bool {
	switch w {
	case "personne", "persona", "pessoa", "person", "victime", "víctima", "vittima", "opfer":
		return true
	}
	return false
}

// capsRatio is the share of all-capital words: headlines in capitals make
// acronym tests useless.
func (st *state) capsRatio(s0, s1 int) float64 {
	words, caps := 0, 0
	for i := s0; i < s1; i++ {
		t := &st.toks[i]
		if t.Kind != quantity.Word {
			continue
		}
		words++
		if t.AllCaps {
			caps++
		}
	}
	if words == 0 {
		return 0
	}
	return float64(caps) / float64(words)
}

func (st *state) norm(i int) string {
	if i < 0 || i >= len(st.toks) {
		return ""
	}
	return st.toks[i].Norm
}

// countsPeople rejects quantities that, by their form or context, are not head
// counts: ordinals, decimals, units, years, dates, times, money, ages, scores,
// identifiers (Zone 2, LBD 40, Covid-19) and compound modifiers (20-party).
func (st *state) countsPeople(c *cand, s0, s1 int, caps float64) bool {
	q := &c.q
	toks := st.toks
	if q.HasLow && q.Low <= 0 && (!q.HasHigh || q.High <= 0) || q.Stated == 0 {
		return false
	}
	if q.HasHigh && q.High <= 0 {
		return false
	}
	if q.Start > s0 && toks[q.Core].Norm == "one" && (st.norm(q.Start-1) == "no" || st.norm(q.Start-1) == "not") {
		return false // "no one was hurt"
	}
	if q.Ordinal || q.Decimal || q.Suffix != "" {
		return false
	}
	next := st.norm(q.End)
	prev := ""
	if q.Start > s0 {
		prev = st.norm(q.Start - 1)
	}
	core := &toks[q.Core]
	if q.Year {
		if _, ok := matchPhrase(toks, q.End, st.lang, rHead); !ok && !personNouns.has(next) {
			return false
		}
	}
	if currency.has(prev) || currency.has(next) {
		return false
	}
	// rates: "pour un million d'habitants", "per 100,000 people"
	if (prev == "pour" || prev == "per" || prev == "par") && (populationNouns.has(next) || st.norm(q.End+1) == "habitants" || isRound(q.Low)) {
		return false
	}
	// "sur les 2.500 passagers", "out of 300 people": the population, not the toll
	if _, head := matchPhrase(toks, q.End, st.lang, rHead); !head && q.Start-2 >= s0 && (prev == "les" && st.norm(q.Start-2) == "sur" || prev == "of" && st.norm(q.Start-2) == "out") {
		return false
	}
	if next == "%" || (next == "pour" || next == "per") && st.norm(q.End+1) == "cent" {
		return false
	}
	if q.Digits && q.Low <= 31 && (months.has(next) || months.has(prev)) {
		return false
	}
	// times: "16:40", "3 p.m."
	if q.Digits && q.End < s1 && (next == ":" || next == "h") && q.End+1 < len(toks) && toks[q.End+1].Kind == quantity.Number && !toks[q.End+1].SpaceBefore {
		return false
	}
	if next == "p" || next == "a" && st.norm(q.End+1) == "." && st.norm(q.End+2) == "m" {
		if q.Digits {
			return false
		}
	}
	// compound modifiers and scores: "20-party", "8-year-old", "4-3", "1-One"
	if q.End < len(toks) && (next == "-" || next == "–") && !toks[q.End].SpaceBefore && q.End+1 < len(toks) && !toks[q.End+1].SpaceBefore {
		if _, ok := matchPhrase(toks, q.End+1, st.lang, rHead|rAdj); !ok {
			return false
		}
	}
	// identifiers: "Covid-19", "Unit-3", "Zone 2", "LBD 40", "Europe 1" (but "en France 127 morts")
	_, countsHead := matchPhrase(toks, q.End, st.lang, rHead)
	if q.Start > s0 && !countsHead {
		p := &toks[q.Start-1]
		if (p.Norm == "-" || p.Norm == "–" || p.Norm == "/") && !core.SpaceBefore && q.Start-2 >= s0 && toks[q.Start-2].Kind == quantity.Word && !p.SpaceBefore {
			return false
		}
		if q.Digits && q.Start == q.Core {
			if idWords.has(p.Norm) && (p.Upper || caps < 0.5) {
				return false
			}
			if p.AllCaps && caps < 0.5 {
				return false
			}
			if p.Norm == "n" && q.Start-2 >= s0 && toks[q.Start-2].Norm == "°" {
				return false
			}
		}
	}
	// "19h30", "PK52": a number glued to a word or number before it
	if core.Kind == quantity.Number && !core.SpaceBefore && q.Core > s0 && (toks[q.Core-1].Kind == quantity.Number || toks[q.Core-1].Kind == quantity.Word) {
		return false
	}
	// ages: "aged 54", "âgé de 86 ans", "at the age of 54", "Mazid Uddin, 45, an activist"
	if ageWords.has(prev) {
		return false
	}
	// "aged 25 and 31": the second age of a list
	for k := q.Start - 1; k >= s0 && k >= q.Start-8; k-- {
		w := toks[k].Norm
		if w == "," || w == "et" || w == "and" || w == "ou" || w == "or" || w == "y" || w == "und" || toks[k].Kind == quantity.Number {
			continue
		}
		if k < q.Start-1 && (ageWords.has(w) || (w == "de" || w == "of") && ageWords.has(st.norm(k-1))) {
			return false
		}
		break
	}
	// "âgés de 36, 41 et 45 ans", "aged 22 and 45": a list of numbers ending in an age unit
	if q.Digits {
		for k := q.End; k < s1 && k < q.End+8; k++ {
			w := toks[k].Norm
			if w == "," || w == "et" || w == "and" || w == "ou" || w == "or" || w == "y" || w == "und" || toks[k].Kind == quantity.Number {
				continue
			}
			if k > q.End && (w == "ans" || w == "years" || w == "años" || w == "jahre" || w == "anos" || w == "anni") {
				return false
			}
			break
		}
	}
	if (prev == "de" || prev == "of") && q.Start-2 >= s0 && ageWords.has(st.norm(q.Start-2)) {
		return false
	}
	if q.Digits && q.Low <= 120 && prev == "," && q.Start-2 >= s0 {
		pp := &toks[q.Start-2]
		// "Jeromy Craft, 25, was booked", "The victim, 24, was taken"
		if (pp.Kind == quantity.Word || pp.Norm == ")") && (next == "," || next == ")" || next == "." || next == "") ||
			pp.Upper && pp.Kind == quantity.Word && (next == "and" || next == "et") {
			return false
		}
	}
	return true
}

var prepositions = set(`in on at from with by for to into near after before during since until under over against between
among dans à au aux en sur par pour avec du des sans chez vers contre entre depuis pendant lors selon après avant
a al del con por para sobre im am auf mit für bei nach vor zu em no na com sem per su da dal nel sul de of d von di`)

var determiners = set(`the a an le la les l un une des his her their its our my your sa son ses leur leurs ce cet cette ces
el los las der die das den dem o os as il lo gli`)

// nounPhrase reads what a quantity counts: "five suspected militants",
// "des dizaines de milliers de Syriens", "quatre de ses collègues", "two of them".
func (st *state) nounPhrase(first int, c *cand, s1 int) nounPhrase {
	toks := st.toks
	np := nounPhrase{groupTok: -1, inner: -1}
	k := c.q.End
	// "à 75 le nombre de femmes mortes", "to 40 the number of dead"
	if k+2 < s1 && (st.norm(k) == "le" || st.norm(k) == "the") && (st.norm(k+1) == "nombre" || st.norm(k+1) == "bilan" || st.norm(k+1) == "number" || st.norm(k+1) == "total") && ofWords.has(st.norm(k+2)) {
		k += 3
		if k < s1 && (st.norm(k) == "des" || st.norm(k) == "les") {
			k++
		}
		np.prepOK = true
	}
	if k < s1 && ofWords.has(toks[k].Norm) && k+1 < s1 {
		nx := k + 1
		switch {
		case st.candAt[nx] > 0 && int(st.candAt[nx]-1) >= first:
			// "un des deux kayakistes", "Deux des trois victimes"
			in := int(st.candAt[nx] - 1)
			inner := &st.cands[in]
			np.partitive = true
			np.inner = in
			np.end = inner.np.end
			np.person, np.nonPerson, np.group, np.groupTok = inner.np.person, inner.np.nonPerson, inner.np.group, inner.np.groupTok
			if inner.np.headKind != "" {
				np.person = true
				np.end = inner.np.headEnd
			}
			// the inner noun's own adjective ("deux kayakistes disparus") is not this one's predicate
			if m, ok := matchPhrase(toks, np.end, st.lang, rAdj); ok && m.end-m.start == 1 {
				np.end = m.end
			}
			return np
		case contractedOf.has(toks[k].Norm) && toks[nx].Kind == quantity.Word && (st.candAt[nx] == 0 || int(st.candAt[nx]-1) < first):
			// "40 dos presos", "deux des balustrades": of + the, then the group noun
			np.partitive = true
			w := toks[nx].Norm
			np.groupTok, np.end = nx, nx+1
			switch {
			case personNouns.has(w):
				np.person, np.group = true, w
			case nonPersonNouns.has(w):
				np.nonPerson = true
			default:
				if _, isPred := matchPhrase(toks, nx, st.lang, rAdj|rHead); isPred || toks[nx].Upper {
					np.person, np.group = true, w
				}
			}
			return np
		case partitiveDets.has(toks[nx].Norm):
			np.partitive = true
			w := toks[nx].Norm
			switch w {
			case "them", "those", "whom", "us", "eux", "elles", "lesquels", "lesquelles", "ellos", "ellas", "ihnen", "loro", "eles", "elas":
				np.pronoun = true
				np.person = true
				np.group = "people"
				np.end = nx + 1
				return np
			case "entre":
				if nx+1 < s1 {
					np.pronoun, np.person, np.group, np.end = true, true, "people", nx+2
					return np
				}
			}
			k = nx + 1
			if k < s1 && toks[k].Kind == quantity.Word && (st.candAt[k] == 0 || int(st.candAt[k]-1) < first) {
				// "40 de los presos", "two of the injured": the word after the
				// determiner is the group, even when it could be a predicate
				if _, isPred := matchPhrase(toks, k, st.lang, rAdj|rHead); isPred {
					np.person, np.group, np.groupTok, np.end = true, toks[k].Norm, k, k+1
					return np
				}
			}
			if k < s1 && st.candAt[k] > 0 && int(st.candAt[k]-1) >= first {
				// "quatre de ses trois ..." rare: treat like the inner case
				in := int(st.candAt[k] - 1)
				np.inner = in
				np.end = st.cands[in].np.end
				np.person = st.cands[in].np.person
				return np
			}
		case c.q.Vague || c.q.Low >= 1000000 || isScaleTok(st.norm(c.q.End-1)):
			k = nx
			if k < s1 && (toks[k].Norm == "los" || toks[k].Norm == "las") {
				k++
			}
		}
	}
	others := false
	for k < s1 {
		w := toks[k].Norm
		if modifiers.has(w) {
			if w == "others" || w == "autres" || w == "otros" || w == "otras" || w == "altri" || w == "outros" {
				others = true
			}
			k++
			continue
		}
		if w == "de" && st.norm(k+1) == "plus" {
			k += 2
			continue
		}
		break
	}
	if m, ok := matchPhrase(toks, k, st.lang, rHead); ok {
		np.headKind = m.kind
		np.headEnd = m.end
		np.end = m.end
		if np.group == "" {
			np.group = "people"
		}
		// "neuf morts de moins qu'en 2018": a difference, not a toll
		if n1, n2 := st.norm(m.end), st.norm(m.end+1); (n1 == "de" || n1 == "en") && (n2 == "moins" || n2 == "plus" && st.comparisonAfter(m.end+2, s1)) || n1 == "fewer" || n1 == "less" {
			np.headKind = ""
			np.nonPerson = true
			return np
		}
		// "600 cadavres de cétacés": the dead are animals
		if m.end+1 < s1 && ofWords.has(st.norm(m.end)) && nonPersonNouns.has(st.norm(m.end+1)) {
			np.headKind = ""
			np.nonPerson = true
			return np
		}
		// trailing adjectives: "trois blessés graves", "48 décès supplémentaires"
		for np.end < s1 && (modifiers.has(st.norm(np.end)) || st.norm(np.end) == "graves" || st.norm(np.end) == "légers") {
			np.end++
		}
		return np
	}
	j, n := k, 0
	weak := false
	for j < s1 && n < 6 {
		t := &toks[j]
		if t.Kind == quantity.Punct {
			switch t.Norm {
			case "[", "(":
				close := "]"
				if t.Norm == "(" {
					close = ")"
				}
				e := j + 1
				for e < s1 && e < j+12 && toks[e].Norm != close {
					e++
				}
				if e < s1 && toks[e].Norm == close && n > 0 {
					j = e + 1
					continue
				}
			case "-", "–":
				if !t.SpaceBefore && j+1 < s1 && !toks[j+1].SpaceBefore && n > 0 {
					j++
					continue
				}
			case "\"", "“", "”", "«", "»", "'", "’":
				if n == 0 {
					j++
					continue
				}
			}
			break
		}
		if t.Kind == quantity.Number {
			if j+1 < s1 && toks[j+1].Norm == "-" && !toks[j+1].SpaceBefore {
				j += 2
				continue
			}
			break
		}
		w := t.Norm
		if auxiliaries.has(w) || relatives.has(w) || prepositions.has(w) || determiners.has(w) || stops.has(w) || w == "and" || w == "et" || w == "y" || w == "und" || w == "or" || w == "ou" {
			break
		}
		if len(w) > 5 && (strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ment")) && !personNouns.has(w) {
			break // adverb: "one critically", "dont deux grièvement"
		}
		if _, ok := matchPhrase(toks, j, st.lang, rAdj); ok {
			break
		}
		switch {
		case personNouns.has(w):
			np.person = true
			np.group = w
			np.groupTok = j
		case nonPersonNouns.has(w):
			if !np.person {
				np.nonPerson = true
			}
		case t.Upper && !np.nonPerson:
			// demonyms and proper nouns after a number are people: "deux Canadiens", "575 CITU"
			if np.group == "" {
				np.group = w
				np.groupTok = j
			}
			weak = true
		}
		j++
		n++
	}
	np.end = j
	if weak && !np.person && !np.nonPerson {
		np.person = true
	}
	if others && n == 0 {
		np.person, np.group = true, "people"
	}
	return np
}

// resultVerbs put a quantity in a resulting state: "left 8,000 people homeless".
var resultVerbs = set(`left leaving leaves leave made making rendered rendering`)

// resultVerbBefore finds a result verb shortly before token i, in the same
// clause: "left 300 dead and 10,000 homeless".
func (st *state) resultVerbBefore(i, s0 int) bool {
	for k := i - 1; k >= s0 && k >= i-8; k-- {
		if resultVerbs.has(st.toks[k].Norm) {
			return true
		}
		if t := &st.toks[k]; t.Kind == quantity.Punct && t.Norm != "," {
			return false
		}
	}
	return false
}

// comparisonAfter reports a comparison ("qu'en 2018", "que l'an dernier",
// "par rapport à") shortly after token i: "deux morts de plus qu'en 2018" is
// a difference, "un mort de plus" or "huit morts de plus en 24 heures" a toll.
func (st *state) comparisonAfter(i, s1 int) bool {
	for k := i; k < s1 && k < i+3; k++ {
		switch st.norm(k) {
		case "que", "qu", "than":
			return true
		case "par":
			if st.norm(k+1) == "rapport" {
				return true
			}
		}
	}
	return false
}

var populationNouns = set(`habitants inhabitants residents people personnes capita population habitant`)

func isRound(v int64) bool {
	for p := int64(100); p <= 1e9; p *= 10 {
		if v == p {
			return true
		}
	}
	return false
}

// subjectPronouns (and definite determiners) after a comma start another
// clause; an indefinite one starts an apposition (", a 24-year-old man,").
var subjectPronouns = set(`il ils elle elles on tous toutes he she they we it le la les l the ce cet cette ces his her their
its leur leurs sa son ses`)

// contractedOf are "of the" in one word.
var contractedOf = set(`dos das del dei degli delle della do da des du`)

func isScaleTok(w string) bool {
	switch w {
	case "million", "millions", "milliard", "milliards", "billion", "mille", "thousand", "millones", "millionen", "milioni", "milhões":
		return true
	}
	return false
}

// modalBefore reports a forecast or fear word shortly before token i (a
// predicate: "could kill", "craignent le décès de").
func (st *state) modalBefore(i, s0 int) bool {
	return st.modalWithin(i, s0, 6)
}

// modalBeforeQ is the same before a quantity, over a shorter reach: "could
// reach 150,000 deaths", but not "devrait rendre hommage aux 13 soldats décédés".
func (st *state) modalBeforeQ(i, s0 int) bool {
	return st.modalWithin(i, s0, 3)
}

func (st *state) modalWithin(i, s0, n int) bool {
	for k := i - 1; k >= s0 && k >= i-n; k-- {
		if modals.has(st.toks[k].Norm) {
			return true
		}
	}
	return false
}

func (st *state) negatedBefore(i, lo int) bool {
	for k := i - 1; k >= lo && k >= i-3; k-- {
		if negations.has(st.toks[k].Norm) {
			return true
		}
	}
	return false
}

var avoirForms = set(`a ont avait avaient aurait auraient ayant avoir avons aura auront eu`)
var passiveAux = set(`was were been be being is are got get gets été`)

// isActive reports whether the participle at m is an active verb form: "a tué",
// "ont blessé", "killed five" (with an object after and no passive auxiliary).
func (st *state) isActive(m match, s0, s1 int, first int) bool {
	if m.roles&rActive != 0 {
		return true
	}
	if m.roles&rParticiple == 0 {
		return m.roles&rTrans != 0
	}
	toks := st.toks
	for k := m.start - 1; k >= s0 && k >= m.start-3; k-- {
		w := toks[k].Norm
		if passiveAux.has(w) {
			return false
		}
		if avoirForms.has(w) {
			return true
		}
	}
	if st.lang&quantity.EN == 0 {
		return false
	}
	// English: "killed five", "killed the", "arrested 30"
	if m.end < s1 {
		nx := m.end
		for nx < s1 && (timeWords.has(toks[nx].Norm) || toks[nx].Norm == "on" && timeWords.has(st.norm(nx+1))) {
			nx++
		}
		if nx < s1 {
			w := toks[nx].Norm
			if st.candAt[nx] > 0 && int(st.candAt[nx]-1) >= first {
				return true
			}
			if determiners.has(w) && w != "a" && w != "an" || w == "him" || w == "her" || w == "them" {
				return true
			}
		}
	}
	return false
}

// predicatesBefore links verbs and nouns to the quantity after them: "killing
// 60", "a tué quatre de ses collègues", "la mort de quatre personnes".
func (st *state) predicatesBefore(first, s0, s1 int) {
	toks := st.toks
	for p := s0; p < s1; p++ {
		if st.flags[p]&fPhrase == 0 {
			continue
		}
		m, ok := matchPhrase(toks, p, st.lang, rTrans|rNounOf|rParticiple)
		if !ok {
			continue
		}
		if m.roles&rNounOf == 0 && !st.isActive(m, s0, s1, first) {
			continue
		}
		if m.roles&rNounOf != 0 && m.roles&(rTrans|rParticiple) != 0 && !st.isActive(m, s0, s1, first) {
			// "killing" as a noun without "of": fall through to the noun-of rule only
			if st.norm(m.end-1) != "of" && st.norm(m.end-1) != "de" {
				continue
			}
		}
		if st.modalBefore(m.start, s0) || st.negatedBefore(m.start, s0) {
			continue
		}
		if p > s0 && determiners.has(st.norm(p-1)) && st.norm(p-1) != "a" && m.roles&rNounOf == 0 {
			continue // "the killing", "la mort": a noun, not a verb
		}
		gap := 0
		for k := m.end; k < s1 && gap <= 3; {
			t := &toks[k]
			w := t.Norm
			// a place between the verb and its object: "a tué vendredi à Munich 9 personnes"
			if (w == "à" || w == "in" || w == "en" || w == "at" || w == "au" || w == "dans") && k+1 < s1 && toks[k+1].Upper && toks[k+1].Kind == quantity.Word {
				k += 2
				for k < s1 && toks[k].Upper && toks[k].Kind == quantity.Word {
					k++
				}
				continue
			}
			if w == "by" || w == "par" || w == "por" || w == "von" || w == "da" || w == "pelo" || w == "pela" {
				break
			}
			if st.candAt[k] > 0 && int(st.candAt[k]-1) >= first {
				ci := int(st.candAt[k] - 1)
				c := &st.cands[ci]
				if !c.ok {
					if c.np.nonPerson || c.q.Year || c.q.Suffix != "" {
						k = max(c.np.end, c.q.End)
						gap++
						continue
					}
					break
				}
				if c.kind != "" {
					break
				}
				if c.np.headKind != "" && c.np.headKind != m.kind && c.np.headKind != proto.KindKidnapped {
					break // "hostages" killed are killed
				}
				if m.roles&rPersonOnly != 0 && !c.np.person && c.np.headKind == "" {
					break
				}
				c.kind, c.how, c.predEnd = m.kind, byPredBefore, m.end
				break
			}
			if t.Kind == quantity.Punct && w != "\"" && w != "“" && w != "«" {
				break
			}
			if !(timeWords.has(w) || st.lang&quantity.AR != 0 && t.Kind == quantity.Word && w[0] >= 0xD8 && gap == 0 || w == "also" || w == "également" || w == "aussi" || w == "gravement" || w == "grièvement" ||
				w == "légèrement" || w == "seriously" || w == "critically" || w == "at" || w == "least" || w == "the" ||
				w == "les" || w == "en" || w == "in" || w == "on" || w == "ainsi" || w == "des" || w == "some" || w == "respectively" ||
				w == "a" && st.lang&(quantity.ES|quantity.PT|quantity.IT) != 0 ||
				len(w) > 6 && strings.HasSuffix(w, "ment") && t.Kind == quantity.Word) {
				// a French adverb may sit between verb and object: "a tué volontairement dix personnes"
				break
			}
			k++
			gap++
		}
	}
}

// tolls reads "death toll rose to 40", "portant le bilan des morts à 6.733".
func (st *state) tolls(first, s0, s1 int) {
	toks := st.toks
	for p := s0; p < s1; p++ {
		if st.flags[p]&fToll == 0 {
			continue
		}
		kind := proto.KindKilled
		if weakTolls.has(toks[p].Norm) {
			kind = ""
		}
		for k := p + 1; k < s1 && k <= p+10; k++ {
			if toks[k].Kind == quantity.Punct && toks[k].Norm != ":" && toks[k].Norm != "\"" {
				break
			}
			if m, ok := matchPhrase(toks, k, st.lang, rHead); ok {
				kind = m.kind
			}
			if kind == "" && k > p+3 {
				break
			}
			if st.candAt[k] == 0 || int(st.candAt[k]-1) < first {
				continue
			}
			c := &st.cands[st.candAt[k]-1]
			if !c.ok || c.kind != "" || c.np.headKind != "" || c.np.nonPerson {
				break
			}
			prev := st.norm(c.q.Start - 1)
			switch prev {
			case "to", "at", "of", "à", "de", ":", "est", "is", "was", "a", "hit", "reached", "atteint", "stands", "stood", "ist", "es", "en", "on":
				if kind != "" && !st.modalBefore(p, s0) {
					c.kind, c.how = kind, byToll
				}
			}
			break
		}
	}
}

// predicateAfter looks for a predicate after the quantity and its noun:
// "two policemen were killed", "3 killed", "qui ont été blessés".
func (st *state) predicateAfter(first, ci int, s0, s1 int) {
	toks := st.toks
	c := &st.cands[ci]
	start := max(c.np.end, c.q.End)
	limit := min(s1, start+18)
	prepQ := false
	pi := c.q.Start - 1
	if c.q.Vague && (st.norm(pi) == "des" || st.norm(pi) == "les" || st.norm(pi) == "de" || st.norm(pi) == "d") {
		pi-- // "des dizaines de": an article, not a preposition
	}
	if pi >= s0 && prepositions.has(st.norm(pi)) && !c.np.prepOK {
		prepQ = true
	}
	content, words := 0, 0
	relative := false
	otherRel := -1
	for k := start; k < limit; k++ {
		t := &toks[k]
		w := t.Norm
		if t.Kind == quantity.Punct {
			switch w {
			case ".", ";", ":", "!", "?", "|":
				return
			case ",":
				// a new clause with its own subject: ", tous les clients ont été évacués"
				nx := st.norm(k + 1)
				if subjectPronouns.has(nx) {
					return
				}
				// an apposition: ", a 24-year-old man and a 22-year-old woman," is skipped whole
				if nx == "a" || nx == "an" || nx == "un" || nx == "une" || k+1 < s1 && toks[k+1].Kind == quantity.Number {
					e := k + 1
					for e < s1 && e < k+16 && toks[e].Norm != "," && !stops.has(toks[e].Norm) {
						if _, isPred := matchPhrase(toks, e, st.lang, rAdj); isPred && st.flags[e]&fPhrase != 0 {
							break
						}
						e++
					}
					if e < s1 && toks[e].Norm == "," {
						k = e
						limit = min(s1, max(limit, e+12))
					}
				}
			}
			continue
		}
		words++
		if words > 15 {
			return
		}
		if stops.has(w) || negativeSubjects.has(w) || w == "no" && st.norm(k+1) == "one" {
			return
		}
		if st.candAt[k] > 0 && int(st.candAt[k]-1) >= first {
			oi := int(st.candAt[k] - 1)
			o := &st.cands[oi]
			if o.parent == ci {
				// "Plus de 30 personnes, dont 10 ont été éborgnées, ont été
				// blessées": skip the part's own clause, up to its comma
				e := k + 1
				for e < limit && toks[e].Norm != "," {
					e++
				}
				if e < limit {
					k = e
					continue
				}
			}
			if o.ok && !(o.q.Article && o.np.headKind == "") {
				c.stopAt = oi
				return
			}
			k = max(o.q.End, o.np.end) - 1
			content++
			continue
		}
		if relatives.has(w) {
			if content > 0 {
				// "... leurs agresseurs qui fuyaient": the verb right after is about another noun
				otherRel = k
			} else {
				relative = true
			}
		}
		var m match
		ok := false
		if st.flags[k]&fPhrase != 0 {
			m, ok = matchPhrase(toks, k, st.lang, rAdj)
		}
		if !ok {
			if !auxiliaries.has(w) {
				content++
			}
			continue
		}
		if k > start && determiners.has(st.norm(k-1)) {
			// "la mort de", "the dead": a noun here, not a predicate
			continue
		}
		if otherRel >= 0 && k-otherRel <= 3 {
			continue
		}
		if m.end-m.start == 1 && st.norm(m.start) == "homeless" && !st.resultVerbBefore(c.q.Start, s0) {
			continue // "5,000 homeless people" live in the streets; "left 5,000 homeless" lost their homes
		}
		c.ownPred = true
		if m.kind == proto.KindDisplaced && c.np.groupTok >= 0 && perpetrators.has(toks[c.np.groupTok].Norm) {
			return // "two suspects fled"
		}
		bare := c.np.end == c.q.End && c.np.groupTok < 0 && !c.np.pronoun
		if m.roles&rPersonOnly != 0 && !c.np.person && !bare {
			return
		}
		if m.roles&rNeedsNoun != 0 && (bare || c.np.nonPerson) {
			return
		}
		if st.singularMismatch(c, m) {
			continue // "les deux aînés du rockeur mort": the participle agrees with another noun
		}
		if m.roles&rIllnessBlocked != 0 && st.isSick() {
			return
		}
		if p1 := st.norm(m.start - 1); p1 == "se" || (p1 == "sont" || p1 == "est" || p1 == "étaient") && (st.norm(m.start-2) == "se" || st.norm(m.start-2) == "s") {
			continue // reflexive: "se sont déplacés aux guichets" is going somewhere
		}
		if st.isActive(m, s0, s1, first) {
			return // the quantity is the agent: "deux hommes ont tué un policier"
		}
		if st.negatedBefore(m.start, start) {
			return
		}
		if st.modalBefore(m.start, c.q.Start) || st.modalBeforeQ(c.q.Start, s0) {
			return
		}
		if prepQ && content > 1 && !relative {
			return
		}
		c.kind, c.how, c.predEnd = m.kind, byPredAfter, m.end
		return
	}
}

// singularMismatch reports a singular verb or participle after a plural
// quantity ("père de cinq enfants, a été arrêté"): it agrees with another noun.
func (st *state) singularMismatch(c *cand, m match) bool {
	if !c.q.Vague && c.q.Low < 2 || c.q.Article {
		return false
	}
	for k := m.start - 1; k >= m.start-3 && k > c.q.End; k-- {
		w := st.norm(k)
		if w == "été" || w == "been" || auxiliaries.has(w) && (w == "also" || w == "également" || w == "aussi" || w == "déjà" || w == "toujours" || w == "encore" || w == "later" || w == "reportedly" || w == "allegedly") ||
			strings.HasSuffix(w, "ment") || w == "tous" || w == "toutes" || w == "ensuite" || w == "alors" || w == "ainsi" {
			continue
		}
		switch w {
		case "a", "est", "était", "avait", "aurait", "sera", "fut", "was", "is", "has":
			return true
		case "ont", "sont", "étaient", "avaient", "auraient", "seront", "furent", "were", "are", "have", "had":
			return false
		}
		break
	}
	if m.end-m.start != 1 || st.lang&quantity.FR == 0 || st.lang == quantity.AllLangs {
		return false
	}
	w := st.toks[m.start].Norm
	last := w[len(w)-1]
	return last != 's' && last != 'x' && !strings.HasSuffix(w, "ent")
}

// partsOf marks quantities introduced by "dont", "including", "parmi
// lesquels": they are parts of the figure before them.
func (st *state) partsOf(first int, cs []cand) {
	for i := range cs {
		c := &cs[i]
		if i == 0 {
			continue
		}
		s := c.q.Start
		w1, w2 := st.norm(s-1), st.norm(s-2)
		isPart := partOfWords.has(w1) || (w1 == "lesquels" || w1 == "lesquelles" || w1 == "eux" || w1 == "elles" || w1 == "them" || w1 == "whom") && (w2 == "parmi" || w2 == "among" || w2 == "dont")
		if !isPart || s-1 < c.s0 {
			continue
		}
		if w1 == "dont" && st.norm(s-2) != "," && !(s-2 >= 0 && st.toks[s-2].Kind == quantity.Word) {
			continue
		}
		// the whole is the nearest quantity before, within the sentence
		pi := i - 1
		for pi >= 0 && (cs[pi].np.inner == first+i || cs[pi].q.Article && cs[pi].np.headKind == "") {
			pi--
		}
		if pi < 0 || s-cs[pi].q.End > 25 {
			continue
		}
		p := &cs[pi]
		if !p.ok {
			if c.np.headKind == "" {
				c.ok = false // "500 chiots, dont 38 étaient morts"
			}
			continue
		}
		c.parent = first + pi
		c.inList = true
		// list continues: "dont 11 retraités, 9 en activité et un en cumul"
		for j := i + 1; j < len(cs); j++ {
			n := &cs[j]
			sep := st.norm(n.q.Start - 1)
			if !(sep == "," || sep == "et" || sep == "and" || sep == "y" || sep == "und" || sep == "e") || n.q.Start-cs[j-1].q.End > 6 {
				break
			}
			if n.np.headKind != "" && c.np.headKind != "" && n.np.headKind != c.np.headKind {
				break
			}
			n.parent = first + pi
			n.inList = true
		}
	}
}

// shared resolves quantities that got no predicate of their own: parts
// inherit their whole's kind; "six touristes et deux Nigériens tués" share
// the predicate after the last; "4 were killed in X, 3 in Y" continue a list.
func (st *state) shared(first int, cs []cand) {
	for i := range cs {
		c := &cs[i]
		if !c.ok {
			continue
		}
		if c.kind == "" && c.parent >= 0 {
			p := &st.cands[c.parent]
			if p.kind != "" && (c.np.person || c.np.pronoun || !c.np.nonPerson) {
				c.kind, c.how = p.kind, byPart
			}
		}
	}
	for i := len(cs) - 1; i >= 0; i-- {
		c := &cs[i]
		if !c.ok || c.kind != "" || c.stopAt < 0 {
			continue
		}
		o := &st.cands[c.stopAt]
		sep := st.norm(o.q.Start - 1)
		// "Three soldiers among 10 killed": a part of the next figure
		if o.kind != "" && (sep == "among" || sep == "parmi" || sep == "entre") && o.q.Start-1 == max(c.np.end, c.q.End) && (o.how == byPredAfter || o.how == byHead) {
			c.kind, c.how, c.parent = o.kind, byShared, c.stopAt
			continue
		}
		if o.kind == "" || (o.how != byPredAfter && o.how != byShared) {
			continue
		}
		// a comma coordinates only at the start of a clause: "Two soldiers, three rebels killed"
		clauseStart := c.q.Start == c.s0 || st.toks[c.q.Start-1].Kind == quantity.Punct
		if !(sep == "and" || sep == "et" || sep == "y" || sep == "und" || sep == "e" || sep == "," && clauseStart) {
			continue
		}
		// only the noun (and a French adjective after it) between: "six touristes français et deux Nigériens tués"
		end := c.q.End
		if c.np.groupTok >= 0 {
			end = c.np.groupTok + 1
		}
		gap := o.q.Start - 1 - end
		if gap == 0 || gap == 1 && st.lang&quantity.FR != 0 && adjectiveLike(st.norm(end)) {
			c.kind, c.how = o.kind, byShared
		}
	}
	for i := range cs {
		c := &cs[i]
		if !c.ok || c.kind != "" || i == 0 || c.np.nonPerson || c.ownPred {
			continue
		}
		sep := st.norm(c.q.Start - 1)
		if sep == "and" && st.norm(c.q.Start-2) == "," {
			sep = ","
		}
		if !(sep == "," || sep == "and" || sep == "et" || sep == "y" || sep == "und") {
			continue
		}
		p := &cs[i-1]
		if p.kind == "" || p.predEnd == 0 || c.q.Start-p.predEnd > 8 {
			continue
		}
		// only bare or person quantities with no verb of their own: "3 in
		// Banaskantha", not "et 202 ont fait l'objet de ..."
		if after := st.norm(max(c.np.end, c.q.End)); auxiliaries.has(after) || passiveAux.has(after) || avoirForms.has(after) {
			continue
		}
		if c.np.headKind == "" && (c.np.end == c.q.End || c.np.person) {
			c.kind, c.how, c.predEnd = p.kind, byShared, max(c.np.end, c.q.End)
		}
	}
}
