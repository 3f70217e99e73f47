package proto

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// samples holds one fully populated value of every message type.
func samples() []any {
	return []any{
		&RawDispatch{ID: "afp-1", Source: "afp", Format: "newsml12", ContentType: "application/xml", ReceivedAt: "2026-11-29T10:00:00Z", Body: []byte("<NewsML>é</NewsML>"), Language: "fr"},
		&ParsedDispatch{
			ID: "afp-1", Source: "afp", Provider: "AFP", ProviderID: "urn:newsml:afp.com:1", Version: "2", Urgency: 3,
			Status: StatusUsable, Language: "fr", Slug: "Syrie-conflit", Headline: "Bachar al-Assad à Moscou",
			Subheadlines: []string{"Accord russo-américain"}, Dateline: &Dateline{Place: "MOSCOU", Date: "2015-10-21"},
			Byline: "Par X", FirstCreated: "2015-10-21T10:00:00+02:00", VersionCreated: "2015-10-21T11:00:00+02:00",
			Subjects: []string{"medtop:16000000"}, Keywords: []string{"Syrie"}, BodyText: "Un. Deux.",
			Paragraphs:   []Paragraph{{Start: 0, End: 9, Sentences: []Sentence{{0, 3}, {4, 9}}}},
			SourceFormat: "newsml12", Revision: &Revision{Kind: RevisionUpdate, Replaces: "afp-0", Description: "2nd lead"},
			ReceivedAt: "2026-11-29T10:00:00Z", ParsedAt: "2026-11-29T10:00:01Z", LanguageConfidence: 0.97,
		},
		&EnrichedDispatch{
			Dispatch:      &ParsedDispatch{ID: "afp-1", Language: "fr", BodyText: "x", Paragraphs: []Paragraph{{Start: 0, End: 1}}},
			Persons:       []Entity{{Text: "Poutine", Canonical: "Vladimir Poutine", Start: 3, End: 10}},
			Organizations: []Entity{{Text: "OSDH", Canonical: "Observatoire syrien des droits de l'Homme", Start: 1, End: 5, Acronym: "OSDH"}},
			Places:        []Place{{Name: "Alep", Canonical: "Aleppo", Country: "SY", Admin1: "Aleppo", Lat: 36.2, Lon: 37.16, Feature: "city", Start: 1, End: 5, GeonamesID: 170063}},
			Topics:        []Topic{{Code: "medtop:16000000", Label: "conflict, war and peace", Confidence: 0.8}},
			Country:       "SY", StoryID: "story-1", DuplicateOf: "afp-0", EnrichedAt: "2026-11-29T10:00:02Z",
		},
		&CasualtyReport{
			DispatchID: "afp-1", StoryID: "story-1", Country: "SY", Language: "fr", Headline: "h",
			Figures: []Figure{
				{Kind: KindKilled, Low: Int64(370), High: Int64(370), Span: "370 personnes", Start: 10, End: 23, Sentence: "s", Group: "people", Cause: "air strikes", Location: "Syria", Period: "three weeks", Source: "OSDH"},
				{Kind: KindKilled, Low: Int64(243), High: Int64(243), Span: "243 combattants", PartOf: Int64(0)},
				{Kind: KindInjured, Low: Int64(501), High: nil, Span: "plus de 500 blessés"},
				{Kind: KindMissing, Low: nil, High: Int64(0), Span: "zero high bound is kept"},
			},
			Supersedes: []Supersession{{DispatchID: "afp-0", Kind: KindKilled, Low: Int64(40), NewLow: Int64(52), NewHigh: Int64(52)}},
			Retraction: true, ExtractedAt: "2026-11-29T10:00:03Z", Source: "afp",
		},
		&DeadLetter{Stage: "parser", Error: "bad", OriginSubject: "news.raw.afp", StreamSequence: 42, Deliveries: 5, TraceID: "abc", Data: []byte{0, 1, 2}, Headers: map[string]string{"Content-Type": "text/plain"}, FailedAt: "2026-11-29T10:00:04Z"},
	}
}

func TestRoundTrip(t *testing.T) {
	for _, ct := range []string{ContentTypeJSON, ContentTypeProtobuf} {
		for _, v := range samples() {
			t.Run(ct+"/"+reflect.TypeOf(v).Elem().Name(), func(t *testing.T) {
				b, err := Marshal(ct, v)
				if err != nil {
					t.Fatal(err)
				}
				got := reflect.New(reflect.TypeOf(v).Elem()).Interface()
				if err := Unmarshal(ct, b, got); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, v) {
					t.Errorf("round trip changed the value:\n got %+v\nwant %+v", got, v)
				}
			})
		}
	}
}

func TestJSONUsesSnakeCaseAndNullBounds(t *testing.T) {
	b, err := Marshal(ContentTypeJSON, &Figure{Kind: KindKilled, Low: Int64(501), Span: "plus de 500"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"kind":"killed","low":501,"high":null,"span":"plus de 500","start":0,"end":0}`
	if string(b) != want {
		t.Errorf("figure JSON = %s, want %s", b, want)
	}
	b, _ = Marshal(ContentTypeJSON, &CasualtyReport{DispatchID: "d", Figures: []Figure{}})
	if !strings.Contains(string(b), `"figures":[]`) {
		t.Errorf("an empty report must say figures:[] so consumers tell none from unprocessed: %s", b)
	}
}

func TestUnmarshalRejectsGarbage(t *testing.T) {
	for _, ct := range []string{ContentTypeJSON, ContentTypeProtobuf} {
		var d ParsedDispatch
		if err := Unmarshal(ct, []byte{0xff, 0xff, 0xff, 0x0f, '{'}, &d); err == nil {
			t.Errorf("%s: garbage decoded without error", ct)
		}
	}
}

// TestEveryFieldIsTagged fails when an exported field lacks its json or
// protobuf tag, when a JSON name is not snake_case, or when two fields of a
// message share a protobuf number.
func TestEveryFieldIsTagged(t *testing.T) {
	for _, v := range samples() {
		checkTags(t, reflect.TypeOf(v).Elem(), map[reflect.Type]bool{})
	}
}

func checkTags(t *testing.T, typ reflect.Type, seen map[reflect.Type]bool) {
	t.Helper()
	if seen[typ] {
		return
	}
	seen[typ] = true
	numbers := map[string]string{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		js, ok := f.Tag.Lookup("json")
		if !ok {
			t.Errorf("%s.%s has no json tag", typ.Name(), f.Name)
		}
		name, _, _ := strings.Cut(js, ",")
		if name == "" || strings.ToLower(name) != name || strings.ContainsFunc(name, func(r rune) bool { return r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			t.Errorf("%s.%s: json name %q is not snake_case", typ.Name(), f.Name, name)
		}
		pb, ok := f.Tag.Lookup("protobuf")
		if !ok {
			t.Errorf("%s.%s has no protobuf tag", typ.Name(), f.Name)
			continue
		}
		parts := strings.Split(pb, ",")
		if len(parts) < 4 || parts[3] != "name="+name {
			t.Errorf("%s.%s: protobuf tag %q does not carry name=%s", typ.Name(), f.Name, pb, name)
		}
		if len(parts) > 1 {
			if other, dup := numbers[parts[1]]; dup {
				t.Errorf("%s: fields %s and %s share protobuf number %s", typ.Name(), other, f.Name, parts[1])
			}
			numbers[parts[1]] = f.Name
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct {
			checkTags(t, ft, seen)
		}
	}
}
