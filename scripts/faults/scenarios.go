package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/newswire/newswire/pkg/stage"
)

// scenario is one fault: how many NATS nodes it needs and what it does to
// the running pipeline while the publisher is mid-stream.
type scenario struct {
	name   string
	nodes  int
	inject func(ctx context.Context, w *world, pub *publisher, n int) error
}

var scenarios = []scenario{
	{"stage-kill", 1, injectStageKill},
	{"nats-restart", 1, injectNATSRestart},
	{"cluster-node-loss", 3, injectNodeLoss},
	{"stage-outage", 1, injectStageOutage},
}

func findScenario(name string) (scenario, bool) {
	for _, s := range scenarios {
		if s.name == name {
			return s, true
		}
	}
	return scenario{}, false
}

// injectStageKill kill -9s each stage in turn while it holds unacknowledged
// messages (the parser at a quarter of the stream, the enricher at half, the
// casualties stage at three quarters) and restarts it a second later: its
// stranded messages must come back after AckWait, and outputs it published
// without acking must be deduplicated.
func injectStageKill(ctx context.Context, w *world, pub *publisher, n int) error {
	for i, sc := range pipeline {
		if err := pub.waitSent(ctx, n*(i+1)/4); err != nil {
			return err
		}
		inFlight := w.waitInFlight(ctx, sc, 5*time.Second)
		p := w.stages[sc.name]
		p.kill()
		w.note("killed %s (kill -9) with %d messages unacknowledged, %d of %d dispatches sent", sc.name, inFlight, pub.sent.Load(), n)
		if err := sleep(ctx, time.Second); err != nil {
			return err
		}
		if err := w.restart(p); err != nil {
			return err
		}
	}
	return nil
}

// injectNATSRestart kill -9s the only NATS server at 40 % of the stream and
// restarts it on the same file store --nats-down later. The stages and the
// publisher must reconnect and retry; nothing acknowledged may be lost.
func injectNATSRestart(ctx context.Context, w *world, pub *publisher, n int) error {
	if err := pub.waitSent(ctx, n*2/5); err != nil {
		return err
	}
	nd := w.nodes[0]
	nd.kill()
	w.note("killed %s (kill -9), %d of %d dispatches sent", nd.serverName, pub.sent.Load(), n)
	if err := sleep(ctx, w.cfg.natsDown); err != nil {
		return err
	}
	if err := w.restart(nd.proc); err != nil {
		return err
	}
	if err := w.waitNode(ctx, nd); err != nil {
		return err
	}
	w.note("restarted %s on its store", nd.serverName)
	return nil
}

// injectNodeLoss kill -9s, at 40 % of the stream, the cluster node leading
// the most streams and stage consumers, and leaves it down: the R3 assets
// elect new leaders on the two survivors and the clients fail over.
func injectNodeLoss(ctx context.Context, w *world, pub *publisher, n int) error {
	if err := pub.waitSent(ctx, n*2/5); err != nil {
		return err
	}
	// A cluster that never formed would hold R1 streams, and losing a node
	// would then prove nothing.
	for _, sc := range pipeline {
		s, err := w.js.Stream(ctx, sc.stream)
		if err != nil {
			return fmt.Errorf("looking up stream %s: %w", sc.stream, err)
		}
		if info := s.CachedInfo(); info.Config.Replicas != 3 || info.Cluster == nil || len(info.Cluster.Replicas) != 2 {
			return fmt.Errorf("stream %s is not replicated on 3 nodes before the fault", sc.stream)
		}
	}
	leads := map[string]int{}
	for _, sc := range pipeline {
		if info, err := w.consumerInfo(ctx, sc); err == nil && info.Cluster != nil {
			leads[info.Cluster.Leader]++
		}
		if s, err := w.js.Stream(ctx, sc.stream); err == nil && s.CachedInfo().Cluster != nil {
			leads[s.CachedInfo().Cluster.Leader]++
		}
	}
	victim := w.nodes[0]
	for _, nd := range w.nodes {
		if leads[nd.serverName] > leads[victim.serverName] {
			victim = nd
		}
	}
	victim.kill()
	w.note("killed %s (kill -9), leader of %d of the stages' streams and consumers, %d of %d dispatches sent; it stays down",
		victim.serverName, leads[victim.serverName], pub.sent.Load(), n)
	return nil
}

