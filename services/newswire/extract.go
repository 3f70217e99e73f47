package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/casualty"
	"github.com/newswire/newswire/pkg/text/langid"
	"github.com/newswire/newswire/proto"
)

// maxExtractLine bounds one input record.
const maxExtractLine = 16 << 20

type extractIn struct {
	ID   string `json:"id"`
	Lang string `json:"lang,omitempty"`
	Text string `json:"text"`
}

type extractOut struct {
	ID      string         `json:"id"`
	Figures []proto.Figure `json:"figures"`
}

// runExtract reads JSONL {"id","lang"?,"text"} and writes {"id","figures"} per
// line. Bad lines are reported on errOut and skipped; the command then fails.
func runExtract(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(errOut)
	lang := fs.String("lang", "", "language of records without a \"lang\" field (empty: detect it)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ex := casualty.New()
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), maxExtractLine)
	w := bufio.NewWriter(out)
	line, bad := 0, 0
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		line++
		b := sc.Bytes()
		if len(b) == 0 {
			continue
		}
		var rec extractIn
		if err := json.Unmarshal(b, &rec); err != nil {
			bad++
			fmt.Fprintf(errOut, "extract: line %d: %v\n", line, err)
			continue
		}
		l := rec.Lang
		if l == "" {
			l = *lang
		}
		if l == "" {
			// Every lexicon at once lets words of one language read as
			// numbers of another (Spanish "dos" in Portuguese text).
			if detected, _ := langid.Detect(rec.Text); detected != langid.Undetermined {
				l = detected
			}
		}
		res := extractOut{ID: rec.ID, Figures: ex.Extract(rec.Text, l)}
		if res.Figures == nil {
			res.Figures = []proto.Figure{}
		}
		enc, err := json.Marshal(res)
		if err != nil {
			return fmt.Errorf("extract: encoding %q: %w", rec.ID, err)
		}
		w.Write(enc)
		if err := w.WriteByte('\n'); err != nil {
			return fmt.Errorf("extract: writing: %w", err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("extract: reading line %d: %w", line+1, err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("extract: writing: %w", err)
	}
	if bad > 0 {
		return fmt.Errorf("extract: %d bad input lines", bad)
	}
	return nil
}
