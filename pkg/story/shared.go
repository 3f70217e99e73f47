package story

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/story/fold"
	"github.com/newswire/newswire/proto"
)

// Stream of story assignments shared by the enricher's replicas (and readable
// by anyone who follows story threads): one message per dispatch on
// news.stories.<lang>.
const (
	AssignmentStream  = "NEWS_STORIES"
	AssignmentSubject = "news.stories"
)

// originHeader names the replica that published an assignment, so that it
// can pass over its own without decoding them.
const originHeader = "Newswire-Origin"

// Assignment is one dispatch's story, with what another replica needs to
// index it: its signature and the fields its index keys come from.
type Assignment struct {
	DispatchID  string `json:"dispatch_id"`
	StoryID     string `json:"story_id"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
	Provider    string `json:"provider,omitempty"`
	ProviderID  string `json:"provider_id,omitempty"`
	Language    string `json:"language,omitempty"`
	Headline    string `json:"headline,omitempty"`
	Signature   []byte `json:"signature,omitempty"`
	// Origin identifies the replica that assigned it, which already indexed it.
	Origin string `json:"origin"`
}

// SharedConfig sizes a Shared assigner. Zero values take the documented defaults.
type SharedConfig struct {
	// Window is how many recent dispatches each replica indexes (default
	// DefaultWindow, 5,000: about 8 MB of index; the stream keeps as many).
	Window int
	// MaxAge bounds how old a dispatch can be and still join a story (default 72h).
	MaxAge time.Duration
	// Replicas of the assignment stream (1 on one server, 3 on a cluster).
	Replicas int
	Log      *slog.Logger
}

func (sc SharedConfig) withDefaults() SharedConfig {
	if sc.Window <= 0 {
		sc.Window = DefaultWindow
	}
	if sc.MaxAge <= 0 {
		sc.MaxAge = 72 * time.Hour
	}
	if sc.Log == nil {
		sc.Log = slog.Default()
	}
	return sc
}

// StreamConfig is the assignment stream's configuration for sc.
func (sc SharedConfig) StreamConfig() jetstream.StreamConfig {
	sc = sc.withDefaults()
	return jetstream.StreamConfig{
		Name:       AssignmentStream,
		Subjects:   []string{AssignmentSubject + ".>"},
		MaxAge:     sc.MaxAge,
		MaxMsgs:    int64(sc.Window),
		Discard:    jetstream.DiscardOld,
		Duplicates: 20 * time.Minute,
		Replicas:   max(sc.Replicas, 1),
		Storage:    jetstream.FileStorage,
	}
}

// Shared assigns stories on an in-memory index and shares every assignment
// with the other replicas through the NEWS_STORIES stream, from which each
// replica (and a restarted one, replaying the window) indexes the others'.
// A dispatch costs one publish, where a key-value bucket shared by replicas
// costs dozens of round trips (one per LSH band). Two replicas assigning
// near-duplicates within the same few milliseconds may start two stories.
type Shared struct {
	a      *Assigner
	js     jetstream.JetStream
	origin string
	log    *slog.Logger
	cc     jetstream.ConsumeContext
	seen   atomic.Int64
}

// OpenShared creates the assignment stream if needed, replays the window into
// a fresh index and keeps following the other replicas' assignments until Close.
func OpenShared(ctx context.Context, js jetstream.JetStream, cfg Config, sc SharedConfig) (*Shared, error) {
	sc = sc.withDefaults()
	a, err := NewAssigner(cfg, sc.Window)
	if err != nil {
		return nil, err
	}
	stream, err := js.CreateOrUpdateStream(ctx, sc.StreamConfig())
	if err != nil {
		return nil, fmt.Errorf("creating stream %s: %w", AssignmentStream, err)
	}
	s := &Shared{a: a, js: js, origin: nuid.Next(), log: sc.Log}
	info, err := stream.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading stream %s: %w", AssignmentStream, err)
	}
	backlog := int64(info.State.Msgs)
	cons, err := stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{})
	if err != nil {
		return nil, fmt.Errorf("following %s: %w", AssignmentStream, err)
	}
	var caughtUp sync.Once
	ready := make(chan struct{})
	if backlog == 0 {
		caughtUp.Do(func() { close(ready) })
	}
	s.cc, err = cons.Consume(func(m jetstream.Msg) {
		if m.Headers().Get(originHeader) != s.origin { // this replica indexed its own already
			s.apply(m.Data())
		}
		if s.seen.Add(1) >= backlog {
			caughtUp.Do(func() { close(ready) })
		}
	})
	if err != nil {
		return nil, fmt.Errorf("following %s: %w", AssignmentStream, err)
	}
	select {
	case <-ready:
	case <-ctx.Done():
		s.cc.Stop()
		return nil, ctx.Err()
	case <-time.After(2 * time.Minute):
		s.log.Warn("story window replay not finished after 2 minutes; going on with what is indexed", "indexed", s.seen.Load(), "backlog", backlog)
	}
	return s, nil
}

// apply indexes an assignment made by another replica.
func (s *Shared) apply(data []byte) {
	var as Assignment
	if err := json.Unmarshal(data, &as); err != nil {
		s.log.Warn("undecodable story assignment", "err", err)
		return
	}
	if as.Origin == s.origin {
		return
	}
	var sig Signature
	if err := sig.UnmarshalBinary(as.Signature); err != nil {
		sig = Signature{}
	}
	d := &proto.ParsedDispatch{ID: as.DispatchID, Provider: as.Provider, ProviderID: as.ProviderID, Language: as.Language, Headline: as.Headline}
	if err := s.a.Import(d, sig, as.StoryID, as.DuplicateOf); err != nil {
		s.log.Warn("indexing story assignment", "dispatch", as.DispatchID, "err", err)
	}
}

// Assign returns the story of d (see Assigner.Assign) and shares it with the
// other replicas before returning, so an output that names the story is never
// published before the assignment is durable.
func (s *Shared) Assign(ctx context.Context, d *proto.ParsedDispatch) (storyID, duplicateOf string, err error) {
	return s.AssignFolded(ctx, d, nil)
}

// AssignFolded is Assign on a dispatch whose text FoldDispatch folded into
// p, or nil (see Assigner.AssignFolded).
func (s *Shared) AssignFolded(ctx context.Context, d *proto.ParsedDispatch, p *fold.Parts) (storyID, duplicateOf string, err error) {
	storyID, duplicateOf, share, err := s.AssignWithShare(d, p)
	if err != nil {
		return "", "", err
	}
	if _, err := s.js.PublishMsg(ctx, share, jetstream.WithMsgID("story:"+d.ID)); err != nil {
		return "", "", fmt.Errorf("sharing story assignment: %w", err)
	}
	return storyID, duplicateOf, nil
}

// AssignWithShare is AssignFolded leaving the sharing to the caller: it
// returns the message to publish on the assignment stream, which must be
// stored before anything naming the story is published. The enricher stage
// publishes the shares of a batch of dispatches together this way
// (stage.Output.First), one round trip for the batch instead of one each.
func (s *Shared) AssignWithShare(d *proto.ParsedDispatch, p *fold.Parts) (storyID, duplicateOf string, share *nats.Msg, err error) {
	storyID, duplicateOf, sig, err := s.a.assign(d, p)
	if err != nil {
		return "", "", nil, err
	}
	sigBytes, _ := sig.MarshalBinary()
	b, err := json.Marshal(Assignment{
		DispatchID: d.ID, StoryID: storyID, DuplicateOf: duplicateOf,
		Provider: d.Provider, ProviderID: d.ProviderID, Language: d.Language, Headline: d.Headline,
		Signature: sigBytes, Origin: s.origin,
	})
	if err != nil {
		return "", "", nil, fmt.Errorf("encoding story assignment: %w", err)
	}
	lang := d.Language
	if lang == "" {
		lang = "und"
	}
	share = &nats.Msg{Subject: AssignmentSubject + "." + subjectToken(lang), Data: b, Header: nats.Header{
		"Content-Type": []string{"application/json"},
		originHeader:   []string{s.origin},
	}}
	return storyID, duplicateOf, share, nil
}

// Close stops following the other replicas.
func (s *Shared) Close() {
	if s.cc != nil {
		s.cc.Stop()
	}
}

func subjectToken(s string) string {
	out := []byte(s)
	for i, c := range out {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			out[i] = '_'
		}
	}
	if len(out) == 0 {
		return "und"
	}
	return string(out)
}
