package segment

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/sharedtest"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"two sentences", "Il pleut. Le vent souffle.", []string{"Il pleut.", "Le vent souffle."}},
		{"thousands separator", "Au moins 4.000 combattants. Fin.", []string{"Au moins 4.000 combattants.", "Fin."}},
		{"honorific", "a déclaré M. Poutine. Les deux hommes", []string{"a déclaré M. Poutine.", "Les deux hommes"}},
		{"initials", "John F. Kennedy was shot. He died.", []string{"John F. Kennedy was shot.", "He died."}},
		{"closing quote", `"C'est fini." Il part.`, []string{`"C'est fini."`, "Il part."}},
		{"lower case after period", "les U.S. forces etc. and more. Next", []string{"les U.S. forces etc. and more.", "Next"}},
		{"line break", "Titre\nCorps du texte.", []string{"Titre", "Corps du texte."}},
		{"question", "Why? Because.", []string{"Why?", "Because."}},
		{"empty", "  \n ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, sp := range Sentences(tt.text) {
				got = append(got, sp.Text(tt.text))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestParagraphsOffsets(t *testing.T) {
	text := " Un.\n\n  Deux. \nTrois"
	var got []string
	for _, sp := range Paragraphs(text) {
		got = append(got, text[sp.Start:sp.End])
	}
	want := []string{"Un.", "Deux.", "Trois"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Paragraphs = %q, want %q", got, want)
	}
}

func FuzzSentences(f *testing.F) {
	f.Add("Il pleut. Le vent souffle.")
	f.Add("M. J. 4.000 «x.» …\n")
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, sp := range Sentences(s) {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(s) {
				t.Fatalf("bad span %v after %d in %q", sp, prev, s)
			}
			prev = sp.End
		}
		if got, want := AppendParagraphs(nil, s), Paragraphs(s); !slices.Equal(got, want) {
			t.Fatalf("AppendParagraphs(%q) = %v, Paragraphs %v", s, got, want)
		}
		for _, p := range Paragraphs(s) {
			line := p.Text(s)
			if got, want := AppendLineSentences(nil, line), AppendSentences(nil, line); !slices.Equal(got, want) {
				t.Fatalf("AppendLineSentences(%q) = %v, AppendSentences %v", line, got, want)
			}
		}
	})
}

// body is a wire body as the parser builds it: one paragraph per line.
var body = strings.Repeat("Le nombre de personnes tuées sur les routes a baissé de 15,6% en mai, selon M. Dupont. Les mois de mars et d'avril ont été marqués par une baisse spectaculaire (3.076 contre 4.664)! \"C'est fini.\" Le Dr. J. F. Martin l'a confirmé… Fin mai, le ministère avait lancé une campagne.\n", 8)

func BenchmarkSentences(b *testing.B) {
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		Sentences(body)
	}
}

func BenchmarkParagraphs(b *testing.B) {
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		Paragraphs(body)
	}
}

// BenchmarkSentencesFeed segments the feed's bodies, paragraph by
// paragraph as the parser does: varied text, unlike body above.
func BenchmarkSentencesFeed(b *testing.B) {
	var paras []string
	total := 0
	for _, line := range sharedtest.FeedLines(b, 2000) {
		var rec struct{ Lede, Body string }
		if err := json.Unmarshal(line, &rec); err != nil {
			b.Fatal(err)
		}
		paras = append(paras, rec.Lede, rec.Body)
		total += len(rec.Lede) + len(rec.Body)
	}
	b.SetBytes(int64(total / len(paras)))
	b.ReportAllocs()
	var buf []Span
	for i := 0; b.Loop(); i++ {
		buf = AppendSentences(buf[:0], paras[i%len(paras)])
	}
}
