package proto

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	pb "github.com/segmentio/encoding/proto"
	"google.golang.org/protobuf/encoding/protowire"
)

// wireFixtures returns real messages of the three types that travel on the
// pipeline (enriched dispatches from the enricher, the parsed dispatches
// inside them, casualty reports from the extractor) and the samples.
func wireFixtures(t testing.TB) []any {
	var out []any
	for _, e := range loadFixtures[EnrichedDispatch](t, "enriched_fr.jsonl") {
		out = append(out, e, e.Dispatch)
	}
	for _, r := range loadFixtures[CasualtyReport](t, "casualty_fr.jsonl") {
		out = append(out, r)
	}
	return append(out, samples()...)
}

// TestProtobufMatchesSegmentio checks the codec against the one it replaces
// on real messages: what it writes decodes to the value written, what
// segmentio's Marshal writes decodes to the same value, and the two encodings
// are the same bytes once segmentio's are put in field-number order without
// the explicit zeros it writes for the first field of a repeated message.
func TestProtobufMatchesSegmentio(t *testing.T) {
	for i, v := range wireFixtures(t) {
		name := fmt.Sprintf("%d/%T", i, v)
		want := withoutEmptySlices(v)
		plan, err := planFor(reflect.TypeOf(v).Elem())
		if err != nil {
			t.Fatal(err)
		}
		ours, err := Marshal(ContentTypeProtobuf, v)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		theirs, err := pb.Marshal(v)
		if err != nil {
			t.Fatalf("%s: segmentio: %v", name, err)
		}
		for _, enc := range []struct {
			by   string
			data []byte
		}{{"ours", ours}, {"segmentio", theirs}} {
			got := reflect.New(reflect.TypeOf(v).Elem()).Interface()
			if err := Unmarshal(ContentTypeProtobuf, enc.data, got); err != nil {
				t.Fatalf("%s: decoding %s: %v", name, enc.by, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: decoding %s changed the value:\n got %+v\nwant %+v", name, enc.by, got, want)
			}
		}
		if c := canonical(t, plan, ours); !bytes.Equal(c, ours) {
			t.Errorf("%s: our encoding is not canonical", name)
		}
		if c := canonical(t, plan, theirs); !bytes.Equal(c, ours) {
			t.Errorf("%s: encodings differ beyond field order and explicit zeros:\n ours %x\n segmentio %x", name, ours, c)
		}
	}
}

// canonical returns b, an encoded message of plan p, with its fields in
// number order and without explicit zeros of singular scalars.
func canonical(t *testing.T, p *messagePlan, b []byte) []byte {
	t.Helper()
	type field struct {
		num protowire.Number
		raw []byte
	}
	var fields []field
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeField(b)
		if n < 0 {
			t.Fatalf("%s: %v", p.name, protowire.ParseError(n))
		}
		raw := b[:n]
		b = b[n:]
		f := p.byNum[num]
		_, _, tagLen := protowire.ConsumeTag(raw)
		value := raw[tagLen:]
		if f.kind == kindMessage {
			payload, _ := protowire.ConsumeBytes(value)
			raw = protowire.AppendBytes(protowire.AppendTag(nil, num, typ), canonical(t, f.msg, payload))
		} else if !f.repeated && !f.optional && f.kind != kindBytes && f.kind != kindStringMap && strings.Trim(string(value), "\x00") == "" {
			continue // a varint, fixed64 or length of zero
		}
		fields = append(fields, field{num, raw})
	}
	slices.SortStableFunc(fields, func(a, b field) int { return int(a.num - b.num) })
	var out []byte
	for _, f := range fields {
		out = append(out, f.raw...)
	}
	return out
}

// withoutEmptySlices returns a copy of message v whose empty slices and
// maps are nil: protobuf does not tell them apart, and decodes to nil.
func withoutEmptySlices(v any) any {
	cp := reflect.New(reflect.TypeOf(v).Elem())
	cp.Elem().Set(reflect.ValueOf(v).Elem())
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				elem := reflect.New(v.Type().Elem())
				elem.Elem().Set(v.Elem())
				v.Set(elem)
				walk(elem.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Map:
			if v.Len() == 0 {
				v.SetZero()
			}
		case reflect.Slice:
			if v.Type().Elem().Kind() == reflect.Uint8 {
				return // nil and empty bytes do travel apart
			}
			if v.Len() == 0 {
				v.SetZero()
				return
			}
			v.Set(reflect.AppendSlice(reflect.MakeSlice(v.Type(), 0, v.Len()), v))
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	walk(cp.Elem())
	return cp.Interface()
}

// TestEveryFieldTravels fills every field of every message type with a
// distinct non-zero value and round-trips it: a field the codec dropped or
// mixed up with another would come back different.
func TestEveryFieldTravels(t *testing.T) {
	for _, v := range samples() {
		typ := reflect.TypeOf(v).Elem()
		full := reflect.New(typ)
		seed := 0
		fill(full.Elem(), &seed)
		data, err := Marshal(ContentTypeProtobuf, full.Interface())
		if err != nil {
			t.Fatal(err)
		}
		got := reflect.New(typ)
		if err := Unmarshal(ContentTypeProtobuf, data, got.Interface()); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Interface(), full.Interface()) {
			t.Errorf("%s: round trip changed the value:\n got %+v\nwant %+v", typ.Name(), got.Elem(), full.Elem())
		}
	}
}

