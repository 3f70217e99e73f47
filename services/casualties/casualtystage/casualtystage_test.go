package casualtystage

import (
	"context"
	"reflect"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/newswire/newswire/pkg/casualty"
	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/proto"
)

// TestInputMirrorsEnrichedDispatch keeps the stage's narrow input types in
// step with the messages they decode: every field has the same name, type
// and tags as in proto, so both encodings read the same bytes.
func TestInputMirrorsEnrichedDispatch(t *testing.T) {
	mirror := func(narrow, full reflect.Type) {
		t.Helper()
		for i := range narrow.NumField() {
			nf := narrow.Field(i)
			ff, ok := full.FieldByName(nf.Name)
			if !ok {
				t.Errorf("%s.%s: no such field in %s", narrow.Name(), nf.Name, full.Name())
				continue
			}
			if nf.Tag != ff.Tag {
				t.Errorf("%s.%s: tags %q, %s has %q", narrow.Name(), nf.Name, nf.Tag, full.Name(), ff.Tag)
			}
			if nf.Type != ff.Type && !(nf.Type == reflect.TypeFor[*dispatchInput]() && ff.Type == reflect.TypeFor[*proto.ParsedDispatch]()) {
				t.Errorf("%s.%s: type %v, %s has %v", narrow.Name(), nf.Name, nf.Type, full.Name(), ff.Type)
			}
		}
	}
	mirror(reflect.TypeFor[enrichedInput](), reflect.TypeFor[proto.EnrichedDispatch]())
	mirror(reflect.TypeFor[dispatchInput](), reflect.TypeFor[proto.ParsedDispatch]())
}

// TestHandleBothEncodings reports the same figures from an enriched
// dispatch sent as JSON and as protobuf.
func TestHandleBothEncodings(t *testing.T) {
	e := &proto.EnrichedDispatch{
		Dispatch: &proto.ParsedDispatch{ID: "afp-1", Language: "fr", Headline: "Syrie: 12 morts",
			BodyText:   "Au moins douze civils ont été tués et 30 blessés dans un bombardement, selon l'OSDH.",
			Paragraphs: []proto.Paragraph{{Start: 0, End: 80}}},
		Persons: []proto.Entity{{Text: "X"}}, Country: "SY",
	}
	h := &Handler{Extractor: casualty.New()}
	for _, ct := range []string{proto.ContentTypeJSON, proto.ContentTypeProtobuf} {
		data, err := proto.Marshal(ct, e)
		if err != nil {
			t.Fatal(err)
		}
		out, err := h.Handle(context.Background(), &stage.Message{Subject: "news.enriched.fr", Data: data, Header: nats.Header{stage.HeaderContentType: {ct}}})
		if err != nil {
			t.Fatalf("%s: %v", ct, err)
		}
		var r proto.CasualtyReport
		if err := proto.Unmarshal(out[0].Header.Get(stage.HeaderContentType), out[0].Data, &r); err != nil {
			t.Fatal(err)
		}
		if out[0].Subject != "news.casualties.sy" || r.DispatchID != "afp-1" || r.Headline != "Syrie: 12 morts" {
			t.Errorf("%s: subject %s, report %+v", ct, out[0].Subject, r)
		}
		kinds := map[string]int64{}
		for _, f := range r.Figures {
			if f.Low != nil {
				kinds[f.Kind] = *f.Low
			}
		}
		if kinds[proto.KindKilled] != 12 || kinds[proto.KindInjured] != 30 {
			t.Errorf("%s: figures %+v", ct, r.Figures)
		}
	}
}
