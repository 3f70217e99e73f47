// Package stage is the JetStream stage runtime every Newswire service uses:
// consume from a durable pull consumer shared by the service's replicas,
// handle with a worker pool, publish each output with a Nats-Msg-Id derived
// from the input's identity and the stage, ack the input only after the
// PubAck, retry transient failures with a jittered exponential backoff, send
// permanent failures and panics to news.dlq.<stage>, and drain in-flight work
// on shutdown. The shape follows Watermill's handler/middleware: a Handler
// turns one Message into zero or more Outputs.
package stage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cenkalti/backoff/v4"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/newswire/newswire/pkg/natsotel"
)

// Headers Newswire sets on the messages it publishes.
const (
	HeaderDispatchID    = "Newswire-Dispatch-Id"
	HeaderError         = "Newswire-Error"
	HeaderStage         = "Newswire-Stage"
	HeaderOriginSubject = "Newswire-Origin-Subject"
	HeaderStreamSeq     = "Newswire-Stream-Sequence"
	HeaderDeliveries    = "Newswire-Deliveries"
	HeaderTraceID       = "Newswire-Trace-Id"
	HeaderFailedAt      = "Newswire-Failed-At"
	HeaderContentType   = "Content-Type"

	// Set on news.raw.* by the ingest edge; a feed publishing straight to
	// NATS may set them too, or leave the parser to detect everything.
	HeaderFormat     = "Newswire-Format"
	HeaderLanguage   = "Newswire-Language"
	HeaderReceivedAt = "Newswire-Received-At"
)

// Message is one input delivered to a Handler.
type Message struct {
	Subject string
	Data    []byte
	Header  nats.Header
	// ID is the input's identity: its dispatch id header, else its Nats-Msg-Id,
	// else stream:sequence.
	ID         string
	StreamSeq  uint64
	Deliveries uint64
}

// Output is one message a Handler wants published.
type Output struct {
	Subject string
	Data    []byte
	Header  nats.Header
	// ID is the dispatch identity the output carries on; empty keeps the input's.
	// The runtime publishes with Nats-Msg-Id "<stage>:<ID>" so a redelivered
	// input produces an output JetStream recognises as a duplicate.
	ID string
	// First outputs are published, and acknowledged by their stream, before
	// the delivery's other outputs are published: a record that whoever
	// reads the others may rely on (the enricher's story assignment, before
	// the dispatch that names the story). Within a batch, the First outputs
	// of every delivery go out together and cost one round trip in all.
	First bool
}

// Handler turns one input into outputs. Return a Permanent error for input
// that can never succeed (it goes to the DLQ); any other error is retried.
type Handler interface {
	Handle(ctx context.Context, msg *Message) ([]Output, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, msg *Message) ([]Output, error)

func (f HandlerFunc) Handle(ctx context.Context, msg *Message) ([]Output, error) { return f(ctx, msg) }

type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err as one that retrying cannot fix.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err was marked Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// Config describes a stage. Zero values take the documented defaults.
type Config struct {
	// Name is the stage name: the durable consumer's name, the DLQ subject
	// token (news.dlq.<Name>) and the service name in discovery. Required.
	Name string
	// Stream is the input stream. Required.
	Stream string
	// FilterSubject narrows the input; default all of the stream.
	FilterSubject string
	// Workers handling messages concurrently. Default 2 × GOMAXPROCS.
	Workers int
	// MaxBatch bounds the deliveries a worker takes at once when several are
	// waiting: it handles them in turn, then publishes all their outputs
	// back to back, so they reach the broker in a few writes and are stored,
	// acknowledged and delivered onwards together instead of one round of
	// syscalls and wake-ups per message. A worker never waits to fill a
	// batch, so under light load batches are single messages. Default 16.
	MaxBatch int
	// Prefetch bounds the messages pulled ahead of the workers plus those
	// whose PubAcks are awaited. Default 128: enough to keep the broker's
	// round trip off the critical path, small enough that a buffered message
	// never waits anywhere near AckWait (the library's default of 500 with a
	// slow handler is the classic redelivery storm).
	Prefetch int
	// MaxDeliver attempts before a message is dead-lettered. Default 8: with
	// the backoff below, about a minute of retries, so a broker failover or
	// a leader election does not send good dispatches to the DLQ.
	MaxDeliver int
	// AckWait before the server redelivers an unacknowledged message. Default 60s,
	// far above handling time; slow handlers are kept alive with InProgress.
	AckWait time.Duration
	// MaxAckPending across all replicas. Default 1024.
	MaxAckPending int
	// RetryInitial and RetryMax bound the jittered exponential NakWithDelay
	// schedule for transient failures. Defaults 500ms and 30s.
	RetryInitial, RetryMax time.Duration
}

func (c *Config) defaults() {
	if c.Workers <= 0 {
		c.Workers = 2 * runtime.GOMAXPROCS(0)
	}
	if c.MaxBatch <= 0 {
		c.MaxBatch = 16
	}
	if c.Prefetch <= 0 {
		c.Prefetch = 128
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = 8
	}
	if c.AckWait <= 0 {
		c.AckWait = 60 * time.Second
	}
	if c.MaxAckPending <= 0 {
		c.MaxAckPending = 1024
	}
	if c.RetryInitial <= 0 {
		c.RetryInitial = 500 * time.Millisecond
	}
	if c.RetryMax <= 0 {
		c.RetryMax = 30 * time.Second
	}
}

// Option configures a Stage.
type Option func(*Stage)

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(s *Stage) { s.log = l } }

