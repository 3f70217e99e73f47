package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/newswire/newswire/pkg/casualty"
	"github.com/newswire/newswire/pkg/casualty/eval"
)

// runEval scores the extractor on gold JSONL files (corpus/GUIDELINES.md
// "Scoring") and prints a table per file, then one over all of them.
func runEval(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(errOut)
	verbose := fs.Bool("v", false, "print per-text differences (missed and extra figures)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("eval: usage: eval [-v] FILE.gold.jsonl...")
	}
	ex := casualty.New()
	var all []eval.Gold
	for _, name := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		golds, err := readGoldFile(name)
		if err != nil {
			return err
		}
		all = append(all, golds...)
		fmt.Fprintf(out, "== %s (%d texts)\n", name, len(golds))
		if err := eval.Score(golds, ex.Extract).WriteTable(out, *verbose); err != nil {
			return fmt.Errorf("eval: writing: %w", err)
		}
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(out, "== all files (%d texts)\n", len(all))
		if err := eval.Score(all, ex.Extract).WriteTable(out, false); err != nil {
			return fmt.Errorf("eval: writing: %w", err)
		}
	}
	return nil
}

func readGoldFile(name string) ([]eval.Gold, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	g, err := eval.ReadGold(f)
	if err != nil {
		return nil, fmt.Errorf("eval: %s: %w", name, err)
	}
	return g, nil
}
