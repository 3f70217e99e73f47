package stage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Streams, one per stage output, and the dead-letter stream.
const (
	StreamRaw        = "NEWS_RAW"
	StreamParsed     = "NEWS_PARSED"
	StreamEnriched   = "NEWS_ENRICHED"
	StreamCasualties = "NEWS_CASUALTIES"
	StreamDLQ        = "NEWS_DLQ"
)

// Subject prefixes; the last token is the source, language, country or stage.
const (
	SubjectRaw        = "news.raw"
	SubjectParsed     = "news.parsed"
	SubjectEnriched   = "news.enriched"
	SubjectCasualties = "news.casualties"
	SubjectDLQ        = "news.dlq"
)

// StreamSubjects maps each stream to the subjects it stores.
var StreamSubjects = map[string]string{
	StreamRaw:        SubjectRaw + ".>",
	StreamParsed:     SubjectParsed + ".>",
	StreamEnriched:   SubjectEnriched + ".>",
	StreamCasualties: SubjectCasualties + ".>",
	StreamDLQ:        SubjectDLQ + ".>",
}

// UnknownToken stands in a subject for a source, language or country nobody named.
const UnknownToken = "unknown"

// Subject joins prefix and a token, replacing what NATS does not allow in a
// token (dots, spaces, wildcards) so a bad source name cannot spill into
// another subject; an empty token becomes UnknownToken.
func Subject(prefix, token string) string {
	token = strings.ToLower(strings.TrimSpace(token))
	if token == "" {
		token = UnknownToken
	}
	token = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, token)
	if len(token) > 64 {
		token = token[:64]
	}
	return prefix + "." + token
}

// ProvisionOptions shape the streams. Zero values take the documented defaults.
type ProvisionOptions struct {
	// Replicas per stream: 1 (default) on a single server, 3 on a cluster.
	Replicas int
	// MaxAge bounds how long a stage's output is kept for replay and audit. Default 7 days.
	MaxAge time.Duration
	// DuplicateWindow must outlast the longest redelivery span (MaxDeliver ×
	// (AckWait + backoff)) so a re-published output is always recognised. Default 20 minutes.
	DuplicateWindow time.Duration
	// Storage defaults to file storage.
	Storage jetstream.StorageType
}

func (o *ProvisionOptions) defaults() {
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 7 * 24 * time.Hour
	}
	if o.DuplicateWindow <= 0 {
		o.DuplicateWindow = 20 * time.Minute
	}
}

// ProvisionStreams creates or updates every Newswire stream. It is
// idempotent, so every service may call it at start and a provisioning Job
// may call it first.
func ProvisionStreams(ctx context.Context, js jetstream.JetStream, opts ProvisionOptions) error {
	opts.defaults()
	for _, name := range []string{StreamRaw, StreamParsed, StreamEnriched, StreamCasualties, StreamDLQ} {
		cfg := jetstream.StreamConfig{
			Name:       name,
			Subjects:   []string{StreamSubjects[name]},
			Retention:  jetstream.LimitsPolicy,
			MaxAge:     opts.MaxAge,
			Duplicates: opts.DuplicateWindow,
			Storage:    opts.Storage,
			Replicas:   opts.Replicas,
			Discard:    jetstream.DiscardOld,
		}
		if _, err := js.CreateOrUpdateStream(ctx, cfg); err != nil {
			return fmt.Errorf("provisioning stream %s: %w", name, err)
		}
	}
	return nil
}

// ConsumerConfig is the durable pull consumer a stage shares across its replicas.
func (c *Config) ConsumerConfig() jetstream.ConsumerConfig {
	c.defaults()
	return jetstream.ConsumerConfig{
		Durable:       c.Name,
		Description:   "newswire " + c.Name + " stage",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       c.AckWait,
		MaxDeliver:    c.MaxDeliver,
		FilterSubject: c.FilterSubject,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		MaxAckPending: c.MaxAckPending,
	}
}

// ProvisionConsumer creates or updates the stage's durable consumer.
func ProvisionConsumer(ctx context.Context, js jetstream.JetStream, c Config) (jetstream.Consumer, error) {
	cons, err := js.CreateOrUpdateConsumer(ctx, c.Stream, c.ConsumerConfig())
	if err != nil {
		return nil, fmt.Errorf("provisioning consumer %s on %s: %w", c.Name, c.Stream, err)
	}
	return cons, nil
}