// WithTracerProvider sets where spans go (default the global provider).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(s *Stage) { s.tracer = natsotel.Tracer(tp) }
}

// WithMetrics sets the counters the stage updates (default a fresh set).
func WithMetrics(m *Metrics) Option { return func(s *Stage) { s.metrics = m } }

// Stage runs one Handler on one durable consumer.
type Stage struct {
	cfg     Config
	nc      *nats.Conn
	js      jetstream.JetStream
	handler Handler
	log     *slog.Logger
	tracer  trace.Tracer
	metrics *Metrics
	working working

	consuming  atomic.Bool
	lastPull   atomic.Int64 // unix nanos of the last message received
	inFlight   atomic.Int64 // messages received and not yet settled
	watchEvery time.Duration
	stallAfter time.Duration

	// consumeCtx is the live consume context, restarts how many times the
	// watchdog re-created it (read by tests).
	consumeCtx  atomic.Value
	restarts    atomic.Int64
	stalledOnce atomic.Bool // the watchdog's last look found the stage stalled

	// crashAfterPublish, set by tests, returns true to simulate the process
	// dying between the PubAck and the ack: the input is left unsettled.
	crashAfterPublish func(*Message) bool
	// onBatch, set by tests, is told the size of each batch before it is handled.
	onBatch func(size int)
}

// New prepares a stage; Run starts it.
func New(nc *nats.Conn, cfg Config, h Handler, opts ...Option) (*Stage, error) {
	if cfg.Name == "" || cfg.Stream == "" {
		return nil, errors.New("stage: Name and Stream are required")
	}
	cfg.defaults()
	// A PubAck that never comes must fail the delivery, not hang it.
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncTimeout(10*time.Second), jetstream.WithPublishAsyncMaxPending(4*cfg.Prefetch))
	if err != nil {
		return nil, fmt.Errorf("creating jetstream context: %w", err)
	}
	s := &Stage{cfg: cfg, nc: nc, js: js, handler: h, watchEvery: 5 * time.Second, stallAfter: 30 * time.Second,
		working: working{since: map[jetstream.Msg]time.Time{}}}
	for _, o := range opts {
		o(s)
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.log = s.log.With("stage", cfg.Name)
	if s.tracer == nil {
		s.tracer = natsotel.Tracer(nil)
	}
	if s.metrics == nil {
		s.metrics = NewMetrics(cfg.Name)
	}
	return s, nil
}

// Config returns the stage's configuration with defaults applied.
func (s *Stage) Config() Config { return s.cfg }

