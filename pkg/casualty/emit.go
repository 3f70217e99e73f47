package casualty

import (
	"github.com/newswire/newswire/proto"
)

type triple struct {
	kind       string
	low, high  int64
	hasL, hasH bool
}

// emit turns the candidates that got a kind into figures, in text order,
// merging repeats of the same (kind, low, high) and resolving part_of.
func (st *state) emit() {
	if len(st.cands) == 0 {
		return
	}
	if st.seen == nil {
		st.seen = make(map[triple]int, 8)
	}
	clear(st.seen)
	seen := st.seen
	if cap(st.index) < len(st.cands) {
		st.index = make([]int, len(st.cands), 2*len(st.cands))
	}
	index := st.index[:len(st.cands)]
	for i := range st.cands {
		index[i] = -1
		c := &st.cands[i]
		if !c.ok || c.kind == "" {
			continue
		}
		tr := triple{kind: c.kind, low: c.q.Low, high: c.q.High, hasL: c.q.HasLow, hasH: c.q.HasHigh}
		if !tr.hasL {
			tr.low = 0
		}
		if !tr.hasH {
			tr.high = 0
		}
		if j, ok := seen[tr]; ok {
			index[i] = j
			continue
		}
		if len(st.figs) >= MaxFigures {
			break
		}
		seen[tr] = len(st.figs)
		index[i] = len(st.figs)
		st.figs = append(st.figs, st.figure(c))
	}
	for i := range st.cands {
		c := &st.cands[i]
		fi := index[i]
		if fi < 0 || st.figs[fi].PartOf != nil || st.figs[fi].Start != int64(st.toks[c.q.Start].Start) {
			continue
		}
		parent := c.parent
		if parent < 0 && c.np.partitive && c.np.inner >= 0 {
			parent = c.np.inner
		}
		if parent < 0 || index[parent] < 0 || index[parent] == fi || st.cands[parent].kind != c.kind {
			continue
		}
		if pp := st.figs[index[parent]].PartOf; pp != nil && int(*pp) == fi {
			continue // never a cycle
		}
		st.figs[fi].PartOf = proto.Int64(int64(index[parent]))
	}
}

func (st *state) figure(c *cand) proto.Figure {
	toks := st.toks
	end := c.q.End
	switch {
	case c.np.headKind != "":
		end = c.np.headEnd
	case c.np.pronoun:
		end = c.np.end
	case c.np.groupTok >= 0:
		end = c.np.groupTok + 1
	}
	if end <= c.q.Start {
		end = c.q.End
	}
	start := toks[c.q.Start].Start
	stop := toks[end-1].End
	f := proto.Figure{
		Kind:  c.kind,
		Span:  st.text[start:stop],
		Start: int64(start),
		End:   int64(stop),
		Group: st.group(c),
	}
	if c.q.HasLow {
		f.Low = proto.Int64(c.q.Low)
	}
	if c.q.HasHigh {
		f.High = proto.Int64(c.q.High)
	}
	if si := int(st.sentOf[c.q.Start]); si < len(st.sents) {
		f.Sentence = st.sentenceAround(st.sents[si].Start, st.sents[si].End, start, stop)
	}
	st.attributes(c, &f)
	return f
}

// MaxFigures bounds the figures of one text; MaxSentence the bytes of the
// sentence given with each. A real dispatch has a few dozen figures and
// sentences of a few hundred bytes; hostile input must not multiply output.
const (
	MaxFigures  = 1000
	MaxSentence = 1000
)

// sentenceAround returns the sentence [a,b), or, when it is too long, a
// window of it around the figure [fs,fe), cut at rune boundaries.
func (st *state) sentenceAround(a, b, fs, fe int) string {
	if b-a <= MaxSentence {
		return st.text[a:b]
	}
	half := (MaxSentence - (fe - fs)) / 2
	lo, hi := max(a, fs-half), min(b, fe+half)
	// step back to a rune start, at most 3 bytes (invalid UTF-8 may have
	// long runs of continuation bytes)
	for n := 0; n < 3 && lo > a && st.text[lo]&0xC0 == 0x80; n++ {
		lo--
	}
	for n := 0; n < 3 && hi > lo && hi < b && st.text[hi]&0xC0 == 0x80; n++ {
		hi--
	}
	return st.text[lo:hi]
}

func (st *state) group(c *cand) string {
	g := c.np.group
	if g == "" {
		return "people"
	}
	if l, ok := groupLabels[g]; ok {
		return l
	}
	if c.np.groupTok >= 0 {
		return st.text[st.toks[c.np.groupTok].Start:st.toks[c.np.groupTok].End]
	}
	return g
}
