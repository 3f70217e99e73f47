package versioned

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// BucketConfig sizes a JetStream KV bucket used as a sliding window.
type BucketConfig struct {
	Bucket   string        // bucket name
	TTL      time.Duration // how long a key lives after its last write (0: 72h)
	MaxBytes int64         // ceiling on the bucket size; oldest entries go first (0: 256 MiB)
	Replicas int           // 0 or 1 for a single server, 3 in a cluster
	Storage  jetstream.StorageType
}

// JetStream is a Store backed by a JetStream KV bucket.
type JetStream struct {
	kv jetstream.KeyValue
}

// OpenJetStream creates (or reuses) the bucket and returns a Store over it.
// The bucket keeps one revision per key (history 1) and its stream is set to
// discard the oldest messages when MaxBytes is reached: the state kept here is
// a window over recent dispatches, and refusing new writes when full (the KV
// default) would stall the pipeline instead of forgetting old stories.
func OpenJetStream(ctx context.Context, js jetstream.JetStream, cfg BucketConfig) (*JetStream, error) {
	if cfg.TTL <= 0 {
		cfg.TTL = 72 * time.Hour
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = 256 << 20
	}
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:   cfg.Bucket,
		History:  1,
		TTL:      cfg.TTL,
		MaxBytes: cfg.MaxBytes,
		Replicas: cfg.Replicas,
		Storage:  cfg.Storage,
	})
	if err != nil {
		return nil, fmt.Errorf("creating KV bucket %s: %w", cfg.Bucket, err)
	}
	stream, err := js.Stream(ctx, "KV_"+cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("looking up the stream of KV bucket %s: %w", cfg.Bucket, err)
	}
	if sc := stream.CachedInfo().Config; sc.Discard != jetstream.DiscardOld {
		sc.Discard = jetstream.DiscardOld
		if _, err := js.UpdateStream(ctx, sc); err != nil {
			return nil, fmt.Errorf("setting discard-old on KV bucket %s: %w", cfg.Bucket, err)
		}
	}
	return &JetStream{kv: kv}, nil
}

// Get implements Store.
func (s *JetStream) Get(ctx context.Context, key string) ([]byte, uint64, error) {
	e, err := s.kv.Get(ctx, key)
	if err != nil {
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			return nil, 0, fmt.Errorf("get %q: %w", key, ErrNotFound)
		}
		return nil, 0, fmt.Errorf("get %q: %w", key, err)
	}
	return e.Value(), e.Revision(), nil
}

// Create implements Store.
func (s *JetStream) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	rev, err := s.kv.Create(ctx, key, value)
	if err != nil {
		if errors.Is(err, jetstream.ErrKeyExists) {
			return 0, fmt.Errorf("create %q: %w", key, ErrExists)
		}
		return 0, fmt.Errorf("create %q: %w", key, err)
	}
	return rev, nil
}

// Update implements Store.
func (s *JetStream) Update(ctx context.Context, key string, value []byte, revision uint64) (uint64, error) {
	rev, err := s.kv.Update(ctx, key, value, revision)
	if err != nil {
		if errors.Is(err, jetstream.ErrKeyRevisionMismatch) || errors.Is(err, jetstream.ErrKeyNotFound) {
			return 0, fmt.Errorf("update %q at revision %d: %w", key, revision, ErrConflict)
		}
		return 0, fmt.Errorf("update %q: %w", key, err)
	}
	return rev, nil
}
