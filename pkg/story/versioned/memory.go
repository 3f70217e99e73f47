package versioned

import (
	"bytes"
	"context"
	"fmt"
	"hash/maphash"
	"sync"
)

// Memory is an in-process Store bounded to a number of keys: when full, the
// key written longest ago is forgotten, which is the same sliding window a
// JetStream bucket gives with MaxBytes and a discard-old policy.
//
// Its index holds no pointers — keys are kept as 128-bit hashes, values in
// a slot table shared by the keys written with the same value — so the
// garbage collector never scans it, however many keys it holds.
type Memory struct {
	mu      sync.Mutex
	maxKeys int
	rev     uint64
	seeds   [2]maphash.Seed
	entries map[uint64]memEntry
	// values[slot] is a value held by refs[slot] keys; free lists unused slots.
	values [][]byte
	refs   []int32
	free   []uint32
	// last is the slot of the last value written, shared by identical
	// writes (a story's index keys all point at the same dispatch); -1 if none.
	last int
	// order holds keys in write order; an element is stale when the key has
	// been rewritten since (its rev no longer matches), and is skipped.
	order []orderItem
}

// keyHash identifies a key by two independent 64-bit hashes: the first
// indexes the map, the second is checked on every hit, so two of a million
// keys are confused with a probability of about 2^-88.
type keyHash [2]uint64

type memEntry struct {
	check uint64 // the key's second hash
	slot  uint32
	rev   uint64
}

type orderItem struct {
	key keyHash
	rev uint64
}

// NewMemory returns an empty Memory store holding at most maxKeys keys (maxKeys <= 0: 1<<20).
func NewMemory(maxKeys int) *Memory {
	if maxKeys <= 0 {
		maxKeys = 1 << 20
	}
	return &Memory{maxKeys: maxKeys, entries: make(map[uint64]memEntry), seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, last: -1}
}

func (m *Memory) hash(key string) keyHash {
	return keyHash{maphash.String(m.seeds[0], key), maphash.String(m.seeds[1], key)}
}

// lookup returns the entry of key h, if held.
func (m *Memory) lookup(h keyHash) (memEntry, bool) {
	e, ok := m.entries[h[0]]
	if !ok || e.check != h[1] {
		return memEntry{}, false
	}
	return e, true
}

// Get implements Store.
func (m *Memory) Get(_ context.Context, key string) ([]byte, uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.lookup(m.hash(key))
	if !ok {
		return nil, 0, ErrNotFound // most reads of a story index miss: no formatting
	}
	return append([]byte(nil), m.values[e.slot]...), e.rev, nil
}

// Create implements Store.
func (m *Memory) Create(_ context.Context, key string, value []byte) (uint64, error) {
	if !ValidKey(key) {
		return 0, fmt.Errorf("create %q: invalid key", key)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.hash(key)
	if _, ok := m.lookup(h); ok {
		return 0, fmt.Errorf("create %q: %w", key, ErrExists)
	}
	return m.write(h, value), nil
}

// Update implements Store.
func (m *Memory) Update(_ context.Context, key string, value []byte, revision uint64) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.hash(key)
	e, ok := m.lookup(h)
	if !ok || e.rev != revision {
		return 0, fmt.Errorf("update %q at revision %d: %w", key, revision, ErrConflict)
	}
	return m.write(h, value), nil
}

// Len returns the number of keys held.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}

func (m *Memory) write(key keyHash, value []byte) uint64 {
	m.rev++
	// Callers may reuse their buffer; the store owns its copy. Values are
	// never modified in place, so keys written with the same value share it.
	slot := m.last
	if slot < 0 || !bytes.Equal(value, m.values[slot]) {
		slot = m.newSlot(value)
		m.last = slot
	}
	m.refs[slot]++
	if old, ok := m.entries[key[0]]; ok {
		m.release(old.slot) // the key's, or (2^-64) another's it replaces
	}
	m.entries[key[0]] = memEntry{check: key[1], slot: uint32(slot), rev: m.rev}
	m.order = append(m.order, orderItem{key, m.rev})
	for len(m.entries) > m.maxKeys && len(m.order) > 0 {
		it := m.order[0]
		m.order = m.order[1:]
		if e, ok := m.lookup(it.key); ok && e.rev == it.rev {
			delete(m.entries, it.key[0])
			m.release(e.slot)
		}
	}
	// Rewrites leave stale items behind; compact so order stays O(maxKeys).
	if len(m.order) > 2*m.maxKeys+64 {
		live := m.order[:0:0]
		for _, it := range m.order {
			if e, ok := m.lookup(it.key); ok && e.rev == it.rev {
				live = append(live, it)
			}
		}
		m.order = live
	}
	return m.rev
}

func (m *Memory) newSlot(value []byte) int {
	v := append([]byte(nil), value...)
	if n := len(m.free); n > 0 {
		slot := m.free[n-1]
		m.free = m.free[:n-1]
		m.values[slot] = v
		return int(slot)
	}
	m.values = append(m.values, v)
	m.refs = append(m.refs, 0)
	return len(m.values) - 1
}

// release drops one key's hold on slot, freeing the value with the last.
func (m *Memory) release(slot uint32) {
	if m.refs[slot]--; m.refs[slot] > 0 {
		return
	}
	m.values[slot] = nil
	m.free = append(m.free, slot)
	if m.last == int(slot) {
		m.last = -1
	}
}
