package langid

import (
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/abadojack/whatlanggo"
)

// TestIndexMatchesWhatlanggo checks that the inverted-index scorer gives
// whatlanggo's answers (language and confidence) on real texts, except
// where whatlanggo itself is undecided between two languages (its ties are
// broken by map order, ours by language code).
func TestIndexMatchesWhatlanggo(t *testing.T) {
	texts := []string{
		"Bachar al-Assad a remercié Vladimir Poutine pour son engagement militaire lors d'une visite surprise mardi à Moscou.",
		"Russian air strikes have killed 370 people in three weeks, according to the Syrian Observatory for Human Rights.",
		"Российские авиаудары за три недели унесли жизни 370 человек.",
		"قتلت الغارات الجوية الروسية 370 شخصا في ثلاثة أسابيع",
		"שלום עולם, זהו טקסט בעברית",
		"यह हिंदी में एक वाक्य है और यह काफी लंबा है",
		"東京で地震",
		"",
		"12345 !!!",
	}
	for _, g := range loadGoldOrNil(t) {
		texts = append(texts, g.Text)
	}
	for _, text := range texts {
		want := whatlanggo.Detect(text)
		got, conf := detect(text, nil)
		if want.Confidence > 0 && got != want.Lang {
			t.Errorf("%.60q: got %v, whatlanggo %v (%.3f)", text, got, want.Lang, want.Confidence)
			continue
		}
		if math.Abs(conf-want.Confidence) > 1e-9 && want.Confidence > 0 {
			t.Errorf("%.60q: confidence %.6f, whatlanggo %.6f", text, conf, want.Confidence)
		}
	}
}

func TestDetectScriptMatchesWhatlanggo(t *testing.T) {
	texts := []string{"", "123 !!", "Décès à l'hôpital", "ÆØÅ æøå ß œ", "Ελληνικά", "Привет", "mixed Привет мир text", "×÷", "東京", "ǅemal Ǆ", "ʃ ə"}
	for _, g := range loadGoldOrNil(t) {
		texts = append(texts, g.Text)
	}
	for _, text := range texts {
		if got, want := detectScript(text), whatlanggo.DetectScript(text); got != want {
			t.Errorf("%.40q: script %v, whatlanggo %v", text, got, want)
		}
	}
}

func TestDetectDeterministic(t *testing.T) {
	// Texts that whatlanggo scores as ties must still get one answer.
	for _, text := range []string{"ab cd", "Canet 2 - Cotillard 1 !", "la la la"} {
		first, _ := detect(text, nil)
		for range 20 {
			if got, _ := detect(text, nil); got != first {
				t.Fatalf("%q: %v then %v", text, first, got)
			}
		}
	}
}

func BenchmarkWhatlanggo(b *testing.B) {
	text := prefix("Bachar al-Assad a remercié Vladimir Poutine pour son engagement militaire lors d'une visite surprise mardi à Moscou, sa première sortie officielle du pays depuis le début de la guerre civile, tout en soulignant qu'après la guerre devra venir le temps du dialogue politique. Cette visite du président syrien, dont la venue n'a été annoncée par le Kremlin qu'une fois qu'il avait quitté la Russie pour rentrer à Damas, intervient alors que la campagne de raids aériens de l'aviation russe entre dans sa quatrième semaine. La rencontre entre Vladimir Poutine et Bachar al-Assad sonne comme un rappel: le Kremlin est plus déterminé que jamais à soutenir son allié.", maxBytes)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		whatlanggo.Detect(text)
	}
}

func BenchmarkIndex(b *testing.B) {
	text := prefix("Bachar al-Assad a remercié Vladimir Poutine pour son engagement militaire lors d'une visite surprise mardi à Moscou, sa première sortie officielle du pays depuis le début de la guerre civile, tout en soulignant qu'après la guerre devra venir le temps du dialogue politique. Cette visite du président syrien, dont la venue n'a été annoncée par le Kremlin qu'une fois qu'il avait quitté la Russie pour rentrer à Damas, intervient alors que la campagne de raids aériens de l'aviation russe entre dans sa quatrième semaine. La rencontre entre Vladimir Poutine et Bachar al-Assad sonne comme un rappel: le Kremlin est plus déterminé que jamais à soutenir son allié.", maxBytes)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		detect(text, nil)
	}
}

