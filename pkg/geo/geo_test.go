package geo

import (
	"bytes"
	"compress/gzip"
	"hash/maphash"
	"math"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/proto"
)

func mustDefault(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := Default()
	if err != nil {
		t.Fatalf("loading gazetteer: %v", err)
	}
	return g
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Lattaquié", "lattaquie"},
		{"Saint-Barthélémy", "saint barthelemy"},
		{"ÉTATS–UNIS", "etats unis"},
		{"Etats Unis", "etats unis"},
		{"Sables-d’Olonne", "sables d'olonne"},
		{"  New   York ", "new york"},
		{"Ḩamāh", "hamah"},
		{"new york", "new york"},
		{"new york ", "new york"},
		{" x", "x"},
		{"", ""},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// resolveOne resolves name alone in a dispatch whose other places are others.
func resolveOne(t *testing.T, g *Gazetteer, name string, ctx Context, others ...string) (country, feature string) {
	t.Helper()
	text := strings.Join(append([]string{name}, others...), " ; ")
	var ms []Mention
	off := 0
	for _, n := range append([]string{name}, others...) {
		ms = append(ms, Mention{Text: n, Start: off, End: off + len(n)})
		off += len(n) + len(" ; ")
	}
	ps := g.Resolve(text, ms, ctx)
	if len(ps) == 0 || ps[0].Start != 0 {
		return "", ""
	}
	return ps[0].Country, ps[0].Feature
}

func TestResolve(t *testing.T) {
	g := mustDefault(t)
	for _, tc := range []struct {
		name    string
		ctx     Context
		others  []string
		country string
		feature string
	}{
		{name: "Moscou", country: "RU", feature: "city"},
		{name: "Moskau", country: "RU", feature: "city"},
		{name: "Moscow", country: "RU", feature: "city"},
		{name: "Alep", country: "SY", feature: "city"},
		{name: "Alepo", country: "SY", feature: "city"},
		{name: "Aleppo", country: "SY", feature: "city"},
		{name: "Lattaquié", country: "SY"},
		{name: "Latakia", country: "SY"},
		{name: "Damas", country: "SY", feature: "city"},
		{name: "Damascus", country: "SY", feature: "city"},
		{name: "Syrie", country: "SY", feature: "country"},
		{name: "Syria", country: "SY", feature: "country"},
		{name: "Russie", country: "RU", feature: "country"},
		{name: "États-Unis", country: "US", feature: "country"},
		{name: "Etats-Unis", country: "US", feature: "country"},
		{name: "Royaume-Uni", country: "GB", feature: "country"},
		{name: "Washington", country: "US", feature: "city"},
		{name: "Homs", country: "SY"},
		{name: "Hama", country: "SY"},
		{name: "Paris", country: "FR", feature: "city"},
		{name: "Paris", others: []string{"Texas"}, country: "FR", feature: "city"}, // unqualified: one US place does not outweigh
		{name: "Tripoli", country: "LY", feature: "city"},
		{name: "Tripoli", others: []string{"Beyrouth", "Liban"}, country: "LB", feature: "city"},
		{name: "Tripoli", ctx: Context{Country: "LB"}, country: "LB", feature: "city"},
		{name: "Conakry", country: "GN", feature: "city"},
		// Derived French forms of divisions are believed in their country's context only.
		{name: "Floride", others: []string{"Miami"}, country: "US", feature: "admin1"},
		{name: "Californie", ctx: Context{Country: "US"}, country: "US", feature: "admin1"},
		{name: "Californie", country: ""},
	} {
		got, feat := resolveOne(t, g, tc.name, tc.ctx, tc.others...)
		if got != tc.country || (tc.feature != "" && feat != tc.feature) {
			t.Errorf("%s (ctx %+v, with %v) = %s %s, want %s %s", tc.name, tc.ctx, tc.others, got, feat, tc.country, tc.feature)
		}
	}
}

func TestQualifiedName(t *testing.T) {
	g := mustDefault(t)
	text := "Paris, Texas"
	ps := g.Resolve(text, []Mention{{"Paris", 0, 5}, {"Texas", 7, 12}}, Context{})
	if len(ps) != 2 || ps[0].Country != "US" || ps[0].Admin1 != "Texas" || ps[1].Feature != "admin1" {
		t.Fatalf("Paris, Texas resolved to %+v", ps)
	}
}

func TestLoadRejectsBadData(t *testing.T) {
	for _, data := range []string{"not gzip", ""} {
		if _, err := Load(strings.NewReader(data)); err == nil {
			t.Errorf("Load(%q) succeeded", data)
		}
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("P\t1\tx\n"))
	zw.Close()
	if _, err := Load(&buf); err == nil {
		t.Error("Load accepted a short record")
	}
}

// TestLoadCost reports the time and heap the embedded gazetteer costs; the
// enricher must stay under 150 MB with it loaded.
func TestLoadCost(t *testing.T) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	g, err := Load(bytes.NewReader(embedded))
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	// Objects the garbage collector must mark on every cycle while the gazetteer lives.
	objects := int64(after.HeapObjects) - int64(before.HeapObjects)
	t.Logf("gazetteer: %d entries, %d names, loaded in %v, heap %.1f MB in %d objects", g.Len(), g.Names(), took, float64(heap)/(1<<20), objects)
	if heap > 100<<20 {
		t.Errorf("gazetteer heap %d MB, want ≤ 100 MB", heap>>20)
	}
	runtime.KeepAlive(g)
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(bytes.NewReader(embedded)); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzFold checks that folding is idempotent (keys fold to themselves, so a
// folded key can be looked up again) and never panics on invalid UTF-8.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Lattaquié", "ÉTATS–UNIS", "  a  b ", "\xff-\xfe", "Ḩamāh", "ß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Fold(s)
		if k2 := Fold(k); k2 != k {
			t.Errorf("Fold(%q) = %q, but Fold of that = %q", s, k, k2)
		}
		if want := foldRuneByRune(s); k != want {
			t.Errorf("Fold(%q) = %q, rune by rune %q", s, k, want)
		}
		// Keys folded into a shared buffer are the same.
		var b strings.Builder
		b.WriteString("x ")
		if k2 := FoldInto(&b, s); k2 != k || b.String() != "x "+k {
			t.Errorf("FoldInto(%q) = %q, Fold %q", s, k2, k)
		}
	})
}

