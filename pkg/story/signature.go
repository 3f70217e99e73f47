package story

import (
	"encoding/binary"
	"math"
	"math/bits"

	"github.com/newswire/newswire/pkg/story/fold"
	"github.com/newswire/newswire/proto"
)

// NumHashes is the length of a MinHash signature.
const NumHashes = 1 << binBits

// binBits is how many of a shingle hash's top bits choose its bin.
const binBits = 7

const _ = uint8(NumHashes - 1) // probes hold bins in bytes

// Signature is the MinHash signature of a text's set of word shingles: the
// fraction of positions two signatures share estimates the Jaccard
// similarity of the two shingle sets.
//
// It is a one-permutation signature (Li, Owen & Zhang 2012) with optimal
// densification (Shrivastava 2017): each shingle is hashed once, the hash's
// top bits pick one of NumHashes bins and the bin keeps its smallest value;
// a bin no shingle fell in borrows the value of a bin chosen by a fixed
// pseudo-random probe sequence. The estimate is as good as NumHashes
// independent hash functions' at 1/NumHashes of the cost, which mattered:
// signing with 128 hash functions was a third of the enricher's CPU.
type Signature [NumHashes]uint32

// maxSignBytes and maxSignWords bound the work per dispatch: wire bodies
// are a few hundred words, and the first thousands recognise a rewrite.
const (
	maxSignBytes = 64 << 10
	maxSignWords = 5000
)

// splitmix is the SplitMix64 finaliser: a cheap bijective 64-bit mix, used
// to combine word hashes into shingle hashes and to derive probe sequences.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// probeSeed is fixed so that signatures computed by different replicas and
// releases compare equal.
const probeSeed = 0x6e657773776972e5 // arbitrary, "newswir" + 1 byte

// Sign computes the signature of text over shingles of k consecutive folded
// words (accents and case removed). A text shorter than k words is one
// shingle; an empty text has the zero-information signature IsEmpty reports.
func Sign(text string, k int) Signature {
	if len(text) > maxSignBytes {
		text = text[:maxSignBytes] // a split rune only ends the last word early
	}
	var scratch [1024]uint64
	return signWords(fold.Hashes(text, scratch[:0]), k) // every word hashed once; k per shingle combined in signWords
}

// signDispatch is Sign(Text(d), k) without building the text: its parts
// are hashed in turn, since the newline Text puts between two parts ends a
// word just as the end of a part does, within the same byte budget.
func signDispatch(d *proto.ParsedDispatch, k int) Signature {
	var scratch [1024]uint64
	wh, budget := scratch[:0], maxSignBytes
	part := func(s string) {
		if budget <= 0 {
			return
		}
		if len(s) > budget {
			s = s[:budget]
		}
		wh = fold.Hashes(s, wh)
		budget -= len(s) + 1 // and the newline after it
	}
	part(d.Headline)
	for _, s := range d.Subheadlines {
		part(s)
	}
	part(d.BodyText)
	return signWords(wh, k)
}

// FoldDispatch folds the text d is signed on (Text: headline, subheadlines,
// body) into p, one part each, for AssignFolded and any other reader of
// the dispatch's words (topics.ClassifyFolded): the enricher folds a
// dispatch once for all of them. When the text is longer than a signature
// reads, it leaves p empty and returns false: the readers then fold what
// they read themselves, so that no one folds more than it needs.
func FoldDispatch(d *proto.ParsedDispatch, p *fold.Parts) bool {
	p.Reset()
	size := len(d.Headline) + len(d.BodyText) + len(d.Subheadlines) + 1 // and a newline after each part but the body
	for _, s := range d.Subheadlines {
		size += len(s)
	}
	if size > maxSignBytes {
		return false
	}
	p.Add(d.Headline)
	for _, s := range d.Subheadlines {
		p.Add(s)
	}
	p.Add(d.BodyText)
	return true
}

// foldedParts returns p if it holds the parts of d that FoldDispatch
// folds, nil otherwise.
func foldedParts(d *proto.ParsedDispatch, p *fold.Parts) *fold.Parts {
	if p == nil || p.Len() != len(d.Subheadlines)+2 || p.Part(0).Text != d.Headline || p.Part(p.Len()-1).Text != d.BodyText {
		return nil
	}
	return p
}

// signFolded is signDispatch on the parts FoldDispatch folded: they are
// whole (the text is within maxSignBytes, newlines included), and their
// words' hashes, hashed as they were folded, are those fold.Hashes gives
// for the text.
func signFolded(p *fold.Parts, k int) Signature {
	return signWords(p.Hashes, k)
}

