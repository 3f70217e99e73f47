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
// All state lives in a versioned.Store, so replicas sharing a JetStream KV
// bucket assign the same story ids and never both create a story for the same
// event: writes are compare-and-swap, and a replica that loses a race adopts
// the winner's story.
package story

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/story/fold"
	"github.com/newswire/newswire/pkg/story/versioned"
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
	// Attempts bounds compare-and-swap retries per key.
	Attempts int
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
		Attempts:      8,
	}
}

// Bucket is the JetStream KV bucket services share story state in: a 72-hour
// window (a story quiet for three days starts afresh), bounded in size.
func Bucket() versioned.BucketConfig {
	return versioned.BucketConfig{Bucket: "NEWS_STORIES", TTL: 72 * time.Hour, MaxBytes: 512 << 20}
}

// Assigner assigns story ids. It is safe for concurrent use, and several
// Assigners (in several processes) may share one Store.
type Assigner struct {
	store     versioned.Store
	cfg       Config
	inProcess bool // store reads are local (see forEach)
}

// NewAssigner returns an Assigner keeping its state in store.
func NewAssigner(store versioned.Store, cfg Config) (*Assigner, error) {
	if cfg.ShingleWords < 1 || cfg.Bands < 1 || cfg.Rows < 1 || cfg.Bands*cfg.Rows > NumHashes {
		return nil, fmt.Errorf("story: bad config: %d-word shingles, %d bands × %d rows (max %d hashes)", cfg.ShingleWords, cfg.Bands, cfg.Rows, NumHashes)
	}
	if cfg.MaxCandidates < 1 {
		cfg.MaxCandidates = 1
	}
	if cfg.Attempts < 1 {
		cfg.Attempts = 1
	}
	local, _ := store.(interface{ InProcess() bool })
	return &Assigner{store: store, cfg: cfg, inProcess: local != nil && local.InProcess()}, nil
}

// record is what the store keeps per dispatch: the answer, so that a
// redelivered dispatch gets the same one, and the signature later dispatches
// are compared with.
type record struct {
	Story string `json:"s"`
	Dup   string `json:"d,omitempty"`
	Sig   []byte `json:"g,omitempty"`
}

