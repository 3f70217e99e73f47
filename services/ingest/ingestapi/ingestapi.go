// Package ingestapi is the ingest edge: POST /v1/dispatches takes a provider's
// bytes in any supported wire format (or an NDJSON batch), checks that they
// parse, and publishes them untouched on news.raw.<source> with the dispatch
// id as Nats-Msg-Id, so a re-post is recognised and answered with the same id.
// Input that does not parse gets a 400 with a JSON reason and its bytes are
// still filed on news.dlq.ingest: nothing a feed sends is lost.
package ingestapi

import (
	"bufio"
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/newswire/newswire/pkg/natsotel"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/stage"
	"github.com/newswire/newswire/pkg/wire"
	"github.com/newswire/newswire/proto"
)

// Name is the service name in discovery and the DLQ subject token.
const Name = "ingest"

// Options configure the edge. Zero values take the documented defaults.
type Options struct {
	// Tokens, when not empty, are the bearer tokens accepted; empty disables auth.
	Tokens []string
	// MaxBytes bounds a request body; larger ones get 413. Default 16 MiB.
	MaxBytes int64
	// MaxBatch bounds the dispatches in one NDJSON batch. Default 10,000.
	MaxBatch int
	// TracerProvider for the request spans; default the global provider.
	TracerProvider trace.TracerProvider
	Log            *slog.Logger
}

// Stats are the edge's counters.
type Stats struct {
	Accepted   int64 `json:"accepted"`
	Duplicates int64 `json:"duplicates"`
	Rejected   int64 `json:"rejected"`
	Failed     int64 `json:"failed"`
}

// API is the ingest HTTP handler.
type API struct {
	js     jetstream.JetStream
	nc     *nats.Conn
	opts   Options
	tracer trace.Tracer
	log    *slog.Logger

	accepted, duplicates, rejected, failed atomic.Int64
}

// New returns the edge publishing through nc.
func New(nc *nats.Conn, opts Options) (*API, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("creating jetstream context: %w", err)
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = 16 << 20
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 10000
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	return &API{js: js, nc: nc, opts: opts, tracer: natsotel.Tracer(opts.TracerProvider), log: opts.Log.With("service", Name)}, nil
}

// Stats reads the counters.
func (a *API) Stats() Stats {
	return Stats{Accepted: a.accepted.Load(), Duplicates: a.duplicates.Load(), Rejected: a.rejected.Load(), Failed: a.failed.Load()}
}

// Ready reports whether the edge can publish.
func (a *API) Ready() bool { return a.nc.IsConnected() }

// Register adds the edge's routes to mux.
func (a *API) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/dispatches", a.postDispatches)
}

// Result is the answer for one accepted dispatch.
type Result struct {
	ID        string `json:"id"`
	Subject   string `json:"subject"`
	Format    string `json:"format"`
	Language  string `json:"language,omitempty"`
	Headline  string `json:"headline,omitempty"`
	Duplicate bool   `json:"duplicate"`
	Sequence  uint64 `json:"stream_seq"`
}

// ErrorBody is every 4xx/5xx answer.
type ErrorBody struct {
	Error  string `json:"error"`
	Reason string `json:"reason"`
	// DeadLetter is true when the rejected bytes were filed on news.dlq.ingest.
	DeadLetter bool `json:"dead_lettered,omitempty"`
}

