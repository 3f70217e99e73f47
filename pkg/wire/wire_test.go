package wire

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/proto"
	"golang.org/x/text/encoding/charmap"
)

func readSample(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustParse(t testing.TB, data []byte, opts Options) *proto.ParsedDispatch {
	t.Helper()
	d, err := Parse(data, opts)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	checkInvariants(t, d)
	return d
}

// TestSamples checks, field by field, what a reader of each sample knows to
// be right; the golden files then pin down everything else.
func TestSamples(t *testing.T) {
	tests := []struct {
		file, format, provider, lang, headline, place, date, byline, firstPara, version string
		hasProviderID                                                                   bool
	}{
		{
			file: "afp_newsml12.xml", format: FormatNewsML12, provider: "afp", lang: "fr",
			headline: "Décès de Naomi Musenga: l'opératrice du Samu définitivement condamnée",
			place:    "Strasbourg", date: "10 juil 2024", version: "1", hasProviderID: true,
			firstPara: "L'opératrice du Samu condamnée pour non-assistance à personne en danger après avoir raillé au téléphone Naomi Musenga",
		},
		{
			file: "ap_nitf.xml", format: FormatNITF, provider: "ap", lang: "en",
			headline: "Can trading pollution like stocks help fight climate change?",
			place:    "NEW YORK", byline: "By BERNARD CONDON",
			firstPara: "NEW YORK (AP) — The gas produced by hog manure",
		},
		{
			file: "ap_anpa1312.tst", format: FormatANPA, provider: "ap", lang: "en",
			headline: "For Argentine chemo patients, mirrors can hurt",
			place:    "BUENOS AIRES, Argentina", byline: "By PAUL BYRNE and ALMUDENA CALATRAVA", hasProviderID: true,
			firstPara: "BUENOS AIRES, Argentina (AP) — For cancer patients dealing with",
		},
		{
			file: "reuters_newsmlg2.xml", format: FormatNewsMLG2, provider: "reuters", lang: "en",
			headline: "Gold rises as Trump policy fuels safe haven demand",
			date:     "Jan 30", byline: "By Arpan Varghese", version: "1132689232", hasProviderID: true,
			firstPara: "* Spot gold may edge up to $1,205 per ounce",
		},
		{
			// Declared fi-FI, but the item opens with a long English
			// translation: the text wins (see langid.Resolve).
			file: "stt_newsmlg2.xml", format: FormatNewsMLG2, provider: "stt", lang: "en",
			headline: "Parliament passed the Alcohol Act and the government gained confidence*** TRANSLATED ***",
			place:    "Helsinki", version: "4", hasProviderID: true,
			firstPara: "*** DISCLAIMER: THIS IS AN AUTOMATED TRANSLATION FROM FINNISH ***",
		},
		{
			file: "iptc_ninjs.json", format: FormatNinjs, provider: "aap", lang: "fr",
			headline: "headline", place: "Milton Keynes", byline: "Peter and Jane", version: "2", hasProviderID: true,
			firstPara: "The story so far.",
		},
		{
			file: "afp_seed.txt", format: FormatText, lang: "fr", date: "2021-11",
			headline:  "Bachar al-Assad a remercié Vladimir Poutine pour son engagement militaire",
			firstPara: "Bachar al-Assad a remercié Vladimir Poutine",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d := mustParse(t, readSample(t, tt.file), Options{})
			if d.SourceFormat != tt.format {
				t.Errorf("format = %q, want %q", d.SourceFormat, tt.format)
			}
			if tt.provider != "" && (d.Provider != tt.provider || d.Source != tt.provider || !strings.HasPrefix(d.ID, tt.provider+"-")) {
				t.Errorf("provider/source/id = %q/%q/%q, want %q", d.Provider, d.Source, d.ID, tt.provider)
			}
			if d.Language != tt.lang {
				t.Errorf("language = %q, want %q", d.Language, tt.lang)
			}
			if !strings.HasPrefix(d.Headline, tt.headline) {
				t.Errorf("headline = %q, want prefix %q", d.Headline, tt.headline)
			}
			var place, date string
			if d.Dateline != nil {
				place, date = d.Dateline.Place, d.Dateline.Date
			}
			if place != tt.place || date != tt.date {
				t.Errorf("dateline = %q / %q, want %q / %q", place, date, tt.place, tt.date)
			}
			if d.Byline != tt.byline {
				t.Errorf("byline = %q, want %q", d.Byline, tt.byline)
			}
			if d.Version != tt.version {
				t.Errorf("version = %q, want %q", d.Version, tt.version)
			}
			if (d.ProviderID != "") != tt.hasProviderID {
				t.Errorf("provider id = %q", d.ProviderID)
			}
			if len(d.Paragraphs) == 0 || !strings.HasPrefix(d.Paragraphs[0].Text(d.BodyText), tt.firstPara) {
				t.Errorf("first paragraph does not start with %q: %+v", tt.firstPara, d.Paragraphs[:min(1, len(d.Paragraphs))])
			}
		})
	}
}

