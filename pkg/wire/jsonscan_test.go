package wire

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/sharedtest"
	"github.com/newswire/newswire/pkg/text/normalize"
)

// scanAgrees checks that when the flat scan decodes an envelope, it gives
// exactly what the general decoder gives, and reports whether it did.
func scanAgrees(t *testing.T, data []byte) bool {
	t.Helper()
	var fast envelopeValues
	if !fast.scanFlat(data) {
		return false
	}
	var general envelopeValues
	if err := general.decode(data); err != nil {
		t.Fatalf("the scan accepted what the decoder refuses (%v): %q", err, data)
	}
	checkCleanTexts(t, &fast)
	if !reflect.DeepEqual(fast, general) {
		t.Fatalf("the scan gives\n%+v\nthe decoder\n%+v\nfor %q", fast, general, data)
	}
	return true
}

// detectionDecodes checks that an envelope decoded by detection is what the
// general decoder gives.
func detectionDecodes(t *testing.T, data []byte) {
	t.Helper()
	v := new(envelopeValues)
	if _, decoded := detectJSON(data, v); !decoded {
		return
	}
	var general envelopeValues
	if err := general.decode(data); err != nil {
		t.Fatalf("detection decoded what the decoder refuses (%v): %q", err, data)
	}
	checkCleanTexts(t, v)
	if !reflect.DeepEqual(*v, general) {
		t.Fatalf("detection decodes\n%+v\nthe decoder\n%+v\nfor %q", *v, general, data)
	}
}

// checkCleanTexts checks that the texts the scan calls clean are their own
// normalize.Block form (trimmed, as paragraphs are), then forgets the
// flags, which the general decoder does not set, for comparing.
func checkCleanTexts(t *testing.T, v *envelopeValues) {
	t.Helper()
	check := func(clean bool, s string) {
		if s = strings.TrimSpace(s); clean && normalize.Block(s) != s {
			t.Fatalf("the scan calls %q clean; Block gives %q", s, normalize.Block(s))
		}
	}
	check(v.clean.lede, v.scalars[envLede])
	check(v.clean.text, v.scalars[envText])
	if len(v.body) == 1 {
		check(v.clean.body, v.body[0])
	}
	v.clean.lede, v.clean.text, v.clean.body = false, false, false
}

func TestScanFlatAgreesWithDecoder(t *testing.T) {
	for _, in := range []string{
		`{}`, ` { "id" : 12 , "title":"T\"i\\t\/r\u00e9\u2028e\n", "body": null } `,
		`{"body":""}`, `{"body":"a","text":"b","lede":true,"urgency":-1.5e+3}`,
		`{"x":{"a":[1,{"b":"}"}],"c":null},"y":[],"title":"t"}`,
		`{"title":"\ud83d\ude00"}`, `{"title":"\ud800"}`, `{"Title":"t"}`, `{"title":"a","title":"b"}`,
		`{"body":["a"]}`, `{"body":1}`, `{"dateline":{"place":"P"}}`, `{"subjects":null,"keywords":["k"]}`,
		`{"title":"\x01"}`, "{\"title\":\"\xe9\"}", `{"title":"t"} x`, `{"title":"t",}`, `{"a":01}`, `{"a":tru}`,
		`{"\u0074itle":"t"}`, "{\"\u212Aeywords\":[]}", `[1]`, `{"a":1.}`, `{"a":-}`,
	} {
		scanAgrees(t, []byte(in))
	}
	lines := sharedtest.FeedLines(t, 3000)
	scanned := 0
	for _, l := range lines {
		detectionDecodes(t, l)
		if scanAgrees(t, l) {
			scanned++
		}
	}
	// The feed is what the scan is for: it must not fall back on it.
	if scanned != len(lines) {
		t.Errorf("the scan decoded %d of %d feed dispatches", scanned, len(lines))
	}
}

