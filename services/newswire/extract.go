package main

import (
	"context"
	"errors"
	"io"
)

// runExtract is being written (issue 4); it reads JSONL texts and writes their figures.
func runExtract(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) error {
	return errors.New("extract: not built yet")
}