// TestNoMojibake decodes an ISO-8859-1 NewsML 1.2 item whose headline holds
// every accent a French dispatch uses, including œ and « » (which only
// Windows-1252 has: WHATWG decodes iso-8859-1 labels as windows-1252, as
// French feeds really mean).
func TestNoMojibake(t *testing.T) {
	const want = "Garçon, élève, fenêtre, où, naïf, cœur: « Noël » à l'hôpital"
	// The AFP sample declares iso-8859-1 but its bytes are UTF-8.
	sample := readSample(t, "afp_newsml12.xml")
	latin, err := charmap.Windows1252.NewEncoder().Bytes(sample)
	if err != nil {
		t.Fatal(err)
	}
	headline := func(t *testing.T, doc []byte) []byte {
		t.Helper()
		enc, err := charmap.Windows1252.NewEncoder().Bytes([]byte(want))
		if err != nil {
			t.Fatal(err)
		}
		start := bytes.Index(doc, []byte("<HeadLine>")) + len("<HeadLine>")
		end := bytes.Index(doc, []byte("</HeadLine>"))
		return append(append(append([]byte{}, doc[:start]...), enc...), doc[end:]...)
	}
	tests := []struct {
		name string
		doc  []byte
	}{
		{"sample as sent (UTF-8 declared iso-8859-1)", sample},
		{"true Latin-1 document", headline(t, latin)},
		{"UTF-8 document with a Latin-1 headline", headline(t, sample)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, tt.doc, Options{})
			if !bytes.Equal(tt.doc, sample) && d.Headline != want {
				t.Errorf("headline = %q, want %q", d.Headline, want)
			}
			for _, bad := range []string{"Ã", "Â", "\uFFFD"} {
				if strings.Contains(d.Headline+d.BodyText, bad) {
					t.Errorf("mojibake %q in output", bad)
				}
			}
			if !strings.Contains(d.BodyText, "décédée peu après à l'hôpital") {
				t.Errorf("body not decoded: %.120q", d.BodyText)
			}
		})
	}
}

