package main

import (
	"context"
	"errors"
	"io"
)

// runEval is being written (issue 4); it scores the extractor against gold files.
func runEval(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) error {
	return errors.New("eval: not built yet")
}