// Metrics returns the stage's counters.
func (s *Stage) Metrics() *Metrics { return s.metrics }

// Consuming reports whether the stage is pulling messages.
func (s *Stage) Consuming() bool { return s.consuming.Load() }

// Ready reports whether the stage can do its work: consuming, connected,
// and not stalled with messages waiting.
func (s *Stage) Ready() bool {
	return s.consuming.Load() && s.nc.IsConnected() && !s.stalledOnce.Load()
}

// stalled refreshes the consumer's lag and reports whether the stage has
// stopped receiving although messages are waiting and none are in flight.
func (s *Stage) stalled(ctx context.Context, cons jetstream.Consumer) bool {
	ictx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	info, err := cons.Info(ictx)
	if err != nil {
		s.log.Debug("consumer info unavailable", "err", err)
		return false
	}
	s.metrics.Pending.Store(int64(info.NumPending))
	s.metrics.AckPending.Store(int64(info.NumAckPending))
	// Work waits on the server: undelivered messages, or delivered ones
	// that nobody is pulling for (a dead pull request received them).
	work := info.NumPending > 0 || info.NumAckPending > 0 && info.NumWaiting == 0
	return s.looksStalled(work)
}

// looksStalled: work waits on the server, yet this process holds no message
// and has received none for stallAfter.
func (s *Stage) looksStalled(work bool) bool {
	idle := time.Since(time.Unix(0, s.lastPull.Load()))
	return s.consuming.Load() && work && s.inFlight.Load() == 0 && idle > s.stallAfter
}

// Run consumes until ctx is cancelled, then stops pulling, finishes the
// messages already received and returns. The consumer must exist
// (ProvisionConsumer).
func (s *Stage) Run(ctx context.Context) error {
	cons, err := s.js.Consumer(ctx, s.cfg.Stream, s.cfg.Name)
	if err != nil {
		return fmt.Errorf("looking up consumer %s: %w", s.cfg.Name, err)
	}
	stopAdvisories, err := s.listenMaxDeliveries()
	if err != nil {
		return err
	}
	defer stopAdvisories()

	work := make(chan jetstream.Msg, s.cfg.Prefetch)
	settle := make(chan *pending, s.cfg.Prefetch)
	var settled sync.WaitGroup
	for range 2 {
		settled.Add(1)
		go func() {
			defer settled.Done()
			s.settleLoop(settle)
		}()
	}
	keepAliveDone := make(chan struct{})
	go s.keepAliveLoop(keepAliveDone)
	defer func() {
		close(settle)
		settled.Wait()
		close(keepAliveDone)
	}()
	var wg sync.WaitGroup
	// Handlers run on a context that shutdown does not cancel: in-flight work
	// finishes and is acked instead of being redelivered.
	handleCtx := context.WithoutCancel(ctx)
	for range s.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := make([]jetstream.Msg, 0, s.cfg.MaxBatch)
			for m := range work {
				batch = append(batch[:0], m)
			gather:
				for len(batch) < s.cfg.MaxBatch {
					select {
					case m, ok := <-work:
						if !ok {
							break gather
						}
						batch = append(batch, m)
					default:
						break gather
					}
				}
				s.processBatch(handleCtx, batch, settle)
			}
		}()
	}
	consume := func() (jetstream.ConsumeContext, error) {
		s.lastPull.Store(time.Now().UnixNano())
		return cons.Consume(func(m jetstream.Msg) {
			s.lastPull.Store(time.Now().UnixNano())
			s.inFlight.Add(1)
			work <- m
		},
			jetstream.PullMaxMessages(s.cfg.Prefetch),
			jetstream.PullExpiry(pullExpiry),
			jetstream.PullHeartbeat(pullHeartbeat),
			jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
				s.log.Warn("consume error", "err", err)
			}))
	}
	cc, err := consume()
	if err != nil {
		close(work)
		wg.Wait()
		return fmt.Errorf("consuming %s: %w", s.cfg.Name, err)
	}
	s.consumeCtx.Store(cc)
	s.consuming.Store(true)
	s.log.Info("stage consuming", "stream", s.cfg.Stream, "workers", s.cfg.Workers)
	watch := time.NewTicker(s.watchEvery)
	defer watch.Stop()
	wasStalled := false
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-watch.C:
			// A stall shows on /readyz at the first look and is acted on at
			// the second, so a brief lull in deliveries costs no restart.
			stalled := s.stalled(ctx, cons)
			s.stalledOnce.Store(stalled)
			if stalled && !wasStalled {
				wasStalled = true
				continue
			}
			wasStalled = false
			if stalled {
				// A consume context can stop pulling after reconnects while
				// the connection looks healthy; a fresh one resumes.
				s.log.Warn("consumer stalled: messages pending but none received; restarting consume")
				cc.Stop()
				<-cc.Closed()
				if cc, err = consume(); err != nil {
					s.consuming.Store(false)
					close(work)
					wg.Wait()
					return fmt.Errorf("restarting consume %s: %w", s.cfg.Name, err)
				}
				s.consumeCtx.Store(cc)
				s.restarts.Add(1)
			}
		}
	}
	s.consuming.Store(false)
	cc.Drain()
	<-cc.Closed()
	close(work)
	wg.Wait()
	s.log.Info("stage drained")
	return nil
}

