// Package tolls keeps the casualty toll timeline of each story: the latest
// figure of every kind that the story's dispatches gave, so that when a later
// dispatch revises a toll ("le bilan s'alourdit à 52 morts" after "au moins
// 40 morts") the casualty report can say which earlier figure it supersedes.
//
// The state of a story is one key in a versioned.Store, updated with
// compare-and-swap: replicas of the casualties stage recording dispatches of
// the same story at the same time serialise on the key's revision, so every
// revision of a toll supersedes exactly the one before it.
package tolls

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/story/fold"
	"github.com/newswire/newswire/pkg/story/versioned"
	"github.com/newswire/newswire/proto"
)

// Bounds on what one story keeps, whatever the extractor hands over.
const (
	maxTollsPerStory = 64
	maxLabelBytes    = 64
	maxPointsPerToll = 16
	maxFigures       = 512 // per dispatch; the rest are ignored
	casAttempts      = 16
)

// Bucket is the JetStream KV bucket the casualties stage keeps timelines in;
// its window outlasts the story window (pkg/story) so a late update of a
// story still finds the tolls it revises.
func Bucket() versioned.BucketConfig {
	return versioned.BucketConfig{Bucket: "NEWS_TOLLS", TTL: 7 * 24 * time.Hour, MaxBytes: 256 << 20}
}

// Timeline records casualty figures per story. It is safe for concurrent
// use, and several Timelines (in several processes) may share one Store.
type Timeline struct {
	store versioned.Store

	mu sync.Mutex
	// written holds the keys this Timeline wrote lately (at most
	// maxWrittenKeys): Record creates any other key without reading it
	// first, since most stories state a toll in one dispatch only.
	written map[storyKey]struct{}
}

// storyKey is the hash a story's store key is made of (see hashKey).
type storyKey [12]byte

// maxWrittenKeys bounds Timeline.written; forgetting a key only costs a
// Create that fails before the usual read and write.
const maxWrittenKeys = 1 << 16

// New returns a Timeline keeping its state in store.
func New(store versioned.Store) *Timeline { return &Timeline{store: store} }

func (t *Timeline) wroteLately(k storyKey) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.written[k]
	return ok
}

func (t *Timeline) rememberWrite(k storyKey) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.written == nil || len(t.written) >= maxWrittenKeys {
		t.written = make(map[storyKey]struct{})
	}
	t.written[k] = struct{}{}
}

// series is the history of one toll of a story (one kind, group and
// period): every dispatch that stated it, oldest first, the last being the
// current value. Keeping who said what (not only the latest value) lets a
// redelivered or late dispatch get the answer it got the first time instead
// of "revising" a newer toll.
type series struct {
	Kind   string  `json:"k"`
	Group  string  `json:"g,omitempty"`
	Period string  `json:"p,omitempty"`
	Points []point `json:"v"`
}

type point struct {
	Dispatch string `json:"d"`
	Low      *int64 `json:"l"`
	High     *int64 `json:"h"`
}

// state is what the store keeps per story.
type state struct {
	Series map[string]*series `json:"s,omitempty"`
	// RetractedBy and Withdrawn remember the last retraction, for redeliveries.
	RetractedBy string         `json:"r,omitempty"`
	Withdrawn   []proto.Figure `json:"w,omitempty"`
	WithdrawnBy []string       `json:"wd,omitempty"`
}

