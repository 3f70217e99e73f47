package fold

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/sharedtest"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Le bilan s'alourdit à 52 morts", []string{"le", "bilan", "s", "alourdit", "a", "52", "morts"}},
		{"ÉVACUÉS, évacués; Evacues", []string{"evacues", "evacues", "evacues"}},
		{"Cœur œuvre Straße", []string{"coeur", "oeuvre", "strasse"}},
		{"Niño São Paulo Łódź", []string{"nino", "sao", "paulo", "lodz"}},
		{"Cafe\u0301 (NFD)", []string{"cafe", "nfd"}},
		{"Москва, 12-й", []string{"москва", "12", "й"}},
		{"", nil},
		{" -- ", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in, nil); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := String("  L'Élysée  dément! "); got != "l elysee dement" {
		t.Errorf("String = %q", got)
	}
}

// TestHashesAreWordHashes checks Hashes against hashing what Words gives.
func TestHashesAreWordHashes(t *testing.T) {
	for _, s := range []string{"Le bilan s'alourdit à 52 morts", "Cœur œuvre Straße", "Cafe\u0301 \xff Москва, 12-й", "", " -- "} {
		words := Words(s, nil)
		hashes := Hashes(s, nil)
		if len(words) != len(hashes) {
			t.Fatalf("%q: %d words, %d hashes", s, len(words), len(hashes))
		}
		for i, w := range words {
			if want := fnv64([]byte(w)); hashes[i] != want {
				t.Errorf("%q: word %q hash %x, want %x", s, w, hashes[i], want)
			}
		}
	}
}

// FuzzHashes checks Hashes against hashing what Words gives, on any input.
func FuzzHashes(f *testing.F) {
	for _, s := range []string{"Le bilan s'alourdit à 52 morts", "Cœur œuvre Straße", "Cafe\u0301 \xff Москва, 12-й", "\u0301\u0301 a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, hashes := Words(s, nil), Hashes(s, nil)
		if len(words) != len(hashes) {
			t.Fatalf("%q: %d words, %d hashes", s, len(words), len(hashes))
		}
		for i, w := range words {
			if hashes[i] != fnv64([]byte(w)) {
				t.Fatalf("%q: word %d %q hashed differently", s, i, w)
			}
		}
	})
}

// fnv64 is the 64-bit FNV-1a hash Hashes gives each word.
func fnv64(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// referenceWords is Words written plainly, rune by rune: the definition the
// tuned AppendWords must keep to.
func referenceWords(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if e := expand(r); e != "" {
				b.WriteString(e)
			} else {
				b.WriteRune(Rune(r))
			}
		default:
			flush()
		}
	}
	flush()
	return out
}

// checkWords fails t unless AppendWords gives the words of referenceWords,
// cut at max words.
func checkWords(t *testing.T, s string, max int) {
	t.Helper()
	want := referenceWords(s)
	if len(want) > max {
		want = want[:max]
	}
	// Start from non-empty buffers, as a reused scratch does.
	folded, words, hashes := AppendWords([]byte("xyz"), []Span{{0, 3}}, []uint64{1}, s, max+1)
	var got []string
	for _, w := range words[1:] {
		got = append(got, string(folded[w.Start:w.End]))
	}
	wantHashes := Hashes(s, []uint64{1})
	if !slices.Equal(hashes, wantHashes[:min(len(wantHashes), max+1)]) {
		t.Errorf("AppendWords(%.80q…, %d): hashes differ from Hashes'", s, max)
	}
	if !slices.Equal(got, want) {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Errorf("AppendWords(%.80q…, %d): %d words, reference %d; from word %d: %q, reference %q",
			s, max, len(got), len(want), i, got[i:min(i+3, len(got))], want[i:min(i+3, len(want))])
	}
}

func TestAppendWordsAsReference(t *testing.T) {
	for _, s := range []string{
		"", " -- ", "Le bilan s'alourdit à 52 morts", "ÉVACUÉS, évacués; Evacues",
		"Cœur œuvre Straße ÆSIR", "Niño São Paulo Łódź", "Cafe\u0301 (NFD) \u0301x e\u0300t",
		"Москва, 12-й", "\xff\xfeÉ\xc3", "İstanbul ǅ Ⱥ ﬁn", "a\x00b\u00a0c\u2019d",
	} {
		checkWords(t, s, len(s))
		checkWords(t, s, 2)
	}
	forFeed(t, 2000, func(title, lede, body string) {
		checkWords(t, title, 20)
		checkWords(t, lede+"\n"+body, 3000)
	})
}

