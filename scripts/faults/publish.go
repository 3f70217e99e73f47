package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/stage"
)

// publishers is how many publishes may be awaiting their PubAck at once, as
// with an ingest serving concurrent requests: a fault then catches several
// publishes in flight, some stored without their acknowledgement arriving.
const publishers = 16

// publisher pushes the dispatches to news.raw.faults at a steady pace, so
// that faults land mid-stream, and retries every publish until JetStream
// acknowledges it.
type publisher struct {
	sent    atomic.Int64
	retries atomic.Int64
	done    chan struct{}
	err     error // set before done is closed

	mu    sync.Mutex
	acked []string // ids acknowledged by the stream
}

// publish starts publishing ds over about span.
func publish(ctx context.Context, js jetstream.JetStream, ds []dispatch, span time.Duration) *publisher {
	p := &publisher{done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.err = p.run(ctx, js, ds, span)
	}()
	return p
}

func (p *publisher) run(ctx context.Context, js jetstream.JetStream, ds []dispatch, span time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan dispatch)
	errs := make(chan error, publishers)
	var wg sync.WaitGroup
	for range publishers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range work {
				if err := p.publishOne(ctx, js, d); err != nil {
					errs <- err
					cancel()
					return
				}
			}
		}()
	}
	every := span / time.Duration(max(len(ds), 1))
	start := time.Now()
	var err error
feed:
	for i, d := range ds {
		if wait := time.Until(start.Add(time.Duration(i) * every)); wait > 0 {
			select {
			case <-ctx.Done():
				break feed
			case <-time.After(wait):
			}
		}
		select {
		case work <- d:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	close(errs)
	for e := range errs {
		err = errors.Join(err, e)
	}
	if err == nil && ctx.Err() != nil && int(p.sent.Load()) < len(ds) {
		err = ctx.Err()
	}
	return err
}

// publishOne publishes d until JetStream acknowledges it or ctx ends.
func (p *publisher) publishOne(ctx context.Context, js jetstream.JetStream, d dispatch) error {
	h := nats.Header{}
	h.Set(stage.HeaderContentType, contentType)
	h.Set(stage.HeaderDispatchID, d.ID)
	msg := &nats.Msg{Subject: stage.Subject(stage.SubjectRaw, source), Data: d.Data, Header: h}
	backoff := 50 * time.Millisecond
	for {
		pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		// The same Nats-Msg-Id on every attempt, as the ingest sets it: an
		// attempt that was stored although its acknowledgement was lost is
		// dropped by the stream's duplicate window.
		_, err := js.PublishMsg(pctx, msg, jetstream.WithMsgID(d.ID))
		cancel()
		if err == nil {
			p.mu.Lock()
			p.acked = append(p.acked, d.ID)
			p.mu.Unlock()
			p.sent.Add(1)
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("publishing dispatch %s: %w", d.ID, err)
		}
		p.retries.Add(1)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Second)
	}
}

// ackedIDs returns the ids the stream acknowledged so far.
func (p *publisher) ackedIDs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.acked...)
}

// waitSent waits until at least n dispatches are acknowledged or publishing ends.
func (p *publisher) waitSent(ctx context.Context, n int) error {
	for p.sent.Load() < int64(n) {
		select {
		case <-p.done:
			return p.err
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil
}

// wait waits for the publisher to finish.
func (p *publisher) wait(ctx context.Context) error {
	select {
	case <-p.done:
		return p.err
	case <-ctx.Done():
		return ctx.Err()
	}
}
