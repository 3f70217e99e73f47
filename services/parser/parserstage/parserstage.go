// Package parserstage is the parser service's wiring: raw provider bytes from
// news.raw.<source> in, one normalised dispatch out on news.parsed.<lang>.
package parserstage

import (
	"context"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/pkg/wire"
)

// Name is the stage's consumer and service name.
const Name = "parser"

// Def declares the parser stage.
func Def() service.StageDef {
	return service.StageDef{
		Description: "Parses raw wire dispatches (NITF, NewsML, ANPA, ninjs, text) into normalised dispatches",
		Config:      stage.Config{Name: Name, Stream: stage.StreamRaw},
		// A live heap of a few MB collected at the default GOGC 100 spent a
		// quarter of the stage's CPU in GC under load; 400 costs ~20 MB.
		GCPercent: 400,
		NewHandler: func(context.Context, *service.Runner) (stage.Handler, error) {
			return stage.HandlerFunc(Handle), nil
		},
	}
}

// Handle parses one raw dispatch. Bytes that cannot be parsed never will be:
// the error is permanent and the dispatch goes to news.dlq.parser intact.
func Handle(ctx context.Context, m *stage.Message) ([]stage.Output, error) {
	var received time.Time
	if at := m.Header.Get(stage.HeaderReceivedAt); at != "" {
		// An absent or unreadable time is the zero time.
		received, _ = time.Parse(time.RFC3339Nano, at)
	}
	d, err := wire.Parse(m.Data, wire.Options{
		Format:      m.Header.Get(stage.HeaderFormat),
		ContentType: m.Header.Get(stage.HeaderContentType),
		Source:      sourceOf(m.Subject),
		Language:    m.Header.Get(stage.HeaderLanguage),
		ReceivedAt:  received,
	})
	if err != nil {
		return nil, stage.Permanent(err)
	}
	d.ParsedAt = time.Now().UTC().Format(time.RFC3339Nano)
	data, h, err := service.Encode(d)
	if err != nil {
		return nil, stage.Permanent(err)
	}
	return []stage.Output{{Subject: stage.Subject(stage.SubjectParsed, d.Language), Data: data, Header: h, ID: d.ID}}, nil
}

// sourceOf returns the <source> token of news.raw.<source>. (wire.Parse
// reads the "unknown" token as no source, so the parser computes the id the
// ingest edge did for a dispatch whose sender named none.)
func sourceOf(subject string) string {
	if i := strings.LastIndexByte(subject, '.'); i >= 0 {
		return subject[i+1:]
	}
	return ""
}
