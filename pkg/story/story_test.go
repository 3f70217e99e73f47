package story

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/newswire/newswire/pkg/story/fold"
	"github.com/newswire/newswire/proto"
)

const (
	quakeText = `Un puissant séisme de magnitude 7,1 a frappé mardi la région de Puebla, dans le centre du Mexique, ` +
		`faisant au moins 40 morts selon un premier bilan de la protection civile. Des immeubles se sont effondrés ` +
		`dans la capitale, où les secouristes fouillaient les décombres à la recherche de survivants. ` +
		`Le président a appelé la population au calme et annoncé le déploiement de l'armée dans les zones sinistrées. ` +
		`Les écoles resteront fermées mercredi dans plusieurs Etats, a indiqué le ministère de l'Education.`
	quakeRewrite = `Un puissant séisme de magnitude 7,1 a frappé mardi la région de Puebla, dans le centre du Mexique, ` +
		`faisant au moins 52 morts selon un nouveau bilan de la protection civile. Des immeubles se sont effondrés ` +
		`dans la capitale, où les secouristes fouillaient les décombres à la recherche de survivants. ` +
		`Le président a appelé la population au calme et annoncé le déploiement de l'armée dans les zones sinistrées. ` +
		`Les écoles resteront fermées mercredi dans plusieurs Etats, a indiqué le ministère de l'Education.`
	quakeUpdate = `Le bilan du tremblement de terre qui a dévasté mardi le centre du pays s'est alourdi à 217 morts, ` +
		`ont annoncé mercredi les autorités, tandis que les équipes de sauvetage poursuivaient leurs recherches ` +
		`dans une école effondrée de la capitale où des enfants pourraient être piégés.`
	electionText = `Les électeurs allemands ont commencé à voter dimanche pour renouveler le Bundestag, lors d'un scrutin ` +
		`où la chancelière sortante brigue un quatrième mandat face à un adversaire social-démocrate en perte de vitesse. ` +
		`Les bureaux de vote fermeront à 18H00 et les premières estimations sont attendues dans la foulée.`
)

type step struct {
	d *proto.ParsedDispatch
	// sameAs names an earlier step whose story this one must share ("": a new story).
	sameAs string
	dupOf  string // the expected DuplicateOf
}

func TestAssign(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"re-send with a new toll is a duplicate in the same story", []step{
			{d: &proto.ParsedDispatch{ID: "afp-1", Headline: "Séisme au Mexique: au moins 40 morts", BodyText: quakeText, Language: "fr"}},
			{d: &proto.ParsedDispatch{ID: "afp-1b", Headline: "Séisme au Mexique: au moins 40 morts", BodyText: quakeRewrite, Language: "fr"}, sameAs: "afp-1", dupOf: "afp-1"},
		}},
		{"rewrite under another headline joins the story", []step{
			{d: &proto.ParsedDispatch{ID: "afp-1", Headline: "Séisme au Mexique: au moins 40 morts", BodyText: quakeText, Language: "fr"}},
			{d: &proto.ParsedDispatch{ID: "reuters-9", Headline: "Mexique: 52 morts dans un séisme", BodyText: quakeRewrite[:300], Language: "fr"}, sameAs: "afp-1"},
		}},
		{"update through Revision.Replaces joins whatever its wording", []step{
			{d: &proto.ParsedDispatch{ID: "afp-1", Headline: "Séisme au Mexique", BodyText: quakeText, Language: "fr"}},
			{d: &proto.ParsedDispatch{ID: "afp-2", Headline: "Mexique: le bilan s'alourdit", BodyText: quakeUpdate, Language: "fr",
				Revision: &proto.Revision{Kind: proto.RevisionUpdate, Replaces: "afp-1"}}, sameAs: "afp-1"},
		}},
		{"same provider id joins", []step{
			{d: &proto.ParsedDispatch{ID: "ap-1:v1", Provider: "ap", ProviderID: "ap-1", Headline: "Quake", BodyText: quakeText}},
			{d: &proto.ParsedDispatch{ID: "ap-1:v2", Provider: "ap", ProviderID: "ap-1", Headline: "Quake toll rises", BodyText: quakeUpdate}, sameAs: "ap-1:v1"},
		}},
		{"unrelated dispatch starts its own story", []step{
			{d: &proto.ParsedDispatch{ID: "afp-1", Headline: "Séisme au Mexique", BodyText: quakeText, Language: "fr"}},
			{d: &proto.ParsedDispatch{ID: "afp-7", Headline: "Allemagne: les électeurs aux urnes", BodyText: electionText, Language: "fr"}},
			{d: &proto.ParsedDispatch{ID: "afp-2", Headline: "Mexique", BodyText: quakeUpdate, Language: "fr"}},
		}},
		{"repeated long headline joins, short one does not", []step{
			{d: &proto.ParsedDispatch{ID: "a", Headline: "Le cardinal dit au revoir aux Lyonnais avant de redevenir simple prêtre", BodyText: quakeText, Language: "fr"}},
			{d: &proto.ParsedDispatch{ID: "b", Headline: "Le cardinal dit au revoir aux Lyonnais avant de redevenir simple prêtre", BodyText: electionText, Language: "fr"}, sameAs: "a"},
			{d: &proto.ParsedDispatch{ID: "c", Headline: "Météo", BodyText: "Soleil.", Language: "fr"}},
			{d: &proto.ParsedDispatch{ID: "d", Headline: "Météo", BodyText: "Pluie.", Language: "fr"}},
		}},
		{"empty dispatches do not match each other", []step{
			{d: &proto.ParsedDispatch{ID: "e1"}},
			{d: &proto.ParsedDispatch{ID: "e2"}},
		}},
		{"a redelivered dispatch keeps its answer", []step{
			{d: &proto.ParsedDispatch{ID: "afp-1", Headline: "Séisme", BodyText: quakeText, Language: "fr"}},
			{d: &proto.ParsedDispatch{ID: "afp-3", Headline: "Séisme", BodyText: quakeRewrite, Language: "fr"}, sameAs: "afp-1", dupOf: "afp-1"},
			{d: &proto.ParsedDispatch{ID: "afp-3", Headline: "Séisme", BodyText: electionText, Language: "fr"}, sameAs: "afp-1", dupOf: "afp-1"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runSteps(t, tt.steps)
		})
	}
}

