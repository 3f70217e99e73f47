package topics

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	"github.com/newswire/newswire/pkg/story/fold"
)

// hasPrefix is bytes.HasPrefix against a string, without converting it.
func hasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}

// wordTable indexes a set of folded words for lookups of text words by
// their fold hash (fold.Hashes' FNV-1a, which the folding computed
// already): a hashFilter turns away most words that are not in the set,
// and a slot, picked by the hash, names the one word of the set that the
// text word can be.
type wordTable struct {
	filter hashFilter
	slots  []slot   // open addressing, at most half full; len is a power of two
	shift  uint     // 64 - log2(len(slots)): a slot from the key's top bits
	words  []string // by id
}

// slot holds an id and the low half of its word's key. No two words of a
// table share a check (newWordTable makes sure), so a check that matches
// names the only word the text word can be, which the caller compares.
type slot struct {
	check uint32
	id    int32 // -1: empty
}

// wordKey spreads a word's fold hash over the top bits the filter and the
// slots read (Fibonacci hashing): FNV-1a's top bits barely depend on the
// last bytes.
func wordKey(foldHash uint64) uint64 { return foldHash * 0x9e3779b97f4a7c15 }

// newWordTable indexes words; ids are their positions.
func newWordTable(words []string) (*wordTable, error) {
	size, shift := 16, uint(64-4)
	for size < 2*len(words) {
		size, shift = size*2, shift-1
	}
	t := &wordTable{slots: make([]slot, size), shift: shift, words: words}
	for i := range t.slots {
		t.slots[i].id = -1
	}
	mask := size - 1
	checks := make(map[uint32]string, len(words))
	for id, w := range words {
		key := wordKey(fold.Hashes(w, nil)[0])
		if other, ok := checks[uint32(key)]; ok {
			return nil, fmt.Errorf("lexicon words %q and %q share a table check", other, w)
		}
		checks[uint32(key)] = w
		t.filter.add(key)
		i := int(key >> shift)
		for t.slots[i].id >= 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = slot{check: uint32(key), id: int32(id)}
	}
	return t, nil
}

// candidate returns the id of the one word of the table that a text word
// of key wordKey can be, or -1 when it is none of them. The caller
// compares the words.
func (t *wordTable) candidate(key uint64) int32 {
	if !t.filter.mayHave(key) {
		return -1
	}
	mask := len(t.slots) - 1
	for i := int(key >> t.shift); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s.id < 0 || s.check == uint32(key) {
			return s.id
		}
	}
}

// stemIndex finds the stems a text word starts with. Stems have minPrefix
// bytes at least, so their first four index them, and one filter probe per
// word settles most words. The stems of a head are compared by their first
// eight bytes, packed in a word, in one table (prefixes): the commonest
// heads have several stems each.
type stemIndex struct {
	filter   hashFilter   // by headHash
	slots    []headSlot   // open addressing, at most half full; len is a power of two
	shift    uint         // 64 - log2(len(slots)): a slot from headHash's top bits
	prefixes []stemPrefix // by stem; the stems of a head are consecutive
	stems    []stem       // by stem
}

// headSlot maps a stem head to its stems, [first, end) in the index.
type headSlot struct {
	head       uint32
	first, end uint16 // end 0: empty
}

// stemPrefix is the start of a stem: its first eight bytes (packed by
// packPrefix) and its length.
type stemPrefix struct {
	packed uint64
	len    int
}

// stem is the stem of one-word prefix terms, and those terms.
type stem struct {
	text  string
	terms []int32
}

// newStemIndex indexes the terms of each stem.
func newStemIndex(termsOf map[string][]int32) (stemIndex, error) {
	var x stemIndex
	groupOf := map[uint32]int{}
	var groups [][]string // by head, in order of their first stem
	for _, text := range slices.Sorted(maps.Keys(termsOf)) {
		head := stemHead([]byte(text))
		g, ok := groupOf[head]
		if !ok {
			g = len(groups)
			groupOf[head] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], text)
	}
	if len(termsOf) >= 1<<16 {
		return x, fmt.Errorf("%d stems: more than a stem index holds", len(termsOf))
	}
	size, shift := 16, uint(64-4)
	for size < 2*len(groups) {
		size, shift = size*2, shift-1
	}
	x.slots, x.shift = make([]headSlot, size), shift
	for _, texts := range groups {
		head, first := stemHead([]byte(texts[0])), len(x.stems)
		for _, text := range texts {
			x.stems = append(x.stems, stem{text: text, terms: termsOf[text]})
			x.prefixes = append(x.prefixes, stemPrefix{packed: packPrefix([]byte(text)), len: len(text)})
		}
		h := headHash(head)
		x.filter.add(h)
		i := int(h >> shift)
		for x.slots[i].end != 0 {
			i = (i + 1) & (size - 1)
		}
		x.slots[i] = headSlot{head: head, first: uint16(first), end: uint16(len(x.stems))}
	}
	return x, nil
}

// mayHave reports whether a word of minPrefix bytes or more, whose first
// are head, may start with a stem: false for most words that do not, true
// for all that do.
func (x *stemIndex) mayHave(head uint32) bool {
	return x.filter.mayHave(headHash(head))
}

// withHead returns the range [first, end) of the stems whose head is head.
func (x *stemIndex) withHead(head uint32) (first, end int) {
	mask := len(x.slots) - 1
	for i := int(headHash(head) >> x.shift); ; i = (i + 1) & mask {
		s := x.slots[i]
		if s.end == 0 || s.head == head {
			return int(s.first), int(s.end)
		}
	}
}

// packPrefix packs the first eight bytes of b (all of it if shorter, then
// zeros) into a word, little-endian.
func packPrefix(b []byte) uint64 {
	if len(b) >= 8 {
		return binary.LittleEndian.Uint64(b)
	}
	var p [8]byte
	copy(p[:], b)
	return binary.LittleEndian.Uint64(p[:])
}

// wordPrefix is packPrefix for a text word, but for the bytes past its
// end, which may be anything: startsWith reads no further than the word.
// Words are slices of a folded text, which most often has eight bytes
// from the word's start: then one load.
func wordPrefix(word []byte) uint64 {
	if cap(word) >= 8 {
		return binary.LittleEndian.Uint64(word[:8])
	}
	return packPrefix(word)
}

// startsWith reports whether word, whose wordPrefix is packed, starts with
// stem k of the index.
func (x *stemIndex) startsWith(word []byte, packed uint64, k int) bool {
	p := x.prefixes[k]
	if len(word) < p.len {
		return false
	}
	if p.len < 8 {
		return packed&(1<<(8*p.len)-1) == p.packed
	}
	return packed == p.packed && string(word[8:p.len]) == x.stems[k].text[8:]
}

// A stem's head is its first four bytes: stems must have them.
const _ = uint(minPrefix - 4)

// stemHead packs the first four bytes of b, which has at least four (the
// word it starts, or bytes after it).
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
