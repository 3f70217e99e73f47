package stage

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/natsotel"
	"github.com/newswire/newswire/proto"
)

// maxDeliveriesAdvisory is the server's advisory for a message that used up MaxDeliver.
const maxDeliveriesAdvisory = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES"

// DeadLetterSubject is where stage name's failures go.
func DeadLetterSubject(stage string) string { return Subject(SubjectDLQ, stage) }

// deadLetterMsgID makes the dead letter of one stream message unique, so the
// stage's own check and the server's advisory never file it twice.
func deadLetterMsgID(stage, stream string, seq uint64) string {
	return "dlq:" + stage + ":" + stream + ":" + strconv.FormatUint(seq, 10)
}

// DeadLetterMsg builds the message filed on news.dlq.<stage>: the original
// bytes as the body (so nothing is lost and it can be replayed as is), the
// original headers, and the reason and origin in Newswire-* headers.
func DeadLetterMsg(stage string, dl *proto.DeadLetter, origHeader nats.Header) *nats.Msg {
	h := nats.Header{}
	for k, v := range origHeader {
		if k == nats.MsgIdHdr || len(k) > 4 && k[:4] == "Nats" {
			continue
		}
		h[k] = append([]string(nil), v...)
	}
	h.Set(HeaderError, truncate(dl.Error, 1024))
	h.Set(HeaderStage, stage)
	h.Set(HeaderOriginSubject, dl.OriginSubject)
	h.Set(HeaderStreamSeq, strconv.FormatUint(dl.StreamSequence, 10))
	h.Set(HeaderDeliveries, strconv.FormatInt(dl.Deliveries, 10))
	h.Set(HeaderFailedAt, dl.FailedAt)
	if dl.TraceID != "" {
		h.Set(HeaderTraceID, dl.TraceID)
	}
	return &nats.Msg{Subject: DeadLetterSubject(stage), Data: dl.Data, Header: h}
}

// ReadDeadLetter decodes a message from news.dlq.> into its readable form.
func ReadDeadLetter(m *nats.Msg) *proto.DeadLetter {
	seq, _ := strconv.ParseUint(m.Header.Get(HeaderStreamSeq), 10, 64)
	n, _ := strconv.ParseInt(m.Header.Get(HeaderDeliveries), 10, 64)
	dl := &proto.DeadLetter{
		Stage:          m.Header.Get(HeaderStage),
		Error:          m.Header.Get(HeaderError),
		OriginSubject:  m.Header.Get(HeaderOriginSubject),
		StreamSequence: seq,
		Deliveries:     n,
		TraceID:        m.Header.Get(HeaderTraceID),
		Data:           m.Data,
		FailedAt:       m.Header.Get(HeaderFailedAt),
		Headers:        map[string]string{},
	}
	for k := range m.Header {
		dl.Headers[k] = m.Header.Get(k)
	}
	return dl
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// deadLetter files msg on the DLQ and terminates it. If the DLQ cannot be
// written the message is nak'ed instead: it must never be dropped silently.
func (s *Stage) deadLetter(ctx context.Context, m jetstream.Msg, msg *Message, reason string) {
	md, _ := m.Metadata()
	dl := &proto.DeadLetter{
		Stage:          s.cfg.Name,
		Error:          reason,
		OriginSubject:  msg.Subject,
		StreamSequence: msg.StreamSeq,
		Deliveries:     int64(msg.Deliveries),
		TraceID:        natsotel.TraceID(ctx),
		Data:           msg.Data,
		FailedAt:       time.Now().UTC().Format(time.RFC3339Nano),
	}
	if err := s.fileDeadLetter(ctx, md.Stream, dl, msg.Header); err != nil {
		s.log.ErrorContext(ctx, "dead-lettering failed; will retry", "id", msg.ID, "err", err)
		_ = m.NakWithDelay(s.retryDelay(msg.Deliveries))
		return
	}
	s.log.WarnContext(ctx, "dead-lettered", "id", msg.ID, "subject", msg.Subject, "reason", reason)
	if err := m.TermWithReason(truncate(reason, 256)); err != nil {
		s.log.WarnContext(ctx, "term failed", "id", msg.ID, "err", err)
	}
}

func (s *Stage) fileDeadLetter(ctx context.Context, stream string, dl *proto.DeadLetter, h nats.Header) error {
	out := DeadLetterMsg(s.cfg.Name, dl, h)
	pctx, span := natsotel.StartSend(ctx, s.tracer, out.Subject, deadLetterMsgID(s.cfg.Name, stream, dl.StreamSequence), out.Header)
	defer span.End()
	ack, err := s.js.PublishMsg(pctx, out, jetstream.WithMsgID(deadLetterMsgID(s.cfg.Name, stream, dl.StreamSequence)))
	if err != nil {
		return fmt.Errorf("publishing dead letter: %w", err)
	}
	if !ack.Duplicate {
		s.metrics.DeadLettered.Add(1)
	}
	return nil
}

// listenMaxDeliveries files a dead letter for each message the server gave
// up on without the stage having settled it (its last delivery timed out:
// a hung handler or a crashed replica). One replica of the queue group
// handles each advisory; the dead letter's msg id makes repeats harmless.
func (s *Stage) listenMaxDeliveries() (stop func(), err error) {
	subject := maxDeliveriesAdvisory + "." + s.cfg.Stream + "." + s.cfg.Name
	stream, err := s.js.Stream(context.Background(), s.cfg.Stream)
	if err != nil {
		return nil, fmt.Errorf("looking up stream %s: %w", s.cfg.Stream, err)
	}
	sub, err := s.nc.QueueSubscribe(subject, s.cfg.Name+"-advisories", func(m *nats.Msg) {
		var adv struct {
			StreamSeq  uint64 `json:"stream_seq"`
			Deliveries int64  `json:"deliveries"`
		}
		if err := json.Unmarshal(m.Data, &adv); err != nil {
			s.log.Error("bad max-deliveries advisory", "err", err)
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		raw, err := stream.GetMsg(ctx, adv.StreamSeq)
		if err != nil {
			s.log.Error("max deliveries exhausted but message unreadable", "seq", adv.StreamSeq, "err", err)
			return
		}
		dl := &proto.DeadLetter{
			Stage:          s.cfg.Name,
			Error:          fmt.Sprintf("max deliveries (%d) exhausted without an answer from the handler", adv.Deliveries),
			OriginSubject:  raw.Subject,
			StreamSequence: adv.StreamSeq,
			Deliveries:     adv.Deliveries,
			Data:           raw.Data,
			FailedAt:       time.Now().UTC().Format(time.RFC3339Nano),
		}
		pctx := natsotel.Extract(ctx, raw.Header)
		dl.TraceID = natsotel.TraceID(pctx)
		if err := s.fileDeadLetter(pctx, s.cfg.Stream, dl, raw.Header); err != nil {
			s.log.Error("dead-lettering exhausted message failed", "seq", adv.StreamSeq, "err", err)
			return
		}
		s.log.Warn("dead-lettered exhausted message", "seq", adv.StreamSeq)
	})
	if err != nil {
		return nil, fmt.Errorf("subscribing to %s: %w", subject, err)
	}
	return func() { _ = sub.Drain() }, nil
}