// A pull request the server no longer holds while the client counts on it
// stops deliveries until the client misses two heartbeats and pulls anew.
// The library's defaults (30 s requests, 15 s heartbeats) made that a
// 30-60 s stall, seen in benchmark runs as "no heartbeat received" from
// the parser under a flood; with these it costs seconds, for a request and
// a heartbeat every few seconds on an idle consumer.
const (
	pullExpiry    = 10 * time.Second
	pullHeartbeat = 2 * time.Second
)

// pending is a delivery whose outputs are published and whose PubAcks are awaited.
type pending struct {
	m       jetstream.Msg
	msg     *Message
	outs    []Output
	futures []jetstream.PubAckFuture
	ctx     context.Context
	span    trace.Span
	start   time.Time
}

// processBatch handles deliveries that were waiting together (one, under
// light load), then publishes all their outputs back to back (see
// Config.MaxBatch) asynchronously and hands each delivery to the settlers,
// which ack it once every PubAck is in. The worker is then free for the
// next batch, so the broker's round trip is not paid serially by each
// worker. Failures are settled as they happen (nak, or dead letter + term).
func (s *Stage) processBatch(ctx context.Context, ms []jetstream.Msg, settle chan<- *pending) {
	if s.onBatch != nil {
		s.onBatch(len(ms))
	}
	ready := make([]*pending, 0, len(ms))
	for _, m := range ms {
		if p := s.handle(ctx, m); p != nil {
			ready = append(ready, p)
		}
	}
	ready = s.publishFirst(ready)
	for _, p := range ready {
		s.publishPending(p, settle)
	}
}

// publishFirst publishes the First outputs of every delivery, waits for
// their PubAcks and returns the deliveries whose First outputs are all
// stored (the others are failed, to be retried).
func (s *Stage) publishFirst(ready []*pending) []*pending {
	kept, awaiting := ready[:0], []*pending(nil)
	for _, p := range ready {
		if !hasFirst(p.outs) {
			kept = append(kept, p)
			continue
		}
		futures, err := s.publish(p.ctx, p.msg, p.outs, true)
		if err != nil {
			s.failPending(p, err)
			continue
		}
		p.futures = futures
		awaiting = append(awaiting, p)
	}
	for _, p := range awaiting {
		err := awaitPubAcks(p.futures)
		p.futures = nil
		if err != nil {
			s.failPending(p, err)
			continue
		}
		kept = append(kept, p)
	}
	return kept
}

func hasFirst(outs []Output) bool {
	for _, o := range outs {
		if o.First {
			return true
		}
	}
	return false
}

// awaitPubAcks waits for every PubAck (each future ends with one or with
// the publish timeout) and returns the first failure.
func awaitPubAcks(futures []jetstream.PubAckFuture) error {
	for _, f := range futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return fmt.Errorf("publishing %s: %w", f.Msg().Subject, err)
		}
	}
	return nil
}

