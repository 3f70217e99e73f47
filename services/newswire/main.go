// Command newswire is Newswire's all-in-one CLI: `up` runs the whole pipeline
// in one process (with an embedded NATS server unless NATS_URL is set),
// `replay` pushes dispatches into it, `tail` shows what comes out, `extract`
// and `eval` run the casualty extractor offline, `provision` creates the
// streams and consumers, and `bench` measures the pipeline against the
// broker's own ceiling.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

type command struct {
	summary string
	run     func(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) error
}

var commands = map[string]command{
	"up":        {"run the whole pipeline: embedded NATS (unless NATS_URL), every service, ingest on :8080", runUp},
	"replay":    {"push dispatches (files, directories, JSONL) over HTTP or straight to NATS", runReplay},
	"tail":      {"print results as they arrive: tail [SUBJECT] (default news.casualties.>)", runTail},
	"extract":   {"extract casualty figures: JSONL {id,lang?,text} on stdin → JSONL {id,figures} on stdout", runExtract},
	"eval":      {"score the extractor: eval [-v] FILE.gold.jsonl...", runEval},
	"provision": {"create or update the streams and consumers (idempotent)", runProvision},
	"nats":      {"run only an embedded NATS server (for tests and faults)", runNATS},
	"bench":     {"measure the pipeline against the broker's ceiling: bench [--quick] [--json]", runBench},
	"stage":     {"run one stage as its own process: stage [--passthrough SIZE] NAME", runStage},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "newswire:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(errOut)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	cmd, ok := commands[args[0]]
	if !ok {
		usage(errOut)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return cmd.run(ctx, args[1:], in, out, errOut)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: newswire COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
}
