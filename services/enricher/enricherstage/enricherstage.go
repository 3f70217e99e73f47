// Package enricherstage is the enricher service's wiring: a parsed dispatch
// in, the same dispatch with its people, organisations, geocoded places,
// topics, country and story out on news.enriched.<lang>.
package enricherstage

import (
	"context"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/newswire/newswire/pkg/enrich/entities"
	"github.com/newswire/newswire/pkg/enrich/topics"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/pkg/story"
	"github.com/newswire/newswire/pkg/story/fold"
	"github.com/newswire/newswire/proto"
)

// Name is the stage's consumer and service name.
const Name = "enricher"

// Def declares the enricher stage.
func Def() service.StageDef {
	return service.StageDef{
		Description: "Finds people, organisations and places (geocoded), topics, near-duplicates and story threads",
		Config:      stage.Config{Name: Name, Stream: stage.StreamParsed},
		NewHandler: func(ctx context.Context, r *service.Runner) (stage.Handler, error) {
			// Each replica indexes a bounded window of recent dispatches in
			// memory and shares its assignments on news.stories.<lang>.
			window, _ := strconv.Atoi(os.Getenv("STORY_WINDOW")) // dispatches; 0 takes the default
			stories, err := story.OpenShared(ctx, r.JS, story.DefaultConfig(), story.SharedConfig{Window: window, Replicas: r.Env.Replicas, Log: r.Log})
			if err != nil {
				return nil, err
			}
			h, err := New(stories)
			// Loading the gazetteer allocates several times what it keeps;
			// hand that back now rather than carry it as resident memory.
			debug.FreeOSMemory()
			return h, err
		},
	}
}

// StoryAssigner gives a dispatch its story: story.Shared in the pipeline,
// a story.Assigner (one process's index) in tests and offline tools. p is
// d's text as story.FoldDispatch folded it, or nil: the handler folds each
// dispatch once, for its topics and its story.
type StoryAssigner interface {
	AssignFolded(ctx context.Context, d *proto.ParsedDispatch, p *fold.Parts) (storyID, duplicateOf string, err error)
}

// sharingAssigner is a StoryAssigner whose assignments other replicas
// read (story.Shared): the handler publishes each share itself, as a First
// output, so a batch's shares cost one round trip.
type sharingAssigner interface {
	AssignWithShare(d *proto.ParsedDispatch, p *fold.Parts) (storyID, duplicateOf string, share *nats.Msg, err error)
}

// assignFunc assigns the story of d; p is d's text folded, or nil.
type assignFunc func(ctx context.Context, d *proto.ParsedDispatch, p *fold.Parts) (storyID, duplicateOf string, err error)

// foldings recycles the folded texts of dispatches (fold.Parts): their
// buffers grow to a dispatch's size once.
var foldings = sync.Pool{New: func() any { return new(fold.Parts) }}

// Handler enriches dispatches.
type Handler struct {
	entities *entities.Extractor
	stories  StoryAssigner
}

// New builds the handler.
func New(stories StoryAssigner) (*Handler, error) {
	x, err := entities.NewDefault()
	if err != nil {
		return nil, err
	}
	return &Handler{entities: x, stories: stories}, nil
}

// Enrich computes the enrichment of d.
func (h *Handler) Enrich(ctx context.Context, d *proto.ParsedDispatch) (*proto.EnrichedDispatch, error) {
	return h.enrich(ctx, d, h.stories.AssignFolded)
}

func (h *Handler) enrich(ctx context.Context, d *proto.ParsedDispatch, assign assignFunc) (*proto.EnrichedDispatch, error) {
	res := h.entities.Extract(d)
	e := &proto.EnrichedDispatch{
		Dispatch:      d,
		Persons:       withHeadline(res.Persons, res.Headline.Persons),
		Organizations: withHeadline(res.Organizations, res.Headline.Organizations),
		Places:        withHeadlinePlaces(res.Places, res.Headline.Places),
		Country:       res.Country,
	}
	// Topics and story read the same folded words: fold them once.
	folding := foldings.Get().(*fold.Parts)
	defer func() {
		folding.Reset()
		foldings.Put(folding)
	}()
	p := folding
	if story.FoldDispatch(d, folding) {
		e.Topics = topics.ClassifyFolded(p.Part(0), p.Part(p.Len()-1), d.Language)
	} else {
		p = nil // longer than a signature reads: each reads its own share
		e.Topics = topics.Classify(d.Headline, d.BodyText, d.Language)
	}
	storyID, dup, err := assign(ctx, d, p)
	if err != nil {
		return nil, err
	}
	e.StoryID, e.DuplicateOf = storyID, dup
	e.EnrichedAt = time.Now().UTC().Format(time.RFC3339Nano)
	return e, nil
}

