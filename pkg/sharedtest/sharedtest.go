// Package sharedtest finds, for tests, the project's shared data: the
// directory "shared" next to the workspace (the directory holding go.work),
// with the labelled corpus, the feed and the GeoNames extracts. The product
// never reads it; tests that need it skip when it is absent.
package sharedtest

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Root returns the workspace root: the nearest directory above the test's
// working directory that holds go.work.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.work above the test's directory")
		}
		dir = parent
	}
}

// Dir returns the shared data directory, skipping the test when it is absent.
func Dir(t testing.TB) string {
	t.Helper()
	shared := filepath.Join(Root(t), "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("no shared data next to the workspace: %v", err)
	}
	return shared
}

// Corpus returns the shared corpus directory (labelled sets, feed, formats, seed).
func Corpus(t testing.TB) string {
	t.Helper()
	return filepath.Join(Dir(t), "corpus")
}

// FeedLines returns the first max records of the shared French feed
// (corpus/feed/orangesum_fr.jsonl), one JSON document each, skipping the
// test when the feed is absent.
func FeedLines(t testing.TB, max int) [][]byte {
	t.Helper()
	f, err := os.Open(filepath.Join(Corpus(t), "feed", "orangesum_fr.jsonl"))
	if err != nil {
		t.Skipf("no feed: %v", err)
	}
	defer f.Close()
	var out [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for len(out) < max && sc.Scan() {
		out = append(out, bytes.Clone(sc.Bytes()))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
