package topics

import (
	"encoding/binary"
	"maps"
	"slices"
)

// hasPrefix is bytes.HasPrefix against a string, without converting it.
func hasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}

// wordTable indexes a set of folded words for lookups of text words: a
// hash of the word's bytes picks a slot, after a hashFilter has
// turned away most words that are not in the set.
type wordTable struct {
	filter hashFilter
	slots  []slot   // open addressing, at most half full; len is a power of two
	shift  uint     // 64 - log2(len(slots)): a slot from the hash's top bits
	words  []string // by id
}

// slot holds an id and the low half of its word's hash, which spares most
// string comparisons on a probe that collides.
type slot struct {
	check uint32
	id    int32 // -1: empty
}

// newWordTable indexes words; ids are their positions.
func newWordTable(words []string) *wordTable {
	size, shift := 16, uint(64-4)
	for size < 2*len(words) {
		size, shift = size*2, shift-1
	}
	t := &wordTable{slots: make([]slot, size), shift: shift, words: words}
	for i := range t.slots {
		t.slots[i].id = -1
	}
	mask := size - 1
	for id, w := range words {
		h := wordHash([]byte(w))
		t.filter.add(h)
		i := int(h >> shift)
		for t.slots[i].id >= 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = slot{check: uint32(h), id: int32(id)}
	}
	return t
}

// find returns the id of w, whose wordHash is h, or -1.
func (t *wordTable) find(w []byte, h uint64) int32 {
	if !t.filter.mayHave(h) {
		return -1
	}
	mask := len(t.slots) - 1
	for i := int(h >> t.shift); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s.id < 0 {
			return -1
		}
		if s.check == uint32(h) && t.words[s.id] == string(w) {
			return s.id
		}
	}
}

// wordHash hashes a word (not empty) from its length and its first and
// last four bytes, which are all of it up to eight bytes: a few loads,
// whatever the word's length. Longer words that share them are told apart
// by the table's comparison.
func wordHash(b []byte) uint64 {
	n := len(b)
	var ends uint64
	if n >= 4 {
		ends = uint64(binary.LittleEndian.Uint32(b)) | uint64(binary.LittleEndian.Uint32(b[n-4:]))<<32
	} else {
		ends = uint64(b[0]) | uint64(b[n/2])<<8 | uint64(b[n-1])<<16 // each of 1 to 3 bytes
	}
	// Fibonacci hashing: the top bits (the filter's and the slot's) depend
	// on every bit of the word's; the xor gives the low half (the slot's
	// check) a share of them too.
	h := (ends ^ uint64(n)<<59) * 0x9e3779b97f4a7c15
	return h ^ h>>32
}

// stemIndex finds the stems a text word starts with. Stems have minPrefix
// bytes at least, so their first four index them, and one filter probe per
// word settles most words.
type stemIndex struct {
	filter hashFilter // by headHash
	slots  []headSlot // open addressing, at most half full; len is a power of two
	shift  uint       // 64 - log2(len(slots)): a slot from headHash's top bits
	groups [][]stem   // by headSlot.group: the stems that share a head
}

// headSlot maps a stem head to its group of stems.
type headSlot struct {
	head  uint32
	group int32 // -1: empty
}

// stem is the stem of one-word prefix terms, and those terms.
type stem struct {
	text  string
	terms []int32
}

// newStemIndex indexes the terms of each stem.
func newStemIndex(termsOf map[string][]int32) stemIndex {
	var x stemIndex
	groupOf := map[uint32]int32{}
	for _, text := range slices.Sorted(maps.Keys(termsOf)) {
		head := stemHead([]byte(text))
		g, ok := groupOf[head]
		if !ok {
			g = int32(len(x.groups))
			groupOf[head] = g
			x.groups = append(x.groups, nil)
		}
		x.groups[g] = append(x.groups[g], stem{text: text, terms: termsOf[text]})
	}
	size, shift := 16, uint(64-4)
	for size < 2*len(x.groups) {
		size, shift = size*2, shift-1
	}
	x.slots, x.shift = make([]headSlot, size), shift
	for i := range x.slots {
		x.slots[i].group = -1
	}
	for head, g := range groupOf {
		h := headHash(head)
		x.filter.add(h)
		i := int(h >> shift)
		for x.slots[i].group >= 0 {
			i = (i + 1) & (size - 1)
		}
		x.slots[i] = headSlot{head: head, group: g}
	}
	return x
}

// mayMatch reports whether word may start with a stem: false for most
// words that do not, true for all that do.
func (x *stemIndex) mayMatch(word []byte) bool {
	return len(word) >= minPrefix && x.filter.mayHave(headHash(stemHead(word)))
}

// withHead returns the stems that share the first minPrefix bytes of word,
// which the word may start with.
func (x *stemIndex) withHead(word []byte) []stem {
	if len(word) < minPrefix {
		return nil
	}
	head := stemHead(word)
	h := headHash(head)
	if !x.filter.mayHave(h) {
		return nil
	}
	mask := len(x.slots) - 1
	for i := int(h >> x.shift); ; i = (i + 1) & mask {
		s := x.slots[i]
		if s.group < 0 {
			return nil
		}
		if s.head == head {
			return x.groups[s.group]
		}
	}
}

// A stem's head is its first four bytes: stems must have them.
const _ = uint(minPrefix - 4)

// stemHead packs the first four bytes of b, which has at least four.
func stemHead(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }

// headHash spreads a stem head over 64 bits (Fibonacci hashing), for the filter.
func headHash(head uint32) uint64 { return uint64(head) * 0x9e3779b97f4a7c15 }

// hashFilter is a one-hash Bloom filter: one bit per value of a hash's top
// 16 bits. Its 8 KB stay in L1 cache, and with the lexicon's thousand-odd
// members it turns away about 98% of non-members for the cost of one load.
type hashFilter [1 << 16 / 64]uint64

func (f *hashFilter) add(h uint64) {
	bit := h >> 48
	f[bit/64] |= 1 << (bit % 64)
}

func (f *hashFilter) mayHave(h uint64) bool {
	bit := h >> 48
	return f[bit/64]&(1<<(bit%64)) != 0
}