// TestLookupsAgree checks that the allocation-free look-ups say what Lookup says.
func TestLookupsAgree(t *testing.T) {
	g := mustDefault(t)
	for _, name := range []string{"Paris", "PARIS", "Lattaquié", "États-Unis", "Etats Unis", "Tripoli", "Nowhere Town", "", "\xff"} {
		cs := g.Lookup(name)
		if g.Known(name) != (len(cs) > 0) {
			t.Errorf("Known(%q) = %v with %d candidates", name, g.Known(name), len(cs))
		}
		var seen []Candidate
		g.Has(name, func(c Candidate) bool { seen = append(seen, c); return false })
		if !reflect.DeepEqual(seen, cs) {
			t.Errorf("Has(%q) went through %v, Lookup gives %v", name, seen, cs)
		}
		if g.Has(name, func(Candidate) bool { return true }) != (len(cs) > 0) {
			t.Errorf("Has(%q, any) disagrees with Lookup", name)
		}
	}
	for form, iso := range g.Adjectives() {
		if got, ok := g.AdjectiveCountry(form); !ok || got != iso {
			t.Errorf("AdjectiveCountry(%q) = %q, %v; Adjectives says %q", form, got, ok, iso)
		}
	}
}

// TestNameFilter checks that the filter before the index lets every name
// through, and turns most others away.
func TestNameFilter(t *testing.T) {
	g := mustDefault(t)
	keys := g.index.ends
	key := func(k int) string { return g.arena[keys[k]:keys[k+1]] }
	for k := range len(keys) - 1 {
		if !g.names.mayHave(maphash.String(g.seed, key(k))) {
			t.Fatalf("the name filter turns %q away", key(k))
		}
	}
	passed, tried := 0, 0
	for k := range len(keys) - 1 {
		if tried == 10000 {
			break
		}
		// A name with a letter added is, almost always, no place's.
		if !g.Known(key(k) + "q") {
			tried++
			if g.names.mayHave(maphash.String(g.seed, key(k)+"q")) {
				passed++
			}
		}
	}
	if passed > tried/20 {
		t.Errorf("the name filter lets %d of %d non-names through", passed, tried)
	}
	t.Logf("the name filter lets %d of %d non-names through", passed, tried)
}

