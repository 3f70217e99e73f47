package story

// seqTable maps index keys (64-bit hashes) to the sequence numbers of the
// records that hold them: a flat open-addressing table with linear
// probing, sized once for the most keys a window can hold, so that it
// never grows and stays at most half full. It replaces Go maps, whose
// lookups, writes and deletes were a twentieth of the enricher's CPU; it
// holds no pointers, so the garbage collector never scans it.
type seqTable struct {
	slots []seqSlot // a power of two
	shift uint      // 64 - log2(len(slots)): a key's home slot is its top bits after mixing
	n     int       // occupied slots
}

// seqSlot is one entry; seq 0 (no record has it) marks an empty slot.
type seqSlot struct{ key, seq uint64 }

// newSeqTable returns a table for up to maxKeys keys.
func newSeqTable(maxKeys int) seqTable {
	size, shift := 16, uint(64-4)
	for size < 2*maxKeys {
		size, shift = size*2, shift-1
	}
	return seqTable{slots: make([]seqSlot, size), shift: shift}
}

// home is the slot a key's probe starts at. Keys are hashes already; the
// multiply (Fibonacci hashing) spreads any that are not over the top bits.
func (t *seqTable) home(key uint64) int { return int((key * 0x9e3779b97f4a7c15) >> t.shift) }

// find returns the slot of key, or of the empty slot where it would go.
func (t *seqTable) find(key uint64) int {
	mask := len(t.slots) - 1
	i := t.home(key)
	for t.slots[i].seq != 0 && t.slots[i].key != key {
		i = (i + 1) & mask
	}
	return i
}

// get returns the sequence number of key, or 0.
func (t *seqTable) get(key uint64) uint64 { return t.slots[t.find(key)].seq }

// set maps key to seq (not 0).
func (t *seqTable) set(key, seq uint64) {
	i := t.find(key)
	if t.slots[i].seq == 0 {
		if 4*(t.n+1) > 3*len(t.slots) {
			// Sized for every key a window holds, the table never gets
			// here; were it to, growing keeps probes short and finite.
			t.grow()
			i = t.find(key)
		}
		t.n++
	}
	t.slots[i] = seqSlot{key, seq}
}

// grow doubles the table.
func (t *seqTable) grow() {
	old := t.slots
	t.slots, t.shift, t.n = make([]seqSlot, 2*len(old)), t.shift-1, 0
	for _, s := range old {
		if s.seq != 0 {
			t.set(s.key, s.seq)
		}
	}
}

// drop removes key if it maps to seq. The entries after it in its run
// move back into the hole, when their probe passes it, so that no lookup
// stops short at an empty slot (no tombstones to clean up later).
func (t *seqTable) drop(key, seq uint64) {
	i := t.find(key)
	if t.slots[i].seq != seq || seq == 0 {
		return
	}
	mask := len(t.slots) - 1
	for j := (i + 1) & mask; t.slots[j].seq != 0; j = (j + 1) & mask {
		// The entry at j stays unless its home is cyclically outside (i, j].
		if h := t.home(t.slots[j].key); (j-h)&mask >= (j-i)&mask {
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = seqSlot{}
	t.n--
}

// len is the number of keys.
func (t *seqTable) len() int { return t.n }