func FuzzScanFlat(f *testing.F) {
	seedFuzz(f, "orangesum_fr.jsonl")
	f.Add([]byte(`{"id":"x","version":2,"title":"T\u00e9\"","body":"b","x":[{"y":null}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		scanAgrees(t, data)
		if got, ok := detectJSONByScan(data, nil); ok && got != detectJSONByDecoder(data) {
			t.Fatalf("detectJSONByScan says %s, the decoder does not: %q", got, data)
		}
		detectionDecodes(t, data)
	})
}

// detectJSONByDecoder is detectJSON without the scan.
func detectJSONByDecoder(data []byte) string {
	var keys jsonKeys
	if r, err := json.Parse(data, &keys, json.DontMatchCaseInsensitiveStructFields); err != nil || len(r) != 0 {
		return FormatJSON
	}
	if keys.isNinjs() {
		return FormatNinjs
	}
	return FormatJSON
}

func TestDetectJSONByScanAgrees(t *testing.T) {
	inputs := []string{
		`{"uri":1,"body_html":2}`, `{"guid":"g"}`, `{"versioncreated":"x","firstcreated":"y"}`,
		`{"URI":1,"Body_html":2,"Located":3}`, `{"profile":1}`, `{"profile":1,"uri":{"a":[1]}}`,
		` {"bodies":1,"headlines":2} `, `{"bodies":1,"bodies":2}`,
	}
	for _, l := range sharedtest.FeedLines(t, 200) {
		inputs = append(inputs, string(l))
	}
	data, err := os.ReadFile(filepath.Join("testdata", "formats", "iptc_ninjs.json"))
	if err != nil {
		t.Fatal(err)
	}
	inputs = append(inputs, string(bytes.ReplaceAll(data, []byte("\n"), nil)))
	for _, in := range inputs {
		got, ok := detectJSONByScan([]byte(in), nil)
		if want := detectJSONByDecoder([]byte(in)); ok && got != want {
			t.Errorf("detectJSONByScan(%.60q) = %s, the decoder says %s", in, got, want)
		}
	}
}

// referencePlainStringRun is the plain form of plainStringRun: a test of
// every byte, then the utf8 package's; then of every character.
func referencePlainStringRun(run []byte) (valid, clean bool) {
	for _, c := range run {
		if c < 0x20 {
			return false, false
		}
	}
	if !utf8.Valid(run) {
		return false, false
	}
	for _, r := range string(run) {
		if !(r >= 0x20 && r <= 0x7F || r >= 0xC0 && r < 0x300) {
			return true, false
		}
	}
	return true, !bytes.Contains(run, []byte("  "))
}

func FuzzPlainStringRun(f *testing.F) {
	for _, s := range []string{"", "abcdefgh", "abcdefg\x1f", "décès à l'hôpital, « œuvre »", "\x7f\x80abcdefgh", "abcdefghé\xed\xa0\x80", "\xf0\x9f\x98\x80 emoji\t", "abcdefghijklmno\xc3", "abcdefg\xc3\xa9bcdefgh", "abcdefg\xc3abcdefgh", "\xa9bcdefghabcdefgh", "abcdefgh\xc1\xbfcdefgh", "abcdefgh\xdf\xbf\xe0\xa0\x80h\x7fabcdefg", "ab\x00cdefg\xc3\xa9", "abcdefg  bcdefgh", "abcdefg ", " abcdefgh", "abcdefgh  ", "abc  ", "été où  ", "abcdefgh\xc2\xa0bc", "abcdefgh\xcc\x80", "abc\x7fdefgh&ij"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, run []byte) {
		want, wantClean := referencePlainStringRun(run)
		if got, clean := plainStringRun(run); got != want || clean != wantClean {
			t.Fatalf("plainStringRun(%q) = %v %v, reference %v %v", run, got, clean, want, wantClean)
		}
		if got := plainStringRunBytes(run); got != want {
			t.Fatalf("plainStringRunBytes(%q) = %v, reference %v", run, got, want)
		}
	})
}

// checkCleanParagraphs checks that taking the paragraphs the scan found
// clean as they are gives the dispatch normalising them gives.
func checkCleanParagraphs(t *testing.T, data []byte) {
	t.Helper()
	trusted, err1 := parse(data, Options{Format: FormatJSON})
	trustCleanParagraphs = false
	normalised, err2 := parse(data, Options{Format: FormatJSON})
	trustCleanParagraphs = true
	if (err1 == nil) != (err2 == nil) || !reflect.DeepEqual(trusted, normalised) {
		t.Fatalf("taking clean paragraphs as they are gives\n%+v (%v)\nnormalising them\n%+v (%v)\nfor %q", trusted, err1, normalised, err2, data)
	}
}

func TestCleanParagraphsNeedNoNormalising(t *testing.T) {
	for _, l := range sharedtest.FeedLines(t, 3000) {
		checkCleanParagraphs(t, l)
	}
	for _, in := range []string{`{"title":"t","lede":" a  b ","body":"c.D\"e\"\/f"}`, `{"body":"x &amp; y"}`, `{"text":"é à\u00e9 ǅ"}`, `{"body":"a\u00a0b"}`} {
		checkCleanParagraphs(t, []byte(in))
	}
}

func FuzzCleanParagraphs(f *testing.F) {
	seedFuzz(f, "orangesum_fr.jsonl")
	f.Add([]byte(`{"title":"T","lede":"Le chapeau.","body":"Le corps.En mai, suite. - Intertitre - Fin \"cité\"."}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		checkCleanParagraphs(t, data)
	})
}
