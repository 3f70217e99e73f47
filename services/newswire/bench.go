package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/embedded"
	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/pkg/story"
	"github.com/newswire/newswire/pkg/tolls"
	"github.com/newswire/newswire/pkg/wire"
)

// benchDispatch is one dispatch to publish, with the id the parser will give it.
type benchDispatch struct {
	id   string
	body []byte
}

// benchResult is the summary `newswire bench --json` prints as its last line.
type benchResult struct {
	Dispatches  int     `json:"dispatches"`
	PipelineDPS float64 `json:"pipeline_dps"`
	CeilingDPS  float64 `json:"ceiling_dps"`
	Ratio       float64 `json:"ratio"`
	P50ms       float64 `json:"p50_ms"`
	P99ms       float64 `json:"p99_ms"`
	P999ms      float64 `json:"p999_ms"`
	LatencyRate int     `json:"latency_rate"`
	// MaxRSSMB is the largest steady-state resident set of any stage.
	MaxRSSMB    float64               `json:"max_rss_mb"`
	Stages      map[string]stageUsage `json:"stages"`
	BrokerRSSMB float64               `json:"broker_rss_mb"`
	// CeilingCPUPer1000 is each pass-through stage's CPU: the runtime's own
	// cost (consume, publish, ack, traces, metrics) without the work.
	CeilingCPUPer1000 map[string]float64 `json:"ceiling_cpu_s_per_1000"`
	// BrokerCPUPer1000 is the CPU of this process — the embedded broker and
	// the publisher — per 1,000 dispatches, in the pipeline run and in the
	// ceiling run; Busy is the share of the machine's cores all processes
	// used in each (1: every core busy for the whole run).
	BrokerCPUPer1000        float64 `json:"broker_cpu_s_per_1000"`
	CeilingBrokerCPUPer1000 float64 `json:"ceiling_broker_cpu_s_per_1000"`
	Busy                    float64 `json:"busy"`
	CeilingBusy             float64 `json:"ceiling_busy"`
	// Scaling is pipeline throughput by replica count of ScaledStage (--scale).
	ScaledStage string             `json:"scaled_stage,omitempty"`
	Scaling     map[string]float64 `json:"scaling_dps,omitempty"`
	// Rounds are the throughput rounds; PipelineDPS and CeilingDPS are
	// their medians. The other figures are the first round's.
	Rounds []benchRound `json:"rounds"`
}

// benchRound is one throughput round: the real pipeline, then the ceiling.
type benchRound struct {
	PipelineDPS float64 `json:"pipeline_dps"`
	CeilingDPS  float64 `json:"ceiling_dps"`
}

// median returns the median of f over rounds (the mean of the middle two
// for an even count).
func median(rounds []benchRound, f func(benchRound) float64) float64 {
	vs := make([]float64, len(rounds))
	for i, r := range rounds {
		vs[i] = f(r)
	}
	slices.Sort(vs)
	if n := len(vs); n%2 == 0 {
		return (vs[n/2-1] + vs[n/2]) / 2
	}
	return vs[len(vs)/2]
}

type stageUsage struct {
	CPUSecondsPer1000 float64 `json:"cpu_s_per_1000"`
	// RSSMB is the resident set at steady state (after the runs); PeakRSSMB
	// the highest it reached, start-up included.
	RSSMB       float64 `json:"rss_mb"`
	PeakRSSMB   float64 `json:"peak_rss_mb"`
	OutputBytes float64 `json:"avg_output_bytes"`
	// SharedBytes is the average story assignment the enricher shares per dispatch.
	SharedBytes float64 `json:"avg_shared_bytes,omitempty"`
	// TollWrites is how many toll timeline writes the casualties stage made
	// per dispatch, TollBytes their average size.
	TollWrites float64 `json:"toll_writes_per_dispatch,omitempty"`
	TollBytes  float64 `json:"avg_toll_bytes,omitempty"`
}