// handle decodes and handles one delivery; it returns the delivery with its
// outputs to publish, or nil when it failed (and was settled here).
func (s *Stage) handle(ctx context.Context, m jetstream.Msg) *pending {
	start := time.Now()
	md, err := m.Metadata()
	if err != nil {
		s.log.Error("message without jetstream metadata", "subject", m.Subject(), "err", err)
		_ = m.Term()
		s.inFlight.Add(-1)
		return nil
	}
	msg := &Message{
		Subject:    m.Subject(),
		Data:       m.Data(),
		Header:     m.Headers(),
		StreamSeq:  md.Sequence.Stream,
		Deliveries: md.NumDelivered,
	}
	msg.ID = inputID(msg.Header, md)
	ctx, span := natsotel.StartProcess(ctx, s.tracer, msg.Subject, msg.ID, s.cfg.Name, md.NumDelivered, msg.Header)
	if md.NumDelivered > 1 {
		s.metrics.Redelivered.Add(1)
	}
	s.working.add(m, start)
	outs, err := s.safeHandle(ctx, msg)
	p := &pending{m: m, msg: msg, outs: outs, ctx: ctx, span: span, start: start}
	if err != nil {
		s.failPending(p, err)
		return nil
	}
	return p
}

// publishPending publishes a handled delivery's outputs and hands it to the settlers.
func (s *Stage) publishPending(p *pending, settle chan<- *pending) {
	futures, err := s.publish(p.ctx, p.msg, p.outs, false)
	if err != nil {
		s.failPending(p, err)
		return
	}
	p.futures, p.outs = futures, nil
	settle <- p
}

// failPending settles a delivery that failed before its outputs were published.
func (s *Stage) failPending(p *pending, err error) {
	s.working.remove(p.m)
	s.fail(p.ctx, p.m, p.msg, err)
	s.inFlight.Add(-1)
	s.metrics.observe(time.Since(p.start))
	p.span.RecordError(err)
	p.span.SetStatus(codes.Error, err.Error())
	p.span.End()
}

// settleLoop acks each delivery once all its outputs are acknowledged by the
// stream; an output that failed to publish makes the delivery a transient failure.
func (s *Stage) settleLoop(in <-chan *pending) {
	for p := range in {
		s.settle(p)
		s.inFlight.Add(-1)
	}
}

// settle acks one delivery once all its PubAcks are in, or fails it.
func (s *Stage) settle(p *pending) {
	defer p.span.End()
	err := awaitPubAcks(p.futures)
	s.working.remove(p.m)
	s.metrics.observe(time.Since(p.start))
	if err != nil {
		p.span.RecordError(err)
		p.span.SetStatus(codes.Error, err.Error())
		s.fail(p.ctx, p.m, p.msg, err)
		return
	}
	if s.crashAfterPublish != nil && s.crashAfterPublish(p.msg) {
		return
	}
	if err := p.m.Ack(); err != nil {
		// The outputs carry a stable Nats-Msg-Id, so the redelivery this
		// causes is absorbed by JetStream's duplicate detection.
		s.log.WarnContext(p.ctx, "ack failed", "id", p.msg.ID, "err", err)
	}
	s.metrics.Processed.Add(1)
}

// fail settles a delivery that did not succeed: dead letter + term when the
// error is permanent or the last attempt is spent, else nak with backoff.
func (s *Stage) fail(ctx context.Context, m jetstream.Msg, msg *Message, err error) {
	s.metrics.Failed.Add(1)
	if IsPermanent(err) || int(msg.Deliveries) >= s.cfg.MaxDeliver {
		reason := err.Error()
		if !IsPermanent(err) {
			reason = fmt.Sprintf("gave up after %d deliveries: %s", msg.Deliveries, reason)
		}
		s.deadLetter(ctx, m, msg, reason)
		return
	}
	delay := s.retryDelay(msg.Deliveries)
	s.log.WarnContext(ctx, "transient failure, retrying", "id", msg.ID, "deliveries", msg.Deliveries, "delay", delay, "err", err)
	if err := m.NakWithDelay(delay); err != nil {
		s.log.WarnContext(ctx, "nak failed; AckWait will redeliver", "id", msg.ID, "err", err)
	}
}

