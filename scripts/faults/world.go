package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/stage"
)

// stageConsumer names a stage's durable consumer and its input stream; the
// stage binary of the same name consumes from it.
type stageConsumer struct{ name, stream string }

// pipeline lists the stages in flow order: the drain check relies on it.
var pipeline = []stageConsumer{
	{"parser", stage.StreamRaw},
	{"enricher", stage.StreamParsed},
	{"casualties", stage.StreamEnriched},
}

// natsNode is one `newswire nats` process and the ports it keeps across restarts.
type natsNode struct {
	*proc
	serverName  string
	port        int
	clusterPort int
}

// world is one scenario's set of processes on loopback: NATS node(s), the
// three stages, and the harness's own client.
type world struct {
	cfg      config
	dir      string
	ps       *procs
	nodes    []*natsNode
	urls     string
	replicas int
	stages   map[string]*proc
	nc       *nats.Conn
	js       jetstream.JetStream
	// note writes a diagnostic line (stderr): what was done to whom, when.
	note func(format string, args ...any)
}

// startNATS starts n `newswire nats` processes; with n > 1 they form a
// cluster whose every node routes to every other.
func (w *world) startNATS(ctx context.Context, n int) error {
	bin, err := binary(w.cfg.binDir, "newswire")
	if err != nil {
		return err
	}
	ports, err := freePorts(2 * n)
	if err != nil {
		return err
	}
	var routes []string
	if n > 1 {
		for i := range n {
			routes = append(routes, "nats-route://127.0.0.1:"+strconv.Itoa(ports[n+i]))
		}
	}
	var urls []string
	for i := range n {
		nd := &natsNode{serverName: "faults-n" + strconv.Itoa(i+1), port: ports[i]}
		args := []string{"nats", "--logs", "--data", filepath.Join(w.dir, nd.serverName),
			"--port", strconv.Itoa(nd.port), "--name", nd.serverName}
		if n > 1 {
			nd.clusterPort = ports[n+i]
			args = append(args, "--cluster-name", "faults", "--cluster-port", strconv.Itoa(nd.clusterPort),
				"--routes", strings.Join(routes, ","))
		}
		nd.proc = w.ps.add(&proc{name: nd.serverName, path: bin, args: args, env: childEnv(),
			log: filepath.Join(w.dir, nd.serverName+".log")})
		if err := nd.start(); err != nil {
			return err
		}
		w.nodes = append(w.nodes, nd)
		urls = append(urls, "nats://127.0.0.1:"+strconv.Itoa(nd.port))
	}
	for _, nd := range w.nodes {
		if err := w.waitNode(ctx, nd); err != nil {
			return err
		}
	}
	w.urls = strings.Join(urls, ",")
	w.replicas = min(n, 3)
	return nil
}

func (w *world) waitNode(ctx context.Context, nd *natsNode) error {
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return waitListening(wctx, nd.proc, nd.port)
}

// connect opens the harness's own connection, told about every node and
// reconnecting forever, as the stages do.
func (w *world) connect() error {
	nc, err := nats.Connect(w.urls,
		nats.Name("newswire-faults"),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(200*time.Millisecond),
		nats.Timeout(2*time.Second),
		nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) {}),
	)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", w.urls, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return fmt.Errorf("creating jetstream context: %w", err)
	}
	w.nc, w.js = nc, js
	return nil
}

// provision runs `newswire provision` (the streams and consumers exactly as
// a deployment creates them) until the JetStream cluster has elected a meta
// leader and it succeeds, then shortens the consumers' AckWait: a killed
// stage's in-flight messages come back after AckWait, and the harness
// should not wait the production 60 s for them. Delivery guarantees do not
// depend on its length.
func (w *world) provision(ctx context.Context) error {
	bin, err := binary(w.cfg.binDir, "newswire")
	if err != nil {
		return err
	}
	p := w.ps.add(&proc{name: "provision", path: bin, args: []string{"provision", "--replicas", strconv.Itoa(w.replicas)},
		env: childEnv("NATS_URL=" + w.urls), log: filepath.Join(w.dir, "provision.log")})
	deadline := time.Now().Add(90 * time.Second)
	for {
		if err := p.start(); err != nil {
			return err
		}
		pctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		err = p.wait(pctx)
		cancel()
		if err == nil {
			break
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			return fmt.Errorf("provisioning: %w", err)
		}
		time.Sleep(time.Second)
	}
	if w.cfg.ackWait <= 0 {
		return nil
	}
	for _, sc := range pipeline {
		cons, err := w.js.Consumer(ctx, sc.stream, sc.name)
		if err != nil {
			return fmt.Errorf("looking up consumer %s: %w", sc.name, err)
		}
		cc := cons.CachedInfo().Config
		cc.AckWait = w.cfg.ackWait
		if _, err := w.js.UpdateConsumer(ctx, sc.stream, cc); err != nil {
			return fmt.Errorf("setting AckWait of consumer %s: %w", sc.name, err)
		}
	}
	return nil
}

