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
	h := strings.TrimSpace(d.Headline)
	if h == "" || strings.HasPrefix(d.BodyText, h) {
		return d.BodyText
	}
	return h + "\n\n" + d.BodyText
}

// Handle builds the report of one enriched dispatch.
func (h *Handler) Handle(ctx context.Context, m *stage.Message) ([]stage.Output, error) {
	var e proto.EnrichedDispatch
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
		if figs := h.Extractor.Extract(ReportText(d), d.Language); figs != nil {
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
