// Command faults is Newswire's fault-injection harness. It runs the
// pipeline as real processes on loopback (`newswire nats` servers, the
// parser, enricher and casualties binaries), pushes feed dispatches
// straight to news.raw.faults, injects one fault per scenario mid-stream,
// waits for the pipeline to drain and counts every casualty report by
// dispatch id. Each scenario prints one line:
//
//	fault NAME: sent=N received=N lost=0 duplicated=0
//
// and the exit status is 1 if any dispatch was lost or duplicated or a
// scenario could not run. scripts/test-faults.sh builds the binaries and
// runs it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// config is one harness run.
type config struct {
	binDir     string        // newswire, parser, enricher, casualties
	feed       string        // JSONL feed
	workDir    string        // where stores and logs go; a temp dir when empty
	dispatches int           // per scenario
	scenarios  []string      // names, in order
	publishFor time.Duration // how long publishing the dispatches takes
	ackWait    time.Duration // AckWait set on the stage consumers (0: as provisioned)
	timeout    time.Duration // how long the pipeline may take to drain after publishing
	workers    int           // WORKERS for each stage (0: its default)
	natsDown   time.Duration // how long the NATS server stays down in nats-restart
	keep       bool          // keep stores and logs of passing scenarios
}

const maxDispatches = 100_000

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	cfg, err := parseFlags(args, errOut)
	if err != nil {
		return err
	}
	f, err := os.Open(cfg.feed)
	if err != nil {
		return fmt.Errorf("opening feed: %w", err)
	}
	ds, skipped, err := loadFeed(f, cfg.dispatches)
	f.Close()
	if err != nil {
		return err
	}
	note := func(format string, a ...any) {
		fmt.Fprintf(errOut, "faults: %s %s\n", time.Now().UTC().Format("15:04:05.000"), fmt.Sprintf(format, a...))
	}
	if skipped > 0 {
		note("skipped %d feed records the parser would reject or that repeat an id", skipped)
	}
	if cfg.workDir != "" {
		if err := os.MkdirAll(cfg.workDir, 0o755); err != nil {
			return fmt.Errorf("creating work dir: %w", err)
		}
	} else {
		if cfg.workDir, err = os.MkdirTemp("", "newswire-faults-"); err != nil {
			return fmt.Errorf("creating work dir: %w", err)
		}
		defer func() {
			// Only passing scenarios' directories were removed; keep a
			// failing run's logs, drop the parent when nothing is left.
			_ = os.Remove(cfg.workDir)
		}()
	}
	failed := 0
	for _, name := range cfg.scenarios {
		sc, _ := findScenario(name)
		t, counted, err := runScenario(ctx, cfg, sc, ds, note)
		switch {
		case counted:
			fmt.Fprintln(out, t.line(sc.name))
		default:
			fmt.Fprintf(out, "fault %s: error: %v\n", sc.name, oneLine(err))
		}
		if err != nil {
			note("%s: %v", sc.name, err)
		}
		if err != nil || !t.ok() {
			failed++
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d scenarios failed", failed, len(cfg.scenarios))
	}
	return nil
}

func parseFlags(args []string, errOut io.Writer) (config, error) {
	fs := flag.NewFlagSet("faults", flag.ContinueOnError)
	fs.SetOutput(errOut)
	var cfg config
	def := 2000
	if v := os.Getenv("FAULTS_DISPATCHES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return cfg, fmt.Errorf("FAULTS_DISPATCHES=%q: %w", v, err)
		}
		def = n
	}
	var names string
	var all []string
	for _, s := range scenarios {
		all = append(all, s.name)
	}
	fs.StringVar(&cfg.binDir, "bin", "", "directory holding the newswire, parser, enricher and casualties binaries (required)")
	fs.StringVar(&cfg.feed, "feed", "", "JSONL feed (default ../shared/corpus/feed/orangesum_fr.jsonl beside the workspace)")
	fs.StringVar(&cfg.workDir, "work", "", "directory for stores and logs (default a new temp dir)")
	fs.IntVar(&cfg.dispatches, "dispatches", def, "dispatches per scenario (FAULTS_DISPATCHES sets the default)")
	fs.StringVar(&names, "scenarios", strings.Join(all, ","), "comma-separated scenarios to run")
	fs.DurationVar(&cfg.publishFor, "publish-for", 10*time.Second, "how long publishing the dispatches takes; faults land within it")
	fs.DurationVar(&cfg.ackWait, "ack-wait", 10*time.Second, "AckWait for the stage consumers (0 keeps the provisioned value)")
	fs.DurationVar(&cfg.timeout, "timeout", 3*time.Minute, "how long the pipeline may take to drain after publishing")
	fs.DurationVar(&cfg.natsDown, "nats-down", 5*time.Second, "how long the server stays down in nats-restart (above the publisher's 3s PubAck timeout, so publishes fail and are retried)")
	fs.IntVar(&cfg.workers, "workers", 0, "WORKERS for each stage (0: the stage's default)")
	fs.BoolVar(&cfg.keep, "keep", false, "keep stores and logs of passing scenarios too")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if cfg.binDir == "" {
		return cfg, errors.New("--bin is required")
	}
	abs, err := filepath.Abs(cfg.binDir)
	if err != nil {
		return cfg, fmt.Errorf("--bin: %w", err)
	}
	cfg.binDir = abs
	if cfg.feed == "" {
		if cfg.feed, err = defaultFeed(); err != nil {
			return cfg, err
		}
	}
	if cfg.dispatches < 10 || cfg.dispatches > maxDispatches {
		return cfg, fmt.Errorf("--dispatches %d: want 10 to %d", cfg.dispatches, maxDispatches)
	}
	if cfg.publishFor <= 0 || cfg.timeout <= 0 || cfg.ackWait < 0 || cfg.workers < 0 || cfg.natsDown < 0 {
		return cfg, errors.New("--publish-for and --timeout must be positive, --ack-wait, --nats-down and --workers not negative")
	}
	for _, n := range strings.Split(names, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if _, ok := findScenario(n); !ok {
			return cfg, fmt.Errorf("unknown scenario %q (have %s)", n, strings.Join(all, ", "))
		}
		cfg.scenarios = append(cfg.scenarios, n)
	}
	if len(cfg.scenarios) == 0 {
		return cfg, errors.New("no scenario to run")
	}
	return cfg, nil
}

// makeScenarioDir creates base/name, refusing to reuse a directory that
// could hold another run's stores.
func makeScenarioDir(base, name string) (string, error) {
	dir := filepath.Join(base, name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating scenario dir: %w", err)
	}
	return dir, nil
}

// oneLine keeps an error on the one result line.
func oneLine(err error) string {
	if err == nil {
		return "unknown error"
	}
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}
