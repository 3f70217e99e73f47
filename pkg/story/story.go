// Package story groups dispatches into stories: every dispatch gets the
// story id of the earlier versions it replaces (same provider id, or the
// Revision.Replaces chain), of the rewrites and re-sends of the same text,
// and of the same event told by another wire when the wording overlaps; an
// unrelated dispatch starts a story of its own. A dispatch that is nearly the
// same text as an earlier one also names it as DuplicateOf.
//
// Near-duplicates are found with MinHash signatures of folded word shingles
// and locality-sensitive hashing: the signature is cut into bands, each band
// hashed into a bucket key, and only dispatches sharing a bucket are compared.
// An Assigner keeps this index in memory for a bounded window of recent
// dispatches; Shared runs one per replica and shares every assignment
// through the NEWS_STORIES stream, so that each replica indexes the others'.
package story

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
	"sync"

	"github.com/newswire/newswire/pkg/story/fold"
	"github.com/newswire/newswire/proto"
)

var errBadSignature = errors.New("story: signature has the wrong length")

// Config tunes the assigner. The zero value is not useful; start from DefaultConfig.
type Config struct {
	ShingleWords int // words per shingle
	Bands, Rows  int // LSH bands × rows per band; Bands*Rows <= NumHashes
	// Join is the estimated Jaccard similarity from which a dispatch joins
	// the story of its most similar earlier dispatch.
	Join float64
	// Duplicate is the similarity from which it is also a DuplicateOf it.
	Duplicate float64
	// HeadlineWords is the minimum length of a headline that, repeated
	// word for word, joins stories on its own: wire re-sends and rewrites
	// keep long headlines, while short ones ("Météo", "URGENT") recur.
	// 0 disables headline matching.
	HeadlineWords int
	// MaxCandidates bounds how many earlier dispatches are compared per assignment.
	MaxCandidates int
}

// DefaultConfig is the configuration measured on the OrangeSum feed (eval_test.go).
func DefaultConfig() Config {
	return Config{
		ShingleWords:  3,
		Bands:         24,
		Rows:          4,
		Join:          0.2,
		Duplicate:     0.8,
		HeadlineWords: 5,
		MaxCandidates: 32,
	}
}

// DefaultWindow is how many recent dispatches an Assigner indexes by
// default. Near-duplicates and rewrites of a story arrive within hours, and
// a large wire feed files a few thousand dispatches a day.
const DefaultWindow = 5000

// Assigner assigns story ids from an in-memory index of the last window
// dispatches: a dispatch that has left the window is forgotten, and a later
// one can no longer join its story. It is safe for concurrent use: one
// mutex covers a whole assignment, lookups and index writes, so concurrent
// assignments give what they would one after the other.
//
// The index holds no pointers, so the garbage collector never scans it: a
// ring of fixed-size records (signature, key hashes, where the record's
// strings are in a byte arena) and flat hash tables (seqTable) from key
// hashes to the sequence number of the record that wrote them, sized once
// for the window. Index keys are 64-bit
// hashes: a dispatch's 26 keys hit an unrelated one of the window's 130,000
// with a probability of about 2^-42 (dispatch ids are compared in full). At
// the default window the index takes about 8 MB of heap (TestIndexSize
// measures it on the feed), against 22 MB for the key-value store it
// replaces.
type Assigner struct {
	cfg    Config
	window int
	seed   maphash.Seed

	mu sync.Mutex
	// records is the ring: the record with sequence number n is in slot
	// (n-1) % window. Sequence numbers start at 1, so 0 marks an empty slot.
	records []record
	next    uint64 // sequence number of the next record
	// ids maps a dispatch id's hash to its latest record, index an index
	// key (LSH band bucket, headline, provider id) to the record that last
	// pointed it at its story. Entries leave with their record.
	ids   seqTable
	index seqTable
	// arenas hold the strings of the records of alternate laps of the ring:
	// when a lap begins, the records of the lap before last are all gone
	// and their arena is reused.
	arenas [2][]byte
	// Scratch reused under mu.
	folded []byte
	spans  []fold.Span
	hashes []uint64
	keys   []indexKey
	cands  []*record // the candidates' records during a lookup
}

// record is what the index keeps per dispatch: the answer, so that a
// redelivered dispatch gets the same one, the signature later dispatches are
// compared with, and the keys to remove when it leaves the window.
type record struct {
	seq, idHash        uint64
	provider, headline uint64 // index keys, when has says so (band keys are recomputed from sig)
	has                uint8  // hasProvider | hasHeadline | hasBands
	// The dispatch id, story id and DuplicateOf, in turn from arena[at].
	at, idLen, storyLen, dupLen int
	sig                         Signature
}

