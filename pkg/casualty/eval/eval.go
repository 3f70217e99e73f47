// Package eval scores casualty figures against gold files, as
// corpus/GUIDELINES.md "Scoring" defines: strict micro precision, recall and
// F1 on (kind, low, high) per text, a relaxed score on (kind, stated number),
// both per language and per kind; false-positive texts among texts without
// figures; and the share of publisher-coded counts (source_gold) found.
package eval

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/casualty/quantity"
	"github.com/newswire/newswire/proto"
)

// MaxLine bounds one gold record; longer lines are an error, not a crash.
const MaxLine = 8 << 20

// Gold is one labelled text.
type Gold struct {
	ID         string           `json:"id"`
	Lang       string           `json:"lang"`
	Text       string           `json:"text"`
	Figures    []proto.Figure   `json:"figures"`
	SourceGold map[string]int64 `json:"source_gold,omitempty"`
	Note       string           `json:"note,omitempty"`
}

// ReadGold reads JSONL gold records.
func ReadGold(r io.Reader) ([]Gold, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxLine)
	var out []Gold
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var g Gold
		if err := json.Unmarshal(b, &g); err != nil {
			return out, fmt.Errorf("gold line %d: %w", line, err)
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("reading gold: %w", err)
	}
	return out, nil
}

// Counts are true positives, false positives and false negatives.
type Counts struct{ TP, FP, FN int }

