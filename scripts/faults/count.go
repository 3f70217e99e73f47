package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/stage"
)

// tally is what one scenario's outputs say: every sent dispatch must appear
// exactly once on NEWS_CASUALTIES.
type tally struct {
	Sent       int // distinct dispatches published (each acknowledged by JetStream)
	Messages   int // casualty reports read
	Received   int // distinct sent dispatch ids among them
	Lost       int // sent ids never seen
	Duplicated int // reports beyond the first for an id
	// Unexpected counts reports whose id was never sent (or that carry none):
	// proof that the harness and the pipeline disagree on identity, which
	// would make the other counts meaningless.
	Unexpected int
	// Missing lists a few lost ids, for the diagnosis.
	Missing []string
}

// countOutputs compares the ids of the reports read against the ids sent.
func countOutputs(sent []string, got []string) tally {
	want := make(map[string]bool, len(sent))
	for _, id := range sent {
		want[id] = true
	}
	seen := make(map[string]int, len(got))
	t := tally{Sent: len(want), Messages: len(got)}
	for _, id := range got {
		if !want[id] {
			t.Unexpected++
			continue
		}
		seen[id]++
		if seen[id] > 1 {
			t.Duplicated++
		}
	}
	t.Received = len(seen)
	for id := range want {
		if seen[id] == 0 {
			t.Lost++
			if len(t.Missing) < 5 {
				t.Missing = append(t.Missing, id)
			}
		}
	}
	sort.Strings(t.Missing)
	return t
}

// ok reports whether nothing was lost, duplicated or unaccounted for.
func (t tally) ok() bool { return t.Lost == 0 && t.Duplicated == 0 && t.Unexpected == 0 }

// line is the one result line a scenario prints.
func (t tally) line(name string) string {
	return fmt.Sprintf("fault %s: sent=%d received=%d lost=%d duplicated=%d", name, t.Sent, t.Received, t.Lost, t.Duplicated)
}

// maxStreamRead bounds how many messages the harness reads back from one
// stream, whatever the stream claims to hold.
const maxStreamRead = 1 << 20

// streamRecord is what the harness keeps of one stored message.
type streamRecord struct {
	DispatchID string
	Stage      string // set on dead letters
	Error      string
}

// readStream reads every message stored in stream with an ordered consumer
// and returns their Newswire headers, in stream order. A cluster that just
// lost a node may still be electing leaders (its API answers "no
// responders" meanwhile): a failed read is tried again, five times at most.
func readStream(ctx context.Context, js jetstream.JetStream, stream string) ([]streamRecord, error) {
	wait := time.Second
	for attempt := 1; ; attempt++ {
		recs, err := readStreamOnce(ctx, js, stream)
		if err == nil || attempt == 5 || ctx.Err() != nil {
			return recs, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(wait):
		}
		wait *= 2
	}
}

func readStreamOnce(ctx context.Context, js jetstream.JetStream, stream string) ([]streamRecord, error) {
	s, err := js.Stream(ctx, stream)
	if err != nil {
		return nil, fmt.Errorf("looking up stream %s: %w", stream, err)
	}
	st := s.CachedInfo().State
	if st.Msgs == 0 {
		return nil, nil
	}
	if st.Msgs > maxStreamRead {
		return nil, fmt.Errorf("stream %s holds %d messages, more than the %d the harness reads", stream, st.Msgs, maxStreamRead)
	}
	cons, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{DeliverPolicy: jetstream.DeliverAllPolicy})
	if err != nil {
		return nil, fmt.Errorf("reading stream %s: %w", stream, err)
	}
	out := make([]streamRecord, 0, st.Msgs)
	for len(out) < int(st.Msgs) {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("reading stream %s: %w", stream, err)
		}
		batch, err := cons.Fetch(500, jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return nil, fmt.Errorf("reading stream %s: %w", stream, err)
		}
		n := 0
		for m := range batch.Messages() {
			n++
			h := m.Headers()
			out = append(out, streamRecord{DispatchID: h.Get(stage.HeaderDispatchID), Stage: h.Get(stage.HeaderStage), Error: h.Get(stage.HeaderError)})
			md, err := m.Metadata()
			if err == nil && md.Sequence.Stream >= st.LastSeq {
				return out, nil
			}
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
			return nil, fmt.Errorf("reading stream %s: %w", stream, err)
		}
		if n == 0 {
			return nil, fmt.Errorf("reading stream %s: no message after %d of %d", stream, len(out), st.Msgs)
		}
	}
	return out, nil
}

// dispatchIDs projects the records on their dispatch ids.
func dispatchIDs(recs []streamRecord) []string {
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.DispatchID
	}
	return ids
}
