package wire

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newswire/newswire/proto"
)

var (
	idPattern     = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)
	sourcePattern = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)
)

// checkInvariants verifies what every parsed dispatch must satisfy, whatever
// its input: subject-safe id and source, valid UTF-8, offsets that point at
// the text they claim, a known status and revision kind.
func checkInvariants(t testing.TB, d *proto.ParsedDispatch) {
	t.Helper()
	if !idPattern.MatchString(d.ID) {
		t.Errorf("id %q is not token-safe", d.ID)
	}
	if !sourcePattern.MatchString(d.Source) {
		t.Errorf("source %q is not subject-safe", d.Source)
	}
	if d.Language == "" {
		t.Error("empty language")
	}
	switch d.Status {
	case proto.StatusUsable, proto.StatusWithheld, proto.StatusCanceled:
	default:
		t.Errorf("status %q", d.Status)
	}
	if d.Revision == nil {
		t.Fatal("nil revision")
	}
	switch d.Revision.Kind {
	case proto.RevisionOriginal, proto.RevisionUpdate, proto.RevisionCorrection, proto.RevisionRefile, proto.RevisionKill:
	default:
		t.Errorf("revision kind %q", d.Revision.Kind)
	}
	if (d.Status == proto.StatusCanceled) != (d.Revision.Kind == proto.RevisionKill) {
		t.Errorf("status %q with revision %q", d.Status, d.Revision.Kind)
	}
	for _, s := range []string{d.Headline, d.BodyText, d.Byline, d.Slug, d.ProviderID} {
		if !utf8.ValidString(s) {
			t.Errorf("invalid UTF-8: %q", s)
		}
	}
	body := d.BodyText
	for _, p := range d.Paragraphs {
		if p.Start < 0 || p.End > int64(len(body)) || p.Start > p.End || strings.TrimSpace(body[p.Start:p.End]) != body[p.Start:p.End] {
			t.Fatalf("paragraph [%d,%d) does not match body", p.Start, p.End)
		}
		for _, s := range p.Sentences {
			if s.Start < p.Start || s.End > p.End || s.Start > s.End || strings.TrimSpace(body[s.Start:s.End]) != body[s.Start:s.End] {
				t.Fatalf("sentence [%d,%d) does not match body", s.Start, s.End)
			}
		}
	}
}