// injectStageOutage stops the enricher cleanly at 30 % of the stream and
// keeps it down until publishing has ended and a backlog has built up, then
// starts it again: the backlog must drain.
func injectStageOutage(ctx context.Context, w *world, pub *publisher, n int) error {
	if err := pub.waitSent(ctx, n*3/10); err != nil {
		return err
	}
	sc := pipeline[1]
	p := w.stages[sc.name]
	p.stop()
	down := time.Now()
	w.note("stopped %s (SIGTERM), %d of %d dispatches sent", sc.name, pub.sent.Load(), n)
	if err := pub.wait(ctx); err != nil {
		return err
	}
	if err := sleep(ctx, 3*time.Second); err != nil {
		return err
	}
	backlog := -1
	if info, err := w.consumerInfo(ctx, sc); err == nil {
		backlog = int(info.NumPending)
	}
	if err := w.restart(p); err != nil {
		return err
	}
	w.note("restarted %s after %.1fs down with a backlog of %d", sc.name, time.Since(down).Seconds(), backlog)
	if backlog == 0 {
		return errors.New("stage-outage: no backlog built up while the enricher was down")
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// runScenario sets up a world, publishes ds while injecting the fault,
// waits for the pipeline to drain and counts NEWS_CASUALTIES by dispatch id.
// The tally is valid whenever the count was taken, even if err is set.
func runScenario(ctx context.Context, cfg config, sc scenario, ds []dispatch, note func(string, ...any)) (t tally, counted bool, err error) {
	dir, err := makeScenarioDir(cfg.workDir, sc.name)
	if err != nil {
		return t, false, err
	}
	w := &world{cfg: cfg, dir: dir, ps: &procs{}, note: func(f string, a ...any) { note(sc.name+": "+f, a...) }}
	defer func() {
		w.close()
		if err == nil && t.ok() && !cfg.keep {
			removeDir(dir)
		} else {
			note("%s: logs and stores kept in %s", sc.name, dir)
		}
	}()
	setup := time.Now()
	if err := w.startNATS(ctx, sc.nodes); err != nil {
		return t, false, err
	}
	if err := w.connect(); err != nil {
		return t, false, err
	}
	if err := w.provision(ctx); err != nil {
		return t, false, err
	}
	if err := w.startStages(ctx); err != nil {
		return t, false, err
	}
	w.note("%d NATS node(s) and 3 stages up in %.1fs", sc.nodes, time.Since(setup).Seconds())
	start := time.Now()
	pubCtx, cancelPub := context.WithCancel(ctx)
	defer cancelPub()
	pub := publish(pubCtx, w.js, ds, cfg.publishFor)
	injectErr := sc.inject(ctx, w, pub, len(ds))
	if injectErr != nil {
		cancelPub()
	}
	pubErr := pub.wait(ctx)
	if injectErr == nil && pubErr != nil {
		injectErr = fmt.Errorf("publishing: %w", pubErr)
	}
	ids := pub.ackedIDs()
	w.note("%d dispatches sent in %.1fs (%d publish retries)", len(ids), time.Since(start).Seconds(), pub.retries.Load())
	drainErr := w.waitDrained(ctx, cfg.timeout)
	if drainErr == nil {
		w.note("pipeline drained %.1fs after the first publish", time.Since(start).Seconds())
	}
	rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	recs, err := readStream(rctx, w.js, stage.StreamCasualties)
	if err != nil {
		return t, false, errors.Join(injectErr, drainErr, err)
	}
	t = countOutputs(ids, dispatchIDs(recs))
	if !t.ok() {
		w.explain(rctx, t)
	}
	return t, true, errors.Join(injectErr, drainErr, w.checkIntermediate(rctx, ids))
}

// checkIntermediate holds the parser's and the enricher's output streams to
// the same rule as the final one: a redelivery upstream must not leave a
// duplicate there either, even when the next stage happens to absorb it.
func (w *world) checkIntermediate(ctx context.Context, ids []string) error {
	var errs []error
	for _, stream := range []string{stage.StreamParsed, stage.StreamEnriched} {
		recs, err := readStream(ctx, w.js, stream)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if it := countOutputs(ids, dispatchIDs(recs)); it.Duplicated > 0 || it.Unexpected > 0 {
			errs = append(errs, fmt.Errorf("%s holds %d duplicates and %d messages with unknown ids", stream, it.Duplicated, it.Unexpected))
		}
	}
	return errors.Join(errs...)
}

// explain writes what the harness can tell about a failed count: lost ids,
// dead letters by stage.
func (w *world) explain(ctx context.Context, t tally) {
	if len(t.Missing) > 0 {
		w.note("lost ids include %v", t.Missing)
	}
	if t.Unexpected > 0 {
		w.note("%d reports carry an id that was never sent: the harness and the parser disagree on dispatch ids (binaries built from other sources than the harness?)", t.Unexpected)
	}
	dlq, err := readStream(ctx, w.js, stage.StreamDLQ)
	if err != nil {
		w.note("reading dead letters: %v", err)
		return
	}
	byStage := map[string]int{}
	for _, r := range dlq {
		byStage[r.Stage]++
	}
	if len(dlq) > 0 {
		w.note("%d dead letters by stage %v; first error: %s", len(dlq), byStage, dlq[0].Error)
	}
}