func inputID(h nats.Header, md *jetstream.MsgMetadata) string {
	if id := h.Get(HeaderDispatchID); id != "" {
		return id
	}
	if id := h.Get(nats.MsgIdHdr); id != "" {
		return id
	}
	return md.Stream + ":" + strconv.FormatUint(md.Sequence.Stream, 10)
}

// safeHandle turns a handler panic into a permanent error: a message that
// crashes the handler will crash it again.
func (s *Stage) safeHandle(ctx context.Context, msg *Message) (outs []Output, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.ErrorContext(ctx, "handler panic", "id", msg.ID, "panic", r, "stack", string(debug.Stack()))
			err = Permanent(fmt.Errorf("handler panic: %v", r))
		}
	}()
	return s.handler.Handle(ctx, msg)
}

// working is the set of deliveries being worked on, with when each started,
// which keepAliveLoop tells the server about. One loop for all of them
// replaces a goroutine and a ticker per delivery, which cost more than a
// fast handler.
type working struct {
	mu    sync.Mutex
	since map[jetstream.Msg]time.Time
}

func (w *working) add(m jetstream.Msg, at time.Time) {
	w.mu.Lock()
	w.since[m] = at
	w.mu.Unlock()
}

func (w *working) remove(m jetstream.Msg) {
	w.mu.Lock()
	delete(w.since, m)
	w.mu.Unlock()
}

// olderThan returns the deliveries started before t.
func (w *working) olderThan(t time.Time) []jetstream.Msg {
	w.mu.Lock()
	defer w.mu.Unlock()
	var old []jetstream.Msg
	for m, at := range w.since {
		if at.Before(t) {
			old = append(old, m)
		}
	}
	return old
}

// keepAliveLoop tells the server, every AckWait/3, that deliveries worked
// on for longer than that are still in progress, so a slow handler (or a
// PubAck slow to come) is not redelivered to another replica meanwhile.
func (s *Stage) keepAliveLoop(done <-chan struct{}) {
	every := s.cfg.AckWait / 3
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case now := <-t.C:
			for _, m := range s.working.olderThan(now.Add(-every)) {
				_ = m.InProgress()
			}
		}
	}
}

// publish sends the delivery's First outputs (first) or its others
// asynchronously, each with its Nats-Msg-Id, and returns the PubAck futures.
func (s *Stage) publish(ctx context.Context, in *Message, outs []Output, first bool) ([]jetstream.PubAckFuture, error) {
	futures := make([]jetstream.PubAckFuture, 0, len(outs))
	for i, o := range outs {
		if o.First != first {
			continue
		}
		id := o.ID
		if id == "" {
			id = in.ID
		}
		msgID := s.cfg.Name + ":" + id
		if len(outs) > 1 {
			msgID += ":" + strconv.Itoa(i)
		}
		h := o.Header
		if h == nil {
			h = nats.Header{}
		}
		h.Set(HeaderDispatchID, id)
		_, span := natsotel.StartSend(ctx, s.tracer, o.Subject, msgID, h)
		f, err := s.js.PublishMsgAsync(&nats.Msg{Subject: o.Subject, Data: o.Data, Header: h}, jetstream.WithMsgID(msgID))
		span.End()
		if err != nil {
			return nil, fmt.Errorf("publishing %s: %w", o.Subject, err)
		}
		futures = append(futures, f)
	}
	return futures, nil
}

func (s *Stage) retryDelay(deliveries uint64) time.Duration {
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = s.cfg.RetryInitial
	b.MaxInterval = s.cfg.RetryMax
	b.MaxElapsedTime = 0
	b.Reset()
	d := b.NextBackOff()
	for i := uint64(1); i < deliveries; i++ {
		d = b.NextBackOff()
	}
	return d
}
