package natsotel

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

func TestTraceContextCrossesNATSHeaders(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tr := Tracer(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
	h := nats.Header{}
	ctx, send := StartSend(context.Background(), tr, "news.parsed.fr", "parser:d1", h)
	send.End()
	// NATS headers are case-sensitive: the W3C key must be written as is,
	// not canonicalised to "Traceparent" as net/http would.
	if _, ok := h["traceparent"]; !ok {
		t.Fatalf("headers %v lack the exact key traceparent", h)
	}
	_, process := StartProcess(context.Background(), tr, "news.parsed.fr", "parser:d1", "enricher", 2, h)
	process.End()
	spans := rec.Ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	if spans[1].Parent().SpanID() != spans[0].SpanContext().SpanID() || spans[1].SpanContext().TraceID() != trace.SpanContextFromContext(ctx).TraceID() {
		t.Error("the process span is not a child of the send span in the same trace")
	}
	if spans[0].Name() != "send news.parsed.fr" || spans[1].Name() != "process news.parsed.fr" {
		t.Errorf("span names %q, %q", spans[0].Name(), spans[1].Name())
	}
	attrs := map[string]string{}
	for _, kv := range spans[1].Attributes() {
		attrs[string(kv.Key)] = kv.Value.Emit()
	}
	for k, want := range map[string]string{"messaging.system": "nats", "messaging.destination.name": "news.parsed.fr", "messaging.message.id": "parser:d1", "messaging.nats.message.delivery_count": "2"} {
		if attrs[k] != want {
			t.Errorf("attribute %s = %q, want %q", k, attrs[k], want)
		}
	}
}

func TestLogsCarryTraceIDs(t *testing.T) {
	var buf bytes.Buffer
	log := NewLogger(&buf)
	tr := Tracer(sdktrace.NewTracerProvider())
	ctx, span := tr.Start(context.Background(), "x")
	defer span.End()
	log.InfoContext(ctx, "hello")
	if want := span.SpanContext().TraceID().String(); !strings.Contains(buf.String(), `"trace_id":"`+want+`"`) {
		t.Errorf("log line %s lacks trace_id %s", buf.String(), want)
	}
}
