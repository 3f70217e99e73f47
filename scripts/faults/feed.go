package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/newswire/newswire/pkg/wire"
)

// source is the <source> token the harness publishes under: news.raw.faults.
const source = "faults"

// contentType tells the parser the records are generic JSON envelopes.
const contentType = "application/json"

// maxRecord bounds one feed line; the feed is trusted, but a truncated or
// corrupted file must fail cleanly rather than exhaust memory.
const maxRecord = 4 << 20

// dispatch is one record to publish and the dispatch id the parser will give it.
type dispatch struct {
	ID   string
	Data []byte
}

// loadFeed reads the first n usable records of a JSONL feed. It computes
// each record's dispatch id with the parser's own library and options, so
// the harness knows what id every output must carry without trusting the
// pipeline; records the parser would reject (and dead-letter) and records
// that would share an id with an earlier one are skipped, because neither
// can be counted one-to-one.
func loadFeed(r io.Reader, n int) (ds []dispatch, skipped int, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxRecord)
	seen := map[string]bool{}
	for len(ds) < n && sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		d, perr := wire.Parse(line, wire.Options{ContentType: contentType, Source: source})
		if perr != nil || d.ID == "" || seen[d.ID] {
			skipped++
			continue
		}
		seen[d.ID] = true
		ds = append(ds, dispatch{ID: d.ID, Data: bytes.Clone(line)})
	}
	if err := sc.Err(); err != nil {
		return nil, skipped, fmt.Errorf("reading feed: %w", err)
	}
	if len(ds) < n {
		return ds, skipped, fmt.Errorf("feed holds only %d usable records, %d wanted", len(ds), n)
	}
	return ds, skipped, nil
}

// defaultFeed finds ../shared/corpus/feed/orangesum_fr.jsonl next to the
// directory holding go.work, walking up from the working directory.
func defaultFeed() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the feed: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return filepath.Join(dir, "..", "shared", "corpus", "feed", "orangesum_fr.jsonl"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("finding the feed: no go.work above the working directory; pass --feed")
		}
		dir = parent
	}
}
