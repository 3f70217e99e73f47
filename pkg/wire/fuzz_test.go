package wire

import (
	"os"
	"path/filepath"
	"testing"
)

// seedFuzz adds the samples of the given files (and a few edge cases) to the corpus.
func seedFuzz(f *testing.F, files ...string) {
	f.Helper()
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join("testdata", "formats", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte{})
	f.Add([]byte("<"))
	f.Add([]byte("{"))
	f.Add([]byte("\x16\x16\x01\x02\x03"))
}

// maxFuzzInput keeps the fuzzer on inputs it can run thousands of times a second.
const maxFuzzInput = 64 << 10

// fuzzParse checks that Parse never panics, refuses or accepts, and that
// whatever it accepts is well-formed and deterministic.
func fuzzParse(f *testing.F, format string) {
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return // large inputs are TestHostileInput's and TestLargeInput's job
		}
		d, err := parse(data, Options{Format: format})
		if err != nil {
			return
		}
		checkInvariants(t, d)
		again, err := parse(data, Options{Format: format})
		if err != nil || again.ID != d.ID || again.BodyText != d.BodyText {
			t.Fatalf("second parse differs: %v", err)
		}
	})
}

func FuzzNITF(f *testing.F) {
	seedFuzz(f, "ap_nitf.xml")
	fuzzParse(f, FormatNITF)
}

func FuzzNewsMLG2(f *testing.F) {
	seedFuzz(f, "reuters_newsmlg2.xml", "stt_newsmlg2.xml")
	fuzzParse(f, FormatNewsMLG2)
}

func FuzzNewsML12(f *testing.F) {
	seedFuzz(f, "afp_newsml12.xml")
	fuzzParse(f, FormatNewsML12)
}

func FuzzANPA(f *testing.F) {
	seedFuzz(f, "ap_anpa1312.tst")
	fuzzParse(f, FormatANPA)
}

func FuzzNinjs(f *testing.F) {
	seedFuzz(f, "iptc_ninjs.json")
	fuzzParse(f, FormatNinjs)
}

func FuzzEnvelope(f *testing.F) {
	seedFuzz(f)
	f.Add([]byte(`{"id":"orangesum_1000","lang":"fr","date":"2020-06-15","title":"Titre","lede":"Le chapeau.","body":"Le corps.En mai, suite."}`))
	f.Add([]byte(`{"id":"x","provider":"p","version":2,"body":["a","b"],"dateline":{"place":"Paris","date":"1 janv"},"replaces":"1"}`))
	fuzzParse(f, FormatJSON)
}

func FuzzText(f *testing.F) {
	seedFuzz(f, "afp_seed.txt")
	f.Add([]byte("Titre\n\nMOSCOU, 20 oct 2015 (AFP) - Texte. - Intertitre - Suite."))
	fuzzParse(f, FormatText)
}

// FuzzDetect runs detection and whichever parser it picks, on any input.
func FuzzDetect(f *testing.F) {
	seedFuzz(f, "ap_nitf.xml", "reuters_newsmlg2.xml", "afp_newsml12.xml", "ap_anpa1312.tst", "iptc_ninjs.json", "afp_seed.txt")
	fuzzParse(f, "")
}

func FuzzParseBatch(f *testing.F) {
	seedFuzz(f, "orangesum_fr.jsonl")
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, _ := ParseBatch(data, Options{})
		for _, d := range ds {
			checkInvariants(t, d)
		}
	})
}