// runBench measures, in one run on one machine, the broker's ceiling for the
// pipeline's topology and the real pipeline's throughput, latency and cost.
func runBench(ctx context.Context, args []string, _ io.Reader, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(errOut)
	quick := fs.Bool("quick", false, "short run: 5,000 dispatches, 5 s of latency sampling")
	asJSON := fs.Bool("json", false, "end with one JSON line of the results")
	n := fs.Int("n", 50000, "dispatches for the throughput runs (the feed is looped)")
	rate := fs.Int("rate", 500, "offered load (dispatches/s) for the latency run")
	latencyFor := fs.Duration("latency-for", 10*time.Second, "duration of the latency run")
	feed := fs.String("feed", "", "JSONL dispatches to replay (default: the OrangeSum feed in ../shared)")
	profiles := fs.String("profiles", "", "write each real stage's CPU and heap profiles into this directory (<stage>-<replica>.cpu.pprof, .heap.pprof), and the broker's of each run (broker-pipeline.cpu.pprof, broker-ceiling.cpu.pprof)")
	scale := fs.String("scale", "", "also run the pipeline with 1, 2 and 4 replicas (processes) of this stage")
	rounds := fs.Int("rounds", 3, "throughput rounds: each runs the real pipeline then the ceiling, on fresh brokers; the dispatches/s reported are the medians")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *quick {
		*n, *latencyFor, *rounds = 5000, 5*time.Second, 1
	}
	if *rounds < 1 {
		return errors.New("--rounds must be at least 1")
	}
	if *feed == "" {
		*feed = findFeed()
	}
	raw, err := loadFeed(*feed)
	if err != nil {
		return err
	}
	total := *n + *rate*int(latencyFor.Seconds())
	dispatches, err := loopFeed(raw, total)
	if err != nil {
		return err
	}
	throughput, latencySet := dispatches[:*n], dispatches[*n:]
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding own binary: %w", err)
	}
	if *profiles != "" {
		if err := os.MkdirAll(*profiles, 0o755); err != nil {
			return fmt.Errorf("creating profile directory: %w", err)
		}
	}
	res := benchResult{Dispatches: *n, LatencyRate: *rate, Stages: map[string]stageUsage{}}
	logf := func(format string, a ...any) { fmt.Fprintf(errOut, format+"\n", a...) }

	// (b)+(c)+(d): the real pipeline.
	logf("bench: real pipeline, %d dispatches from %s", *n, *feed)
	sizes, shared, tollUse := map[string]float64{}, map[string]float64{}, map[string][2]float64{}
	err = withBench(ctx, exe, benchSetup{profiles: *profiles, brokerProfile: brokerProfile(*profiles, "pipeline")}, func(b *benchEnv) error {
		dps, usage, cost, err := b.throughput(ctx, throughput)
		if err != nil {
			return err
		}
		res.PipelineDPS, res.BrokerCPUPer1000, res.Busy = dps, cost.brokerPer1000, cost.busy
		for name, u := range usage {
			res.Stages[name] = u
			sizes[name], shared[name], tollUse[name] = u.OutputBytes, u.SharedBytes, [2]float64{u.TollWrites, u.TollBytes}
		}
		logf("bench: latency at %d dispatches/s for %s", *rate, *latencyFor)
		lat, err := b.latency(ctx, latencySet, *rate)
		if err != nil {
			return err
		}
		res.P50ms, res.P99ms, res.P999ms = percentile(lat, 0.50), percentile(lat, 0.99), percentile(lat, 0.999)
		for name, cs := range b.children {
			u := res.Stages[name]
			u.PeakRSSMB = procStatusMB(cs[0].Process.Pid, "VmHWM:")
			u.RSSMB = procStatusMB(cs[0].Process.Pid, "VmRSS:")
			res.Stages[name] = u
			res.MaxRSSMB = max(res.MaxRSSMB, u.RSSMB)
		}
		res.BrokerRSSMB = procStatusMB(os.Getpid(), "VmHWM:")
		return nil
	})
	if err != nil {
		return fmt.Errorf("real pipeline: %w", err)
	}
	// (a): the same topology with no work, payloads of the real sizes.
	ceilingSetup := benchSetup{sizes: sizes, shared: shared, tolls: tollUse}
	// throughputOnly runs setup's stages over the dispatches, for their rate alone.
	throughputOnly := func(setup benchSetup) (float64, error) {
		var dps float64
		err := withBench(ctx, exe, setup, func(b *benchEnv) (err error) {
			dps, _, _, err = b.throughput(ctx, throughput)
			return err
		})
		return dps, err
	}
	logf("bench: broker ceiling (pass-through stages, same payload sizes)")
	first := benchRound{PipelineDPS: res.PipelineDPS}
	setup := ceilingSetup
	setup.brokerProfile = brokerProfile(*profiles, "ceiling")
	err = withBench(ctx, exe, setup, func(b *benchEnv) error {
		dps, usage, cost, err := b.throughput(ctx, throughput)
		first.CeilingDPS, res.CeilingBrokerCPUPer1000, res.CeilingBusy = dps, cost.brokerPer1000, cost.busy
		res.CeilingCPUPer1000 = map[string]float64{}
		for name, u := range usage {
			res.CeilingCPUPer1000[name] = u.CPUSecondsPer1000
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("ceiling: %w", err)
	}
	res.Rounds = append(res.Rounds, first)
	// More rounds, each the pipeline then its ceiling next to it in time:
	// this machine's speed drifts between runs, and the medians of rounds
	// that pair the two are steadier than one pair.
	for r := 2; r <= *rounds; r++ {
		logf("bench: round %d of %d, real pipeline then ceiling", r, *rounds)
		var round benchRound
		if round.PipelineDPS, err = throughputOnly(benchSetup{}); err != nil {
			return fmt.Errorf("real pipeline, round %d: %w", r, err)
		}
		if round.CeilingDPS, err = throughputOnly(ceilingSetup); err != nil {
			return fmt.Errorf("ceiling, round %d: %w", r, err)
		}
		res.Rounds = append(res.Rounds, round)
	}
	res.PipelineDPS = median(res.Rounds, func(r benchRound) float64 { return r.PipelineDPS })
	res.CeilingDPS = median(res.Rounds, func(r benchRound) float64 { return r.CeilingDPS })
	if res.CeilingDPS > 0 {
		res.Ratio = res.PipelineDPS / res.CeilingDPS
	}
	if *scale != "" {
		res.Scaling = map[string]float64{}
		for _, n := range []int{1, 2, 4} {
			logf("bench: %d replica(s) of %s", n, *scale)
			dps, err := throughputOnly(benchSetup{replicas: map[string]int{*scale: n}})
			res.Scaling[strconv.Itoa(n)] = dps
			if err != nil {
				return fmt.Errorf("scaling %s to %d: %w", *scale, n, err)
			}
		}
		res.ScaledStage = *scale
	}
	printBench(out, res)
	if *asJSON {
		b, _ := json.Marshal(res)
		fmt.Fprintf(out, "%s\n", b)
	}
	return nil
}

// brokerProfile names the broker's CPU profile of a run in the profile
// directory dir, or is empty if there is none.
func brokerProfile(dir, run string) string {
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "broker-"+run+".cpu.pprof")
}