// TestKeyTables checks that every key of the gazetteer's tables is found
// where it was put, and that the tables hold the data's numbers of keys.
func TestKeyTables(t *testing.T) {
	g := mustDefault(t)
	for _, tc := range []struct {
		name   string
		table  *keyTable
		values int
	}{
		{"names", &g.index, len(g.refEnds) - 1},
		{"admin1", &g.admin1, len(g.admin1At)},
		{"countries", &g.countries, len(g.countryAt)},
		{"adjectives", &g.adjectives, len(g.adjISO)},
	} {
		n := len(tc.table.ends) - 1
		if n != tc.values || n == 0 {
			t.Errorf("%s: %d keys, %d values", tc.name, n, tc.values)
		}
		for k := range n {
			key := []byte(g.arena[tc.table.ends[k]:tc.table.ends[k+1]])
			if got := g.lookup(tc.table, key); got != k {
				t.Fatalf("%s: key %d (%q) found as %d", tc.name, k, key, got)
			}
			if got := g.lookup(tc.table, append(key, 'q')); got >= 0 && got != k {
				if string(append(key, 'q')) != g.arena[tc.table.ends[got]:tc.table.ends[got+1]] {
					t.Fatalf("%s: %q found as key %d", tc.name, key, got)
				}
			}
		}
	}
	if e, ok := g.Country("FR"); !ok || g.Name(e) != "France" || e.Country() != "FR" {
		t.Errorf("Country(FR) = %v, %v", e, ok)
	}
	if _, ok := g.Country("F"); ok {
		t.Error("Country(F) found")
	}
}

// TestFoldLatin1AgreesWithRunes checks appendFold's shortcut for U+00C0–U+00FF
// against the rune-by-rune path it skips, and in a name's middle and ends.
func TestFoldLatin1AgreesWithRunes(t *testing.T) {
	for r := rune(0xC0); r <= 0xFF; r++ {
		if unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) {
			t.Fatalf("%q is a space or a combining mark: the shortcut would be wrong", r)
		}
		want := string(unicode.ToLower(r))
		if out, ok := folded(unicode.ToLower(r)); ok {
			want = out
		}
		for _, tc := range []struct{ in, want string }{
			{string(r), want},
			{"A-" + string(r) + "b", "a " + want + "b"},
			{" " + string(r) + " ", want},
		} {
			if got := Fold(tc.in); got != tc.want {
				t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
			}
		}
	}
	if got := Fold("a\xc3"); got != "a\uFFFD" {
		t.Errorf("Fold of a cut rune = %q", got)
	}
}

// TestResolvePairAsJoined checks that ResolvePair answers as Resolve of the
// joined text, a qualifier across the join included ("Paris," + "Texas"),
// and SalientCountryOfPair as SalientCountry of the joined places.
func TestResolvePairAsJoined(t *testing.T) {
	g := mustDefault(t)
	names := []string{"Paris", "Texas", "Tripoli", "Liban", "Moscou", "Alep", "Syrie"}
	mentions := func(text string) []Mention {
		var ms []Mention
		for i := 0; i < len(text); {
			best, at := "", len(text)
			for _, n := range names {
				if k := strings.Index(text[i:], n); k >= 0 && i+k < at {
					best, at = n, i+k
				}
			}
			if best == "" {
				break
			}
			ms = append(ms, Mention{Text: best, Start: at, End: at + len(best)})
			i = at + len(best)
		}
		return ms
	}
	texts := []string{"Paris,", "Paris", "Paris, ", "Tripoli (", "Tripoli", "Alep :", " ", "", "Moscou et Alep",
		"Texas", " Texas a voté", "(Liban) Tripoli", ", Texas", "Liban) x", "\tSyrie, Alep", "Paris, Texas, Syrie"}
	for _, head := range texts {
		for _, body := range texts {
			hm, bm := mentions(head), mentions(body)
			joined := head + "\n" + body
			ms := append(append([]Mention{}, hm...), bm...)
			for i := len(hm); i < len(ms); i++ {
				ms[i].Start += len(head) + 1
				ms[i].End += len(head) + 1
			}
			var wantHead, wantBody []proto.Place
			for _, p := range g.Resolve(joined, ms, Context{}) {
				if int(p.Start) < len(head) {
					wantHead = append(wantHead, p)
					continue
				}
				p.Start -= int64(len(head) + 1)
				p.End -= int64(len(head) + 1)
				wantBody = append(wantBody, p)
			}
			gotHead, gotBody := g.ResolvePair(head, hm, body, bm, Context{})
			if len(gotHead)+len(wantHead) > 0 && !reflect.DeepEqual(gotHead, wantHead) || len(gotBody)+len(wantBody) > 0 && !reflect.DeepEqual(gotBody, wantBody) {
				t.Errorf("%q + %q: ResolvePair %v %v; joined %v %v", head, body, gotHead, gotBody, wantHead, wantBody)
			}
			all := append(append([]proto.Place{}, wantHead...), wantBody...)
			for i := len(wantHead); i < len(all); i++ {
				all[i].Start += int64(len(head))
			}
			hints := map[string]float64{"SY": 1}
			if got, want := SalientCountryOfPair(gotHead, gotBody, len(head), len(head)+len(body), hints), salientCountryBySort(all, len(head)+len(body), hints); got != want {
				t.Errorf("%q + %q: SalientCountryOfPair %q, SalientCountry %q", head, body, got, want)
			}
		}
	}
}

