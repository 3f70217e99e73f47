package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/natsotel"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/pkg/story"
	"github.com/newswire/newswire/pkg/story/versioned"
	"github.com/newswire/newswire/pkg/tolls"
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
	var spec passthroughSpec
	fs.IntVar(&spec.shareSize, "passthrough-share", 0, "with --passthrough: also share a message of this many bytes per dispatch on news.stories and follow that stream, as the enricher does")
	fs.Float64Var(&spec.tollRate, "passthrough-toll-rate", 0, "with --passthrough: read and write the tolls bucket for this fraction of dispatches, as the casualties stage does for those with a toll")
	fs.IntVar(&spec.tollSize, "passthrough-toll-size", 0, "with --passthrough-toll-rate: bytes of each toll value written")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile to this file when the stage stops")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: newswire stage [--passthrough SIZE [--passthrough-share SIZE] [--passthrough-toll-rate F --passthrough-toll-size SIZE]] [--cpuprofile FILE] [--memprofile FILE] parser|enricher|casualties")
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
		spec.size = *passthrough
		*def = passthroughDef(def.Config, spec)
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

// passthroughSpec is the broker work a pass-through stage does per dispatch.
type passthroughSpec struct {
	size int // bytes forwarded to the next stream
	// shareSize > 0: also publish a message of this size to the story
	// assignment stream before the output (a First output, as the enricher
	// does), and follow that stream.
	shareSize int
	// tollRate > 0: for this fraction of dispatches (chosen by id), read and
	// write a tollSize-byte value in the tolls bucket.
	tollRate float64
	tollSize int
}

// passthroughDef is cfg's stage with no work: same consumer, same ack
// pattern, a payload of the real stage's average output size, and the same
// side traffic the real stage makes: the enricher's story sharing, the
// casualties stage's toll timeline updates.
func passthroughDef(cfg stage.Config, spec passthroughSpec) service.StageDef {
	payload := []byte(strings.Repeat("x", spec.size))
	shared := []byte(strings.Repeat("x", spec.shareSize))
	toll := []byte(strings.Repeat("x", spec.tollSize))
	subject := nextSubject[cfg.Stream]
	return service.StageDef{
		Description: "pass-through " + cfg.Name + " (benchmark ceiling)",
		Config:      cfg,
		NewHandler: func(ctx context.Context, r *service.Runner) (stage.Handler, error) {
			if spec.shareSize > 0 {
				if err := followAssignments(ctx, r.JS, r.Env.Replicas); err != nil {
					return nil, err
				}
			}
			var tollStore versioned.Store
			if spec.tollRate > 0 {
				bucket := tolls.Bucket()
				bucket.Replicas = r.Env.Replicas
				var err error
				if tollStore, err = versioned.OpenJetStream(ctx, r.JS, bucket); err != nil {
					return nil, err
				}
			}
			return stage.HandlerFunc(func(ctx context.Context, m *stage.Message) ([]stage.Output, error) {
				outs := make([]stage.Output, 0, 2)
				if spec.shareSize > 0 {
					outs = append(outs, stage.Output{Subject: story.AssignmentSubject + ".xx", Data: shared, First: true,
						Header: nats.Header{stage.HeaderContentType: []string{"application/json"}}})
				}
				if h := idHash(m.ID); tollStore != nil && float64(h%10000) < spec.tollRate*10000 {
					// A story's timeline is read, then rewritten: stories are
					// shared by several dispatches, so keys repeat.
					key := "t." + strconv.FormatUint(uint64(h%4096), 10)
					if _, err := versioned.Mutate(ctx, tollStore, key, 8, func([]byte) ([]byte, bool, error) { return toll, true, nil }); err != nil {
						return nil, err
					}
				}
				return append(outs, stage.Output{Subject: subject, Data: payload, Header: nats.Header{stage.HeaderContentType: []string{"application/json"}}}), nil
			}), nil
		},
	}
}

// idHash spreads dispatch ids evenly (FNV-1a).
func idHash(id string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()
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