// forFeed calls f with the texts of the first n dispatches of the French feed.
func forFeed(t testing.TB, n int, f func(title, lede, body string)) {
	t.Helper()
	fh, err := os.Open(filepath.Join(sharedtest.Corpus(t), "feed", "orangesum_fr.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for ; sc.Scan() && n > 0; n-- {
		var r struct{ Title, Lede, Body string }
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			f(r.Title, r.Lede, r.Body)
		}
	}
}

// TestFoldedRuneGrowth holds the bound AppendWords sizes its buffer by: no
// rune folds to more than twice its bytes.
func TestFoldedRuneGrowth(t *testing.T) {
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && len(appendFoldedRune(nil, r)) > 2*utf8.RuneLen(r) {
			t.Errorf("%U folds to %q", r, appendFoldedRune(nil, r))
		}
	}
}

func FuzzAppendWords(f *testing.F) {
	f.Add("Attentat à Paris: l'Etat islamique revendique", 5)
	f.Add("\xff\xfeÉ\u0301œ Straße", 1)
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 0 || max > len(s)+1 {
			max = len(s) + 1
		}
		checkWords(t, s, max)
	})
}

// checkParts folds texts as the parts of one Parts and checks each part
// against folding it alone: the same words, and the hashes Hashes gives.
func checkParts(t *testing.T, p *Parts, texts ...string) {
	t.Helper()
	p.Reset()
	for _, s := range texts {
		p.Add(s)
	}
	if p.Len() != len(texts) {
		t.Fatalf("%d parts, want %d", p.Len(), len(texts))
	}
	for i, s := range texts {
		pt := p.Part(i)
		if pt.Text != s {
			t.Fatalf("part %d text %q, want %q", i, pt.Text, s)
		}
		want := Words(s, nil)
		if len(pt.Words) != len(want) {
			t.Fatalf("%q: %d words, want %d", s, len(pt.Words), len(want))
		}
		for j, w := range pt.Words {
			if got := string(pt.Folded[w.Start:w.End]); got != want[j] {
				t.Fatalf("%q: word %d %q, want %q", s, j, got, want[j])
			}
		}
		if got, want := pt.Hashes, Hashes(s, nil); !slices.Equal(got, want) {
			t.Fatalf("%q: hashes of the folded words differ from Hashes'", s)
		}
	}
}

func TestParts(t *testing.T) {
	var p Parts
	checkParts(t, &p, "Le bilan s'alourdit à 52 morts", "", "Cœur œuvre Straße", "Cafe\u0301 \xff Москва, 12-й", " -- ", "\u0301\u0301 a")
	checkParts(t, &p)
	forFeed(t, 2000, func(title, lede, body string) {
		checkParts(t, &p, title, lede, body)
	})
}

func FuzzParts(f *testing.F) {
	f.Add("Attentat à Paris", "l'Etat islamique revendique")
	f.Add("\xff\xfeÉ\u0301œ", "\u0301 Straße")
	var p Parts
	f.Fuzz(func(t *testing.T, a, b string) {
		checkParts(t, &p, a, b, a)
	})
}

// BenchmarkPartHashes folds feed texts and hashes their words, as the
// enricher does for topics and story signatures.
func BenchmarkPartHashes(b *testing.B) {
	texts, size := feedBodies(b)
	var p Parts
	b.SetBytes(int64(size / len(texts)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p.Reset()
		p.Add(texts[i%len(texts)])
	}
}

// BenchmarkHashes is BenchmarkPartHashes folding and hashing with Hashes.
func BenchmarkHashes(b *testing.B) {
	texts, size := feedBodies(b)
	var dst []uint64
	b.SetBytes(int64(size / len(texts)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		dst = Hashes(texts[i%len(texts)], dst[:0])
	}
}

// feedBodies returns the lede and body of the first 1,000 feed dispatches,
// and their bytes in all.
func feedBodies(b *testing.B) (texts []string, size int) {
	forFeed(b, 1000, func(title, lede, body string) {
		texts = append(texts, lede+"\n"+body)
		size += len(lede) + 1 + len(body)
	})
	return texts, size
}