func runSteps(t *testing.T, steps []step) {
	t.Helper()
	a, err := NewAssigner(DefaultConfig(), 0)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	storyOf := map[string]string{}
	stories := map[string]bool{}
	for _, st := range steps {
		d := st.d
		s, dup, err := a.Assign(ctx, d)
		if err != nil {
			t.Fatalf("Assign(%s): %v", d.ID, err)
		}
		if dup != st.dupOf {
			t.Errorf("%s: DuplicateOf = %q, want %q", d.ID, dup, st.dupOf)
		}
		switch {
		case st.sameAs != "" && s != storyOf[st.sameAs]:
			t.Errorf("%s: story %s, want the story of %s (%s)", d.ID, s, st.sameAs, storyOf[st.sameAs])
		case st.sameAs == "" && stories[s]:
			t.Errorf("%s: joined existing story %s, want a new one", d.ID, s)
		}
		if _, seen := storyOf[d.ID]; !seen {
			storyOf[d.ID] = s
		}
		stories[s] = true
	}
}

// TestConcurrentAssign has rewrites of one event and unrelated dispatches
// assigned at the same time: the rewrites must share one story, and the
// unrelated dispatches stay apart.
func TestConcurrentAssign(t *testing.T) {
	a, err := NewAssigner(DefaultConfig(), 0)
	if err != nil {
		t.Fatal(err)
	}
	const n = 16
	ctx := context.Background()
	got := make([]string, 2*n)
	errs := make([]error, 2*n)
	var wg sync.WaitGroup
	for i := range 2 * n {
		wg.Go(func() {
			d := &proto.ParsedDispatch{ID: fmt.Sprintf("q%d", i), Language: "fr", Headline: "Séisme au Mexique", BodyText: quakeText}
			if i%2 == 1 {
				// Every other dispatch is unrelated: a distinct text per id.
				d.ID = fmt.Sprintf("u%d", i)
				d.Headline = ""
				d.BodyText = strings.Repeat(fmt.Sprintf("mot%d autre%d chose%d ", i, i*7, i*13), 30)
			}
			got[i], _, errs[i] = a.Assign(ctx, d)
		})
	}
	wg.Wait()
	quake := map[string]bool{}
	seen := map[string]bool{}
	for i := range 2 * n {
		if errs[i] != nil {
			t.Fatalf("dispatch %d: %v", i, errs[i])
		}
		if i%2 == 0 {
			quake[got[i]] = true
			continue
		}
		if seen[got[i]] {
			t.Errorf("unrelated dispatch %d shares story %s", i, got[i])
		}
		seen[got[i]] = true
	}
	if len(quake) != 1 {
		t.Errorf("%d rewrites of one event got %d stories, want 1: %v", n, len(quake), quake)
	}
	for s := range quake {
		if seen[s] {
			t.Errorf("an unrelated dispatch joined the quake story %s", s)
		}
	}
}