// pointer is what an index key (LSH bucket, headline, provider id) holds:
// the story and the latest dispatch of it that wrote the key.
type pointer struct {
	Story    string `json:"s"`
	Dispatch string `json:"d"`
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
// returns the first answer.
func (a *Assigner) Assign(ctx context.Context, d *proto.ParsedDispatch) (storyID, duplicateOf string, err error) {
	storyID, duplicateOf, _, err = a.assign(ctx, d)
	return storyID, duplicateOf, err
}

// assign is Assign, also returning the dispatch's signature.
func (a *Assigner) assign(ctx context.Context, d *proto.ParsedDispatch) (storyID, duplicateOf string, sig Signature, err error) {
	if d == nil || d.ID == "" {
		return "", "", sig, errors.New("story: dispatch without an id")
	}
	recKey := "d." + hashKey(d.ID)
	if rec, _, err := a.record(ctx, recKey); err == nil {
		_ = sig.UnmarshalBinary(rec.Sig)
		return rec.Story, rec.Dup, sig, nil
	} else if !errors.Is(err, versioned.ErrNotFound) {
		return "", "", sig, fmt.Errorf("story: reading record of %s: %w", d.ID, err)
	}

	sig = Sign(Text(d), a.cfg.ShingleWords)
	as := &assignment{a: a, d: d, sig: sig, seen: map[string]float64{}, keys: a.indexKeys(d, &sig)}

	// Explicit links first: a new version of a story stays in it whatever its wording.
	if d.Revision != nil && d.Revision.Replaces != "" {
		if rec, _, err := a.record(ctx, "d."+hashKey(d.Revision.Replaces)); err == nil {
			as.story = rec.Story
		} else if !errors.Is(err, versioned.ErrNotFound) {
			return "", "", sig, fmt.Errorf("story: reading replaced dispatch %s: %w", d.Revision.Replaces, err)
		}
	}
	if err := as.lookup(ctx); err != nil {
		return "", "", sig, err
	}
	fresh := as.story == ""
	if fresh {
		as.story = newStoryID(d.ID)
	}

	sigBytes, _ := sig.MarshalBinary()
	rec := record{Story: as.story, Dup: as.dup, Sig: sigBytes}
	val, _ := json.Marshal(rec)
	if _, err := a.store.Create(ctx, recKey, val); err != nil {
		if errors.Is(err, versioned.ErrExists) {
			// Another replica assigned this dispatch meanwhile: its answer stands.
			if rec, _, err := a.record(ctx, recKey); err == nil {
				return rec.Story, rec.Dup, sig, nil
			}
		}
		return "", "", sig, fmt.Errorf("story: writing record of %s: %w", d.ID, err)
	}
	if err := as.index(ctx, recKey, fresh); err != nil {
		return "", "", sig, err
	}
	return as.story, as.dup, sig, nil
}

// assignment is the state of one Assign call.
type assignment struct {
	a     *Assigner
	d     *proto.ParsedDispatch
	sig   Signature
	keys  []indexKey
	seen  map[string]float64 // candidate dispatch id → similarity
	story string
	dup   string
	// best is the highest similarity seen, bestStory the story of that candidate.
	best      float64
	bestStory string
}

type indexKey struct {
	key  string
	kind byte // 'p' provider id, 'h' headline, 'b' band
	// state read during lookup, reused for the first write attempt
	old    *pointer
	rev    uint64
	exists bool
}

func (a *Assigner) indexKeys(d *proto.ParsedDispatch, sig *Signature) []indexKey {
	keys := make([]indexKey, 0, a.cfg.Bands+2)
	if d.ProviderID != "" {
		keys = append(keys, indexKey{key: "p." + hashKey(d.Provider+"\x00"+d.ProviderID), kind: 'p'})
	}
	if a.cfg.HeadlineWords > 0 {
		if w := fold.Words(d.Headline, nil); len(w) >= a.cfg.HeadlineWords {
			keys = append(keys, indexKey{key: "h." + hashKey(d.Language+"\x00"+strings.Join(w, " ")), kind: 'h'})
		}
	}
	if !sig.IsEmpty() {
		// All band keys ("b.<band>.<bucket>") in one string, sliced.
		buf := make([]byte, 0, a.cfg.Bands*20)
		ends := make([]int, a.cfg.Bands)
		for b := range a.cfg.Bands {
			buf = append(buf, "b."...)
			buf = strconv.AppendInt(buf, int64(b), 10)
			buf = append(buf, '.')
			buf = strconv.AppendUint(buf, sig.Band(b, a.cfg.Rows), 36)
			ends[b] = len(buf)
		}
		all, start := string(buf), 0
		for _, end := range ends {
			keys = append(keys, indexKey{key: all[start:end], kind: 'b'})
			start = end
		}
	}
	return keys
}

// lookup reads every index key and picks the story: provider id first, then
// the most similar candidate above the join threshold, then the headline.
// Keys and candidate records are read concurrently: against a JetStream
// bucket each read is a round trip, and a dispatch has dozens of keys.
func (as *assignment) lookup(ctx context.Context) error {
	errs := make([]error, len(as.keys))
	as.a.forEach(len(as.keys), func(i int) {
		k := &as.keys[i]
		p, rev, err := as.a.pointer(ctx, k.key)
		switch {
		case err == nil:
			k.old, k.rev, k.exists = p, rev, true
		case !errors.Is(err, versioned.ErrNotFound):
			errs[i] = fmt.Errorf("story: reading index %s: %w", k.key, err)
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	var headStory string
	var candidates []string
	for _, k := range as.keys {
		if !k.exists {
			continue
		}
		switch k.kind {
		case 'p':
			if as.story == "" {
				as.story = k.old.Story
			}
			continue
		case 'h':
			headStory = k.old.Story
		}
		if _, dup := as.seen[k.old.Dispatch]; !dup && k.old.Dispatch != as.d.ID && len(candidates) < as.a.cfg.MaxCandidates {
			as.seen[k.old.Dispatch] = 0
			candidates = append(candidates, k.old.Dispatch)
		}
	}
	recs := make([]*record, len(candidates))
	errs = make([]error, len(candidates))
	as.a.forEach(len(candidates), func(i int) {
		rec, _, err := as.a.record(ctx, "d."+hashKey(candidates[i]))
		if err != nil && !errors.Is(err, versioned.ErrNotFound) {
			errs[i] = fmt.Errorf("story: reading candidate %s: %w", candidates[i], err)
		}
		recs[i] = rec // nil when aged out of the window
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i, rec := range recs {
		as.compare(candidates[i], rec)
	}
	if as.story == "" && as.best >= as.a.cfg.Join {
		as.story = as.bestStory
	}
	if as.story == "" && headStory != "" {
		as.story = headStory
	}
	return nil
}

// lookupFanout bounds concurrent reads per assignment.
const lookupFanout = 8

// forEach runs f(0..n-1): in turn against an in-process store, where a
// read is a map lookup and goroutines would cost more than they save;
// concurrently otherwise.
func (a *Assigner) forEach(n int, f func(i int)) {
	if a.inProcess {
		for i := range n {
			f(i)
		}
		return
	}
	parallel(n, f)
}

// parallel runs f(0..n-1) on at most lookupFanout goroutines.
func parallel(n int, f func(i int)) {
	if n <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(n, lookupFanout) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// similarity compares the dispatch with a candidate found after lookup
// (once per candidate, within the MaxCandidates budget).
func (as *assignment) similarity(ctx context.Context, candidate string) (float64, error) {
	if s, ok := as.seen[candidate]; ok {
		return s, nil
	}
	if len(as.seen) >= as.a.cfg.MaxCandidates || candidate == as.d.ID {
		return 0, nil
	}
	rec, _, err := as.a.record(ctx, "d."+hashKey(candidate))
	if err != nil && !errors.Is(err, versioned.ErrNotFound) {
		return 0, fmt.Errorf("story: reading candidate %s: %w", candidate, err)
	}
	return as.compare(candidate, rec), nil
}

// compare records the similarity of a candidate's record (nil: aged out of
// the window) and tracks the best match.
func (as *assignment) compare(candidate string, rec *record) float64 {
	var other Signature
	if rec == nil || other.UnmarshalBinary(rec.Sig) != nil {
		as.seen[candidate] = 0
		return 0
	}
	s := as.sig.Similarity(&other)
	as.seen[candidate] = s
	if s > as.best {
		as.best, as.bestStory = s, rec.Story
		if s >= as.a.cfg.Duplicate {
			as.dup = candidate
		}
	}
	return s
}

// index points every index key of the dispatch at its story. For a dispatch
// that started a story (fresh), finding a key that another story claimed
// since lookup means a replica assigned a near-duplicate concurrently: the
// first writer wins and this dispatch adopts its story.
func (as *assignment) index(ctx context.Context, recKey string, fresh bool) error {
	cfg := as.a.cfg
	val, _ := json.Marshal(pointer{Story: as.story, Dispatch: as.d.ID})
	for i := range as.keys {
		k := &as.keys[i]
		for attempt := 0; ; attempt++ {
			if attempt >= cfg.Attempts {
				// Index keys are hints for later lookups: a bucket fought
				// over by other stories is left to them rather than failing
				// (and redelivering) a dispatch whose record is written.
				break
			}
			if k.exists && k.old.Story == as.story {
				break // already points at this story; spare a write
			}
			if k.exists && fresh {
				adopt := k.kind != 'b'
				if !adopt {
					s, err := as.similarity(ctx, k.old.Dispatch)
					if err != nil {
						return err
					}
					adopt = s >= cfg.Join
				}
				if adopt {
					if err := as.adopt(ctx, recKey, k.old); err != nil {
						return err
					}
					val, _ = json.Marshal(pointer{Story: as.story, Dispatch: as.d.ID})
					fresh = false
					break
				}
			}
			var err error
			if k.exists {
				_, err = as.a.store.Update(ctx, k.key, val, k.rev)
			} else {
				_, err = as.a.store.Create(ctx, k.key, val)
			}
			if err == nil {
				break
			}
			if !errors.Is(err, versioned.ErrConflict) && !errors.Is(err, versioned.ErrExists) {
				return fmt.Errorf("story: writing index %s: %w", k.key, err)
			}
			// Lost a race on this key: re-read it and decide again.
			p, rev, err := as.a.pointer(ctx, k.key)
			switch {
			case err == nil:
				k.old, k.rev, k.exists = p, rev, true
			case errors.Is(err, versioned.ErrNotFound):
				k.old, k.rev, k.exists = nil, 0, false
			default:
				return fmt.Errorf("story: re-reading index %s: %w", k.key, err)
			}
		}
	}
	return nil
}

// adopt moves the dispatch into the story p points at.
func (as *assignment) adopt(ctx context.Context, recKey string, p *pointer) error {
	as.story = p.Story
	if s := as.seen[p.Dispatch]; s >= as.a.cfg.Duplicate && as.dup == "" {
		as.dup = p.Dispatch
	}
	_, err := versioned.Mutate(ctx, as.a.store, recKey, as.a.cfg.Attempts, func(old []byte) ([]byte, bool, error) {
		var rec record
		if err := json.Unmarshal(old, &rec); err != nil {
			return nil, false, fmt.Errorf("decoding record: %w", err)
		}
		rec.Story, rec.Dup = as.story, as.dup
		b, err := json.Marshal(rec)
		return b, true, err
	})
	if err != nil {
		return fmt.Errorf("story: moving %s to story %s: %w", as.d.ID, p.Story, err)
	}
	return nil
}

func (a *Assigner) record(ctx context.Context, key string) (*record, uint64, error) {
	b, rev, err := a.store.Get(ctx, key)
	if err != nil {
		return nil, 0, err
	}
	var rec record
	if err := json.Unmarshal(b, &rec); err != nil || rec.Story == "" {
		return nil, 0, fmt.Errorf("decoding %s: bad record %q", key, truncate(b))
	}
	return &rec, rev, nil
}

func (a *Assigner) pointer(ctx context.Context, key string) (*pointer, uint64, error) {
	b, rev, err := a.store.Get(ctx, key)
	if err != nil {
		return nil, 0, err
	}
	var p pointer
	if err := json.Unmarshal(b, &p); err != nil || p.Story == "" {
		return nil, 0, fmt.Errorf("decoding %s: bad pointer %q", key, truncate(b))
	}
	return &p, rev, nil
}

func truncate(b []byte) []byte {
	if len(b) > 64 {
		return b[:64]
	}
	return b
}

// hashKey turns an arbitrary id into a store key token: dispatch ids are
// URNs and URLs whose characters KV keys do not allow.
func hashKey(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:12])
}

// newStoryID derives the id of the story a dispatch starts from the dispatch
// id, so a redelivered dispatch that raced with itself gets the same story.
func newStoryID(dispatchID string) string {
	h := sha256.Sum256([]byte("story\x00" + dispatchID))
	return "story-" + hex.EncodeToString(h[:8])
}

// Import records an assignment made elsewhere (by another replica), so that
// later dispatches assigned here find it: the dispatch's record and each of
// its index keys point at its story, as if it had been assigned here.
func (a *Assigner) Import(ctx context.Context, d *proto.ParsedDispatch, sig Signature, storyID, duplicateOf string) error {
	if d == nil || d.ID == "" || storyID == "" {
		return errors.New("story: import without a dispatch id or story")
	}
	set := func(key string, val []byte) error {
		_, err := versioned.Mutate(ctx, a.store, key, a.cfg.Attempts, func([]byte) ([]byte, bool, error) { return val, true, nil })
		return err
	}
	sigBytes, _ := sig.MarshalBinary()
	val, _ := json.Marshal(record{Story: storyID, Dup: duplicateOf, Sig: sigBytes})
	if err := set("d."+hashKey(d.ID), val); err != nil {
		return fmt.Errorf("story: importing record of %s: %w", d.ID, err)
	}
	ptr, _ := json.Marshal(pointer{Story: storyID, Dispatch: d.ID})
	for _, k := range a.indexKeys(d, &sig) {
		if err := set(k.key, ptr); err != nil {
			return fmt.Errorf("story: importing index %s: %w", k.key, err)
		}
	}
	return nil
}
