// Package versioned is the small compare-and-swap key-value abstraction
// toll timelines (pkg/tolls) keep their state in. Two implementations share one contract: an
// in-memory map for tests and offline runs (`newswire extract`), and a
// JetStream KV bucket for replicas that must agree with each other.
//
// Every write names the revision it read, so two replicas racing on the same
// key cannot both win: the loser gets ErrConflict (or ErrExists) and re-reads.
package versioned

import (
	"context"
	"errors"
	"fmt"
)

// Sentinel errors every Store returns (wrapped) so callers can branch with errors.Is.
var (
	ErrNotFound = errors.New("versioned: key not found")
	ErrExists   = errors.New("versioned: key already exists")
	ErrConflict = errors.New("versioned: revision conflict")
)

// Store is a map of keys to byte values with a revision per key. Keys are
// restricted to the JetStream KV alphabet ([-/_=.a-zA-Z0-9]) so that both
// implementations accept the same keys.
type Store interface {
	// Get returns the value and revision of key, or ErrNotFound.
	Get(ctx context.Context, key string) (value []byte, revision uint64, err error)
	// Create writes key only if it does not exist yet, or returns ErrExists.
	Create(ctx context.Context, key string, value []byte) (revision uint64, err error)
	// Update writes key only if its current revision is revision, or returns ErrConflict.
	Update(ctx context.Context, key string, value []byte, revision uint64) (newRevision uint64, err error)
}

// ValidKey reports whether key is usable with every Store.
func ValidKey(key string) bool {
	if key == "" || key[0] == '.' || key[len(key)-1] == '.' {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == '/', c == '_', c == '=', c == '.':
		default:
			return false
		}
	}
	return true
}

// Mutate applies f to the current value of key (nil when absent) and writes
// the result with compare-and-swap, re-reading and re-applying f on conflict
// up to attempts times. f may return keep=false to leave the key untouched.
// It returns the value finally stored (or kept).
func Mutate(ctx context.Context, s Store, key string, attempts int, f func(old []byte) (next []byte, keep bool, err error)) ([]byte, error) {
	if attempts < 1 {
		attempts = 1
	}
	var lastErr error
	for range attempts {
		old, rev, err := s.Get(ctx, key)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		exists := err == nil
		next, write, err := f(old)
		if err != nil {
			return nil, err
		}
		if !write {
			return old, nil
		}
		if exists {
			_, err = s.Update(ctx, key, next, rev)
		} else {
			_, err = s.Create(ctx, key, next)
		}
		if err == nil {
			return next, nil
		}
		if !errors.Is(err, ErrConflict) && !errors.Is(err, ErrExists) {
			return nil, err
		}
		lastErr = err
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	return nil, fmt.Errorf("versioned: %d conflicting writes on %q: %w", attempts, key, lastErr)
}