func (a *API) postDispatches(w http.ResponseWriter, r *http.Request) {
	ctx, span := a.tracer.Start(r.Context(), "POST /v1/dispatches", trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(attribute.String("http.request.method", "POST"), attribute.String("url.path", "/v1/dispatches")))
	defer span.End()
	if !a.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="newswire"`)
		a.fail(w, span, http.StatusUnauthorized, "unauthorized", "a valid bearer token is required")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.opts.MaxBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			a.fail(w, span, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("body exceeds %d bytes", a.opts.MaxBytes))
			return
		}
		a.fail(w, span, http.StatusBadRequest, "unreadable_body", err.Error())
		return
	}
	if len(bytes.TrimSpace(body)) == 0 {
		a.fail(w, span, http.StatusBadRequest, "empty_body", "the request body is empty")
		return
	}
	q := r.URL.Query()
	opts := wire.Options{
		Format:      q.Get("format"),
		ContentType: r.Header.Get("Content-Type"),
		Source:      q.Get("source"),
		Language:    q.Get("lang"),
		ReceivedAt:  time.Now().UTC(),
	}
	if isBatch(opts) {
		a.postBatch(ctx, w, span, body, opts)
		return
	}
	res, err := a.ingest(ctx, body, opts)
	if err != nil {
		a.reject(ctx, w, span, body, opts, err)
		return
	}
	span.SetAttributes(attribute.String("newswire.dispatch_id", res.ID))
	service.WriteJSON(w, http.StatusAccepted, res)
}

func isBatch(o wire.Options) bool {
	ct, _, _ := strings.Cut(o.ContentType, ";")
	ct = strings.TrimSpace(strings.ToLower(ct))
	return o.Format == "ndjson" || ct == "application/x-ndjson" || ct == "application/jsonl" || ct == "application/ndjson"
}

// BatchResult answers an NDJSON batch: one entry per line, in order.
type BatchResult struct {
	Accepted int         `json:"accepted"`
	Rejected int         `json:"rejected"`
	Results  []BatchItem `json:"results"`
}

// BatchItem is one line's outcome.
type BatchItem struct {
	Line   int     `json:"line"`
	Result *Result `json:"result,omitempty"`
	Error  string  `json:"error,omitempty"`
}

func (a *API) postBatch(ctx context.Context, w http.ResponseWriter, span trace.Span, body []byte, opts wire.Options) {
	opts.Format = "" // each line is detected on its own (generic envelope or ninjs)
	opts.ContentType = "application/json"
	var out BatchResult
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64<<10), int(a.opts.MaxBytes))
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		if len(out.Results) >= a.opts.MaxBatch {
			a.fail(w, span, http.StatusRequestEntityTooLarge, "batch_too_large", fmt.Sprintf("more than %d dispatches in one batch", a.opts.MaxBatch))
			return
		}
		item := append([]byte(nil), raw...)
		res, err := a.ingest(ctx, item, opts)
		if err != nil {
			if perr := a.deadLetter(ctx, item, opts, err); perr != nil {
				a.fail(w, span, http.StatusServiceUnavailable, "unavailable", perr.Error())
				return
			}
			out.Rejected++
			out.Results = append(out.Results, BatchItem{Line: line, Error: err.Error()})
			continue
		}
		out.Accepted++
		out.Results = append(out.Results, BatchItem{Line: line, Result: res})
	}
	code := http.StatusAccepted
	if out.Accepted == 0 {
		code = http.StatusBadRequest
	}
	service.WriteJSON(w, code, out)
}

// errPublish marks failures of NATS, not of the input.
type errPublish struct{ error }

func (a *API) ingest(ctx context.Context, body []byte, opts wire.Options) (*Result, error) {
	d, err := wire.Parse(body, opts)
	if err != nil {
		return nil, err
	}
	subject := stage.Subject(stage.SubjectRaw, d.Source)
	h := nats.Header{}
	h.Set(stage.HeaderDispatchID, d.ID)
	h.Set(stage.HeaderFormat, d.SourceFormat)
	h.Set(stage.HeaderReceivedAt, opts.ReceivedAt.Format(time.RFC3339Nano))
	if opts.ContentType != "" {
		h.Set(stage.HeaderContentType, opts.ContentType)
	}
	if opts.Language != "" {
		h.Set(stage.HeaderLanguage, opts.Language)
	}
	pctx, span := natsotel.StartSend(ctx, a.tracer, subject, d.ID, h)
	defer span.End()
	ack, err := a.js.PublishMsg(pctx, &nats.Msg{Subject: subject, Data: body, Header: h}, jetstream.WithMsgID(d.ID))
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		a.failed.Add(1)
		return nil, errPublish{fmt.Errorf("publishing %s: %w", subject, err)}
	}
	if ack.Duplicate {
		a.duplicates.Add(1)
	} else {
		a.accepted.Add(1)
	}
	return &Result{ID: d.ID, Subject: subject, Format: d.SourceFormat, Language: d.Language, Headline: d.Headline,
		Duplicate: ack.Duplicate, Sequence: ack.Sequence}, nil
}

func (a *API) reject(ctx context.Context, w http.ResponseWriter, span trace.Span, body []byte, opts wire.Options, err error) {
	var pe errPublish
	if errors.As(err, &pe) {
		a.fail(w, span, http.StatusServiceUnavailable, "unavailable", err.Error())
		return
	}
	if dlErr := a.deadLetter(ctx, body, opts, err); dlErr != nil {
		a.fail(w, span, http.StatusServiceUnavailable, "unavailable", "the dispatch does not parse and could not be filed for inspection: "+dlErr.Error())
		return
	}
	a.rejected.Add(1)
	span.RecordError(err)
	span.SetStatus(codes.Error, err.Error())
	service.WriteJSON(w, http.StatusBadRequest, ErrorBody{Error: "unparseable", Reason: err.Error(), DeadLetter: true})
}

// deadLetter files rejected bytes on news.dlq.ingest with the reason, so an
// operator can inspect and replay them.
func (a *API) deadLetter(ctx context.Context, body []byte, opts wire.Options, reason error) error {
	dl := &proto.DeadLetter{
		Stage:         Name,
		Error:         reason.Error(),
		OriginSubject: "POST /v1/dispatches",
		TraceID:       natsotel.TraceID(ctx),
		Data:          body,
		FailedAt:      time.Now().UTC().Format(time.RFC3339Nano),
	}
	h := nats.Header{}
	if opts.ContentType != "" {
		h.Set(stage.HeaderContentType, opts.ContentType)
	}
	if opts.Format != "" {
		h.Set(stage.HeaderFormat, opts.Format)
	}
	m := stage.DeadLetterMsg(Name, dl, h)
	natsotel.Inject(ctx, m.Header)
	if _, err := a.js.PublishMsg(ctx, m); err != nil {
		return fmt.Errorf("publishing dead letter: %w", err)
	}
	a.log.WarnContext(ctx, "rejected dispatch filed on dlq", "reason", reason.Error(), "bytes", len(body))
	return nil
}

func (a *API) authorized(r *http.Request) bool {
	if len(a.opts.Tokens) == 0 {
		return true
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	for _, t := range a.opts.Tokens {
		if subtle.ConstantTimeCompare([]byte(got), []byte(t)) == 1 {
			return true
		}
	}
	return false
}

func (a *API) fail(w http.ResponseWriter, span trace.Span, code int, kind, reason string) {
	span.SetStatus(codes.Error, reason)
	span.SetAttributes(attribute.Int("http.response.status_code", code))
	service.WriteJSON(w, code, ErrorBody{Error: kind, Reason: reason})
}

// TokensFromFile reads bearer tokens, one per line (blank lines and # comments skipped).
func TokensFromFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading ingest tokens: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		t := strings.TrimSpace(sc.Text())
		if t != "" && !strings.HasPrefix(t, "#") {
			out = append(out, t)
		}
	}
	return out, sc.Err()
}

// ParseMaxBytes reads INGEST_MAX_BYTES-style values ("" = default).
func ParseMaxBytes(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("invalid byte limit %q", s)
	}
	return n, nil
}

// Mount builds the edge from the environment (INGEST_TOKENS_FILE: bearer
// tokens one per line; INGEST_TOKENS: comma-separated; INGEST_MAX_BYTES),
// registers it with discovery and adds its routes to mux.
func Mount(r *service.Runner, mux *http.ServeMux) (*API, error) {
	var opts Options
	if path := os.Getenv("INGEST_TOKENS_FILE"); path != "" {
		toks, err := TokensFromFile(path)
		if err != nil {
			return nil, err
		}
		opts.Tokens = append(opts.Tokens, toks...)
	}
	for _, t := range strings.Split(os.Getenv("INGEST_TOKENS"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			opts.Tokens = append(opts.Tokens, t)
		}
	}
	maxBytes, err := ParseMaxBytes(os.Getenv("INGEST_MAX_BYTES"))
	if err != nil {
		return nil, err
	}
	opts.MaxBytes = maxBytes
	opts.Log = r.Log
	opts.TracerProvider = r.TracerFor(Name)
	api, err := New(r.NC, opts)
	if err != nil {
		return nil, err
	}
	if err := r.AddService(Name, "HTTP edge: accepts wire dispatches and publishes them on news.raw.<source>",
		func() any { return api.Stats() }, api.Ready); err != nil {
		return nil, err
	}
	api.Register(mux)
	return api, nil
}
