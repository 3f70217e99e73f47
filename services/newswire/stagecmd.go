package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/natsotel"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/pkg/story"
	"github.com/newswire/newswire/services/casualties/casualtystage"
	"github.com/newswire/newswire/services/enricher/enricherstage"
	"github.com/newswire/newswire/services/parser/parserstage"
)

// stageDefs are the pipeline's stages in order.
func stageDefs() []service.StageDef {
	return []service.StageDef{parserstage.Def(), enricherstage.Def(), casualtystage.Def()}
}

// runStage runs one stage as its own process, configured from the
// environment like the service binaries: `newswire bench` starts its stages
// this way to measure each one's CPU and memory, and so can a developer.
// `--passthrough SIZE` replaces the stage's work by forwarding a SIZE-byte
// payload to the next stream: the broker-bound ceiling of the same topology.
func runStage(ctx context.Context, args []string, _ io.Reader, _, errOut io.Writer) error {
	fs := flag.NewFlagSet("stage", flag.ContinueOnError)
	fs.SetOutput(errOut)
	passthrough := fs.Int("passthrough", -1, "forward a payload of this many bytes instead of doing the stage's work")
	share := fs.Int("passthrough-share", 0, "with --passthrough: also share a message of this many bytes per dispatch on news.stories and follow that stream, as the enricher does")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile to this file when the stage stops")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: newswire stage [--passthrough SIZE [--passthrough-share SIZE]] [--cpuprofile FILE] [--memprofile FILE] parser|enricher|casualties")
	}
	var def *service.StageDef
	for _, d := range stageDefs() {
		if d.Config.Name == fs.Arg(0) {
			def = &d
		}
	}
	if def == nil {
		return fmt.Errorf("unknown stage %q", fs.Arg(0))
	}
	if *passthrough >= 0 {
		*def = passthroughDef(def.Config, *passthrough, *share)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("creating cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("starting cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		defer func() {
			if err := writeHeapProfile(*memProfile); err != nil {
				fmt.Fprintf(errOut, "writing heap profile: %v\n", err)
			}
		}()
	}
	log := natsotel.NewLogger(errOut).With("service", def.Config.Name)
	env := service.EnvFromOS()
	nc, err := service.Connect(ctx, def.Config.Name, env, log)
	if err != nil {
		return err
	}
	defer nc.Close()
	r, err := service.NewRunner(ctx, nc, env, log)
	if err != nil {
		return err
	}
	if _, err := r.AddStage(ctx, *def); err != nil {
		return err
	}
	if addr := os.Getenv("HTTP_ADDR"); addr != "" {
		srv, err := service.Serve(ctx, addr, r.Mux(), log)
		if err != nil {
			return err
		}
		defer srv.Close()
	}
	return r.Run(ctx)
}

// writeHeapProfile writes the live heap as of the last collection.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// nextSubject is where each stage publishes, for the pass-through ceiling.
var nextSubject = map[string]string{
	stage.StreamRaw:      stage.SubjectParsed + ".xx",
	stage.StreamParsed:   stage.SubjectEnriched + ".xx",
	stage.StreamEnriched: stage.SubjectCasualties + ".xx",
}

// passthroughDef is cfg's stage with no work: same consumer, same ack
// pattern, a payload of the real stage's average output size. With
// shareSize > 0 it also does the broker work of the enricher's story
// sharing: a synchronous publish of shareSize bytes per dispatch to the
// assignment stream, which it follows with an ordered consumer.
func passthroughDef(cfg stage.Config, size, shareSize int) service.StageDef {
	payload := []byte(strings.Repeat("x", size))
	shared := []byte(strings.Repeat("x", shareSize))
	subject := nextSubject[cfg.Stream]
	return service.StageDef{
		Description: "pass-through " + cfg.Name + " (benchmark ceiling)",
		Config:      cfg,
		NewHandler: func(ctx context.Context, r *service.Runner) (stage.Handler, error) {
			if shareSize > 0 {
				if err := followAssignments(ctx, r.JS, r.Env.Replicas); err != nil {
					return nil, err
				}
			}
			return stage.HandlerFunc(func(ctx context.Context, m *stage.Message) ([]stage.Output, error) {
				if shareSize > 0 {
					msg := &nats.Msg{Subject: story.AssignmentSubject + ".xx", Data: shared, Header: nats.Header{stage.HeaderContentType: []string{"application/json"}}}
					if _, err := r.JS.PublishMsg(ctx, msg, jetstream.WithMsgID("story:"+m.ID)); err != nil {
						return nil, err
					}
				}
				return []stage.Output{{Subject: subject, Data: payload, Header: nats.Header{stage.HeaderContentType: []string{"application/json"}}}}, nil
			}), nil
		},
	}
}

// followAssignments creates the story assignment stream and reads it to
// the end of the process, as every enricher replica does.
func followAssignments(ctx context.Context, js jetstream.JetStream, replicas int) error {
	st, err := js.CreateOrUpdateStream(ctx, story.SharedConfig{Replicas: replicas}.StreamConfig())
	if err != nil {
		return fmt.Errorf("creating %s: %w", story.AssignmentStream, err)
	}
	cons, err := st.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{})
	if err != nil {
		return fmt.Errorf("following %s: %w", story.AssignmentStream, err)
	}
	_, err = cons.Consume(func(jetstream.Msg) {})
	return err
}
