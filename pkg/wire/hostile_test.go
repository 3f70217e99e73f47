package wire

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"
)

// parseWithin parses data and fails if it takes longer than limit: hostile
// input must be refused quickly, not merely eventually.
func parseWithin(t *testing.T, data []byte, opts Options, limit time.Duration) error {
	t.Helper()
	type result struct{ err error }
	done := make(chan result, 1)
	go func() {
		_, err := Parse(data, opts)
		done <- result{err}
	}()
	select {
	case r := <-done:
		return r.err
	case <-time.After(limit):
		t.Fatalf("Parse did not return within %v", limit)
		return nil
	}
}

func TestHostileInput(t *testing.T) {
	billionLaughs := `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>`
	xxe := `<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<nitf><body><body.content><p>&xxe;</p></body.content></body></nitf>`
	xxeNoDTD := `<nitf><body><body.content><p>&xxe;</p></body.content></body></nitf>`
	paramEntity := `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % remote SYSTEM "http://example.invalid/x.dtd"> %remote;]><NewsML/>`
	deep := "<nitf>" + strings.Repeat("<p>", 100_000) + "x" + strings.Repeat("</p>", 100_000) + "</nitf>"
	manyNodes := "<nitf><body><body.content>" + strings.Repeat("<p/>", maxXMLNodes+10) + "</body.content></body></nitf>"
	sample := string(readSample(t, "ap_nitf.xml"))

	tests := []struct {
		name   string
		data   string
		opts   Options
		reason string // expected in the error message
	}{
		{"billion laughs", billionLaughs, Options{}, "document type declarations"},
		{"XXE external entity", xxe, Options{}, "document type declarations"},
		{"undeclared entity", xxeNoDTD, Options{}, "entity"},
		{"external parameter entity", paramEntity, Options{}, "document type declarations"},
		{"deep nesting", deep, Options{}, "nested deeper"},
		{"too many elements", manyNodes, Options{}, "XML elements"},
		{"truncated XML", sample[:len(sample)/2], Options{}, "XML"},
		{"mismatched tags", "<nitf><head></body></nitf>", Options{}, "XML"},
		{"two roots", "<nitf/><nitf/>", Options{}, "root"},
		{"wrong root for format", "<NewsML/>", Options{Format: FormatNITF}, "not <nitf>"},
		{"G2 picture only", `<newsItem><itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem>`, Options{}, "not a text item"},
		{"NewsML without item", "<NewsML><NewsEnvelope/></NewsML>", Options{}, "no NewsItem"},
		{"ANPA without STX", "\x16\x16\x01W1234\x1fx\nf a\x13\x11 BC-Test 01-01 100\n", Options{}, "STX"},
		{"JSON deep nesting", strings.Repeat("[", 200_000), Options{Format: FormatJSON}, "JSON"},
		{"JSON wrong types", `{"id":{"a":1},"body":"x"}`, Options{Format: FormatJSON}, "JSON"},
		{"JSON body object", `{"id":"1","body":{"x":1}}`, Options{Format: FormatJSON}, "body"},
		{"ninjs not JSON", `{"uri": "x", "versioncreated": `, Options{Format: FormatNinjs}, "JSON"},
		{"ninjs picture", `{"uri":"x","type":"picture","versioncreated":"2020-01-01T00:00:00Z"}`, Options{}, "carries no text"},
		{"binary as text", "abc\x00\x00def", Options{Format: FormatText}, "binary"},
		{"empty text", "   \n\t ", Options{Format: FormatText}, "no text"},
		{"NewsML identifier empty", "<NewsML><NewsItem><Identification><NewsIdentifier/></Identification></NewsItem></NewsML>", Options{}, "no headline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := parseWithin(t, []byte(tt.data), tt.opts, 5*time.Second)
			if err == nil {
				t.Fatal("hostile input accepted")
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("error %q does not say %q", err, tt.reason)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *ParseError", err)
			}
		})
	}
}

// TestSkeletons parses documents that have a root and nothing else: they
// carry no story, but must not crash the parser.
func TestSkeletons(t *testing.T) {
	for _, s := range []string{
		"<nitf/>", "<nitf><body/></nitf>", "<nitf><head/><body><body.head/></body></nitf>",
		"<newsItem/>", "<newsItem><contentSet><inlineXML/></contentSet></newsItem>",
		"<newsMessage><itemSet><newsItem/></itemSet></newsMessage>",
		"<NewsML><NewsItem/></NewsML>", "<NewsML><NewsItem><Identification><NewsIdentifier/></Identification><NewsComponent/></NewsItem></NewsML>",
		"{}", `{"uri":"x","versioncreated":"2020-01-01T00:00:00Z"}`, "\x16\x16\x01\x02\x03",
	} {
		d, err := parse([]byte(s), Options{})
		if err == nil {
			checkInvariants(t, d)
		}
	}
}

func TestTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte("a"), MaxSize+1)
	if _, err := Parse(big, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	if _, errs := ParseBatch(bytes.Repeat([]byte("{}\n"), MaxBatchSize/3+1), Options{}); len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) {
		t.Errorf("batch errs = %v", errs[:min(len(errs), 2)])
	}
}

// TestLargeInputBoundedMemory parses a legitimate 6 MiB NITF item and checks
// the work stays proportional to the input.
func TestLargeInputBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	para := "<p>Les raids de l'aviation russe ont tué 370 personnes en trois semaines, dont 243 combattants, selon l'OSDH.</p>\n"
	var b strings.Builder
	b.WriteString(`<nitf><head><docdata><doc-id regsrc="AFP" id-string="big"/></docdata></head><body><body.head><hedline><hl1>Big</hl1></hedline></body.head><body.content>`)
	for b.Len() < 6<<20 {
		b.WriteString(para)
	}
	b.WriteString("</body.content></body></nitf>")
	data := []byte(b.String())

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	d, err := Parse(data, Options{})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, d)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d bytes: %d paragraphs in %v, %d MiB allocated", len(data), len(d.Paragraphs), elapsed, alloc>>20)
	if alloc > uint64(len(data))*60 {
		t.Errorf("allocated %d MiB for %d MiB of input", alloc>>20, len(data)>>20)
	}
	if elapsed > 20*time.Second {
		t.Errorf("took %v", elapsed)
	}
}

// TestTruncatedSamples cuts every sample at many points: each cut must
// parse or fail cleanly, never panic, and what parses must be well-formed.
func TestTruncatedSamples(t *testing.T) {
	for _, path := range samples(t) {
		data := readSample(t, path[len("testdata/formats/"):])
		step := max(1, len(data)/97)
		for cut := 0; cut < len(data); cut += step {
			d, err := Parse(data[:cut], Options{})
			if err == nil {
				checkInvariants(t, d)
			}
		}
	}
}
