package versioned_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/story/versioned"
	"github.com/newswire/newswire/pkg/story/versioned/vtest"
)

// stores returns one fresh store of each implementation.
func stores(t *testing.T) map[string]versioned.Store {
	t.Helper()
	out := map[string]versioned.Store{}
	for name, newStore := range vtest.Stores(t) {
		out[name] = newStore(t)
	}
	return out
}

func TestContract(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			if _, _, err := s.Get(ctx, "a.b"); !errors.Is(err, versioned.ErrNotFound) {
				t.Fatalf("Get of a missing key: err = %v, want ErrNotFound", err)
			}
			r1, err := s.Create(ctx, "a.b", []byte("one"))
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			if _, err := s.Create(ctx, "a.b", []byte("two")); !errors.Is(err, versioned.ErrExists) {
				t.Fatalf("second Create: err = %v, want ErrExists", err)
			}
			r2, err := s.Update(ctx, "a.b", []byte("two"), r1)
			if err != nil {
				t.Fatalf("Update at the current revision: %v", err)
			}
			if _, err := s.Update(ctx, "a.b", []byte("three"), r1); !errors.Is(err, versioned.ErrConflict) {
				t.Fatalf("Update at a stale revision: err = %v, want ErrConflict", err)
			}
			v, rev, err := s.Get(ctx, "a.b")
			if err != nil || string(v) != "two" || rev != r2 {
				t.Fatalf("Get = %q, %d, %v; want two, %d, nil", v, rev, err, r2)
			}
			if _, err := s.Update(ctx, "missing", []byte("x"), 7); !errors.Is(err, versioned.ErrConflict) {
				t.Fatalf("Update of a missing key: err = %v, want ErrConflict", err)
			}
		})
	}
}

// TestMutateConcurrent has many writers increment one counter through
// Mutate: compare-and-swap must make every increment count exactly once.
func TestMutateConcurrent(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			const workers, each = 8, 10
			var wg sync.WaitGroup
			errs := make(chan error, workers)
			for range workers {
				wg.Go(func() {
					for range each {
						_, err := versioned.Mutate(ctx, s, "counter", 1000, func(old []byte) ([]byte, bool, error) {
							var n int
							if old != nil {
								if _, err := fmt.Sscan(string(old), &n); err != nil {
									return nil, false, err
								}
							}
							return fmt.Appendf(nil, "%d", n+1), true, nil
						})
						if err != nil {
							errs <- err
							return
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			v, _, err := s.Get(ctx, "counter")
			if err != nil || string(v) != fmt.Sprint(workers*each) {
				t.Fatalf("counter = %q, %v; want %d", v, err, workers*each)
			}
		})
	}
}

func TestMemoryBound(t *testing.T) {
	ctx := context.Background()
	m := versioned.NewMemory(3)
	for i := range 10 {
		if _, err := m.Create(ctx, fmt.Sprintf("k%d", i), []byte("v")); err != nil {
			t.Fatal(err)
		}
		// Rewriting k0's neighbour keeps the stale-order path exercised.
		if _, rev, err := m.Get(ctx, fmt.Sprintf("k%d", i)); err == nil {
			if _, err := m.Update(ctx, fmt.Sprintf("k%d", i), []byte("w"), rev); err != nil {
				t.Fatal(err)
			}
		}
	}
	if m.Len() != 3 {
		t.Fatalf("Len = %d, want 3", m.Len())
	}
	for i, want := range map[int]bool{0: false, 6: false, 7: true, 9: true} {
		_, _, err := m.Get(ctx, fmt.Sprintf("k%d", i))
		if got := err == nil; got != want {
			t.Errorf("k%d present = %v, want %v", i, got, want)
		}
	}
}

func TestValidKey(t *testing.T) {
	for key, want := range map[string]bool{"a.b-c_d/e=f": true, "": false, ".a": false, "a.": false, "a b": false, "a*": false, "é": false} {
		if got := versioned.ValidKey(key); got != want {
			t.Errorf("ValidKey(%q) = %v, want %v", key, got, want)
		}
	}
}

// TestJetStreamWindow writes far more than MaxBytes: writes must keep
// succeeding (the bucket forgets its oldest keys) instead of failing full.
func TestJetStreamWindow(t *testing.T) {
	ctx := context.Background()
	s, err := versioned.OpenJetStream(ctx, vtest.JetStream(t), versioned.BucketConfig{
		Bucket: "window", MaxBytes: 8 << 10, Storage: jetstream.MemoryStorage,
	})
	if err != nil {
		t.Fatal(err)
	}
	value := make([]byte, 200)
	for i := range 200 {
		if _, err := s.Create(ctx, fmt.Sprintf("k%d", i), value); err != nil {
			t.Fatalf("Create #%d into a full bucket: %v", i, err)
		}
	}
	if _, _, err := s.Get(ctx, "k0"); !errors.Is(err, versioned.ErrNotFound) {
		t.Errorf("oldest key still present (err = %v): window not bounded", err)
	}
	if _, _, err := s.Get(ctx, "k199"); err != nil {
		t.Errorf("newest key: %v", err)
	}
}

// TestJetStreamTTL checks that keys leave the window once the bucket TTL has
// passed since their last write, so stories and tolls age out.
func TestJetStreamTTL(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for a TTL to pass")
	}
	ctx := context.Background()
	s, err := versioned.OpenJetStream(ctx, vtest.JetStream(t), versioned.BucketConfig{
		Bucket: "ttl", TTL: time.Second, Storage: jetstream.MemoryStorage,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, "old", []byte("v")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, _, err := s.Get(ctx, "old")
		if errors.Is(err, versioned.ErrNotFound) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("key still readable 10s after a 1s TTL (err = %v)", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// An expired key can be created again.
	if _, err := s.Create(ctx, "old", []byte("w")); err != nil {
		t.Fatalf("Create after expiry: %v", err)
	}
}
