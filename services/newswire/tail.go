package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/proto"
)

// runTail prints what arrives on a subject, one readable block per message.
func runTail(ctx context.Context, args []string, _ io.Reader, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("tail", flag.ContinueOnError)
	fs.SetOutput(errOut)
	raw := fs.Bool("json", false, "print message bodies as JSON (protobuf ones converted)")
	all := fs.Bool("all", false, "start from the beginning of the stream instead of new messages")
	if err := fs.Parse(args); err != nil {
		return err
	}
	subject := "news.casualties.>"
	if fs.NArg() > 0 {
		subject = fs.Arg(0)
	}
	env := service.EnvFromOS()
	nc, err := service.Connect(ctx, "newswire-tail", env, slog.New(slog.NewTextHandler(errOut, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return err
	}
	defer nc.Close()
	msgs := make(chan *nats.Msg, 256)
	if *all {
		js, err := jetstream.New(nc)
		if err != nil {
			return err
		}
		streamName, err := js.StreamNameBySubject(ctx, subject)
		if err != nil {
			return fmt.Errorf("finding the stream of %s: %w", subject, err)
		}
		cons, err := js.OrderedConsumer(ctx, streamName, jetstream.OrderedConsumerConfig{FilterSubjects: []string{subject}})
		if err != nil {
			return fmt.Errorf("reading %s: %w", streamName, err)
		}
		cc, err := cons.Consume(func(m jetstream.Msg) {
			msgs <- &nats.Msg{Subject: m.Subject(), Data: m.Data(), Header: m.Headers()}
		})
		if err != nil {
			return err
		}
		defer cc.Stop()
	} else {
		sub, err := nc.ChanSubscribe(subject, msgs)
		if err != nil {
			return fmt.Errorf("subscribing to %s: %w", subject, err)
		}
		defer sub.Unsubscribe()
	}
	fmt.Fprintf(errOut, "tailing %s on %s (ctrl-c to stop)\n", subject, env.NATSURL)
	for {
		select {
		case <-ctx.Done():
			return nil
		case m := <-msgs:
			if *raw {
				fmt.Fprintf(out, "%s %s\n", m.Subject, asJSON(m))
				continue
			}
			fmt.Fprintln(out, describe(m))
		}
	}
}

// asJSON returns a message's body as JSON: as it is, or decoded from
// protobuf into the type its subject carries.
func asJSON(m *nats.Msg) []byte {
	ct := m.Header.Get(stage.HeaderContentType)
	v := messageFor(m.Subject)
	if !proto.IsProtobuf(ct) || v == nil {
		return m.Data
	}
	if err := proto.Unmarshal(ct, m.Data, v); err != nil {
		return fmt.Appendf(nil, `{"error":%q}`, err.Error())
	}
	b, err := proto.Marshal(proto.ContentTypeJSON, v)
	if err != nil {
		return fmt.Appendf(nil, `{"error":%q}`, err.Error())
	}
	return b
}

// messageFor returns a new value of the message type a pipeline subject
// carries, or nil for other subjects.
func messageFor(subject string) any {
	switch {
	case strings.HasPrefix(subject, stage.SubjectCasualties+"."):
		return &proto.CasualtyReport{}
	case strings.HasPrefix(subject, stage.SubjectEnriched+"."):
		return &proto.EnrichedDispatch{}
	case strings.HasPrefix(subject, stage.SubjectParsed+"."):
		return &proto.ParsedDispatch{}
	}
	return nil
}

// describe renders a pipeline message for a person.
func describe(m *nats.Msg) string {
	var b strings.Builder
	if strings.HasPrefix(m.Subject, stage.SubjectDLQ+".") {
		dl := stage.ReadDeadLetter(m)
		return fmt.Sprintf("── %s  from %s (seq %d, %d deliveries): %s", m.Subject, dl.OriginSubject, dl.StreamSequence, dl.Deliveries, dl.Error)
	}
	v := messageFor(m.Subject)
	if v == nil {
		return fmt.Sprintf("── %s  %d bytes", m.Subject, len(m.Data))
	}
	if err := proto.Unmarshal(m.Header.Get(stage.HeaderContentType), m.Data, v); err != nil {
		return fmt.Sprintf("%s: undecodable %T: %v", m.Subject, v, err)
	}
	switch v := v.(type) {
	case *proto.CasualtyReport:
		r := v
		fmt.Fprintf(&b, "── %s  %s  [%s/%s]  %s\n", m.Subject, r.DispatchID, r.Country, r.Language, r.Headline)
		if r.Retraction {
			b.WriteString("   RETRACTION: drop this story's figures\n")
		}
		if len(r.Figures) == 0 {
			b.WriteString("   no casualty figure\n")
		}
		for i, f := range r.Figures {
			fmt.Fprintf(&b, "   #%d %-9s %s", i, f.Kind, bounds(f.Low, f.High))
			if f.Group != "" {
				fmt.Fprintf(&b, "  %s", f.Group)
			}
			if f.PartOf != nil {
				fmt.Fprintf(&b, "  (part of #%d)", *f.PartOf)
			}
			for _, kv := range [][2]string{{"cause", f.Cause}, {"where", f.Location}, {"when", f.Period}, {"source", f.Source}} {
				if kv[1] != "" {
					fmt.Fprintf(&b, "  %s: %s", kv[0], kv[1])
				}
			}
			fmt.Fprintf(&b, "  «%s»\n", f.Span)
		}
		for _, s := range r.Supersedes {
			fmt.Fprintf(&b, "   revises %s %s → %s (from %s)\n", s.Kind, bounds(s.Low, s.High), bounds(s.NewLow, s.NewHigh), s.DispatchID)
		}
	case *proto.EnrichedDispatch:
		e := v
		if e.Dispatch == nil {
			return fmt.Sprintf("%s: enriched message carries no dispatch", m.Subject)
		}
		fmt.Fprintf(&b, "── %s  %s  [%s] story %s  %s\n", m.Subject, e.Dispatch.ID, e.Country, e.StoryID, e.Dispatch.Headline)
		fmt.Fprintf(&b, "   persons: %s\n   organizations: %s\n", names(e.Persons), names(e.Organizations))
		var places []string
		for _, p := range e.Places {
			places = append(places, fmt.Sprintf("%s (%s %.2f,%.2f)", p.Name, p.Country, p.Lat, p.Lon))
		}
		fmt.Fprintf(&b, "   places: %s\n", strings.Join(places, ", "))
	case *proto.ParsedDispatch:
		d := v
		fmt.Fprintf(&b, "── %s  %s  %s (%s, %d paragraphs)\n", m.Subject, d.ID, d.Headline, d.SourceFormat, len(d.Paragraphs))
	}
	return strings.TrimRight(b.String(), "\n")
}

func bounds(low, high *int64) string {
	switch {
	case low != nil && high != nil && *low == *high:
		return fmt.Sprint(*low)
	case low != nil && high != nil:
		return fmt.Sprintf("%d–%d", *low, *high)
	case low != nil:
		return fmt.Sprintf("≥%d", *low)
	case high != nil:
		return fmt.Sprintf("≤%d", *high)
	}
	return "?"
}

func names(es []proto.Entity) string {
	var out []string
	for _, e := range es {
		out = append(out, e.Text)
	}
	return strings.Join(out, ", ")
}
