// Package natsotel carries OpenTelemetry trace context across NATS messages and
// sets up the process's telemetry: a tracer provider (exporting over OTLP when
// OTEL_EXPORTER_OTLP_ENDPOINT is set), span helpers named per the OTel
// messaging conventions, and a slog handler that stamps trace ids on log lines.
package natsotel

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"
)

// TracerName is the instrumentation scope of every span Newswire makes.
const TracerName = "github.com/newswire/newswire"

// HeaderCarrier adapts nats.Header to the OTel TextMapCarrier. NATS headers
// are case-sensitive and the W3C propagator writes lower-case keys
// ("traceparent"), so keys are used exactly as given, never canonicalised
// the way net/http does.
type HeaderCarrier nats.Header

func (c HeaderCarrier) Get(key string) string {
	if v := c[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (c HeaderCarrier) Set(key, value string) { c[key] = []string{value} }

func (c HeaderCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}

// Propagator is the W3C trace context + baggage propagator used on every hop.
var Propagator propagation.TextMapPropagator = propagation.NewCompositeTextMapPropagator(
	propagation.TraceContext{}, propagation.Baggage{})

// Inject writes ctx's trace context into h.
func Inject(ctx context.Context, h nats.Header) { Propagator.Inject(ctx, HeaderCarrier(h)) }

// Extract returns ctx carrying the remote trace context found in h, if any.
func Extract(ctx context.Context, h nats.Header) context.Context {
	if h == nil {
		return ctx
	}
	return Propagator.Extract(ctx, HeaderCarrier(h))
}

// Telemetry holds the process's tracer providers: one per service it hosts,
// so that a trace crossing several services in one process (newswire up)
// still shows each hop under its own service name, all sharing one exporter.
type Telemetry struct {
	version  string
	exporter sdktrace.SpanExporter
	mu       sync.Mutex
	byName   map[string]*sdktrace.TracerProvider
}

// Setup installs a global tracer provider for service and returns the
// process's Telemetry. Spans are always recorded so trace ids reach headers
// and logs; they are exported over OTLP/HTTP only when
// OTEL_EXPORTER_OTLP_ENDPOINT (or the traces-specific variant) is set, so the
// default costs no network. Shutdown flushes and stops every provider.
func Setup(ctx context.Context, service, version string) (*Telemetry, error) {
	t := &Telemetry{version: version, byName: map[string]*sdktrace.TracerProvider{}}
	if os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != "" {
		exp, err := otlptracehttp.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("creating otlp exporter: %w", err)
		}
		t.exporter = exp
	}
	tp, err := t.provider(service)
	if err != nil {
		return nil, err
	}
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(Propagator)
	return t, nil
}

// Provider returns the tracer provider of service, created on first use.
func (t *Telemetry) Provider(service string) trace.TracerProvider {
	tp, err := t.provider(service)
	if err != nil {
		return otel.GetTracerProvider()
	}
	return tp
}

func (t *Telemetry) provider(service string) (*sdktrace.TracerProvider, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tp, ok := t.byName[service]; ok {
		return tp, nil
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(
		semconv.ServiceName(service), semconv.ServiceVersion(t.version)))
	if err != nil && !errors.Is(err, resource.ErrSchemaURLConflict) {
		return nil, fmt.Errorf("building otel resource: %w", err)
	}
	opts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res)}
	if t.exporter != nil {
		opts = append(opts, sdktrace.WithBatcher(t.exporter))
	}
	tp := sdktrace.NewTracerProvider(opts...)
	t.byName[service] = tp
	return tp, nil
}

// Close flushes pending spans for at most five seconds and stops exporting:
// what a process defers right after Setup.
func (t *Telemetry) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = t.Shutdown(ctx)
}

// Shutdown flushes and stops every provider (and so the shared exporter).
func (t *Telemetry) Shutdown(ctx context.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	var errs []error
	for _, tp := range t.byName {
		errs = append(errs, tp.Shutdown(ctx))
	}
	return errors.Join(errs...)
}

// Tracer returns the tracer to use: tp when given, else the global provider's.
func Tracer(tp trace.TracerProvider) trace.Tracer {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return tp.Tracer(TracerName)
}

// StartSend starts a producer span for publishing to subject, named
// "send <subject>" per the messaging conventions, and injects its context into h.
func StartSend(ctx context.Context, tr trace.Tracer, subject, msgID string, h nats.Header) (context.Context, trace.Span) {
	ctx, span := tr.Start(ctx, "send "+subject,
		trace.WithSpanKind(trace.SpanKindProducer),
		trace.WithAttributes(
			semconv.MessagingSystemKey.String("nats"),
			semconv.MessagingOperationTypeKey.String("send"),
			semconv.MessagingOperationName("send"),
			semconv.MessagingDestinationName(subject),
			semconv.MessagingMessageID(msgID),
		))
	Inject(ctx, h)
	return ctx, span
}

// StartProcess starts a consumer span for handling a message received on
// subject, as a child of the trace context found in h.
func StartProcess(ctx context.Context, tr trace.Tracer, subject, msgID, consumer string, deliveries uint64, h nats.Header) (context.Context, trace.Span) {
	ctx = Extract(ctx, h)
	return tr.Start(ctx, "process "+subject,
		trace.WithSpanKind(trace.SpanKindConsumer),
		trace.WithAttributes(
			semconv.MessagingSystemKey.String("nats"),
			semconv.MessagingOperationTypeKey.String("process"),
			semconv.MessagingOperationName("process"),
			semconv.MessagingDestinationName(subject),
			semconv.MessagingMessageID(msgID),
			semconv.MessagingConsumerGroupName(consumer),
			attribute.Int64("messaging.nats.message.delivery_count", int64(deliveries)),
		))
}

// TraceID returns the id of the trace ctx belongs to, or "".
func TraceID(ctx context.Context) string {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.HasTraceID() {
		return ""
	}
	return sc.TraceID().String()
}
