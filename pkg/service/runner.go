// Package service hosts Newswire services: it reads their environment,
// connects to NATS, provisions streams and consumers, registers each service
// with nats.go micro, runs their stages and serves /healthz, /readyz and
// /metrics. A service binary hosts one service; `newswire up` hosts them all
// in one process on one connection. Services themselves hold only wiring.
package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime/debug"
	"sync"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nats.go/micro"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/segmentio/encoding/json"
	"go.opentelemetry.io/otel/trace"

	"github.com/newswire/newswire/pkg/stage"
)

// Version is reported to micro discovery and traces.
const Version = "0.1.0"

// StageDef declares a stage service: its consumer and how to build its handler.
type StageDef struct {
	Description string
	Config      stage.Config
	NewHandler  func(ctx context.Context, r *Runner) (stage.Handler, error)
	// GCPercent is the heap growth (GOGC) a process hosting this stage
	// alone runs with, unless GOGC is set: stages with a small live heap
	// collect far too often at the default 100, the enricher's large one
	// needs less headroom to stay within its memory budget. 0 keeps the
	// runtime's default, and so does a process hosting several stages.
	GCPercent int
}

// tuneGC applies def.GCPercent when def is the first stage of the process
// and returns to the runtime's default when a second one joins it.
func (r *Runner) tuneGC(def StageDef) {
	if os.Getenv("GOGC") != "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case len(r.stages) > 0:
		debug.SetGCPercent(100)
	case def.GCPercent > 0:
		debug.SetGCPercent(def.GCPercent)
	}
}

// Runner hosts services on one NATS connection.
type Runner struct {
	NC       *nats.Conn
	JS       jetstream.JetStream
	Env      Env
	Log      *slog.Logger
	Registry *prometheus.Registry
	// Tracers, when set, gives each hosted service its tracer provider
	// (natsotel.Telemetry.Provider); nil uses the global provider.
	Tracers func(service string) trace.TracerProvider

	mu       sync.Mutex
	stages   []*stage.Stage
	services []micro.Service
	ready    map[string]func() bool
	order    []string
}

// NewRunner prepares a runner on nc and provisions the streams when env says so.
func NewRunner(ctx context.Context, nc *nats.Conn, env Env, log *slog.Logger) (*Runner, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("creating jetstream context: %w", err)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	r := &Runner{NC: nc, JS: js, Env: env, Log: log, Registry: reg, ready: map[string]func() bool{}}
	if env.Provision {
		if err := stage.ProvisionStreams(ctx, js, stage.ProvisionOptions{Replicas: env.Replicas}); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// AddStage provisions the stage's consumer (when env says so), builds its
// handler and registers it with micro and Prometheus. Run starts it.
func (r *Runner) AddStage(ctx context.Context, def StageDef) (*stage.Stage, error) {
	r.tuneGC(def)
	cfg := def.Config
	if r.Env.Workers > 0 {
		cfg.Workers = r.Env.Workers
	}
	if r.Env.Provision {
		if _, err := stage.ProvisionConsumer(ctx, r.JS, cfg); err != nil {
			return nil, err
		}
	}
	h, err := def.NewHandler(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("building %s handler: %w", cfg.Name, err)
	}
	opts := []stage.Option{stage.WithLogger(r.Log)}
	if tp := r.TracerFor(cfg.Name); tp != nil {
		opts = append(opts, stage.WithTracerProvider(tp))
	}
	st, err := stage.New(r.NC, cfg, h, opts...)
	if err != nil {
		return nil, err
	}
	if err := st.Metrics().Register(r.Registry); err != nil {
		return nil, fmt.Errorf("registering %s metrics: %w", cfg.Name, err)
	}
	if err := r.AddService(cfg.Name, def.Description, func() any { return st.Metrics().Snapshot() }, st.Ready); err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.stages = append(r.stages, st)
	r.mu.Unlock()
	return st, nil
}

// TracerFor returns service's tracer provider, or nil for the global one.
func (r *Runner) TracerFor(service string) trace.TracerProvider {
	if r.Tracers == nil {
		return nil
	}
	return r.Tracers(service)
}

// AddService registers a service with micro and adds its readiness check.
func (r *Runner) AddService(name, description string, stats func() any, ready func() bool) error {
	svc, err := stage.Register(r.NC, name, Version, description, stats)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.services = append(r.services, svc)
	r.ready[name] = ready
	r.order = append(r.order, name)
	return nil
}

// Run runs every stage until ctx ends, then drains them and stops the micro services.
func (r *Runner) Run(ctx context.Context) error {
	r.mu.Lock()
	stages := append([]*stage.Stage(nil), r.stages...)
	r.mu.Unlock()
	errs := make(chan error, len(stages))
	for _, st := range stages {
		go func() { errs <- st.Run(ctx) }()
	}
	var all []error
	for range stages {
		if err := <-errs; err != nil {
			all = append(all, err)
		}
	}
	if len(stages) == 0 {
		<-ctx.Done()
	}
	r.mu.Lock()
	for _, svc := range r.services {
		_ = svc.Stop()
	}
	r.mu.Unlock()
	return errors.Join(all...)
}

// Ready reports whether NATS is connected and every service is ready, with
// the state of each.
func (r *Runner) Ready() (bool, map[string]bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ok := r.NC.IsConnected() && len(r.order) > 0
	states := make(map[string]bool, len(r.order)+1)
	states["nats"] = r.NC.IsConnected()
	for _, name := range r.order {
		states[name] = r.ready[name]()
		ok = ok && states[name]
	}
	return ok, states
}

// Mux returns the health and metrics endpoints; callers add their own routes.
func (r *Runner) Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		ok, states := r.Ready()
		code := http.StatusOK
		if !ok {
			code = http.StatusServiceUnavailable
		}
		writeJSON(w, code, map[string]any{"ready": ok, "checks": states})
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(r.Registry, promhttp.HandlerOpts{Registry: r.Registry}))
	if os.Getenv("NEWSWIRE_PPROF") != "" {
		// Opt-in: profiles of a live service, for finding what a stage spends.
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
	return mux
}

// WriteJSON answers with v as JSON; the edge's errors use it too.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// WriteJSON answers with v as JSON and the status code.
func WriteJSON(w http.ResponseWriter, code int, v any) { writeJSON(w, code, v) }
