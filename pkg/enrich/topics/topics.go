// Package topics classifies dispatches into IPTC Media Topics, the
// vocabulary newsrooms use to say what a story is about: the top level
// ("conflict, war and peace", "health", …) and the second level ("act of
// terror", "diseases and conditions", …), each with a confidence.
//
// No trained model is available offline, so classification is a weighted
// lexicon of cue words and phrases per second-level topic, in French,
// English, Spanish, German, Portuguese and Italian (lexicon.txt). Words are
// compared case- and accent-folded; headline words count double, because a
// wire headline names the subject while the body wanders.
//
// Classify runs on every dispatch, so the lexicon is indexed once, at
// start-up, by whole first words and by the first four bytes of stems, and
// a dispatch is folded into pooled buffers: it allocates only its result.
// ClassifyFolded takes a dispatch already folded (story.FoldDispatch), as
// the enricher folds each dispatch once for its topics and its story.
package topics

import (
	_ "embed"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/newswire/newswire/pkg/story/fold"
	"github.com/newswire/newswire/proto"
)

// Scheme is the prefix of IPTC Media Topic QCodes.
const Scheme = "medtop:"

// Bounds on the work per dispatch: the lede and first paragraphs carry the
// subject, and untrusted bodies can be arbitrarily long.
const (
	maxHeadlineWords = 64
	maxBodyWords     = 600
	maxBodyBytes     = 16 << 10 // well over maxBodyWords words; spares folding the rest
)

// Scoring constants. prior damps the confidence of thin evidence (one cue
// word is not a classification); minConfidence and maxTop bound the output.
const (
	headlineWeight = 2.0
	prior          = 3.0
	minConfidence  = 0.2
	maxTop         = 3
)

//go:embed lexicon.txt
var lexiconText string

var lex = mustParse(lexiconText)

// Classify returns the IPTC Media Topics of a dispatch: up to three
// top-level topics, most confident first, each followed by its best
// second-level topic. lang is a BCP 47 tag ("fr", "en-GB"); cues of other
// languages are ignored when it is one of the lexicon's languages, and all
// cues are used otherwise. It returns nil when no topic is confident enough.
func Classify(headline, body, lang string) []proto.Topic {
	return ClassifyFolded(fold.Part{Text: headline}, fold.Part{Text: body}, lang)
}

// ClassifyFolded is Classify on a headline and a body already folded (by
// story.FoldDispatch, which the enricher folds each dispatch with once for
// its topics and its story): the same topics, without folding again. A
// part without folded bytes (Folded nil) or without the hash of each word
// is folded here.
func ClassifyFolded(headline, body fold.Part, lang string) []proto.Topic {
	sc := scratchPool.Get().(*scratch)
	l := lex.langIndex(primaryLang(lang))
	sc.countFolded(lex, headline, maxHeadlineWords, true, l)
	sc.countFolded(lex, body, maxBodyWords, false, l)
	lex.weigh(sc)
	out := sc.topics()
	scratchPool.Put(sc)
	return out
}

func primaryLang(tag string) string {
	// Cut before lowering: a tag like "en-GB" then costs no allocation.
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}

// scratch is the working memory of one classification. It is pooled: the
// slices grow to a dispatch's size once and are reused, and every counter
// is back to zero when a classification ends.
type scratch struct {
	folded []byte // folded text of the headline, then of the body
	words  []fold.Span
	hashes []uint64 // by words index
	tally
	evidence []float64 // by subTopics index
	found    []uint64  // bit i%64 of found[i/64]: some cue counted for subTopics[i]
	top      []float64 // by topTopics index
	best     []int     // by topTopics index: best second-level topic, -1 for none
	ranked   []int     // topTopics indexes confident enough, best first
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{
		tally:    tally{head: make([]int32, len(lex.terms)), body: make([]int32, len(lex.terms))},
		evidence: make([]float64, len(subTopics)),
		found:    make([]uint64, (len(subTopics)+63)/64),
		top:      make([]float64, len(topTopics)),
		best:     make([]int, len(topTopics)),
	}
}}

// tally counts the hits of every term, in the headline and in the body.
type tally struct {
	head, body []int32 // by term index
	hit        []int32 // terms with hits, in the order of their first hit
	inHead     bool    // whether hits now are in the headline
}

func (c *tally) add(term int32) {
	if c.head[term] == 0 && c.body[term] == 0 {
		c.hit = append(c.hit, term)
	}
	if c.inHead {
		c.head[term]++
	} else {
		c.body[term]++
	}
}

