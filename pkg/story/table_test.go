package story

import (
	"math/rand/v2"
	"testing"
)

// TestSeqTable checks the table against a map through sets, overwrites
// and drops, with keys crowded into few home slots so that runs wrap
// around and drops shift entries back, and past its size (it grows).
func TestSeqTable(t *testing.T) {
	for _, spread := range []uint64{1 << 60, 1} { // top bits only (crowded), or any
		tab := newSeqTable(8)
		want := map[uint64]uint64{}
		rng := rand.New(rand.NewPCG(1, spread))
		for step := range 20000 {
			key := rng.Uint64N(64) * spread
			switch seq := uint64(step + 1); rng.IntN(3) {
			case 0, 1:
				tab.set(key, seq)
				want[key] = seq
			case 2:
				if w, ok := want[key]; ok && rng.IntN(2) == 0 {
					tab.drop(key, w)
					delete(want, key)
				} else {
					tab.drop(key, seq) // no entry has this seq: nothing dropped
				}
			}
			if tab.len() != len(want) {
				t.Fatalf("step %d: %d keys, want %d", step, tab.len(), len(want))
			}
			for k, w := range want {
				if got := tab.get(k); got != w {
					t.Fatalf("step %d: key %x → %d, want %d", step, k, got, w)
				}
			}
		}
		if tab.get(12345) != 0 && want[12345] == 0 {
			t.Error("absent key found")
		}
	}
}