// Record adds the figures of one dispatch of a story to its timeline and
// returns the supersessions: for every toll the dispatch states with another
// value than the story's current one, the earlier dispatch and figure it
// revises (the first dispatch that stated the earlier value). Only the lead figure of each toll counts: the first figure of a
// kind, group and period in the text that is not part of another figure.
//
// A retraction (a killed or withdrawn dispatch) removes the story's figures;
// the supersessions then list the figures withdrawn, with NewLow and NewHigh nil.
//
// Recording the same dispatch twice returns the same supersessions.
func (t *Timeline) Record(ctx context.Context, storyID, dispatchID string, figures []proto.Figure, retraction bool) ([]proto.Supersession, error) {
	if storyID == "" || dispatchID == "" {
		return nil, errors.New("tolls: story and dispatch ids are required")
	}
	var tollLeads map[string]*series
	if !retraction {
		// Most dispatches state no toll, and a timeline only changes with one:
		// skip the round trips to the bucket (two per dispatch otherwise).
		if tollLeads = leads(figures); len(tollLeads) == 0 {
			return nil, nil
		}
	}
	sk := storyKeyOf(storyID)
	key := "t." + hex.EncodeToString(sk[:])
	var out []proto.Supersession
	apply := func(old []byte) ([]byte, bool, error) {
		var st state
		if old != nil {
			if err := json.Unmarshal(old, &st); err != nil {
				return nil, false, fmt.Errorf("decoding the timeline of story %s: %w", storyID, err)
			}
		}
		var changed bool
		if retraction {
			out, changed = st.retract(dispatchID)
		} else {
			out, changed = st.record(dispatchID, tollLeads)
		}
		if !changed {
			return nil, false, nil
		}
		b, err := json.Marshal(&st)
		return b, true, err
	}
	if !t.wroteLately(sk) {
		// Most stories are new to the bucket: create the timeline straight
		// away, one round trip instead of a read and a write. An empty
		// timeline always changes (see record and retract).
		b, _, err := apply(nil)
		if err == nil {
			_, err = t.store.Create(ctx, key, b)
		}
		if err == nil {
			t.rememberWrite(sk)
			return out, nil
		}
		if !errors.Is(err, versioned.ErrExists) {
			return nil, fmt.Errorf("tolls: recording %s in story %s: %w", dispatchID, storyID, err)
		}
	}
	out = nil
	if _, err := versioned.Mutate(ctx, t.store, key, casAttempts, apply); err != nil {
		return nil, fmt.Errorf("tolls: recording %s in story %s: %w", dispatchID, storyID, err)
	}
	t.rememberWrite(sk)
	return out, nil
}

// Current returns the story's current tolls, sorted by kind, group and period.
func (t *Timeline) Current(ctx context.Context, storyID string) ([]proto.Figure, error) {
	b, _, err := t.store.Get(ctx, "t."+hashKey(storyID))
	if errors.Is(err, versioned.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("tolls: reading story %s: %w", storyID, err)
	}
	var st state
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("tolls: decoding story %s: %w", storyID, err)
	}
	var out []proto.Figure
	for _, k := range sortedKeys(st.Series) {
		out = append(out, st.Series[k].current())
	}
	return out, nil
}

func (s *series) current() proto.Figure {
	p := s.Points[len(s.Points)-1]
	return proto.Figure{Kind: s.Kind, Group: s.Group, Period: s.Period, Low: p.Low, High: p.High}
}

func (st *state) retract(dispatchID string) ([]proto.Supersession, bool) {
	if st.RetractedBy == dispatchID && len(st.Series) == 0 {
		return st.withdrawn(), false
	}
	st.Withdrawn, st.WithdrawnBy = nil, nil
	for _, k := range sortedKeys(st.Series) {
		s := st.Series[k]
		st.Withdrawn = append(st.Withdrawn, s.current())
		st.WithdrawnBy = append(st.WithdrawnBy, s.Points[len(s.Points)-1].Dispatch)
	}
	st.Series, st.RetractedBy = nil, dispatchID
	return st.withdrawn(), true
}

func (st *state) withdrawn() []proto.Supersession {
	var out []proto.Supersession
	for i, f := range st.Withdrawn {
		out = append(out, proto.Supersession{DispatchID: st.WithdrawnBy[i], Kind: f.Kind, Low: f.Low, High: f.High})
	}
	return out
}