func TestSignature(t *testing.T) {
	a, b, c := Sign(quakeText, 3), Sign(quakeRewrite, 3), Sign(electionText, 3)
	if s := a.Similarity(&a); s != 1 {
		t.Errorf("self-similarity = %v", s)
	}
	if s := a.Similarity(&b); s < 0.7 {
		t.Errorf("rewrite similarity = %.2f, want >= 0.7", s)
	}
	if s := a.Similarity(&c); s > 0.1 {
		t.Errorf("unrelated similarity = %.2f, want <= 0.1", s)
	}
	// Accents and case do not matter.
	folded := Sign(strings.ToUpper("Un puissant seisme de magnitude 7,1 a frappe mardi la region de Puebla"), 3)
	orig := Sign("Un puissant séisme de magnitude 7,1 a frappé mardi la région de Puebla", 3)
	if folded != orig {
		t.Error("folding accents and case changed the signature")
	}
	var round Signature
	bin, _ := a.MarshalBinary()
	if err := round.UnmarshalBinary(bin); err != nil || round != a {
		t.Errorf("binary round trip: %v", err)
	}
	if err := round.UnmarshalBinary(bin[:10]); err == nil {
		t.Error("short signature accepted")
	}
	empty := Sign(" ,;", 3)
	if !empty.IsEmpty() || empty.Similarity(&empty) != 0 {
		t.Error("empty text should give an empty signature similar to nothing")
	}
}

// TestSignDispatch: signing a dispatch's parts in turn gives the signature
// of its text, including at the byte budget's edge and on broken UTF-8.
func TestSignDispatch(t *testing.T) {
	long := strings.Repeat("séisme à Puebla ", maxSignBytes/16)
	ds := []*proto.ParsedDispatch{
		{},
		{Headline: "Séisme", BodyText: quakeText},
		{Headline: "Séisme\xc3", Subheadlines: []string{"\u0301bilan", "", "x\xe2\x82"}, BodyText: "\xc3\xa9t\u00e9 " + electionText},
		{Headline: long[:maxSignBytes-1], BodyText: quakeText},
		{Headline: long[:maxSignBytes], BodyText: quakeText},
		{Headline: "Un titre", BodyText: long + long},
		{Headline: "Un titre", Subheadlines: []string{long[:maxSignBytes-20]}, BodyText: "é" + long},
		{Headline: "Un titre", Subheadlines: []string{"a"}, BodyText: long[:maxSignBytes-len("Un titre")-len("a")-2]},
		{Headline: "Un titre", Subheadlines: []string{"a"}, BodyText: long[:maxSignBytes-len("Un titre")-len("a")-1]},
	}
	recs, _ := loadFeed(t)
	for _, r := range recs[:min(len(recs), 500)] {
		ds = append(ds, r.dispatch())
	}
	var p fold.Parts
	for i, d := range ds {
		folded := FoldDispatch(d, &p)
		if foldedParts(d, &p) == nil && folded {
			t.Fatalf("dispatch %d: FoldDispatch's parts not taken", i)
		}
		for k := range 4 {
			want := Sign(Text(d), k)
			if got := signDispatch(d, k); got != want {
				t.Errorf("dispatch %d, %d-word shingles: signature of the parts differs from the text's", i, k)
			}
			if got := signFolded(&p, k); folded && got != want {
				t.Errorf("dispatch %d, %d-word shingles: signature of the folded parts differs from the text's", i, k)
			}
		}
	}
	if !FoldDispatch(ds[7], &p) || FoldDispatch(ds[8], &p) { // at the budget, one byte over
		t.Error("FoldDispatch's budget is not the signature's")
	}
}

func BenchmarkSign(b *testing.B) {
	text := strings.Repeat(quakeText+" ", 4) // ~300 words, a typical dispatch
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sign(text, 3)
	}
}

