package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/natsotel"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/services/casualties/casualtystage"
	"github.com/newswire/newswire/services/enricher/enricherstage"
	"github.com/newswire/newswire/services/parser/parserstage"
)

// runProvision creates or updates every stream and durable consumer: what a
// Kubernetes Job runs before the services start (they may then run with
// PROVISION=false). Safe to run any number of times.
func runProvision(ctx context.Context, args []string, _ io.Reader, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("provision", flag.ContinueOnError)
	fs.SetOutput(errOut)
	env := service.EnvFromOS()
	fs.IntVar(&env.Replicas, "replicas", max(env.Replicas, 1), "stream replicas (3 on a 3-node cluster)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := natsotel.NewLogger(errOut)
	slog.SetDefault(log)
	nc, err := service.Connect(ctx, "newswire-provision", env, log)
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("creating jetstream context: %w", err)
	}
	if err := stage.ProvisionStreams(ctx, js, stage.ProvisionOptions{Replicas: env.Replicas}); err != nil {
		return err
	}
	for _, def := range []service.StageDef{parserstage.Def(), enricherstage.Def(), casualtystage.Def()} {
		if _, err := stage.ProvisionConsumer(ctx, js, def.Config); err != nil {
			return err
		}
		fmt.Fprintf(out, "consumer %s on %s ready\n", def.Config.Name, def.Config.Stream)
	}
	fmt.Fprintf(out, "streams ready (replicas=%d)\n", env.Replicas)
	return nil
}