func printBench(out io.Writer, r benchResult) {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "measure\tvalue\n")
	fmt.Fprintf(tw, "ceiling (pass-through, same topology)\t%.0f dispatches/s\n", r.CeilingDPS)
	fmt.Fprintf(tw, "pipeline (real stages)\t%.0f dispatches/s\n", r.PipelineDPS)
	fmt.Fprintf(tw, "ratio pipeline/ceiling\t%.2f\n", r.Ratio)
	if len(r.Rounds) > 1 {
		each := make([]string, len(r.Rounds))
		for i, rd := range r.Rounds {
			each[i] = fmt.Sprintf("%.0f/%.0f", rd.PipelineDPS, rd.CeilingDPS)
		}
		fmt.Fprintf(tw, "rounds, pipeline/ceiling (medians above)\t%s dispatches/s\n", strings.Join(each, ", "))
	}
	fmt.Fprintf(tw, "latency at %d/s p50 / p99 / p99.9\t%.1f / %.1f / %.1f ms\n", r.LatencyRate, r.P50ms, r.P99ms, r.P999ms)
	fmt.Fprintf(tw, "broker (embedded, with publisher)\tCPU %.2f s/1000 dispatches (ceiling run %.2f), peak RSS %.0f MB\n", r.BrokerCPUPer1000, r.CeilingBrokerCPUPer1000, r.BrokerRSSMB)
	fmt.Fprintf(tw, "cores busy, pipeline / ceiling\t%.0f%% / %.0f%%\n", 100*r.Busy, 100*r.CeilingBusy)
	names := make([]string, 0, len(r.Stages))
	for n := range r.Stages {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		u := r.Stages[n]
		shares := ""
		if u.SharedBytes > 0 {
			shares = fmt.Sprintf(", shares %.0f B", u.SharedBytes)
		}
		if u.TollWrites > 0 {
			shares += fmt.Sprintf(", %.3f toll writes of %.0f B per dispatch", u.TollWrites, u.TollBytes)
		}
		fmt.Fprintf(tw, "stage %s\tCPU %.2f s/1000 dispatches (pass-through %.2f), RSS %.0f MB (peak %.0f), output %.0f B%s\n", n, u.CPUSecondsPer1000, r.CeilingCPUPer1000[n], u.RSSMB, u.PeakRSSMB, u.OutputBytes, shares)
	}
	for _, n := range []string{"1", "2", "4"} {
		if dps, ok := r.Scaling[n]; ok {
			fmt.Fprintf(tw, "pipeline with %s × %s\t%.0f dispatches/s\n", n, r.ScaledStage, dps)
		}
	}
	tw.Flush()
}