// TestWindow: a dispatch that has left the window is forgotten (a rewrite
// of it starts a story of its own), and the index stays bounded.
func TestWindow(t *testing.T) {
	const window = 3
	a, err := NewAssigner(DefaultConfig(), window)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first, _, _ := a.Assign(ctx, &proto.ParsedDispatch{ID: "afp-1", Provider: "afp", ProviderID: "1", Headline: "Séisme au Mexique: au moins 40 morts", BodyText: quakeText, Language: "fr"})
	if s, _, _ := a.Assign(ctx, &proto.ParsedDispatch{ID: "afp-1b", Headline: "Séisme au Mexique: au moins 40 morts", BodyText: quakeRewrite, Language: "fr"}); s != first {
		t.Fatalf("rewrite within the window: story %s, want %s", s, first)
	}
	for i := range 50 {
		body := strings.Repeat(fmt.Sprintf("mot%d autre%d chose%d ", i, i*7, i*13), 30)
		if _, _, err := a.Assign(ctx, &proto.ParsedDispatch{ID: fmt.Sprintf("u%d", i), Headline: fmt.Sprintf("Titre numéro %d de la journée", i), BodyText: body}); err != nil {
			t.Fatal(err)
		}
	}
	if a.ids.len() > window || a.index.len() > window*(DefaultConfig().Bands+2) {
		t.Errorf("index holds %d dispatch ids and %d keys, window %d", a.ids.len(), a.index.len(), window)
	}
	late := &proto.ParsedDispatch{ID: "afp-1c", Provider: "afp", ProviderID: "1", Headline: "Séisme au Mexique: au moins 40 morts", BodyText: quakeRewrite, Language: "fr",
		Revision: &proto.Revision{Kind: proto.RevisionUpdate, Replaces: "afp-1"}}
	if s, dup, _ := a.Assign(ctx, late); s == first || dup != "" {
		t.Errorf("rewrite after the window: story %s dup %q, want a new story", s, dup)
	}
}

// TestImport: an assignment made elsewhere is found by later dispatches,
// and a redelivery gets the imported answer.
func TestImport(t *testing.T) {
	a, err := NewAssigner(DefaultConfig(), 0)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	d := &proto.ParsedDispatch{ID: "afp-1", Language: "fr", Headline: "Séisme au Mexique", BodyText: quakeText}
	if err := a.Import(d, Sign(Text(d), 3), "story-elsewhere", ""); err != nil {
		t.Fatal(err)
	}
	if s, _, _ := a.Assign(ctx, d); s != "story-elsewhere" {
		t.Errorf("redelivery of an imported dispatch: story %s", s)
	}
	s, dup, _ := a.Assign(ctx, &proto.ParsedDispatch{ID: "ap-2", Language: "fr", Headline: "Mexique", BodyText: quakeRewrite})
	if s != "story-elsewhere" || dup != "afp-1" {
		t.Errorf("rewrite of an imported dispatch: story %s dup %q", s, dup)
	}
	if err := a.Import(&proto.ParsedDispatch{}, Signature{}, "x", ""); err == nil {
		t.Error("import without a dispatch id accepted")
	}
}

