package casualtystage

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/newswire/newswire/proto"
)

// sampleReport has every field set, and strings with every kind of byte the
// JSON encoder escapes.
func sampleReport(s string) *proto.CasualtyReport {
	n := func(v int64) *int64 { return &v }
	return &proto.CasualtyReport{
		DispatchID: "afp-" + s, StoryID: s, Country: "FR", Language: s, Headline: s,
		Figures: []proto.Figure{
			{Kind: "killed", Low: n(12), High: nil, Span: s, Start: 3, End: -9, Sentence: s, Group: s, PartOf: n(0), Cause: s, Location: s, Period: s, Source: s},
			{Kind: s, Low: nil, High: n(-5)},
		},
		Supersedes: []proto.Supersession{{DispatchID: s, Kind: "injured", Low: n(1), High: nil, NewLow: nil, NewHigh: n(1 << 40)}},
		Retraction: true, Source: s,
	}
}

var jsonSamples = []string{
	"", "plain", `quote " backslash \ slash /`, "<b>&amp;</b>", "\b\f\n\r\t\x00\x01\x1f\x7f",
	"é à ß 漢字 🙂", "\u2028 \u2029 \u2027 \u202a", "\xff\xfe bad \xc3 utf8 \xe2\x80", "long text, long enough for eight-byte chunks <>",
}

func TestAppendReportJSON(t *testing.T) {
	for _, s := range jsonSamples {
		checkReportJSON(t, sampleReport(s))
	}
	checkReportJSON(t, &proto.CasualtyReport{})
	checkReportJSON(t, &proto.CasualtyReport{Figures: []proto.Figure{}})
}

func FuzzAppendReportJSON(f *testing.F) {
	for _, s := range jsonSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkReportJSON(t, sampleReport(s)) })
}

// checkReportJSON compares appendReportJSON with proto.Marshal.
func checkReportJSON(t *testing.T, r *proto.CasualtyReport) {
	t.Helper()
	at := time.Date(2026, 11, 29, 23, 50, 1, 123456700, time.UTC)
	r.ExtractedAt = at.Format(time.RFC3339Nano)
	want, err := proto.Marshal(proto.ContentTypeJSON, r)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendReportJSON(nil, r, at); !bytes.Equal(got, want) {
		t.Fatalf("appendReportJSON:\n got  %s\n want %s", got, want)
	}
}

// FuzzDecodeProtobuf checks that what decodeProtobuf accepts,
// proto.Unmarshal decodes to the same values.
func FuzzDecodeProtobuf(f *testing.F) {
	for _, e := range []*proto.EnrichedDispatch{
		{Dispatch: &proto.ParsedDispatch{ID: "a", Source: "s", Status: "canceled", Language: "fr", Headline: "h", BodyText: "body",
			Revision: &proto.Revision{Kind: "kill", Replaces: "x"}, Paragraphs: []proto.Paragraph{{Start: 1, End: 2}}},
			Persons: []proto.Entity{{Text: "P"}}, Country: "FR", StoryID: "st", EnrichedAt: "now"},
		{Dispatch: &proto.ParsedDispatch{}},
		{},
	} {
		b, err := proto.Marshal(proto.ContentTypeProtobuf, e)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(append(b, b...)) // fields twice: messages merge, strings keep the last
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got enrichedInput
		body, ok := decodeProtobuf(data, &got)
		if !ok {
			return
		}
		var want enrichedInput
		if err := proto.Unmarshal(proto.ContentTypeProtobuf, data, &want); err != nil {
			t.Fatalf("decodeProtobuf took what proto.Unmarshal rejects: %v", err)
		}
		if got.Dispatch != nil {
			got.Dispatch.BodyText = string(body)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeProtobuf:\n got  %+v\n want %+v", got, want)
		}
	})
}