// fill sets v and everything below it to distinct non-zero values.
func fill(v reflect.Value, seed *int) {
	*seed++
	n := *seed
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", n))
	case reflect.Int64:
		v.SetInt(int64(-n))
	case reflect.Uint64:
		v.SetUint(uint64(n) << 40)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Float64:
		v.SetFloat(float64(n) + 0.25)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), seed)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), seed)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, seed)
			fill(e, seed)
			v.SetMapIndex(k, e)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), seed)
		}
	case reflect.Uint8:
		v.SetUint(uint64(n))
	default:
		panic("fill: unexpected kind " + v.Kind().String())
	}
}

// nested is a message type that contains itself, to reach the depth limit.
type nested struct {
	Child *nested `protobuf:"bytes,1,opt,name=child,proto3"`
}

// TestHostileInput checks that bad bytes are clear errors, and not
// allocations or crashes.
func TestHostileInput(t *testing.T) {
	tag := func(num protowire.Number, typ protowire.Type) []byte { return protowire.AppendTag(nil, num, typ) }
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	deep := []byte{}
	for range 40 {
		deep = protowire.AppendBytes(tag(1, protowire.BytesType), deep)
	}
	var emptyPlaces []byte
	for range 200_000 {
		emptyPlaces = append(emptyPlaces, tag(4, protowire.BytesType)[0], 0)
	}
	for _, tc := range []struct {
		name string
		data []byte
		into any
		want []string // parts of the error (protowire's own messages vary their spaces)
	}{
		{"2 GB length", cat(tag(18, protowire.BytesType), protowire.AppendVarint(nil, 2<<30), []byte("short")), &ParsedDispatch{},
			[]string{"ParsedDispatch.body_text (field 18): unexpected EOF"}},
		{"wrong wire type", cat(tag(19, protowire.BytesType), []byte{4}, tag(4, protowire.BytesType), []byte{2}, tag(2, protowire.BytesType), []byte{0}), &ParsedDispatch{},
			[]string{"ParsedDispatch.paragraphs (field 19): Paragraph.sentences (field 4): Sentence.end (field 2): wire type bytes, want varint"}},
		{"truncated varint", cat(tag(6, protowire.VarintType), []byte{0x80, 0x80}), &ParsedDispatch{},
			[]string{"ParsedDispatch.urgency (field 6): unexpected EOF"}},
		{"truncated message", cat(tag(1, protowire.BytesType), []byte{10, 1}), &EnrichedDispatch{},
			[]string{"EnrichedDispatch.dispatch (field 1): unexpected EOF"}},
		{"field number 0", []byte{0x02, 0x00}, &CasualtyReport{},
			[]string{"CasualtyReport: field tag: ", "invalid field number"}},
		{"reserved wire type", cat(tag(99, 7)), &CasualtyReport{},
			[]string{"CasualtyReport: unknown field 99: ", "cannot parse reserved wire type"}},
		{"too deep", deep, &nested{},
			[]string{"nested.child (field 1): ", "nested deeper than 32"}},
		{"allocation bomb", emptyPlaces, &EnrichedDispatch{},
			[]string{"EnrichedDispatch.places (field 4): " + errBudget.Error()}},
	} {
		err := unmarshalProtobuf(tc.data, tc.into)
		for _, want := range tc.want {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %v, want one saying %q", tc.name, err, want)
			}
		}
	}
	if err := unmarshalProtobuf(emptyPlaces, &EnrichedDispatch{}); !errors.Is(err, errBudget) {
		t.Errorf("allocation bomb: %v is not errBudget", err)
	}
}