// signWords computes the signature of a text from the hashes of its words.
func signWords(wh []uint64, k int) Signature {
	if k < 1 {
		k = 1
	}
	if len(wh) > maxSignWords {
		wh = wh[:maxSignWords]
	}
	var bins binMinima
	for i := range bins.sig {
		bins.sig[i] = math.MaxUint32
	}
	if len(wh) == 0 {
		return bins.sig
	}
	n := len(wh) - k + 1
	if n < 1 {
		n, k = 1, len(wh)
	}
	// A shingle's hash mixes its words in turn: h = splitmix(h ^ word).
	if k == 3 {
		// The default shingle, unrolled: half the instructions of the loop.
		for i := 2; i < len(wh); i++ {
			bins.add(splitmix(splitmix(splitmix(wh[i-2])^wh[i-1]) ^ wh[i]))
		}
	} else {
		for i := range n {
			var h uint64
			for _, w := range wh[i : i+k] {
				h = splitmix(h ^ w)
			}
			bins.add(h)
		}
	}
	densify(&bins.sig, &bins.filled)
	return bins.sig
}

// binMinima is a signature being computed: each bin's smallest value, and
// which bins some shingle fell in.
type binMinima struct {
	sig    Signature
	filled [NumHashes / 64]uint64
}

// add counts a shingle hash: its top bits choose the bin, its low 32 bits
// are the value.
func (b *binMinima) add(h uint64) {
	bin, v := h>>(64-binBits), uint32(h)
	b.filled[bin/64] |= 1 << (bin % 64)
	if v < b.sig[bin] {
		b.sig[bin] = v
	}
}

// densify gives every empty bin the value of the first filled bin on its
// own probe sequence. The sequence depends on the bin only, so two texts
// whose shingles fill the same bins borrow alike, and the chance that two
// signatures agree on a borrowed bin is again their Jaccard similarity.
func densify(sig *Signature, filled *[NumHashes / 64]uint64) {
	// Only the empty bins, from their bits: most bins are filled. (Filled
	// bins are only read, so the order empty ones are filled in is moot.)
	for w := range filled {
		for empty := ^filled[w]; empty != 0; empty &= empty - 1 {
			b := uint64(w*64 + bits.TrailingZeros64(empty))
			sig[b] = sig[firstFilled(b, filled)]
		}
	}
}

// firstFilled returns the first filled bin on the probe sequence of bin b.
func firstFilled(b uint64, filled *[NumHashes / 64]uint64) uint64 {
	isFilled := func(b uint64) bool { return filled[b/64]&(1<<(b%64)) != 0 }
	seq := &probes[b]
	for _, from := range seq.first {
		if isFilled(uint64(from)) {
			return uint64(from)
		}
	}
	// Past the tabulated probes (a text filling few bins), as they go on.
	for x := seq.next; ; {
		x = splitmix(x)
		if from := x >> (64 - binBits); isFilled(from) {
			return from
		}
	}
}

// probeSequence is the start of a bin's probe sequence, computed once: the
// bins its first probes visit, and the generator's state after them.
// (Bins fit a byte: binBits is at most 8.)
type probeSequence struct {
	first [8]uint8
	next  uint64
}

// probes holds every bin's probe sequence: densify borrows most values
// within the first few probes, and splitmix per probe was a third of it.
var probes = func() (p [NumHashes]probeSequence) {
	for b := range uint64(NumHashes) {
		x := probeSeed ^ b<<32
		for i := range p[b].first {
			x = splitmix(x)
			p[b].first[i] = uint8(x >> (64 - binBits))
		}
		p[b].next = x
	}
	return p
}()

// IsEmpty reports whether the signature came from a text without words.
func (s *Signature) IsEmpty() bool {
	for _, v := range s {
		if v != math.MaxUint32 {
			return false
		}
	}
	return true
}

// Similarity estimates the Jaccard similarity of the two shingle sets.
func (s *Signature) Similarity(o *Signature) float64 {
	if s.IsEmpty() || o.IsEmpty() {
		return 0
	}
	same := 0
	for i := range s {
		if s[i] == o[i] {
			same++
		}
	}
	return float64(same) / NumHashes
}

// Band hashes rows [band*rows, (band+1)*rows) of the signature: two texts
// land in the same bucket of a band with probability J^rows.
func (s *Signature) Band(band, rows int) uint64 {
	h := uint64(band + 1)
	for _, v := range s[band*rows : (band+1)*rows] {
		h = splitmix(h ^ uint64(v))
	}
	return h
}

// MarshalBinary encodes the signature as 4*NumHashes little-endian bytes.
func (s *Signature) MarshalBinary() ([]byte, error) {
	b := make([]byte, 4*NumHashes)
	for i, v := range s {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote.
func (s *Signature) UnmarshalBinary(b []byte) error {
	if len(b) != 4*NumHashes {
		return errBadSignature
	}
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return nil
}