// TestWrongDeclaredEncoding: a UTF-8 document labelled ISO-8859-1 (in the
// XML declaration or the Content-Type) must not be double-decoded.
func TestWrongDeclaredEncoding(t *testing.T) {
	doc := func(decl string) []byte {
		return []byte(`<?xml version="1.0" encoding="` + decl + `"?>
<nitf><head><docdata><doc-id regsrc="AFP" id-string="x1"/></docdata></head>
<body><body.head><hedline><hl1>Décès à l'hôpital</hl1></hedline></body.head>
<body.content><p>Le décès a été annoncé à l'hôpital mardi par la préfecture.</p></body.content></body></nitf>`)
	}
	tests := []struct{ decl, contentType string }{
		{"ISO-8859-1", ""}, // UTF-8 bytes declared Latin-1
		{"ISO-8859-1", "application/xml; charset=iso-8859-1"}, // and so says the header
		{"UTF-8", "text/xml; charset=windows-1252"},           // header contradicts the document
		{"UTF-16", ""},    // UTF-8 bytes declared UTF-16
		{"x-klingon", ""}, // unknown label
	}
	for _, tt := range tests {
		d := mustParse(t, doc(tt.decl), Options{ContentType: tt.contentType})
		if d.Headline != "Décès à l'hôpital" || !strings.HasPrefix(d.BodyText, "Le décès a été annoncé") {
			t.Errorf("encoding=%q content-type %q: headline %q body %.40q", tt.decl, tt.contentType, d.Headline, d.BodyText)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, path := range samples(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		a := mustParse(t, data, Options{})
		b := mustParse(t, data, Options{ReceivedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
		if b.ReceivedAt != "2026-01-02T03:04:05Z" {
			t.Errorf("%s: received_at %q", path, b.ReceivedAt)
		}
		b.ReceivedAt = ""
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two parses differ", path)
		}
	}
}

// TestIngestThenParserSameID replays the pipeline's two parses: the ingest
// edge parses what the sender posted, publishes the bytes on
// news.raw.<Source> with headers, and the parser stage parses them again
// from the subject and headers. Both must compute the same dispatch id.
func TestIngestThenParserSameID(t *testing.T) {
	for _, path := range samples(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, source := range []string{"", "AFP", "Partner Feed", "unknown", "orange_sum"} {
			first := mustParse(t, data, Options{Source: source, ContentType: "text/plain; charset=utf-8"})
			fromSubject := first.Source
			if fromSubject == "unknown" {
				fromSubject = ""
			}
			second := mustParse(t, data, Options{Format: first.SourceFormat, Source: fromSubject, ContentType: "text/plain; charset=utf-8"})
			if first.ID != second.ID || first.Source != second.Source {
				t.Errorf("%s, source %q: ingest %s/%s, parser %s/%s", path, source, first.ID, first.Source, second.ID, second.Source)
			}
		}
	}
}

func TestOptions(t *testing.T) {
	data := readSample(t, "afp_seed.txt")
	d := mustParse(t, data, Options{Source: "AFP Français!", Language: "fr"})
	if d.Source != "afp-fran-ais" {
		t.Errorf("source = %q", d.Source)
	}
	// Named format wins over detection.
	if _, err := Parse(data, Options{Format: "nitf"}); err == nil {
		t.Error("text parsed as NITF")
	}
	for _, alias := range []string{"TXT", "auto", " text "} {
		if d, err := Parse(data, Options{Format: alias}); err != nil || d.SourceFormat != FormatText {
			t.Errorf("format %q: %v", alias, err)
		}
	}
	if d, err := Parse(readSample(t, "stt_newsmlg2.xml"), Options{Format: "NewsML-G2"}); err != nil || d.SourceFormat != FormatNewsMLG2 {
		t.Errorf("format NewsML-G2: %v", err)
	}
	if _, err := Parse(data, Options{Format: "bogus"}); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("bogus format: %v", err)
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, data, ct, want string
	}{
		{"nitf", `<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "nitf.dtd"><nitf/>`, "", FormatNITF},
		{"g2 item", `<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"/>`, "", FormatNewsMLG2},
		{"g2 message prefixed", `<!-- c --><nar:newsMessage xmlns:nar="x"/>`, "", FormatNewsMLG2},
		{"newsml 1.2", "\ufeff<?xml version='1.0'?>\n<NewsML>", "", FormatNewsML12},
		{"anpa", "\x16\x16\x01W2870\x1fasian\n", "", FormatANPA},
		{"ninjs", `{"uri":"x","versioncreated":"2020-01-01T00:00:00Z","body_html":"<p>x</p>"}`, "", FormatNinjs},
		{"envelope", `{"id":"x","title":"t","body":"b"}`, "", FormatJSON},
		{"text", "PARIS, 1 janv (AFP) - Texte.", "", FormatText},
		{"unknown xml", `<html><body/></html>`, "", ""},
		{"unknown xml with content-type", `<root/>`, "application/vnd.iptc.g2.newsitem+xml", FormatNewsMLG2},
		{"empty", "  \n", "", ""},
		{"content-type for ambiguous text", "hello", "application/json", FormatJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectFormat([]byte(tt.data), tt.ct); got != tt.want {
				t.Errorf("DetectFormat = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDispatchID(t *testing.T) {
	a := DispatchID("afp", "urn:newsml:afp.com:20240710:x", "1", nil)
	if a != DispatchID("afp", "urn:newsml:afp.com:20240710:x", "1", []byte("other body")) {
		t.Error("provider id form depends on the body")
	}
	if a == DispatchID("afp", "urn:newsml:afp.com:20240710:x", "2", nil) {
		t.Error("versions share an id")
	}
	if a == DispatchID("reuters", "urn:newsml:afp.com:20240710:x", "1", nil) {
		t.Error("providers share an id")
	}
	if DispatchID("", "", "", []byte("a")) == DispatchID("", "", "", []byte("b")) {
		t.Error("content hash ignores the content")
	}
	for _, id := range []string{a, DispatchID("", "", "", nil), DispatchID(strings.Repeat("Ünïcødé Prov ", 20), "x", "", nil)} {
		if !idPattern.MatchString(id) {
			t.Errorf("id %q not token-safe or too long", id)
		}
	}
	if !strings.HasPrefix(a, "afp-") || len(a) != len("afp-")+24 {
		t.Errorf("id %q", a)
	}
}

func TestProviderToken(t *testing.T) {
	tests := map[string]string{
		"afp.com": "afp", "AFP": "afp", "reuters.com": "reuters", "Thomson Reuters": "reuters",
		"AP": "ap", "The Associated Press": "ap", "www.dpa.de": "dpa", "STT": "stt", "": "",
		"Agence X/Y (test)": "agence-x-y-test",
	}
	for in, want := range tests {
		if got := providerToken(in); got != want {
			t.Errorf("providerToken(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeTime(t *testing.T) {
	tests := map[string]string{
		"20240710T125902Z":          "2024-07-10T12:59:02Z",
		"20240710T125902":           "2024-07-10T12:59:02Z", // no zone: UTC
		"20240710T145902+0200":      "2024-07-10T12:59:02Z",
		"2017-12-19T10:33:04+02:00": "2017-12-19T08:33:04Z",
		"2017-08-24T04:38:34+0000":  "2017-08-24T04:38:34Z",
		"2017-01-31T03:47:29.000Z":  "2017-01-31T03:47:29Z",
		"2020-06-15":                "2020-06-15T00:00:00Z",
		"yesterday":                 "",
		"":                          "",
	}
	for in, want := range tests {
		if got := normalizeTime(in); got != want {
			t.Errorf("normalizeTime(%q) = %q, want %q", in, got, want)
		}
	}
}