const (
	hasProvider = 1 << iota
	hasHeadline
	hasBands
)

// indexKey is one of a dispatch's index keys, in lookup order: provider id,
// headline, then the bands.
type indexKey struct {
	key  uint64
	kind uint8 // hasProvider, hasHeadline or hasBands
}

// NewAssigner returns an Assigner indexing the last window dispatches
// (window <= 0: DefaultWindow).
func NewAssigner(cfg Config, window int) (*Assigner, error) {
	if cfg.ShingleWords < 1 || cfg.Bands < 1 || cfg.Rows < 1 || cfg.Bands*cfg.Rows > NumHashes {
		return nil, fmt.Errorf("story: bad config: %d-word shingles, %d bands × %d rows (max %d hashes)", cfg.ShingleWords, cfg.Bands, cfg.Rows, NumHashes)
	}
	if cfg.MaxCandidates < 1 {
		cfg.MaxCandidates = 1
	}
	if window <= 0 {
		window = DefaultWindow
	}
	return &Assigner{
		cfg: cfg, window: window, seed: maphash.MakeSeed(), next: 1,
		// A record holds a dispatch id and at most Bands+2 index keys.
		ids: newSeqTable(window), index: newSeqTable(window * (cfg.Bands + 2)),
	}, nil
}

// Text is the text a dispatch is signed on: headline and body.
func Text(d *proto.ParsedDispatch) string {
	var b strings.Builder
	size := len(d.Headline) + len(d.BodyText) + 1
	for _, s := range d.Subheadlines {
		size += len(s) + 1
	}
	b.Grow(size)
	b.WriteString(d.Headline)
	for _, s := range d.Subheadlines {
		b.WriteByte('\n')
		b.WriteString(s)
	}
	b.WriteByte('\n')
	b.WriteString(d.BodyText)
	return b.String()
}

// Assign returns the story of d and, when d is nearly the same text as an
// earlier dispatch, that dispatch's id. Assigning the same dispatch id again
// returns the first answer while it is in the window.
func (a *Assigner) Assign(_ context.Context, d *proto.ParsedDispatch) (storyID, duplicateOf string, err error) {
	storyID, duplicateOf, _, err = a.assign(d, nil)
	return storyID, duplicateOf, err
}

// AssignFolded is Assign on a dispatch whose text FoldDispatch folded into
// p (p is only read): the answer is Assign's, without folding the text again.
func (a *Assigner) AssignFolded(_ context.Context, d *proto.ParsedDispatch, p *fold.Parts) (storyID, duplicateOf string, err error) {
	storyID, duplicateOf, _, err = a.assign(d, p)
	return storyID, duplicateOf, err
}

