package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/stage"
)

// replayItem is one dispatch to push: a whole file, or one JSONL line.
type replayItem struct {
	name        string
	body        []byte
	contentType string
}

type replayStats struct {
	sent, accepted, duplicates, rejected, failed atomic.Int64
}

// runReplay pushes dispatches from files, directories (recursively) or JSONL
// files (one dispatch per line, such as the OrangeSum feed) into a running
// pipeline, over HTTP (default) or straight onto news.raw.<source>.
func runReplay(ctx context.Context, args []string, _ io.Reader, out, errOut io.Writer) error {
	fset := flag.NewFlagSet("replay", flag.ContinueOnError)
	fset.SetOutput(errOut)
	url := fset.String("url", "http://localhost:8080", "ingest base URL")
	viaNATS := fset.Bool("nats", false, "publish straight to news.raw.<source> on NATS_URL instead of HTTP")
	source := fset.String("source", "replay", "source name for NATS publishing and ?source= over HTTP")
	token := fset.String("token", os.Getenv("INGEST_TOKEN"), "bearer token for the ingest API")
	limit := fset.Int("limit", 0, "stop after this many dispatches (0: all)")
	workers := fset.Int("concurrency", 8, "dispatches in flight")
	quiet := fset.Bool("quiet", false, "no progress bar")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() == 0 {
		return errors.New("replay: give at least one file, directory or JSONL file")
	}
	items, err := collectReplay(fset.Args(), *limit)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return errors.New("replay: nothing to send")
	}
	var send func(context.Context, replayItem) (int, error)
	if *viaNATS {
		env := service.EnvFromOS()
		nc, err := service.Connect(ctx, "newswire-replay", env, slog.New(slog.NewTextHandler(errOut, &slog.HandlerOptions{Level: slog.LevelWarn})))
		if err != nil {
			return err
		}
		defer nc.Close()
		js, err := jetstream.New(nc)
		if err != nil {
			return err
		}
		subject := stage.Subject(stage.SubjectRaw, *source)
		send = func(ctx context.Context, it replayItem) (int, error) {
			h := nats.Header{}
			if it.contentType != "" {
				h.Set(stage.HeaderContentType, it.contentType)
			}
			ack, err := js.PublishMsg(ctx, &nats.Msg{Subject: subject, Data: it.body, Header: h})
			if err != nil {
				return 0, err
			}
			if ack.Duplicate {
				return http.StatusOK, nil
			}
			return http.StatusAccepted, nil
		}
	} else {
		client := &http.Client{Timeout: 30 * time.Second}
		endpoint := strings.TrimRight(*url, "/") + "/v1/dispatches?source=" + *source
		send = func(ctx context.Context, it replayItem) (int, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(it.body))
			if err != nil {
				return 0, err
			}
			if it.contentType != "" {
				req.Header.Set("Content-Type", it.contentType)
			}
			if *token != "" {
				req.Header.Set("Authorization", "Bearer "+*token)
			}
			resp, err := client.Do(req)
			if err != nil {
				return 0, err
			}
			defer resp.Body.Close()
			var res struct {
				Duplicate bool `json:"duplicate"`
			}
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			_ = json.Unmarshal(body, &res)
			if resp.StatusCode == http.StatusAccepted && res.Duplicate {
				return http.StatusOK, nil
			}
			if resp.StatusCode >= 500 {
				return resp.StatusCode, fmt.Errorf("%s: %s", resp.Status, bytes.TrimSpace(body))
			}
			return resp.StatusCode, nil
		}
	}
	start := time.Now()
	var st replayStats
	work := make(chan replayItem)
	var wg sync.WaitGroup
	for range max(*workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				code, err := send(ctx, it)
				st.sent.Add(1)
				switch {
				case err != nil:
					st.failed.Add(1)
					fmt.Fprintf(errOut, "\n%s: %v\n", it.name, err)
				case code == http.StatusOK:
					st.duplicates.Add(1)
				case code == http.StatusAccepted:
					st.accepted.Add(1)
				default:
					st.rejected.Add(1)
				}
			}
		}()
	}
	done := make(chan struct{})
	if !*quiet {
		go progress(errOut, &st, len(items), start, done)
	}
feed:
	for _, it := range items {
		select {
		case <-ctx.Done():
			break feed
		case work <- it:
		}
	}
	close(work)
	wg.Wait()
	close(done)
	elapsed := time.Since(start)
	fmt.Fprintf(out, "\nreplayed %d dispatches in %s (%.0f/s): accepted=%d duplicates=%d rejected=%d failed=%d\n",
		st.sent.Load(), elapsed.Round(time.Millisecond), float64(st.sent.Load())/elapsed.Seconds(),
		st.accepted.Load(), st.duplicates.Load(), st.rejected.Load(), st.failed.Load())
	if st.failed.Load() > 0 {
		return fmt.Errorf("%d dispatches could not be sent", st.failed.Load())
	}
	return ctx.Err()
}

func progress(w io.Writer, st *replayStats, total int, start time.Time, done <-chan struct{}) {
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			n := int(st.sent.Load())
			const width = 30
			filled := width * n / total
			rate := float64(n) / time.Since(start).Seconds()
			fmt.Fprintf(w, "\r[%s%s] %d/%d  %.0f/s  rejected %d", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), n, total, rate, st.rejected.Load())
		}
	}
}

// collectReplay reads every dispatch under paths: .jsonl/.ndjson files give a
// dispatch per line, other files are sent whole.
func collectReplay(paths []string, limit int) ([]replayItem, error) {
	var items []replayItem
	full := func() bool { return limit > 0 && len(items) >= limit }
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || full() {
				return nil
			}
			if ext := strings.ToLower(filepath.Ext(path)); ext == ".jsonl" || ext == ".ndjson" {
				f, err := os.Open(path)
				if err != nil {
					return err
				}
				defer f.Close()
				sc := bufio.NewScanner(f)
				sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
				line := 0
				for sc.Scan() && !full() {
					line++
					if b := bytes.TrimSpace(sc.Bytes()); len(b) > 0 {
						items = append(items, replayItem{name: fmt.Sprintf("%s:%d", path, line), body: append([]byte(nil), b...), contentType: "application/json"})
					}
				}
				return sc.Err()
			}
			if strings.HasSuffix(strings.ToLower(path), ".md") {
				return nil
			}
			body, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			items = append(items, replayItem{name: path, body: body})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
	}
	return items, nil
}
