package wire

import (
	"testing"

	"github.com/newswire/newswire/pkg/sharedtest"
)

// benchParse measures one parser on one sample.
func benchParse(b *testing.B, file, format string) {
	data := readSample(b, file)
	opts := Options{Format: format}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseNITF(b *testing.B)     { benchParse(b, "ap_nitf.xml", FormatNITF) }
func BenchmarkParseNewsMLG2(b *testing.B) { benchParse(b, "reuters_newsmlg2.xml", FormatNewsMLG2) }
func BenchmarkParseNewsML12(b *testing.B) { benchParse(b, "afp_newsml12.xml", FormatNewsML12) }
func BenchmarkParseANPA(b *testing.B)     { benchParse(b, "ap_anpa1312.tst", FormatANPA) }
func BenchmarkParseNinjs(b *testing.B)    { benchParse(b, "iptc_ninjs.json", FormatNinjs) }
func BenchmarkParseText(b *testing.B)     { benchParse(b, "afp_seed.txt", FormatText) }
func BenchmarkParseDetect(b *testing.B)   { benchParse(b, "stt_newsmlg2.xml", "") }

func BenchmarkParseEnvelope(b *testing.B) {
	data := []byte(`{"id": "orangesum_1000", "lang": "fr", "date": "2020-06-15", "title": "Sécurité routière: baisse de 15,6% du nombre de morts en mai", "lede": "Le nombre de personnes tuées sur les routes a baissé de 15,6% en mai.", "body": "205 personnes sont décédées sur les routes, soit 38 de moins qu'un an plus tôt (243). Les mois de mars et d'avril ont été marqués par une baisse spectaculaire.En mai, le nombre d'accidents corporels a baissé également de 34%."}`)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, Options{Format: FormatJSON}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDispatchID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		DispatchID("afp", "urn:newsml:afp.com:20240710:240710125902.qpsp2jzk", "1", nil)
	}
}

// BenchmarkScanFeed runs detection's scan of a JSON envelope, which checks
// and decodes every string, on the feed's dispatches.
func BenchmarkScanFeed(b *testing.B) {
	lines := sharedtest.FeedLines(b, 2000)
	total := 0
	for _, l := range lines {
		total += len(l)
	}
	b.SetBytes(int64(total / len(lines)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if !scanObject(lines[i%len(lines)], func(jsonMember) bool { return true }) {
			b.Fatal("not scanned")
		}
	}
}