// assign is Assign, also returning the dispatch's signature; p, when not
// nil, is d's text as FoldDispatch folds it.
func (a *Assigner) assign(d *proto.ParsedDispatch, p *fold.Parts) (storyID, duplicateOf string, sig Signature, err error) {
	if d == nil || d.ID == "" {
		return "", "", sig, errors.New("story: dispatch without an id")
	}
	// Signing is most of the work and needs no index: done before locking.
	p = foldedParts(d, p)
	if p != nil {
		sig = signFolded(p, a.cfg.ShingleWords)
	} else {
		sig = signDispatch(d, a.cfg.ShingleWords)
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	idHash := maphash.String(a.seed, d.ID)
	if r := a.find(idHash, d.ID); r != nil {
		_, story, dup := a.strings(r)
		return string(story), string(dup), r.sig, nil
	}
	keys := a.indexKeys(d, &sig, p)
	story, dup := a.lookup(d, idHash, &sig, keys)
	if len(story) == 0 {
		storyID = newStoryID(d.ID)
	} else {
		storyID = string(story)
	}
	duplicateOf = string(dup)
	seq := a.add(idHash, d.ID, storyID, duplicateOf, &sig, keys)
	for _, k := range keys {
		if r := a.pointer(k.key); r != nil {
			if _, story, _ := a.strings(r); string(story) == storyID {
				continue // already points at this story, through an earlier dispatch
			}
		}
		a.index.set(k.key, seq)
	}
	return storyID, duplicateOf, sig, nil
}

// lookup picks the story of a dispatch not indexed yet: the one it replaces
// first, then its provider id's, then the most similar candidate's above
// the join threshold, then its headline's. The views it returns are into
// the arenas: valid until the next record is added.
func (a *Assigner) lookup(d *proto.ParsedDispatch, idHash uint64, sig *Signature, keys []indexKey) (story, dup []byte) {
	// Explicit links first: a new version of a story stays in it whatever its wording.
	if d.Revision != nil && d.Revision.Replaces != "" {
		if r := a.find(maphash.String(a.seed, d.Revision.Replaces), d.Revision.Replaces); r != nil {
			_, story, _ = a.strings(r)
		}
	}
	var headStory []byte
	cands := a.cands[:0]
	for _, k := range keys {
		r := a.pointer(k.key)
		if r == nil {
			continue
		}
		switch k.kind {
		case hasProvider:
			if len(story) == 0 {
				_, story, _ = a.strings(r)
			}
			continue
		case hasHeadline:
			_, headStory, _ = a.strings(r)
		}
		if len(cands) < a.cfg.MaxCandidates && !a.isCandidate(cands, r) && !a.isDispatch(r, idHash, d.ID) {
			cands = append(cands, r)
		}
	}
	defer func() {
		clear(cands) // into the ring, which add may reallocate
		a.cands = cands[:0]
	}()

	// The candidate's latest record (a dispatch imported again has a newer
	// one than the keys it no longer holds point at) is the one compared.
	var best float64
	var bestStory []byte
	for _, c := range cands {
		id, _, _ := a.strings(c)
		r := c
		if latest := a.ids.get(c.idHash); latest != c.seq {
			if r = a.find(c.idHash, string(id)); r == nil {
				continue
			}
		}
		if s := sig.Similarity(&r.sig); s > best {
			_, bestStory, _ = a.strings(r)
			best = s
			if s >= a.cfg.Duplicate {
				dup = id
			}
		}
	}
	if len(story) == 0 && best >= a.cfg.Join {
		story = bestStory
	}
	if len(story) == 0 {
		story = headStory
	}
	return story, dup
}

// isCandidate reports whether r is a record of a dispatch already among cands.
func (a *Assigner) isCandidate(cands []*record, r *record) bool {
	for _, c := range cands {
		if c.idHash == r.idHash { // ids compared only when their hashes are
			if id, _, _ := a.strings(r); a.isDispatch(c, r.idHash, string(id)) {
				return true
			}
		}
	}
	return false
}

// isDispatch reports whether r is a record of dispatch id (hashed idHash).
func (a *Assigner) isDispatch(r *record, idHash uint64, id string) bool {
	if r.idHash != idHash {
		return false
	}
	rid, _, _ := a.strings(r)
	return string(rid) == id
}

// Import records an assignment made elsewhere (by another replica), so that
// later dispatches assigned here find it: the dispatch's record and each of
// its index keys point at its story, as if it had been assigned here.
func (a *Assigner) Import(d *proto.ParsedDispatch, sig Signature, storyID, duplicateOf string) error {
	if d == nil || d.ID == "" || storyID == "" {
		return errors.New("story: import without a dispatch id or story")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	keys := a.indexKeys(d, &sig, nil)
	seq := a.add(maphash.String(a.seed, d.ID), d.ID, storyID, duplicateOf, &sig, keys)
	for _, k := range keys {
		a.index.set(k.key, seq)
	}
	return nil
}

// indexKeys returns the index keys of d (in scratch reused by the next
// call); p is d's text folded, or nil.
func (a *Assigner) indexKeys(d *proto.ParsedDispatch, sig *Signature, p *fold.Parts) []indexKey {
	keys := a.keys[:0]
	if d.ProviderID != "" {
		var h maphash.Hash
		h.SetSeed(a.seed)
		h.WriteByte(hasProvider) // keeps provider and headline keys apart
		h.WriteString(d.Provider)
		h.WriteByte(0)
		h.WriteString(d.ProviderID)
		keys = append(keys, indexKey{h.Sum64(), hasProvider})
	}
	if a.cfg.HeadlineWords > 0 {
		if k, ok := a.headlineKey(d, p); ok {
			keys = append(keys, indexKey{k, hasHeadline})
		}
	}
	if !sig.IsEmpty() {
		for b := range a.cfg.Bands {
			keys = append(keys, indexKey{sig.Band(b, a.cfg.Rows), hasBands})
		}
	}
	a.keys = keys
	return keys
}

// maxScratch bounds the folding buffer kept between calls, whatever
// headline last grew it.
const maxScratch = 64 << 10

// headlineKey hashes the language and folded words of the headline, if it
// has at least HeadlineWords words. p is d's text folded, or nil.
func (a *Assigner) headlineKey(d *proto.ParsedDispatch, p *fold.Parts) (uint64, bool) {
	var folded []byte
	var spans []fold.Span
	if p != nil {
		head := p.Part(0)
		folded, spans = head.Folded, head.Words
	} else {
		var hashes []uint64
		folded, spans, hashes = fold.AppendWords(a.folded[:0], a.spans[:0], a.hashes[:0], d.Headline, len(d.Headline)+1)
		defer func() {
			if cap(folded) > maxScratch || cap(spans) > maxScratch {
				folded, spans, hashes = nil, nil, nil
			}
			a.folded, a.spans, a.hashes = folded, spans, hashes
		}()
	}
	if len(spans) < a.cfg.HeadlineWords {
		return 0, false
	}
	var h maphash.Hash
	h.SetSeed(a.seed)
	h.WriteByte(hasHeadline)
	h.WriteString(d.Language)
	h.WriteByte(0)
	for i, w := range spans {
		if i > 0 {
			h.WriteByte(' ')
		}
		h.Write(folded[w.Start:w.End])
	}
	return h.Sum64(), true
}

// add appends a record to the ring, evicting the oldest when it is full,
// and returns its sequence number. The caller points the index keys at it.
func (a *Assigner) add(idHash uint64, id, storyID, duplicateOf string, sig *Signature, keys []indexKey) uint64 {
	seq := a.next
	a.next++
	slot, lap := int((seq-1)%uint64(a.window)), (seq-1)/uint64(a.window)
	arena := &a.arenas[lap%2]
	if slot == 0 && lap >= 2 {
		// Keep the arena's capacity unless a lap of odd records grew it.
		if cap(*arena) > 4*len(*arena)+maxScratch {
			*arena = nil
		}
		*arena = (*arena)[:0]
	}
	if slot < len(a.records) {
		a.evict(&a.records[slot])
	} else {
		a.records = append(a.records, record{})
	}
	r := &a.records[slot]
	*r = record{seq: seq, idHash: idHash, at: len(*arena), idLen: len(id), storyLen: len(storyID), dupLen: len(duplicateOf), sig: *sig}
	*arena = append(append(append(*arena, id...), storyID...), duplicateOf...)
	for _, k := range keys {
		r.has |= k.kind
		switch k.kind {
		case hasProvider:
			r.provider = k.key
		case hasHeadline:
			r.headline = k.key
		}
	}
	a.ids.set(idHash, seq)
	return seq
}

// evict removes r's entries from the tables, unless a later record took them over.
func (a *Assigner) evict(r *record) {
	if r.seq == 0 {
		return
	}
	a.ids.drop(r.idHash, r.seq)
	if r.has&hasProvider != 0 {
		a.index.drop(r.provider, r.seq)
	}
	if r.has&hasHeadline != 0 {
		a.index.drop(r.headline, r.seq)
	}
	if r.has&hasBands != 0 {
		for b := range a.cfg.Bands {
			a.index.drop(r.sig.Band(b, a.cfg.Rows), r.seq)
		}
	}
}

// live returns the record with sequence number seq, or nil if it has left the ring.
func (a *Assigner) live(seq uint64) *record {
	if seq == 0 || seq >= a.next {
		return nil
	}
	r := &a.records[(seq-1)%uint64(a.window)]
	if r.seq != seq {
		return nil
	}
	return r
}

// find returns the latest record of dispatch id (hashed idHash), or nil.
func (a *Assigner) find(idHash uint64, id string) *record {
	seq := a.ids.get(idHash)
	if r := a.live(seq); r != nil && a.isDispatch(r, idHash, id) {
		return r
	}
	return nil
}

// pointer returns the record an index key points at, or nil.
func (a *Assigner) pointer(key uint64) *record {
	return a.live(a.index.get(key))
}

// strings returns views of r's dispatch id, story id and DuplicateOf in
// the arena: valid until the next record is added.
func (a *Assigner) strings(r *record) (id, story, dup []byte) {
	b := a.arenas[((r.seq-1)/uint64(a.window))%2][r.at:]
	story = b[r.idLen : r.idLen+r.storyLen : r.idLen+r.storyLen]
	return b[:r.idLen:r.idLen], story, b[r.idLen+r.storyLen : r.idLen+r.storyLen+r.dupLen : r.idLen+r.storyLen+r.dupLen]
}

// newStoryID derives the id of the story a dispatch starts from the dispatch
// id, so a redelivered dispatch that raced with itself gets the same story.
func newStoryID(dispatchID string) string {
	h := sha256.Sum256([]byte("story\x00" + dispatchID))
	return "story-" + hex.EncodeToString(h[:8])
}
