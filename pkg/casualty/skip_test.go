package casualty

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/casualty/eval"
	"github.com/newswire/newswire/pkg/casualty/quantity"
	"github.com/newswire/newswire/pkg/sharedtest"
)

// labelledTexts returns every text of the held-out and dev gold sets.
func labelledTexts(t *testing.T) []eval.Gold {
	t.Helper()
	paths := []string{filepath.Join("testdata", "heldout.gold.jsonl"), filepath.Join("testdata", "heldout2.gold.jsonl")}
	for _, name := range []string{"fr_dev.gold.jsonl", "en_dev.gold.jsonl", "multi_dev.gold.jsonl"} {
		paths = append(paths, filepath.Join(sharedtest.Corpus(t), "dev", name))
	}
	var all []eval.Gold
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		golds, err := eval.ReadGold(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		all = append(all, golds...)
	}
	return all
}

var testLangs = []string{"", "fr", "en", "es", "de", "pt", "it", "ar"}

// TestSkipKeepsFigures checks, on every labelled text and in every lexicon,
// that skipping the sentences that cannot yield a figure gives the figures
// the exhaustive walk gives.
func TestSkipKeepsFigures(t *testing.T) {
	ex := New()
	for _, g := range labelledTexts(t) {
		for _, lang := range append([]string{g.Lang}, testLangs...) {
			got, want := ex.Extract(g.Text, lang), ex.extract(g.Text, lang, true)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (%s): skipping changed the figures:\n got  %+v\n want %+v", g.ID, lang, got, want)
			}
		}
	}
}

// TestWindowsKeepFigures checks, on feed dispatches (most of which have no
// figure, and many of which have a key word in one sentence of many), that
// tokenizing only windows around the key words gives the figures the whole
// text gives.
func TestWindowsKeepFigures(t *testing.T) {
	ex := New()
	windowed := 0
	st := new(state)
	for _, line := range sharedtest.FeedLines(t, 1500) {
		var rec struct{ Lang, Title, Lede, Body string }
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatal(err)
		}
		text := strings.TrimSpace(rec.Title) + "\n\n" + strings.TrimSpace(rec.Lede) + "\n" + strings.TrimSpace(rec.Body)
		for _, v := range []string{text, strings.ToUpper(text)} {
			got, want := ex.Extract(v, rec.Lang), ex.extract(v, rec.Lang, true)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%.80q: the windows changed the figures:\n got  %+v\n want %+v", v, got, want)
			}
			if st.process(v, quantity.ParseLang(rec.Lang)); st.windowed {
				windowed++
			}
		}
	}
	if windowed == 0 {
		t.Fatal("no text was done in windows")
	}
}

// TestFiguresOwnNoScratch checks that no string of a figure lies in the
// lower-case buffer, which the next call overwrites.
func TestFiguresOwnNoScratch(t *testing.T) {
	st := new(state)
	for _, g := range labelledTexts(t) {
		for _, lang := range append([]string{g.Lang}, testLangs...) {
			checkNoScratch(t, st, g.Text, lang)
		}
	}
}

func checkNoScratch(t *testing.T, st *state, text, lang string) {
	t.Helper()
	st.process(text, quantity.ParseLang(lang))
	if cap(st.lowerBuf) == 0 {
		return
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(st.lowerBuf)))
	hi := lo + uintptr(cap(st.lowerBuf))
	for _, f := range st.figs {
		for _, s := range []string{f.Kind, f.Span, f.Sentence, f.Group, f.Cause, f.Location, f.Period, f.Source} {
			if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); s != "" && lo <= p && p < hi {
				t.Fatalf("%q: figure string %q points into the scratch buffer", text, s)
			}
		}
	}
}

// TestMayFireKeepsFires checks, on every labelled text, in every lexicon and
// in capitals, that the prefilter passes every text in which a token fires.
func TestMayFireKeepsFires(t *testing.T) {
	st := new(state)
	st.exhaustive = true // tokenize and flag every text
	for _, g := range labelledTexts(t) {
		for _, text := range []string{g.Text, strings.ToUpper(g.Text)} {
			for _, lang := range append([]string{g.Lang}, testLangs...) {
				l := quantity.ParseLang(lang)
				st.reset(text, l)
				if slices.ContainsFunc(st.flags, func(f uint8) bool { return f&fFires != 0 }) && !mayFire(text, l) {
					t.Errorf("%s (%s): a token fires but mayFire says none can", g.ID, lang)
				}
			}
		}
	}
}
