package versioned

import (
	"bytes"
	"context"
	"fmt"
	"sync"
)

// Memory is an in-process Store bounded to a number of keys: when full, the
// key written longest ago is forgotten, which is the same sliding window a
// JetStream bucket gives with MaxBytes and a discard-old policy.
type Memory struct {
	mu      sync.Mutex
	maxKeys int
	rev     uint64
	entries map[string]memEntry
	last    []byte // the last value written, shared by identical writes
	// order holds keys in write order; an element is stale when the key has
	// been rewritten since (its rev no longer matches), and is skipped.
	order []orderItem
}

type memEntry struct {
	value []byte
	rev   uint64
}

type orderItem struct {
	key string
	rev uint64
}

// NewMemory returns an empty Memory store holding at most maxKeys keys (maxKeys <= 0: 1<<20).
func NewMemory(maxKeys int) *Memory {
	if maxKeys <= 0 {
		maxKeys = 1 << 20
	}
	return &Memory{maxKeys: maxKeys, entries: make(map[string]memEntry)}
}

// Get implements Store.
func (m *Memory) Get(_ context.Context, key string) ([]byte, uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok {
		return nil, 0, fmt.Errorf("get %q: %w", key, ErrNotFound)
	}
	return append([]byte(nil), e.value...), e.rev, nil
}

// Create implements Store.
func (m *Memory) Create(_ context.Context, key string, value []byte) (uint64, error) {
	if !ValidKey(key) {
		return 0, fmt.Errorf("create %q: invalid key", key)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.entries[key]; ok {
		return 0, fmt.Errorf("create %q: %w", key, ErrExists)
	}
	return m.write(key, value), nil
}

// Update implements Store.
func (m *Memory) Update(_ context.Context, key string, value []byte, revision uint64) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok || e.rev != revision {
		return 0, fmt.Errorf("update %q at revision %d: %w", key, revision, ErrConflict)
	}
	return m.write(key, value), nil
}

// Len returns the number of keys held.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}

func (m *Memory) write(key string, value []byte) uint64 {
	m.rev++
	// Callers may reuse their buffer; the store owns its copy. Runs of keys
	// written with the same value (a story's index keys all point at the
	// same dispatch) share one copy: values are never modified in place.
	if !bytes.Equal(value, m.last) {
		m.last = append([]byte(nil), value...)
	}
	m.entries[key] = memEntry{value: m.last, rev: m.rev}
	m.order = append(m.order, orderItem{key, m.rev})
	for len(m.entries) > m.maxKeys && len(m.order) > 0 {
		it := m.order[0]
		m.order = m.order[1:]
		if e, ok := m.entries[it.key]; ok && e.rev == it.rev {
			delete(m.entries, it.key)
		}
	}
	// Rewrites leave stale items behind; compact so order stays O(maxKeys).
	if len(m.order) > 2*m.maxKeys+64 {
		live := m.order[:0:0]
		for _, it := range m.order {
			if e, ok := m.entries[it.key]; ok && e.rev == it.rev {
				live = append(live, it)
			}
		}
		m.order = live
	}
	return m.rev
}