// weigh turns the hits counted in sc into evidence per second-level
// topic, and clears the counts.
func (l *lexicon) weigh(sc *scratch) {
	// Evidence adds up in the order the cues first appear, so that sums
	// (and so a tie between topics, or a confidence right at minConfidence)
	// come out the same on every call, as they did not when they added up
	// in map order.
	for _, ti := range sc.hit {
		t := &l.terms[ti]
		// A cue repeated through the body adds less and less: the tenth
		// "police" says little more than the third.
		ev := repeatEvidence(sc.body[ti])
		if sc.head[ti] > 0 {
			ev += headlineWeight
		}
		sc.evidence[t.topic] += t.weight * ev
		sc.found[t.topic/64] |= 1 << (t.topic % 64)
		sc.head[ti], sc.body[ti] = 0, 0
	}
	sc.hit = sc.hit[:0]
}

// repeatEvidence is the evidence of a cue found n times in the body:
// log2(1+n), from a table for the counts a body usually has.
func repeatEvidence(n int32) float64 {
	if n >= 0 && int(n) < len(log2OnePlus) {
		return log2OnePlus[n]
	}
	return math.Log2(1 + float64(n))
}

// log2OnePlus holds math.Log2(1+n) for n < 64: the same values, without
// the call.
var log2OnePlus = func() (t [64]float64) {
	for n := range t {
		t[n] = math.Log2(1 + float64(n))
	}
	return t
}()

// foundTopics calls f with the index of each subtopic some cue counted
// for, in index order.
func (sc *scratch) foundTopics(f func(i int)) {
	for w, set := range sc.found {
		for set != 0 {
			f(w*64 + bits.TrailingZeros64(set))
			set &= set - 1
		}
	}
}

// count folds text, up to maxBodyBytes bytes and maxWords words, and
// counts the terms it matches; lang is an index of lex.langs.
func (sc *scratch) count(l *lexicon, text string, maxWords int, inHead bool, lang uint8) {
	if len(text) > maxBodyBytes {
		text = text[:maxBodyBytes] // a split rune only ends the last word early
	}
	sc.folded, sc.words, sc.hashes = fold.AppendWords(sc.folded[:0], sc.words[:0], sc.hashes[:0], text, maxWords)
	sc.inHead = inHead
	l.match(sc.words, sc.hashes, sc.folded, lang, &sc.tally)
}

// countFolded is count on a text already folded whole: its first maxWords
// words are those count folds, unless the text is cut at maxBodyBytes (or
// was not folded).
func (sc *scratch) countFolded(l *lexicon, pt fold.Part, maxWords int, inHead bool, lang uint8) {
	if len(pt.Text) > maxBodyBytes || pt.Folded == nil || len(pt.Hashes) != len(pt.Words) {
		sc.count(l, pt.Text, maxWords, inHead, lang)
		return
	}
	sc.inHead = inHead
	n := min(len(pt.Words), maxWords)
	l.match(pt.Words[:n], pt.Hashes[:n], pt.Folded, lang, &sc.tally)
}

// topics turns the evidence in sc into ranked topics with confidences, and
// clears it.
func (sc *scratch) topics() []proto.Topic {
	var total float64
	for p := range sc.top {
		sc.top[p], sc.best[p] = 0, -1
	}
	// Code order: on equal evidence the lower code is best, and the sums
	// come out the same on every call.
	sc.foundTopics(func(i int) {
		s := sc.evidence[i]
		p := subTopics[i].parent
		sc.top[p] += s
		total += s
		if b := sc.best[p]; b < 0 || s > sc.evidence[b] {
			sc.best[p] = i
		}
	})
	// At most maxTop picks of the most confident remaining topic (the
	// lower code on a tie): no sort needed.
	sc.ranked = sc.ranked[:0]
	for len(sc.ranked) < maxTop {
		pick := -1
		for p, b := range sc.best {
			if b >= 0 && !slices.Contains(sc.ranked, p) && (pick < 0 || sc.top[p] > sc.top[pick]) {
				pick = p
			}
		}
		if pick < 0 || sc.top[pick]/(total+prior) < minConfidence {
			break
		}
		sc.ranked = append(sc.ranked, pick)
	}
	var out []proto.Topic
	if len(sc.ranked) > 0 {
		out = make([]proto.Topic, 0, 2*len(sc.ranked))
	}
	for _, p := range sc.ranked {
		conf := sc.top[p] / (total + prior)
		sub := sc.best[p]
		out = append(out,
			proto.Topic{Code: topTopics[p].qcode, Label: topTopics[p].label, Confidence: round(conf)},
			proto.Topic{Code: subTopics[sub].qcode, Label: subTopics[sub].label, Confidence: round(conf * sc.evidence[sub] / sc.top[p])})
	}
	clear(sc.evidence)
	clear(sc.found)
	return out
}

func round(x float64) float64 { return math.Round(x*1000) / 1000 }