// TestIndexSize measures the heap the index takes for the default window,
// filled with feed dispatches (the package doc quotes it).
func TestIndexSize(t *testing.T) {
	recs, _ := loadFeed(t)
	if len(recs) < DefaultWindow {
		t.Skipf("feed has %d dispatches", len(recs))
	}
	ds := make([]*proto.ParsedDispatch, DefaultWindow)
	for i := range ds {
		ds[i] = recs[i].dispatch()
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC() // the first empties sync.Pools into their victim caches, the second frees those
	runtime.ReadMemStats(&before)
	a, err := NewAssigner(DefaultConfig(), DefaultWindow)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if _, _, err := a.Assign(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	size := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("index of %d dispatches: %.1f MB of heap (%d dispatch ids, %d index keys)", DefaultWindow, float64(size)/(1<<20), a.ids.len(), a.index.len())
	if size > 16<<20 {
		t.Errorf("index of the default window takes %.1f MB, want under 16 MB", float64(size)/(1<<20))
	}
	runtime.KeepAlive(a)
	runtime.KeepAlive(ds) // built before the first reading: not part of the index
}

// BenchmarkAssign measures one assignment (signature, lookups, record and
// index writes): "rewrite" assigns rewrites of one event (the dispatch
// joins a story), "unrelated" a new text each time (it starts a story).
// The window fills and then evicts, as in the pipeline.
func BenchmarkAssign(b *testing.B) {
	words := strings.Fields(electionText + " " + quakeUpdate)
	for _, kind := range []string{"rewrite", "unrelated"} {
		b.Run(kind, func(b *testing.B) {
			a, err := NewAssigner(DefaultConfig(), 0)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			// Dispatches are built beforehand: the benchmark measures Assign.
			ds := make([]*proto.ParsedDispatch, 2*DefaultWindow)
			var size int64
			for i := range ds {
				body := fmt.Sprintf("%s Référence %d, lot %d.", quakeText, i, i*31)
				if kind == "unrelated" {
					// A pseudo-random word order per dispatch: shingles shared with no other.
					var sb strings.Builder
					for j := range 120 {
						sb.WriteString(words[(i*7919+j*j*31+j)%len(words)])
						sb.WriteByte(' ')
					}
					body = sb.String()
				}
				ds[i] = &proto.ParsedDispatch{ID: fmt.Sprintf("%s-%d", kind, i), Language: "fr", Headline: fmt.Sprintf("Dépêche numéro %d du fil", i), BodyText: body}
				size += int64(len(ds[i].Headline) + len(body))
			}
			b.SetBytes(size / int64(len(ds)))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				d := ds[i%len(ds)]
				if i > 0 && i%len(ds) == 0 {
					// Another pass: new ids, or every dispatch would be a redelivery.
					b.StopTimer()
					for _, d := range ds {
						d.ID += "'"
					}
					b.StartTimer()
				}
				i++
				if _, _, err := a.Assign(ctx, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func FuzzSign(f *testing.F) {
	f.Add(quakeText, 3)
	f.Add("\xff\x00 é", 1)
	f.Add("", 0)
	f.Fuzz(func(t *testing.T, text string, k int) {
		k = int(uint(k)%8) + 1
		a := Sign(text, k)
		if s := a.Similarity(&a); !a.IsEmpty() && s != 1 {
			t.Fatalf("self-similarity %v", s)
		}
		for b := range 4 {
			_ = a.Band(b, 4)
		}
	})
}

// FuzzAssign feeds odd dispatches through a small window, assigned and
// imported in turn: no panic, and a redelivery within the window gets the
// first answer.
func FuzzAssign(f *testing.F) {
	f.Add("afp-1", "ap", "1", "Séisme au Mexique: au moins 40 morts", quakeText, "")
	f.Add("\xff", "", "", "\u0301\u0301", "\x00", "\xff")
	f.Fuzz(func(t *testing.T, id, provider, providerID, headline, body, replaces string) {
		a, err := NewAssigner(DefaultConfig(), 3)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		for i := range 8 {
			d := &proto.ParsedDispatch{ID: fmt.Sprint(id, i%5), Provider: provider, ProviderID: providerID, Headline: headline, BodyText: body[:len(body)*i/8]}
			if replaces != "" {
				d.Revision = &proto.Revision{Replaces: replaces}
				d.Subheadlines = []string{replaces, headline}
			}
			if signDispatch(d, 3) != Sign(Text(d), 3) {
				t.Fatalf("signature of the parts of %q differs from the text's", Text(d))
			}
			if i%3 == 2 {
				if err := a.Import(d, Sign(Text(d), 3), "story-"+d.ID, replaces); err != nil {
					t.Fatal(err)
				}
				continue
			}
			s, dup, err := a.Assign(ctx, d)
			if err != nil || s == "" {
				t.Fatalf("Assign(%q): %q, %v", d.ID, s, err)
			}
			if s2, dup2, _ := a.Assign(ctx, d); s2 != s || dup2 != dup {
				t.Fatalf("redelivery of %q: %q %q, first %q %q", d.ID, s2, dup2, s, dup)
			}
		}
	})
}

// TestDensifyTabulated: densify with its tabulated probes borrows what
// following each probe sequence from its start does, from one filled bin
// to all of them.
func TestDensifyTabulated(t *testing.T) {
	reference := func(sig *Signature, filled *[NumHashes / 64]uint64) {
		isFilled := func(b uint64) bool { return filled[b/64]&(1<<(b%64)) != 0 }
		for b := range uint64(NumHashes) {
			if isFilled(b) {
				continue
			}
			for x := probeSeed ^ b<<32; ; {
				x = splitmix(x)
				if from := x >> (64 - binBits); isFilled(from) {
					sig[b] = sig[from]
					break
				}
			}
		}
	}
	for n := 1; n <= NumHashes; n++ {
		for trial := range 4 {
			var sig Signature
			var filled [NumHashes / 64]uint64
			for i := range sig {
				sig[i] = uint32(i*7919 + trial)
			}
			for i := range n {
				b := splitmix(uint64(n*1000+trial*100+i)) >> (64 - binBits)
				filled[b/64] |= 1 << (b % 64)
			}
			want := sig
			densify(&sig, &filled)
			reference(&want, &filled)
			if sig != want {
				t.Fatalf("%d bins filled (trial %d): signatures differ", n, trial)
			}
		}
	}
}
