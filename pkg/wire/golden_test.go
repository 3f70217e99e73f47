package wire

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newswire/newswire/proto"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// samples lists every file of testdata/formats (real provider samples, see
// testdata/formats/SOURCE.md).
func samples(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "formats", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".md") && !strings.HasSuffix(f, ".jsonl") {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		t.Fatal("no samples in testdata/formats")
	}
	return out
}

func parseFile(t testing.TB, path string) *proto.ParsedDispatch {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse(data, Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

// TestGolden parses each sample and compares the whole dispatch with its
// golden JSON (go test ./wire -update rewrites them after a reviewed change).
func TestGolden(t *testing.T) {
	for _, path := range samples(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(parseFile(t, path), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s; diff them and run go test -update if the change is right\n got: %s", name, golden, firstDiff(got, want))
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + itoa(i+1) + ": " + al[i] + "\nwant: " + bl[i]
		}
	}
	return "length differs"
}