// benchEnv is a broker plus child processes for each stage (one unless scaled).
type benchEnv struct {
	nc       *nats.Conn
	js       jetstream.JetStream
	children map[string][]*exec.Cmd
	// brokerProfile is where throughput writes this process's CPU profile, if set.
	brokerProfile string
}

// benchSetup says what withBench runs: pass-through stages of these output
// sizes (nil: the real stages), and how many replicas of each (default 1).
type benchSetup struct {
	sizes    map[string]float64
	replicas map[string]int
	// shared is the size of what a pass-through stage shares per dispatch
	// besides its output (the enricher's story assignments).
	shared map[string]float64
	// tolls is, per pass-through stage, the toll timeline writes per
	// dispatch and their size (the casualties stage's).
	tolls map[string][2]float64
	// profiles is a directory for the stages' CPU and heap profiles, empty for none.
	profiles string
	// brokerProfile is a file for the CPU profile of this process (the
	// embedded broker and the publisher) during the throughput run, empty for none.
	brokerProfile string
}

// withBench starts a fresh broker (embedded, file store; or NATS_URL with its
// streams recreated) and the three stages as child processes — real ones, or
// pass-through ones when sizes is not nil — runs f, then stops everything.
func withBench(ctx context.Context, exe string, setup benchSetup, f func(*benchEnv) error) error {
	sizes := setup.sizes
	url := os.Getenv("NATS_URL")
	if url == "" {
		dir, err := os.MkdirTemp("", "newswire-bench-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		ns, err := embedded.Start(embedded.Options{StoreDir: dir, Port: -1})
		if err != nil {
			return err
		}
		defer func() { ns.Shutdown(); ns.WaitForShutdown() }()
		url = ns.ClientURL()
	}
	nc, err := nats.Connect(url)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", url, err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096))
	if err != nil {
		return err
	}
	for _, s := range []string{stage.StreamRaw, stage.StreamParsed, stage.StreamEnriched, stage.StreamCasualties, stage.StreamDLQ, story.AssignmentStream, "KV_" + tolls.Bucket().Bucket} {
		_ = js.DeleteStream(ctx, s) // a fresh run on an external server
	}
	if err := stage.ProvisionStreams(ctx, js, stage.ProvisionOptions{}); err != nil {
		return err
	}
	b := &benchEnv{nc: nc, js: js, children: map[string][]*exec.Cmd{}, brokerProfile: setup.brokerProfile}
	defer b.stop()
	for _, def := range stageDefs() {
		name := def.Config.Name
		args := []string{"stage"}
		if sizes != nil {
			args = append(args, "--passthrough", strconv.Itoa(int(sizes[name])))
			if n := int(setup.shared[name]); n > 0 {
				args = append(args, "--passthrough-share", strconv.Itoa(n))
			}
			if t := setup.tolls[name]; t[0] > 0 {
				args = append(args, "--passthrough-toll-rate", strconv.FormatFloat(t[0], 'f', 4, 64), "--passthrough-toll-size", strconv.Itoa(int(t[1])))
			}
		}
		for i := range max(setup.replicas[name], 1) {
			args := args
			if setup.profiles != "" {
				base := filepath.Join(setup.profiles, fmt.Sprintf("%s-%d", name, i))
				args = append(args, "--cpuprofile", base+".cpu.pprof", "--memprofile", base+".heap.pprof")
			}
			args = append(args, name)
			cmd := exec.Command(exe, args...)
			cmd.Env = append(os.Environ(), "NATS_URL="+url, "PROVISION=true", "HTTP_ADDR=", "LOG_LEVEL=warn")
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				return fmt.Errorf("starting stage %s: %w", name, err)
			}
			b.children[name] = append(b.children[name], cmd)
		}
	}
	if err := b.waitConsuming(ctx); err != nil {
		return err
	}
	return f(b)
}

