package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/newswire/newswire/pkg/natsotel"
)

// Main runs one service binary: it reads the environment, sets up logs and
// traces, connects to NATS, lets setup add the service's stages and routes,
// serves HTTP on HTTP_ADDR and stops cleanly on SIGINT/SIGTERM. It exits the
// process with status 1 on error.
func Main(name string, setup func(ctx context.Context, r *Runner, mux *http.ServeMux) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := natsotel.NewLogger(os.Stderr).With("service", name)
	slog.SetDefault(log)
	if err := run(ctx, name, log, setup); err != nil {
		log.Error("service failed", "err", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, name string, log *slog.Logger, setup func(context.Context, *Runner, *http.ServeMux) error) error {
	tel, err := natsotel.Setup(ctx, name, Version)
	if err != nil {
		return err
	}
	defer tel.Close()
	env := EnvFromOS()
	nc, err := Connect(ctx, name, env, log)
	if err != nil {
		return err
	}
	defer nc.Close()
	r, err := NewRunner(ctx, nc, env, log)
	if err != nil {
		return err
	}
	r.Tracers = tel.Provider
	mux := r.Mux()
	if err := setup(ctx, r, mux); err != nil {
		return err
	}
	srv, err := Serve(ctx, env.HTTPAddr, mux, log)
	if err != nil {
		return err
	}
	runErr := r.Run(ctx)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	if err := nc.Drain(); err != nil {
		log.Warn("draining nats connection", "err", err)
	}
	return runErr
}

// Serve listens on addr and serves h until ctx ends (the caller shuts it down).
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	srv := &http.Server{Addr: ln.Addr().String(), Handler: h, ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) }}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server", "addr", addr, "err", err)
		}
	}()
	log.Info("http listening", "addr", ln.Addr().String())
	return srv, nil
}