// TestCodeTablesMatchWhatlanggo checks the cached code conversions against
// whatlanggo's own on every language and every three-letter code.
func TestCodeTablesMatchWhatlanggo(t *testing.T) {
	for l := whatlanggo.Lang(-2); l < whatlanggo.Lang(len(whatlanggo.Langs)+2); l++ {
		if got, want := iso6391(l), l.Iso6391(); got != want {
			t.Errorf("iso6391(%d) = %q, whatlanggo %q", l, got, want)
		}
	}
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			for c := 'a'; c <= 'z'; c++ {
				code := string([]rune{a, b, c})
				want := whatlanggo.CodeToLang(code)
				got, ok := iso6393Langs[code]
				if !ok {
					got = -1
				}
				if got != want {
					t.Errorf("%s: %d, whatlanggo %d", code, got, want)
				}
			}
		}
	}
}

// referencePositions is the straightforward form of rankTrigrams (one string
// per trigram, a map of counts, a sort), kept to check the packed one.
func referencePositions(text string) map[string]int {
	runes := []rune{}
	for _, r := range text {
		if unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsDigit(r) {
			r = ' '
		}
		runes = append(runes, unicode.ToLower(r))
	}
	runes = append(runes, ' ')
	counts := map[string]int{}
	r1, r2 := ' ', runes[0]
	for _, r3 := range runes[1:] {
		if !(r2 == ' ' && (r1 == ' ' || r3 == ' ')) {
			counts[string([]rune{r1, r2, r3})]++
		}
		r1, r2 = r2, r3
	}
	type tc struct {
		tg string
		n  int
	}
	var list []tc
	for tg, n := range counts {
		list = append(list, tc{tg, n})
	}
	slices.SortFunc(list, func(a, b tc) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return strings.Compare(b.tg, a.tg)
	})
	pos := map[string]int{}
	for i, t := range list {
		pos[t.tg] = i
	}
	return pos
}

func packedPositions(text string) (map[string]int, int) {
	got := map[string]int{}
	var sc trigramScratch
	n := sc.rankTrigrams(text, func(key trigramKey, rank int) {
		r1, r2, r3 := rune(key>>42), rune(key>>21&(1<<21-1)), rune(key&(1<<21-1))
		got[string([]rune{r1, r2, r3})] = rank
	})
	return got, n
}

func checkRanking(t *testing.T, text string) {
	t.Helper()
	want := referencePositions(text)
	got, n := packedPositions(text)
	if n != len(want) || !maps.Equal(got, want) {
		t.Fatalf("%q: ranked %d trigrams %v, want %d %v", text, n, got, len(want), want)
	}
}

func TestRankTrigramsMatchesReference(t *testing.T) {
	texts := []string{"", " ", "a", "ab", "a b", "  a  ", "la la la", "Ünïcödé ÉTÉ été", "\xff\xfe bad", "İstanbul KELVIN", "東京で地震", "x\x00\x00\x00y"}
	for _, g := range loadGoldOrNil(t) {
		texts = append(texts, g.Text, prefix(g.Text, maxBytes))
	}
	// Many distinct runes of Latin script, about as many as sortKeys
	// numbers in a byte, then more.
	for _, last := range []rune{0x17F, 0x1FF, 0x24F} {
		var b strings.Builder
		for r := rune(0x41); r <= last; r++ {
			b.WriteRune(r)
			b.WriteRune(last - (r - 0x41))
			if r%5 == 0 {
				b.WriteByte(' ')
			}
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		checkRanking(t, text)
	}
}

func FuzzRankTrigrams(f *testing.F) {
	f.Add("Bachar al-Assad a remercié Vladimir Poutine")
	f.Add("la la la 1 2 3 !!")
	f.Add("Российские авиаудары")
	f.Fuzz(checkRanking)
}

func TestParseTrigram(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{{"abc", true}, {" de", true}, {"ção", true}, {"ab", false}, {"abcd", false}, {"a\xffb", false}, {"", false}} {
		key, ok := parseTrigram(tt.in)
		if ok != tt.ok {
			t.Errorf("parseTrigram(%q) ok = %v", tt.in, ok)
		}
		if ok {
			rs := []rune(tt.in)
			if key != packTrigram(rs[0], rs[1], rs[2]) {
				t.Errorf("parseTrigram(%q) = %x", tt.in, key)
			}
		}
	}
}

func TestStopwordsFitKey(t *testing.T) {
	for _, words := range stopwords {
		for _, w := range words {
			key, ok := packWord(w)
			if !ok {
				t.Errorf("function word %q is longer than maxStopwordBytes", w)
				continue
			}
			if stopwordTable.lookup(key) == 0 {
				t.Errorf("function word %q is not in stopwordTable", w)
			}
		}
	}
}