// P is precision (1 when nothing was predicted).
func (c Counts) P() float64 {
	if c.TP+c.FP == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// R is recall (1 when there was nothing to find).
func (c Counts) R() float64 {
	if c.TP+c.FN == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// F1 is the harmonic mean of P and R.
func (c Counts) F1() float64 {
	p, r := c.P(), c.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (c *Counts) add(o Counts) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

// Key is one scored item: a strict (kind, low, high) or relaxed (kind, stated) triple.
type Key struct {
	Kind      string
	Low, High string
}

func (k Key) String() string { return k.Kind + " " + k.Low + "/" + k.High }

// TextResult is the comparison for one text.
type TextResult struct {
	ID, Lang        string
	Strict, Relaxed Counts
	Missed, Extra   []Key // strict false negatives and false positives
	Negative        bool  // gold has no figure
	Predicted       []proto.Figure
}

// Report aggregates a run.
type Report struct {
	Texts            []TextResult
	Strict, Relaxed  Counts
	ByLang, ByKind   map[string]*Counts
	RelaxedByLang    map[string]*Counts
	RelaxedByKind    map[string]*Counts
	Negatives, FPNeg int
	SourceTotal      int
	SourceFound      int
}

// Predictor is the extractor under test.
type Predictor func(text, lang string) []proto.Figure

func bound(v *int64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

// strictKeys is the set of (kind, low, high) of figures.
func strictKeys(figs []proto.Figure) map[Key]bool {
	m := make(map[Key]bool, len(figs))
	for _, f := range figs {
		m[Key{f.Kind, bound(f.Low), bound(f.High)}] = true
	}
	return m
}

// stated is the number a figure's span states ("plus de 500" → 500), or
// its bound when the span has no number.
func stated(f proto.Figure) string {
	if f.Span != "" {
		toks := quantity.Tokenize(f.Span, quantity.Lower(f.Span), nil)
		p := quantity.Parser{Lang: quantity.AllLangs}
		for i := range toks {
			if q, ok := p.Parse(toks, i); ok && !q.Ordinal {
				return fmt.Sprint(q.Stated)
			}
		}
	}
	if f.Low != nil {
		return fmt.Sprint(*f.Low)
	}
	return bound(f.High)
}

func relaxedKeys(figs []proto.Figure) map[Key]bool {
	m := make(map[Key]bool, len(figs))
	for _, f := range figs {
		m[Key{Kind: f.Kind, Low: stated(f)}] = true
	}
	return m
}

func compare(gold, pred map[Key]bool) (c Counts, missed, extra []Key) {
	for k := range pred {
		if gold[k] {
			c.TP++
		} else {
			c.FP++
			extra = append(extra, k)
		}
	}
	for k := range gold {
		if !pred[k] {
			c.FN++
			missed = append(missed, k)
		}
	}
	sortKeys(missed)
	sortKeys(extra)
	return c, missed, extra
}

func sortKeys(k []Key) {
	sort.Slice(k, func(i, j int) bool { return k[i].String() < k[j].String() })
}

// sourceKinds maps publishers' coded fields to kinds (ACLED fatalities, GVA
// killed/injured, UCDP best estimate).
var sourceKinds = map[string]string{
	"fatalities": proto.KindKilled, "killed": proto.KindKilled, "best": proto.KindKilled,
	"injured": proto.KindInjured,
}

// Score runs predict over the gold texts and compares.
func Score(golds []Gold, predict Predictor) *Report {
	r := &Report{ByLang: map[string]*Counts{}, ByKind: map[string]*Counts{}, RelaxedByLang: map[string]*Counts{}, RelaxedByKind: map[string]*Counts{}}
	for _, g := range golds {
		pred := predict(g.Text, g.Lang)
		gs, ps := strictKeys(g.Figures), strictKeys(pred)
		strict, missed, extra := compare(gs, ps)
		rg, rp := relaxedKeys(g.Figures), relaxedKeys(pred)
		relaxed, _, _ := compare(rg, rp)
		for k := range rg {
			if rp[k] {
				counts(r.RelaxedByKind, k.Kind).TP++
			} else {
				counts(r.RelaxedByKind, k.Kind).FN++
			}
		}
		for k := range rp {
			if !rg[k] {
				counts(r.RelaxedByKind, k.Kind).FP++
			}
		}
		tr := TextResult{ID: g.ID, Lang: g.Lang, Strict: strict, Relaxed: relaxed, Missed: missed, Extra: extra,
			Negative: len(g.Figures) == 0, Predicted: pred}
		r.Texts = append(r.Texts, tr)
		r.Strict.add(strict)
		r.Relaxed.add(relaxed)
		counts(r.ByLang, g.Lang).add(strict)
		counts(r.RelaxedByLang, g.Lang).add(relaxed)
		for k := range gs {
			if ps[k] {
				counts(r.ByKind, k.Kind).TP++
			} else {
				counts(r.ByKind, k.Kind).FN++
			}
		}
		for k := range ps {
			if !gs[k] {
				counts(r.ByKind, k.Kind).FP++
			}
		}
		if tr.Negative {
			r.Negatives++
			if len(pred) > 0 {
				r.FPNeg++
			}
		}
		for field, v := range g.SourceGold {
			kind, ok := sourceKinds[field]
			if !ok || v <= 0 {
				continue
			}
			r.SourceTotal++
			for _, f := range pred {
				if f.Kind == kind && (f.Low != nil && *f.Low == v || f.High != nil && *f.High == v) {
					r.SourceFound++
					break
				}
			}
		}
	}
	return r
}

func counts(m map[string]*Counts, k string) *Counts {
	c, ok := m[k]
	if !ok {
		c = &Counts{}
		m[k] = c
	}
	return c
}

// WriteTable prints the report; verbose adds the per-text differences.
func (r *Report) WriteTable(w io.Writer, verbose bool) error {
	var b strings.Builder
	row := func(name string, c Counts) {
		fmt.Fprintf(&b, "%-12s %5d %5d %5d   %.3f  %.3f  %.3f\n", name, c.TP, c.FP, c.FN, c.P(), c.R(), c.F1())
	}
	if verbose {
		for _, t := range r.Texts {
			if len(t.Missed) == 0 && len(t.Extra) == 0 {
				continue
			}
			fmt.Fprintf(&b, "%s [%s]\n", t.ID, t.Lang)
			for _, k := range t.Missed {
				fmt.Fprintf(&b, "   missed %s\n", k)
			}
			for _, k := range t.Extra {
				span := ""
				for _, f := range t.Predicted {
					if f.Kind == k.Kind && bound(f.Low) == k.Low && bound(f.High) == k.High {
						span = f.Span
						break
					}
				}
				fmt.Fprintf(&b, "   extra  %s  %q\n", k, span)
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%-12s %5s %5s %5s   %-5s  %-5s  %-5s\n", "strict", "TP", "FP", "FN", "P", "R", "F1")
	for _, l := range sortedKeys(r.ByLang) {
		row("  "+l, *r.ByLang[l])
	}
	for _, k := range sortedKeys(r.ByKind) {
		row("  "+k, *r.ByKind[k])
	}
	row("  all", r.Strict)
	fmt.Fprintf(&b, "relaxed\n")
	for _, l := range sortedKeys(r.RelaxedByLang) {
		row("  "+l, *r.RelaxedByLang[l])
	}
	for _, k := range sortedKeys(r.RelaxedByKind) {
		row("  "+k, *r.RelaxedByKind[k])
	}
	row("  all", r.Relaxed)
	fp := 0.0
	if r.Negatives > 0 {
		fp = float64(r.FPNeg) / float64(r.Negatives)
	}
	fmt.Fprintf(&b, "negatives: %d texts, %d with a false positive (%.1f%%)\n", r.Negatives, r.FPNeg, 100*fp)
	if r.SourceTotal > 0 {
		fmt.Fprintf(&b, "source_gold: %d of %d coded counts found (%.1f%%)\n", r.SourceFound, r.SourceTotal, 100*float64(r.SourceFound)/float64(r.SourceTotal))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func sortedKeys(m map[string]*Counts) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
