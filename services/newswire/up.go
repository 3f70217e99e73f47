package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"go.opentelemetry.io/otel/trace"

	"github.com/newswire/newswire/pkg/embedded"
	"github.com/newswire/newswire/pkg/natsotel"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/casualties/casualtystage"
	"github.com/newswire/newswire/services/enricher/enricherstage"
	"github.com/newswire/newswire/services/ingest/ingestapi"
	"github.com/newswire/newswire/services/parser/parserstage"
)

// upConfig is what `newswire up` runs with; tests build one directly.
type upConfig struct {
	DataDir     string // JetStream store of the embedded server
	HTTPAddr    string // ingest API, health and metrics
	NATSPort    int    // embedded server's client port (-1: random)
	MonitorPort int    // embedded server's monitoring port (0: off, -1: random)
	NATSConfig  string // optional nats-server config file (accounts, TLS)
	Env         service.Env
	// Tracers gives each service its tracer provider (tests use one
	// recorder for all); nil uses the global provider.
	Tracers func(service string) trace.TracerProvider
	Log     *slog.Logger
	// Started, when set, is called once everything listens.
	Started func(upAddrs)
}

// upAddrs says where a running pipeline listens.
type upAddrs struct {
	HTTP    string
	NATS    string
	Monitor string
}

func runUp(ctx context.Context, args []string, _ io.Reader, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("up", flag.ContinueOnError)
	fs.SetOutput(errOut)
	env := service.EnvFromOS()
	cfg := upConfig{Env: env}
	fs.StringVar(&cfg.DataDir, "data", "./data", "directory for the embedded NATS server's JetStream store")
	fs.StringVar(&cfg.HTTPAddr, "http", ":8080", "address of the ingest API, /healthz, /readyz and /metrics")
	fs.IntVar(&cfg.NATSPort, "nats-port", 4222, "embedded NATS client port")
	fs.IntVar(&cfg.MonitorPort, "monitor-port", 8222, "embedded NATS monitoring port (0 disables)")
	fs.StringVar(&cfg.NATSConfig, "nats-config", "", "nats-server config file for the embedded server (accounts, TLS)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if os.Getenv("NATS_URL") == "" {
		cfg.Env.NATSURL = ""
	}
	tel, err := natsotel.Setup(ctx, "newswire", service.Version)
	if err != nil {
		return err
	}
	defer tel.Close()
	// Each service's spans carry its own name, as they would in its own pod.
	cfg.Tracers = tel.Provider
	cfg.Log = natsotel.NewLogger(errOut)
	slog.SetDefault(cfg.Log)
	cfg.Started = func(a upAddrs) {
		fmt.Fprintf(out, "newswire is up\n")
		fmt.Fprintf(out, "  ingest   POST http://%s/v1/dispatches\n", hostPort(a.HTTP))
		fmt.Fprintf(out, "  health   http://%s/healthz  http://%s/readyz\n", hostPort(a.HTTP), hostPort(a.HTTP))
		fmt.Fprintf(out, "  metrics  http://%s/metrics\n", hostPort(a.HTTP))
		fmt.Fprintf(out, "  nats     %s\n", a.NATS)
		if a.Monitor != "" {
			fmt.Fprintf(out, "  monitor  http://%s\n", a.Monitor)
		}
		if os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" {
			fmt.Fprintf(out, "  traces   exported to %s\n", os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))
		}
		fmt.Fprintf(out, "results: nats sub 'news.casualties.>'  or  go run ./services/newswire tail\n")
	}
	return startUp(ctx, cfg)
}

// hostPort turns a listener address such as "[::]:8080" into one a person can open.
func hostPort(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// startUp runs the pipeline until ctx ends: the embedded server (unless
// cfg.Env.NATSURL names one), the ingest edge and the three stages on one
// connection, and one HTTP server. It returns after draining everything.
func startUp(ctx context.Context, cfg upConfig) error {
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	var ns *server.Server
	env := cfg.Env
	addrs := upAddrs{}
	if env.NATSURL == "" {
		dir, err := filepath.Abs(filepath.Join(cfg.DataDir, "jetstream"))
		if err != nil {
			return fmt.Errorf("resolving data directory: %w", err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("creating data directory: %w", err)
		}
		ns, err = embedded.Start(embedded.Options{StoreDir: dir, Port: cfg.NATSPort, MonitorPort: cfg.MonitorPort, ConfigFile: cfg.NATSConfig})
		if err != nil {
			return fmt.Errorf("starting embedded nats: %w", err)
		}
		defer func() {
			ns.Shutdown()
			ns.WaitForShutdown()
		}()
		env.NATSURL = ns.ClientURL()
		if m := ns.MonitorAddr(); m != nil {
			addrs.Monitor = m.String()
		}
	}
	addrs.NATS = env.NATSURL
	nc, err := service.Connect(ctx, "newswire", env, log)
	if err != nil {
		return err
	}
	defer nc.Close()
	r, err := service.NewRunner(ctx, nc, env, log)
	if err != nil {
		return err
	}
	r.Tracers = cfg.Tracers
	mux := r.Mux()
	if _, err := ingestapi.Mount(r, mux); err != nil {
		return err
	}
	for _, def := range []service.StageDef{parserstage.Def(), enricherstage.Def(), casualtystage.Def()} {
		if _, err := r.AddStage(ctx, def); err != nil {
			return err
		}
	}
	srv, err := service.Serve(ctx, cfg.HTTPAddr, mux, log)
	if err != nil {
		return err
	}
	addrs.HTTP = srv.Addr
	if cfg.Started != nil {
		cfg.Started(addrs)
	}
	runErr := r.Run(ctx)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("http shutdown", "err", err)
	}
	if err := nc.Drain(); err != nil {
		log.Warn("draining nats connection", "err", err)
	}
	return runErr
}