func (b *benchEnv) stop() {
	var all []*exec.Cmd
	for _, cs := range b.children {
		all = append(all, cs...)
	}
	for _, c := range all {
		_ = c.Process.Signal(syscall.SIGTERM)
	}
	for _, c := range all {
		done := make(chan struct{})
		go func() { _ = c.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = c.Process.Kill()
			<-done
		}
	}
}

// waitConsuming waits until every stage has a pull request waiting on its consumer.
func (b *benchEnv) waitConsuming(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	for _, def := range stageDefs() {
		for {
			cons, err := b.js.Consumer(ctx, def.Config.Stream, def.Config.Name)
			if err == nil {
				if info, err := cons.Info(ctx); err == nil && info.NumWaiting > 0 {
					break
				}
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("stage %s did not start consuming", def.Config.Name)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return nil
}

func (b *benchEnv) publish(ctx context.Context, d benchDispatch) error {
	h := nats.Header{}
	h.Set(stage.HeaderContentType, "application/json")
	h.Set(stage.HeaderDispatchID, d.id)
	_, err := b.js.PublishMsgAsync(&nats.Msg{Subject: "news.raw.bench", Data: d.body, Header: h}, jetstream.WithMsgID(d.id))
	return err
}

// runCost is what a throughput run cost besides the stages.
type runCost struct {
	brokerPer1000 float64 // this process's CPU per 1,000 dispatches
	busy          float64 // share of the cores used by every process
}

// throughput publishes every dispatch as fast as the broker takes them and
// waits for as many casualty reports; it returns dispatches/s, each stage's
// usage and the rest of the run's cost.
func (b *benchEnv) throughput(ctx context.Context, ds []benchDispatch) (float64, map[string]stageUsage, runCost, error) {
	var cost runCost
	cpu0 := map[string]float64{}
	for name, cs := range b.children {
		cpu0[name] = cpuSecondsAll(cs)
	}
	if b.brokerProfile != "" {
		f, err := os.Create(b.brokerProfile)
		if err != nil {
			return 0, nil, cost, fmt.Errorf("creating broker profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return 0, nil, cost, fmt.Errorf("profiling the broker: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	self0 := cpuSeconds(os.Getpid())
	start := time.Now()
	for _, d := range ds {
		if err := b.publish(ctx, d); err != nil {
			return 0, nil, cost, fmt.Errorf("publishing: %w", err)
		}
	}
	select {
	case <-b.js.PublishAsyncComplete():
	case <-time.After(5 * time.Minute):
		return 0, nil, cost, errors.New("publishes not acknowledged in 5 minutes")
	}
	if err := b.waitStream(ctx, stage.StreamCasualties, uint64(len(ds)), 10*time.Minute); err != nil {
		return 0, nil, cost, err
	}
	elapsed := time.Since(start)
	self := cpuSeconds(os.Getpid()) - self0
	cost.brokerPer1000 = self / float64(len(ds)) * 1000
	total := self
	usage := map[string]stageUsage{}
	outStream := map[string]string{"parser": stage.StreamParsed, "enricher": stage.StreamEnriched, "casualties": stage.StreamCasualties}
	for name, cs := range b.children {
		used := cpuSecondsAll(cs) - cpu0[name]
		total += used
		u := stageUsage{CPUSecondsPer1000: used / float64(len(ds)) * 1000}
		_, u.OutputBytes = b.streamSizes(ctx, outStream[name])
		switch name {
		case "enricher":
			_, u.SharedBytes = b.streamSizes(ctx, story.AssignmentStream)
		case "casualties":
			writes, size := b.streamSizes(ctx, "KV_"+tolls.Bucket().Bucket)
			u.TollWrites, u.TollBytes = writes/float64(len(ds)), size
		}
		usage[name] = u
	}
	cost.busy = total / (elapsed.Seconds() * float64(runtime.NumCPU()))
	return float64(len(ds)) / elapsed.Seconds(), usage, cost, nil
}

// streamSizes reads a stream's state: how many messages were ever written
// to it (its last sequence: it was created for this run) and the average
// size of those it holds (0 if none).
func (b *benchEnv) streamSizes(ctx context.Context, stream string) (writes, avgBytes float64) {
	st, err := b.js.Stream(ctx, stream)
	if err != nil {
		return 0, 0
	}
	info, err := st.Info(ctx)
	if err != nil {
		return 0, 0
	}
	if info.State.Msgs > 0 {
		avgBytes = float64(info.State.Bytes) / float64(info.State.Msgs)
	}
	return float64(info.State.LastSeq), avgBytes
}

func (b *benchEnv) waitStream(ctx context.Context, stream string, want uint64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	st, err := b.js.Stream(ctx, stream)
	if err != nil {
		return err
	}
	for {
		info, err := st.Info(ctx)
		if err == nil && info.State.Msgs >= want {
			return nil
		}
		if time.Now().After(deadline) {
			have := uint64(0)
			if info != nil {
				have = info.State.Msgs
			}
			return fmt.Errorf("%s holds %d of %d messages after %s", stream, have, want, timeout)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// latency offers ds at a fixed rate and returns each dispatch's time from
// publish to its casualty report, in milliseconds.
func (b *benchEnv) latency(ctx context.Context, ds []benchDispatch, rate int) ([]float64, error) {
	var mu sync.Mutex
	sent := make(map[string]time.Time, len(ds))
	var lat []float64
	sub, err := b.nc.Subscribe(stage.SubjectCasualties+".>", func(m *nats.Msg) {
		now := time.Now()
		id := m.Header.Get(stage.HeaderDispatchID)
		mu.Lock()
		if t, ok := sent[id]; ok {
			lat = append(lat, float64(now.Sub(t).Microseconds())/1000)
			delete(sent, id)
		}
		mu.Unlock()
	})
	if err != nil {
		return nil, err
	}
	defer sub.Unsubscribe()
	interval := time.Second / time.Duration(rate)
	next := time.Now()
	for _, d := range ds {
		if wait := time.Until(next); wait > 0 {
			time.Sleep(wait)
		}
		next = next.Add(interval)
		mu.Lock()
		sent[d.id] = time.Now()
		mu.Unlock()
		if err := b.publish(ctx, d); err != nil {
			return nil, err
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		left := len(sent)
		mu.Unlock()
		if left == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(sent) > 0 {
		return nil, fmt.Errorf("%d of %d dispatches got no report within 30 s", len(sent), len(ds))
	}
	return lat, nil
}

func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// cpuSecondsAll adds up the CPU time of a stage's replicas.
func cpuSecondsAll(cs []*exec.Cmd) float64 {
	total := 0.0
	for _, c := range cs {
		total += cpuSeconds(c.Process.Pid)
	}
	return total
}

// cpuSeconds reads a process's user+system CPU time from /proc.
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	rest := string(b[bytes.LastIndexByte(b, ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100 // USER_HZ is 100 on Linux
}

// procStatusMB reads a memory field of /proc/PID/status (VmRSS: resident
// now, VmHWM: its peak) in MB.
func procStatusMB(pid int, field string) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

func findFeed() string {
	for _, p := range []string{"../shared/corpus/feed/orangesum_fr.jsonl", "../../../shared/corpus/feed/orangesum_fr.jsonl", "../../shared/corpus/feed/orangesum_fr.jsonl"} {
		if _, err := os.Stat(p); err == nil {
			abs, _ := filepath.Abs(p)
			return abs
		}
	}
	return "../shared/corpus/feed/orangesum_fr.jsonl"
}

func loadFeed(path string) ([]map[string]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening feed (use --feed): %w", err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			continue
		}
		out = append(out, rec)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no dispatch in %s", path)
	}
	return out, sc.Err()
}

// loopFeed repeats the feed until n dispatches, giving each pass its own ids
// so JetStream's duplicate detection does not drop the repeats, and computes
// the id the parser will give each one (wire.Parse is deterministic).
func loopFeed(recs []map[string]any, n int) ([]benchDispatch, error) {
	out := make([]benchDispatch, 0, n)
	for i := 0; len(out) < n; i++ {
		rec := recs[i%len(recs)]
		cp := make(map[string]any, len(rec))
		for k, v := range rec {
			cp[k] = v
		}
		cp["id"] = fmt.Sprintf("%v-%d", rec["id"], i/len(recs))
		body, err := json.Marshal(cp)
		if err != nil {
			return nil, err
		}
		d, err := wire.Parse(body, wire.Options{ContentType: "application/json", Source: "bench"})
		if err != nil {
			continue // the pipeline would dead-letter it; the bench counts reports
		}
		out = append(out, benchDispatch{id: d.ID, body: body})
	}
	return out, nil
}
