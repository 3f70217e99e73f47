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
package topics

import (
	_ "embed"
	"math"
	"sort"
	"strings"

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
	sc := lex.score(headline, body, primaryLang(lang))
	return sc.topics()
}

func primaryLang(tag string) string {
	tag = strings.ToLower(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// scores holds the evidence per second-level code.
type scores map[string]float64

func (l *lexicon) score(headline, body, lang string) scores {
	if !l.langs[lang] {
		lang = "" // unknown language: every cue may apply
	}
	if len(headline) > maxBodyBytes {
		headline = headline[:maxBodyBytes]
	}
	hw := fold.Words(headline, nil)
	if len(hw) > maxHeadlineWords {
		hw = hw[:maxHeadlineWords]
	}
	if len(body) > maxBodyBytes {
		body = body[:maxBodyBytes]
	}
	bw := fold.Words(body, nil)
	if len(bw) > maxBodyWords {
		bw = bw[:maxBodyWords]
	}
	type hits struct{ head, body int }
	counts := map[*term]*hits{}
	count := func(words []string, inHead bool) {
		for i := range words {
			l.match(words, i, lang, func(t *term) {
				h := counts[t]
				if h == nil {
					h = &hits{}
					counts[t] = h
				}
				if inHead {
					h.head++
				} else {
					h.body++
				}
			})
		}
	}
	count(hw, true)
	count(bw, false)
	sc := scores{}
	for t, h := range counts {
		// A cue repeated through the body adds less and less: the tenth
		// "police" says little more than the third.
		ev := math.Log2(1 + float64(h.body))
		if h.head > 0 {
			ev += headlineWeight
		}
		sc[t.code] += t.weight * ev
	}
	return sc
}

// topics turns evidence into ranked topics with confidences.
func (sc scores) topics() []proto.Topic {
	top := map[string]float64{}
	best := map[string]string{} // top-level code → best second-level code
	var total float64
	for code, s := range sc {
		parent := secondLevel[code].parent
		top[parent] += s
		total += s
		if b, ok := best[parent]; !ok || s > sc[b] || (s == sc[b] && code < b) {
			best[parent] = code
		}
	}
	codes := make([]string, 0, len(top))
	for c := range top {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if top[codes[i]] != top[codes[j]] {
			return top[codes[i]] > top[codes[j]]
		}
		return codes[i] < codes[j]
	})
	var out []proto.Topic
	for _, c := range codes {
		conf := top[c] / (total + prior)
		if conf < minConfidence || len(out) >= 2*maxTop {
			break
		}
		out = append(out, proto.Topic{Code: Scheme + c, Label: topLevel[c], Confidence: round(conf)})
		sub := best[c]
		out = append(out, proto.Topic{Code: Scheme + sub, Label: secondLevel[sub].label, Confidence: round(conf * sc[sub] / top[c])})
	}
	return out
}

func round(x float64) float64 { return math.Round(x*1000) / 1000 }