// Handle enriches one parsed dispatch.
func (h *Handler) Handle(ctx context.Context, m *stage.Message) ([]stage.Output, error) {
	var d proto.ParsedDispatch
	if err := service.Decode(m, &d); err != nil {
		return nil, err
	}
	outs := make([]stage.Output, 0, 2)
	assign := assignFunc(h.stories.AssignFolded)
	if sh, ok := h.stories.(sharingAssigner); ok {
		assign = func(_ context.Context, d *proto.ParsedDispatch, p *fold.Parts) (string, string, error) {
			storyID, dup, share, err := sh.AssignWithShare(d, p)
			if err == nil {
				outs = append(outs, stage.Output{Subject: share.Subject, Data: share.Data, Header: share.Header, ID: d.ID, First: true})
			}
			return storyID, dup, err
		}
	}
	e, err := h.enrich(ctx, &d, assign)
	if err != nil {
		return nil, err // sharing the story assignment is the only thing that fails: transient
	}
	data, hdr, err := encode(m, e)
	if err != nil {
		return nil, stage.Permanent(err)
	}
	return append(outs, stage.Output{Subject: stage.Subject(stage.SubjectEnriched, d.Language), Data: data, Header: hdr, ID: d.ID}), nil
}

// encode encodes e, enriched from the dispatch m holds, as service.Encode
// does. When both are protobuf, m's bytes are the encoding of e.Dispatch
// (decoded from them, and only read since) and go into e's as they are:
// encoding the dispatch again was most of encoding e.
func encode(m *stage.Message, e *proto.EnrichedDispatch) ([]byte, nats.Header, error) {
	if !proto.IsProtobuf(m.Header.Get(stage.HeaderContentType)) || !proto.IsProtobuf(service.OutputContentType(e)) {
		return service.Encode(e)
	}
	data, err := proto.MarshalProtobufSpliced(e, "dispatch", m.Data)
	if err != nil {
		return nil, nil, err
	}
	return data, nats.Header{stage.HeaderContentType: []string{proto.ContentTypeProtobuf}}, nil
}

// withHeadline adds the entities named only in the headline, with offsets
// -1 (proto.Entity: found in the headline only), after the body's. An
// entity is named already when its canonical name or text is the canonical
// name or text of one before it. Both lists are short (tens and a few): a
// scan costs less than the set of names it would take to build.
func withHeadline(body, headline []proto.Entity) []proto.Entity {
	out := append(make([]proto.Entity, 0, len(body)+len(headline)), body...)
	for _, e := range headline {
		if named(out, e.Canonical) || named(out, e.Text) {
			continue
		}
		e.Start, e.End = -1, -1
		out = append(out, e)
	}
	return out
}

// named reports whether name is the canonical name or text of an entity of es.
func named(es []proto.Entity, name string) bool {
	for i := range es {
		if es[i].Canonical == name || es[i].Text == name {
			return true
		}
	}
	return false
}

// withHeadlinePlaces is withHeadline for places, told apart by GeoNames id.
func withHeadlinePlaces(body, headline []proto.Place) []proto.Place {
	out := append(make([]proto.Place, 0, len(body)+len(headline)), body...)
	for _, p := range headline {
		if hasPlace(out, p.GeonamesID) {
			continue
		}
		p.Start, p.End = -1, -1
		out = append(out, p)
	}
	return out
}

// hasPlace reports whether a place of ps has the GeoNames id id.
func hasPlace(ps []proto.Place, id int64) bool {
	for i := range ps {
		if ps[i].GeonamesID == id {
			return true
		}
	}
	return false
}
