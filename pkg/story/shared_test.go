package story

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/natstest"
	"github.com/newswire/newswire/proto"
)

func openShared(t *testing.T, js jetstream.JetStream) *Shared {
	t.Helper()
	s, err := OpenShared(context.Background(), js, DefaultConfig(), SharedConfig{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func assign(t *testing.T, s *Shared, d *proto.ParsedDispatch) (string, string) {
	t.Helper()
	story, dup, err := s.Assign(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return story, dup
}

// TestSharedReplicas: replicas see each other's assignments through the
// stream, a restarted replica replays the window, and a redelivery to
// another replica gets the first answer.
func TestSharedReplicas(t *testing.T) {
	ns := natstest.Server(t)
	js, err := jetstream.New(natstest.Connect(t, ns))
	if err != nil {
		t.Fatal(err)
	}
	a, b := openShared(t, js), openShared(t, js)
	quake := &proto.ParsedDispatch{ID: "afp-1", Language: "fr", Headline: "Séisme au Mexique", BodyText: quakeText}
	rewrite := &proto.ParsedDispatch{ID: "ap-7", Language: "fr", Headline: "Séisme au Mexique", BodyText: quakeRewrite}
	election := &proto.ParsedDispatch{ID: "afp-2", Language: "fr", Headline: "Allemagne: les électeurs votent", BodyText: electionText}

	s1, _ := assign(t, a, quake)
	waitUntil(t, func() bool { return b.seen.Load() >= 1 })
	s2, dup := assign(t, b, rewrite)
	if s2 != s1 || dup != "afp-1" {
		t.Errorf("rewrite on the other replica: story %s dup %q, want %s dup afp-1", s2, dup, s1)
	}
	if s3, _ := assign(t, a, election); s3 == s1 {
		t.Errorf("unrelated dispatch joined the quake story")
	}
	// A redelivery of the rewrite to replica a gets b's answer.
	waitUntil(t, func() bool { return a.seen.Load() >= 3 })
	if again, _ := assign(t, a, rewrite); again != s1 {
		t.Errorf("redelivered rewrite: story %s, want %s", again, s1)
	}
	// Either way round: an event first assigned on b, rewritten on a.
	const floodText = `De violentes inondations ont frappé samedi le sud-ouest de la France, où les pompiers ont ` +
		`évacué plusieurs centaines d'habitants dans la vallée de la Garonne. La préfecture a ouvert des gymnases ` +
		`pour les sinistrés et demandé aux automobilistes de ne pas prendre la route jusqu'à dimanche matin.`
	s5, _ := assign(t, b, &proto.ParsedDispatch{ID: "afp-4", Language: "fr", Headline: "Inondations dans le Sud-Ouest", BodyText: floodText})
	waitUntil(t, func() bool { return a.seen.Load() >= 4 })
	if s6, _ := assign(t, a, &proto.ParsedDispatch{ID: "ap-8", Language: "fr", Headline: "Crue de la Garonne", BodyText: floodText + " La décrue est attendue lundi."}); s6 != s5 {
		t.Errorf("rewrite on the first replica of a dispatch assigned on the second: story %s, want %s", s6, s5)
	}
	// A replica started now replays the window.
	c := openShared(t, js)
	late := &proto.ParsedDispatch{ID: "dpa-3", Language: "fr", Headline: "Séisme au Mexique: 40 morts", BodyText: quakeText}
	if s4, _ := assign(t, c, late); s4 != s1 {
		t.Errorf("replica started later: story %s, want %s", s4, s1)
	}
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
