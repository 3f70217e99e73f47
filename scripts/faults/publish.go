package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/stage"
)

// publisher pushes the dispatches to news.raw.faults at a steady pace, so
// that faults land mid-stream, and retries every publish until JetStream
// acknowledges it.
type publisher struct {
	sent    atomic.Int64
	retries atomic.Int64
	done    chan struct{}
	err     error // set before done is closed
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
	subject := stage.Subject(stage.SubjectRaw, source)
	every := span / time.Duration(max(len(ds), 1))
	start := time.Now()
	for i, d := range ds {
		if wait := time.Until(start.Add(time.Duration(i) * every)); wait > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
		}
		h := nats.Header{}
		h.Set(stage.HeaderContentType, contentType)
		h.Set(stage.HeaderDispatchID, d.ID)
		// The same Nats-Msg-Id on every attempt: an attempt that landed
		// although its acknowledgement was lost is dropped by the stream.
		msg := &nats.Msg{Subject: subject, Data: d.Data, Header: h}
		backoff := 50 * time.Millisecond
		for {
			pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			_, err := js.PublishMsg(pctx, msg, jetstream.WithMsgID(d.ID))
			cancel()
			if err == nil {
				break
			}
			if ctx.Err() != nil {
				return fmt.Errorf("publishing dispatch %d of %d: %w", i+1, len(ds), err)
			}
			p.retries.Add(1)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, time.Second)
		}
		p.sent.Add(1)
	}
	return nil
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