// startStages starts the three stage binaries as separate processes. They
// do not provision (the harness did), and serve HTTP on a random loopback port.
func (w *world) startStages(ctx context.Context) error {
	w.stages = map[string]*proc{}
	for _, sc := range pipeline {
		bin, err := binary(w.cfg.binDir, sc.name)
		if err != nil {
			return err
		}
		p := w.ps.add(&proc{name: sc.name, path: bin, env: childEnv(
			"NATS_URL="+w.urls, "HTTP_ADDR=127.0.0.1:0", "PROVISION=false",
			"STREAM_REPLICAS="+strconv.Itoa(w.replicas), "WORKERS="+strconv.Itoa(w.cfg.workers)),
			log: filepath.Join(w.dir, sc.name+".log")})
		if err := p.start(); err != nil {
			return err
		}
		w.stages[sc.name] = p
	}
	// A stage is consuming once its pull requests wait on its consumer.
	for _, sc := range pipeline {
		if err := w.waitConsuming(ctx, sc); err != nil {
			return err
		}
	}
	return nil
}

// waitConsuming waits until the stage's consumer has a pull request waiting
// or messages in flight.
func (w *world) waitConsuming(ctx context.Context, sc stageConsumer) error {
	deadline := time.Now().Add(90 * time.Second)
	p := w.stages[sc.name]
	for {
		info, err := w.consumerInfo(ctx, sc)
		if err == nil && (info.NumWaiting > 0 || info.NumAckPending > 0) {
			return nil
		}
		select {
		case <-p.exited():
			return fmt.Errorf("stage %s exited at start (see %s)", sc.name, p.log)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("stage %s not consuming after 90s (see %s)", sc.name, p.log)
		}
	}
}

func (w *world) consumerInfo(ctx context.Context, sc stageConsumer) (*jetstream.ConsumerInfo, error) {
	ictx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	cons, err := w.js.Consumer(ictx, sc.stream, sc.name)
	if err != nil {
		return nil, err
	}
	return cons.Info(ictx)
}

// waitInFlight waits up to limit for the stage to hold unacknowledged
// messages, so that killing it strands work; it returns how many.
func (w *world) waitInFlight(ctx context.Context, sc stageConsumer, limit time.Duration) int {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if info, err := w.consumerInfo(ctx, sc); err == nil && info.NumAckPending > 0 {
			return info.NumAckPending
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0
}

// waitDrained waits until no stage has anything left to do: checked in flow
// order, a stage with nothing pending and nothing unacknowledged after its
// upstream stage was found idle can never produce again. Two idle rounds in
// a row are required. It fails after limit, naming stages that are down.
func (w *world) waitDrained(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	idle := 0
	last := ""
	for {
		// Every stage is meant to be up by now: one that died on its own
		// would leave the pipeline undrained until the timeout.
		for _, sc := range pipeline {
			if p := w.stages[sc.name]; !p.running() {
				return fmt.Errorf("stage %s is not running (see %s)", sc.name, p.log)
			}
		}
		busy := ""
		for _, sc := range pipeline {
			info, err := w.consumerInfo(ctx, sc)
			if err != nil {
				busy = fmt.Sprintf("%s: %v", sc.name, err)
				break
			}
			if info.NumPending > 0 || info.NumAckPending > 0 {
				busy = fmt.Sprintf("%s: %d pending, %d unacknowledged", sc.name, info.NumPending, info.NumAckPending)
				break
			}
		}
		if busy == "" {
			if idle++; idle >= 2 {
				return nil
			}
		} else {
			idle, last = 0, busy
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("pipeline not drained after %v (%s)", limit, last)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// close kills every process and closes the client.
func (w *world) close() {
	if w.nc != nil {
		w.nc.Close()
	}
	w.ps.killAll()
}

// restart brings a stopped or killed process back with the same command line.
func (w *world) restart(p *proc) error {
	if p.running() {
		return fmt.Errorf("restarting %s: still running", p.name)
	}
	return p.start()
}

// removeDir deletes a scenario's directory after a clean run.
func removeDir(dir string) {
	if err := os.RemoveAll(dir); err != nil {
		fmt.Fprintln(os.Stderr, "faults: removing", dir+":", err)
	}
}
