package story

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/newswire/newswire/pkg/story/versioned"
	"github.com/newswire/newswire/pkg/story/versioned/vtest"
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
	for name, newStore := range vtest.Stores(t) {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				runSteps(t, newStore(t), tt.steps)
			})
		}
	}
}

func runSteps(t *testing.T, store versioned.Store, steps []step) {
	t.Helper()
	a, err := NewAssigner(store, DefaultConfig())
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

// TestConcurrentReplicas has two replicas (two Assigners on one store)
// assign rewrites of one event at the same time: they must agree on one
// story, and unrelated dispatches assigned meanwhile must stay apart.
func TestConcurrentReplicas(t *testing.T) {
	for name, newStore := range vtest.Stores(t) {
		t.Run(name, func(t *testing.T) {
			store := newStore(t)
			const n = 16
			replicas := make([]*Assigner, 2)
			for i := range replicas {
				a, err := NewAssigner(store, DefaultConfig())
				if err != nil {
					t.Fatal(err)
				}
				replicas[i] = a
			}
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
					got[i], _, errs[i] = replicas[i%2].Assign(ctx, d)
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
		})
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

func BenchmarkSign(b *testing.B) {
	text := strings.Repeat(quakeText+" ", 4) // ~300 words, a typical dispatch
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sign(text, 3)
	}
}

// barrierStore holds every dispatch-record Create until n of them are
// waiting, so that n replicas all finish their lookups before any of them
// writes: the worst interleaving, which CAS adoption must resolve.
type barrierStore struct {
	versioned.Store
	mu      sync.Mutex
	waiting int
	n       int
	release chan struct{}
}

func (b *barrierStore) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	if strings.HasPrefix(key, "d.") {
		b.mu.Lock()
		b.waiting++
		if b.waiting == b.n {
			close(b.release)
		}
		b.mu.Unlock()
		<-b.release
	}
	return b.Store.Create(ctx, key, value)
}

func TestRaceAdoption(t *testing.T) {
	for name, newStore := range vtest.Stores(t) {
		t.Run(name, func(t *testing.T) {
			const n = 4
			store := &barrierStore{Store: newStore(t), n: n, release: make(chan struct{})}
			ctx := context.Background()
			got := make([]string, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					a, err := NewAssigner(store, DefaultConfig())
					if err != nil {
						errs[i] = err
						return
					}
					text := quakeText
					if i%2 == 1 {
						text = quakeRewrite
					}
					d := &proto.ParsedDispatch{ID: fmt.Sprintf("wire%d", i), Language: "fr", Headline: fmt.Sprintf("Séisme (%d)", i), BodyText: text}
					got[i], _, errs[i] = a.Assign(ctx, d)
				})
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("replica %d: %v", i, err)
				}
			}
			for i := range got {
				if got[i] != got[0] {
					t.Fatalf("replicas racing on one event disagree: %v", got)
				}
			}
			// Every record must have been moved to the winning story.
			a, _ := NewAssigner(store.Store, DefaultConfig())
			for i := range n {
				s, _, err := a.Assign(ctx, &proto.ParsedDispatch{ID: fmt.Sprintf("wire%d", i)})
				if err != nil || s != got[0] {
					t.Errorf("stored story of wire%d = %s, %v; want %s", i, s, err, got[0])
				}
			}
		})
	}
}

// BenchmarkAssign measures one assignment (lookups, record and index
// writes) per store: "rewrite" assigns rewrites of one event (the dispatch
// joins a story), "unrelated" a new text each time (it starts a story).
func BenchmarkAssign(b *testing.B) {
	stores := vtest.Stores(b)
	words := strings.Fields(electionText + " " + quakeUpdate)
	for name, newStore := range stores {
		store := newStore(b)
		for _, kind := range []string{"rewrite", "unrelated"} {
			b.Run(name+"/"+kind, func(b *testing.B) {
				a, err := NewAssigner(store, DefaultConfig())
				if err != nil {
					b.Fatal(err)
				}
				ctx := context.Background()
				i := 0
				for b.Loop() {
					i++
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
					d := &proto.ParsedDispatch{ID: fmt.Sprintf("%s-%s-%d", name, kind, i), Language: "fr", Headline: fmt.Sprintf("Dépêche numéro %d du fil", i), BodyText: body}
					if _, _, err := a.Assign(ctx, d); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
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
