// Package casualtystage is the casualties service's wiring: an enriched
// dispatch in, one casualty report out on news.casualties.<country>, even
// when it holds no figure, so consumers can tell "none" from "not processed".
package casualtystage

import (
	"context"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/casualty"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/pkg/story/versioned"
	"github.com/newswire/newswire/pkg/tolls"
	"github.com/newswire/newswire/proto"
)

// Name is the stage's consumer and service name.
const Name = "casualties"

// Def declares the casualties stage.
func Def() service.StageDef {
	return service.StageDef{
		Description: "Extracts casualty figures (killed, injured, missing, displaced, evacuated, arrested, kidnapped) and tracks toll revisions per story",
		Config:      stage.Config{Name: Name, Stream: stage.StreamEnriched},
		// A live heap of a few MB collected at the default GOGC 100 spent a
		// quarter of the stage's CPU in GC under load; 400 costs ~20 MB.
		GCPercent: 400,
		NewHandler: func(ctx context.Context, r *service.Runner) (stage.Handler, error) {
			// The tolls bucket keeps the latest figures per story, shared by the replicas.
			cfg := tolls.Bucket()
			cfg.Replicas = r.Env.Replicas
			store, err := versioned.OpenJetStream(ctx, r.JS, cfg)
			if err != nil {
				return nil, err
			}
			return &Handler{Extractor: casualty.New(), Timeline: tolls.New(store)}, nil
		},
	}
}

// Handler extracts and reports.
type Handler struct {
	Extractor *casualty.Extractor
	Timeline  *tolls.Timeline
}

// ReportText is the text figures are extracted from and their offsets refer
// to: the headline, a blank line, then the body (the body alone when there is
// no headline or the body already opens with it).
func ReportText(d *proto.ParsedDispatch) string {
	return reportText(d.Headline, d.BodyText)
}

func reportText(headline, body string) string {
	h := strings.TrimSpace(headline)
	if h == "" || strings.HasPrefix(body, h) {
		return body
	}
	return h + "\n\n" + body
}

// enrichedInput is the part of a proto.EnrichedDispatch the report needs,
// with the same field names and numbers: decoding skips the entities,
// places, topics and paragraphs, which were half of this stage's CPU.
type enrichedInput struct {
	Dispatch *dispatchInput `json:"dispatch" protobuf:"bytes,1,opt,name=dispatch,proto3"`
	Country  string         `json:"country,omitempty" protobuf:"bytes,6,opt,name=country,proto3"`
	StoryID  string         `json:"story_id,omitempty" protobuf:"bytes,7,opt,name=story_id,proto3"`
}

// dispatchInput is the part of a proto.ParsedDispatch the report needs.
type dispatchInput struct {
	ID       string          `json:"id" protobuf:"bytes,1,opt,name=id,proto3"`
	Source   string          `json:"source" protobuf:"bytes,2,opt,name=source,proto3"`
	Status   string          `json:"status,omitempty" protobuf:"bytes,7,opt,name=status,proto3"`
	Language string          `json:"language" protobuf:"bytes,8,opt,name=language,proto3"`
	Headline string          `json:"headline,omitempty" protobuf:"bytes,10,opt,name=headline,proto3"`
	BodyText string          `json:"body_text" protobuf:"bytes,18,opt,name=body_text,proto3"`
	Revision *proto.Revision `json:"revision,omitempty" protobuf:"bytes,21,opt,name=revision,proto3"`
}

// Handle builds the report of one enriched dispatch.
func (h *Handler) Handle(ctx context.Context, m *stage.Message) ([]stage.Output, error) {
	var e enrichedInput
	if err := service.Decode(m, &e); err != nil {
		return nil, err
	}
	if e.Dispatch == nil {
		return nil, stage.Permanent(errMissingDispatch)
	}
	d := e.Dispatch
	report := &proto.CasualtyReport{
		DispatchID: d.ID,
		StoryID:    e.StoryID,
		Country:    strings.ToUpper(countryToken(e.Country)),
		Language:   d.Language,
		Headline:   d.Headline,
		Source:     d.Source,
		Figures:    []proto.Figure{},
		Retraction: d.Status == proto.StatusCanceled || d.Revision != nil && d.Revision.Kind == proto.RevisionKill,
	}
	if !report.Retraction {
		if figs := h.Extractor.Extract(reportText(d.Headline, d.BodyText), d.Language); figs != nil {
			report.Figures = figs
		}
	}
	if h.Timeline != nil && e.StoryID != "" {
		sup, err := h.Timeline.Record(ctx, e.StoryID, d.ID, report.Figures, report.Retraction)
		if err != nil {
			return nil, err // KV trouble is transient: retry
		}
		report.Supersedes = sup
	}
	report.ExtractedAt = time.Now().UTC().Format(time.RFC3339Nano)
	data, hdr, err := service.Encode(report)
	if err != nil {
		return nil, stage.Permanent(err)
	}
	return []stage.Output{{Subject: stage.Subject(stage.SubjectCasualties, countryToken(e.Country)), Data: data, Header: hdr, ID: d.ID}}, nil
}

type constError string

func (e constError) Error() string { return string(e) }

const errMissingDispatch = constError("enriched message carries no dispatch")

// countryToken is the <country> subject token: the ISO code in lower case, xx when unknown.
func countryToken(cc string) string {
	cc = strings.ToLower(strings.TrimSpace(cc))
	if len(cc) != 2 {
		return "xx"
	}
	return cc
}