// TestUnknownFieldsAreSkipped decodes a message from a newer schema: fields
// of every wire type the Go types do not know are passed over.
func TestUnknownFieldsAreSkipped(t *testing.T) {
	want := samples()[1].(*ParsedDispatch)
	data, err := Marshal(ContentTypeProtobuf, want)
	if err != nil {
		t.Fatal(err)
	}
	unknown := protowire.AppendVarint(protowire.AppendTag(nil, 30, protowire.VarintType), 7)
	unknown = protowire.AppendFixed32(protowire.AppendTag(unknown, 31, protowire.Fixed32Type), 7)
	unknown = protowire.AppendFixed64(protowire.AppendTag(unknown, 32, protowire.Fixed64Type), 7)
	unknown = protowire.AppendString(protowire.AppendTag(unknown, 33, protowire.BytesType), "later")
	group := protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.VarintType), 7)
	unknown = protowire.AppendGroup(protowire.AppendTag(unknown, 34, protowire.StartGroupType), 34, group)
	var got ParsedDispatch
	if err := Unmarshal(ContentTypeProtobuf, append(unknown, data...), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, want) {
		t.Errorf("unknown fields changed the value:\n got %+v\nwant %+v", got, want)
	}
}

// TestLastValueWins decodes a field that occurs twice: a scalar keeps the
// last value, a message merges both.
func TestLastValueWins(t *testing.T) {
	first, _ := Marshal(ContentTypeProtobuf, &ParsedDispatch{ID: "a", Dateline: &Dateline{Place: "PARIS"}})
	second, _ := Marshal(ContentTypeProtobuf, &ParsedDispatch{ID: "b", Dateline: &Dateline{Date: "2026-11-29"}})
	var got ParsedDispatch
	if err := Unmarshal(ContentTypeProtobuf, append(first, second...), &got); err != nil {
		t.Fatal(err)
	}
	want := ParsedDispatch{ID: "b", Dateline: &Dateline{Place: "PARIS", Date: "2026-11-29"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// fuzzRoundTrip decodes data as a T; whatever decodes must encode and
// decode again to the same value. It calls the codec without Unmarshal's
// recover, so that a panic fails the fuzz run.
func fuzzRoundTrip[T any](t *testing.T, data []byte) {
	first := new(T)
	if unmarshalProtobuf(data, first) != nil {
		return
	}
	enc, err := marshalProtobuf(first)
	if err != nil {
		t.Fatalf("re-encoding: %v", err)
	}
	second := new(T)
	if err := unmarshalProtobuf(enc, second); err != nil {
		t.Fatalf("decoding the re-encoding: %v", err)
	}
	again, _ := marshalProtobuf(second)
	if !bytes.Equal(enc, again) {
		t.Fatalf("encodings differ:\n%x\n%x", enc, again)
	}
	// DeepEqual is false for NaN; the bytes above compare those bit for bit.
	if !reflect.DeepEqual(first, second) && !hasNaN(reflect.ValueOf(first)) {
		t.Fatalf("round trip changed the value:\n got %+v\nwant %+v", second, first)
	}
}

func hasNaN(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Float64:
		return math.IsNaN(v.Float())
	case reflect.Pointer:
		return !v.IsNil() && hasNaN(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if hasNaN(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if hasNaN(v.Index(i)) {
				return true
			}
		}
	}
	return false
}

// addSeeds seeds f with the encodings of the fixtures of type T.
func addSeeds[T any](f *testing.F) {
	for _, v := range wireFixtures(f) {
		if _, ok := v.(*T); ok {
			data, err := Marshal(ContentTypeProtobuf, v)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

// The fuzz targets decode untrusted bytes as each message type that travels
// on the pipeline. Run them with -fuzzminimizetime 2s: minimizing what they
// find in 4 KB seeds otherwise takes the whole -fuzztime.

func FuzzParsedDispatch(f *testing.F) {
	addSeeds[ParsedDispatch](f)
	f.Fuzz(fuzzRoundTrip[ParsedDispatch])
}

func FuzzEnrichedDispatch(f *testing.F) {
	addSeeds[EnrichedDispatch](f)
	f.Fuzz(fuzzRoundTrip[EnrichedDispatch])
}

func FuzzCasualtyReport(f *testing.F) {
	addSeeds[CasualtyReport](f)
	f.Fuzz(fuzzRoundTrip[CasualtyReport])
}

// TestSplicedEncoding: an enriched dispatch encoded with its dispatch
// spliced in from that dispatch's encoding gives the bytes of encoding it
// whole; spliced from an encoding with fields this schema does not know, it
// decodes to the same value.
func TestSplicedEncoding(t *testing.T) {
	unknown := protowire.AppendString(protowire.AppendTag(nil, 33, protowire.BytesType), "later")
	for i, e := range loadFixtures[EnrichedDispatch](t, "enriched_fr.jsonl") {
		raw, err := Marshal(ContentTypeProtobuf, e.Dispatch)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := Marshal(ContentTypeProtobuf, e)
		if err != nil {
			t.Fatal(err)
		}
		// What v holds in the spliced field does not matter.
		e2 := *e
		e2.Dispatch = nil
		spliced, err := MarshalProtobufSpliced(&e2, "dispatch", raw)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(spliced, whole) {
			t.Fatalf("enriched dispatch %d: spliced encoding differs", i)
		}
		spliced, err = MarshalProtobufSpliced(e, "dispatch", append(slices.Clip(raw), unknown...))
		if err != nil {
			t.Fatal(err)
		}
		var got, want EnrichedDispatch
		if err := Unmarshal(ContentTypeProtobuf, spliced, &got); err != nil {
			t.Fatal(err)
		}
		if err := Unmarshal(ContentTypeProtobuf, whole, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("enriched dispatch %d: spliced encoding decodes to another value", i)
		}
	}
	for _, field := range []string{"", "country", "persons", "nope"} {
		if _, err := MarshalProtobufSpliced(&EnrichedDispatch{}, field, nil); err == nil {
			t.Errorf("splicing field %q: no error", field)
		}
	}
}

// TestDecodedValuesOwnTheirMemory checks what sharing memory in the decoder
// must not change: strings stay put when the caller reuses its buffer, and
// appending to one paragraph's sentences (which share one allocation with
// the other paragraphs') leaves the next paragraph's alone.
func TestDecodedValuesOwnTheirMemory(t *testing.T) {
	for i, e := range loadFixtures[EnrichedDispatch](t, "enriched_fr.jsonl") {
		data, err := Marshal(ContentTypeProtobuf, e)
		if err != nil {
			t.Fatal(err)
		}
		var got EnrichedDispatch
		if err := Unmarshal(ContentTypeProtobuf, data, &got); err != nil {
			t.Fatal(err)
		}
		clear(data) // as a consumer reusing its buffer would
		if !reflect.DeepEqual(&got, withoutEmptySlices(e)) {
			t.Fatalf("%d: the decoded value changed with the input buffer", i)
		}
		ps := got.Dispatch.Paragraphs
		for k := range ps {
			if s := ps[k].Sentences; cap(s) != len(s) {
				t.Fatalf("%d: paragraph %d: %d sentences, capacity %d", i, k, len(s), cap(s))
			}
		}
		for k := 0; k+1 < len(ps); k++ {
			next := slices.Clone(ps[k+1].Sentences)
			ps[k].Sentences = append(ps[k].Sentences, Sentence{Start: -1, End: -1})
			if !slices.Equal(ps[k+1].Sentences, next) {
				t.Fatalf("%d: appending to paragraph %d changed paragraph %d", i, k, k+1)
			}
		}
	}
}

// TestSentencesOutOfRun decodes paragraphs whose sentences are not written
// in one run, or not at all, which the encoder never does: the sentences
// the decoder counted ahead no longer match and it must still get them right.
func TestSentencesOutOfRun(t *testing.T) {
	sentence := func(start int64) []byte {
		b, _ := Marshal(ContentTypeProtobuf, &Sentence{Start: start, End: start + 1})
		return protowire.AppendBytes(protowire.AppendTag(nil, 4, protowire.BytesType), b)
	}
	paragraph := func(fields ...[]byte) []byte {
		return protowire.AppendBytes(protowire.AppendTag(nil, 19, protowire.BytesType), bytes.Join(fields, nil))
	}
	end := protowire.AppendVarint(protowire.AppendTag(nil, 2, protowire.VarintType), 9)
	data := bytes.Join([][]byte{
		paragraph(sentence(1), end, sentence(2), sentence(3)),
		paragraph(end),
		paragraph(sentence(4), sentence(5)),
		paragraph(sentence(6)),
	}, nil)
	// A second run of paragraphs, after another field.
	data = protowire.AppendString(protowire.AppendTag(data, 1, protowire.BytesType), "id")
	data = append(data, paragraph(sentence(7), sentence(8))...)
	var got ParsedDispatch
	if err := Unmarshal(ContentTypeProtobuf, data, &got); err != nil {
		t.Fatal(err)
	}
	s := func(starts ...int64) []Sentence {
		var out []Sentence
		for _, x := range starts {
			out = append(out, Sentence{Start: x, End: x + 1})
		}
		return out
	}
	want := ParsedDispatch{ID: "id", Paragraphs: []Paragraph{
		{End: 9, Sentences: s(1, 2, 3)}, {End: 9}, {Sentences: s(4, 5)}, {Sentences: s(6)}, {Sentences: s(7, 8)},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	for k, p := range got.Paragraphs {
		if cap(p.Sentences) != len(p.Sentences) {
			t.Errorf("paragraph %d: %d sentences, capacity %d", k, len(p.Sentences), cap(p.Sentences))
		}
	}
}