func (st *state) record(dispatchID string, leads map[string]*series) ([]proto.Supersession, bool) {
	var out []proto.Supersession
	changed := false
	if st.Series == nil {
		st.Series = map[string]*series{}
	}
	for _, k := range sortedKeys(leads) {
		nt := leads[k]
		s := st.Series[k]
		if s == nil {
			if len(st.Series) >= maxTollsPerStory {
				continue
			}
			s = &series{Kind: nt.Kind, Group: nt.Group, Period: nt.Period}
			st.Series[k] = s
		}
		i := s.find(dispatchID)
		if i < 0 {
			p := nt.Points[0]
			p.Dispatch = dispatchID
			s.Points = append(s.Points, p)
			if len(s.Points) > maxPointsPerToll {
				s.Points = append(s.Points[:0], s.Points[len(s.Points)-maxPointsPerToll:]...)
			}
			i = len(s.Points) - 1
			changed = true
		}
		if i > 0 && !sameBounds(s.Points[i-1], s.Points[i]) {
			// Name the dispatch that first gave the superseded value, not its restatements.
			j := i - 1
			for j > 0 && sameBounds(s.Points[j-1], s.Points[j]) {
				j--
			}
			prev, cur := s.Points[j], s.Points[i]
			out = append(out, proto.Supersession{DispatchID: prev.Dispatch, Kind: s.Kind, Low: prev.Low, High: prev.High, NewLow: cur.Low, NewHigh: cur.High})
		}
	}
	if changed {
		st.RetractedBy, st.Withdrawn, st.WithdrawnBy = "", nil, nil
	}
	return out, changed
}

func (s *series) find(dispatchID string) int {
	for i := range s.Points {
		if s.Points[i].Dispatch == dispatchID {
			return i
		}
	}
	return -1
}

// leads picks the lead figure of each toll key: figures that are part of
// another ("dont 243 combattants") are details of a toll, not tolls.
func leads(figures []proto.Figure) map[string]*series {
	if len(figures) > maxFigures {
		figures = figures[:maxFigures]
	}
	idx := make([]int, 0, len(figures))
	for i := range figures {
		if figures[i].PartOf == nil && figures[i].Kind != "" && (figures[i].Low != nil || figures[i].High != nil) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil
	}
	// Text order: a dispatch states its toll first, in the lede.
	sort.SliceStable(idx, func(a, b int) bool { return figures[idx[a]].Start < figures[idx[b]].Start })
	out := map[string]*series{}
	for _, i := range idx {
		f := &figures[i]
		s := &series{Kind: label(f.Kind), Group: groupClass(f.Group), Period: label(f.Period), Points: []point{{Low: f.Low, High: f.High}}}
		k := s.Kind + "|" + s.Group + "|" + s.Period
		if _, ok := out[k]; !ok {
			out[k] = s
		}
	}
	return out
}

// genericGroups are group labels that name no particular group, so that
// "40 personnes" and "52 morts" are the same toll.
var genericGroups = map[string]bool{
	"": true, "people": true, "persons": true, "person": true, "personnes": true, "personne": true,
	"victims": true, "victimes": true, "individuals": true, "dead": true, "morts": true,
}

func groupClass(g string) string {
	g = label(g)
	if genericGroups[g] {
		return ""
	}
	return g
}

// label folds free text from the extractor into a bounded comparable form.
func label(s string) string {
	s = fold.String(s)
	if len(s) > maxLabelBytes {
		s = s[:maxLabelBytes]
	}
	return s
}

func sameBounds(a, b point) bool { return eq(a.Low, b.Low) && eq(a.High, b.High) }

func eq(a, b *int64) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// hashKey turns a story id into a store key token.
func hashKey(id string) string {
	k := storyKeyOf(id)
	return hex.EncodeToString(k[:])
}

func storyKeyOf(id string) storyKey {
	h := sha256.Sum256([]byte(id))
	return storyKey(h[:12])
}