// salientCountryBySort is SalientCountry as it was written first, with a
// map and a sort: the list and the pick must agree with it.
func salientCountryBySort(places []proto.Place, textLen int, hints map[string]float64) string {
	score := map[string]float64{}
	for _, p := range places {
		w := 1.0
		if textLen > 0 {
			w += 1 - math.Min(float64(p.Start)/float64(textLen), 1)
		}
		score[p.Country] += w
	}
	for cc, h := range hints {
		score[cc] += 0.5 * h
	}
	ccs := make([]string, 0, len(score))
	for cc := range score {
		ccs = append(ccs, cc)
	}
	sort.Slice(ccs, func(i, j int) bool {
		if score[ccs[i]] != score[ccs[j]] {
			return score[ccs[i]] > score[ccs[j]]
		}
		return ccs[i] < ccs[j]
	})
	if len(ccs) == 0 {
		return ""
	}
	return ccs[0]
}

// TestSalientCountryAsSorted checks the pick against the sort on ties and
// near-ties of scores.
func TestSalientCountryAsSorted(t *testing.T) {
	cases := [][]proto.Place{
		nil,
		{{Country: "FR", Start: 0}},
		{{Country: "FR", Start: 10}, {Country: "SY", Start: 10}},
		{{Country: "SY", Start: 10}, {Country: "FR", Start: 10}, {Country: "US", Start: 3}},
		{{Country: "US", Start: 50}, {Country: "FR", Start: 0}, {Country: "US", Start: 60}, {Country: "DE", Start: 99}},
	}
	for _, hints := range []map[string]float64{nil, {"SY": 1}, {"FR": 2, "US": 1, "RU": 4}} {
		for _, ps := range cases {
			for _, n := range []int{0, 1, 100, 1000} {
				if got, want := SalientCountry(ps, n, hints), salientCountryBySort(ps, n, hints); got != want {
					t.Errorf("SalientCountry(%v, %d, %v) = %q, want %q", ps, n, hints, got, want)
				}
			}
		}
	}
}

// foldRuneByRune is Fold without its shortcuts (runs of ASCII, Latin-1 by
// table): each rune alone, as the package doc describes folding.
func foldRuneByRune(s string) string {
	var dst []byte
	space := false
	write := func(out string) {
		if space && len(dst) > 0 {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, out...)
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			if f := asciiFold[r]; f == foldsToSpace {
				space = true
			} else {
				write(string(rune(f)))
			}
			continue
		}
		if unicode.IsSpace(r) || r == '‐' || r == '‑' || r == '‒' || r == '–' {
			space = true
			continue
		}
		r = unicode.ToLower(r)
		if out, ok := folded(r); ok {
			write(out)
		} else if !unicode.Is(unicode.Mn, r) {
			write(string(r))
		}
	}
	return string(dst)
}

// TestIsoCode checks isoCode against isoIndex on every pair of bytes.
func TestIsoCode(t *testing.T) {
	for b := 0; b < 1<<16; b++ {
		c := [2]byte{byte(b >> 8), byte(b)}
		want := ""
		if i, ok := isoIndex(string(c[:])); ok {
			want = isoCodes[i]
		}
		if got := isoCode(c); got != want {
			t.Fatalf("isoCode(%q) = %q, want %q", c[:], got, want)
		}
	}
}
