package story

import (
	"bufio"
	"context"
	"encoding/json"
	"github.com/newswire/newswire/pkg/sharedtest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/newswire/newswire/proto"
)

// feedRecord is one line of corpus/feed/orangesum_fr.jsonl.
type feedRecord struct {
	ID    string `json:"id"`
	Lang  string `json:"lang"`
	Date  string `json:"date"`
	Title string `json:"title"`
	Lede  string `json:"lede"`
	Body  string `json:"body"`
}

// feedCache keeps the parsed feed between tests: it is 18 MB of JSON.
var feedCache struct {
	sync.Mutex
	recs   []feedRecord
	groups [][]string
}

func loadFeed(t testing.TB) ([]feedRecord, [][]string) {
	t.Helper()
	feedCache.Lock()
	defer feedCache.Unlock()
	if feedCache.recs == nil {
		feedCache.recs, feedCache.groups = readFeed(t)
	}
	return feedCache.recs, feedCache.groups
}

func readFeed(t testing.TB) ([]feedRecord, [][]string) {
	t.Helper()
	feedDir := filepath.Join(sharedtest.Dir(t), "corpus", "feed")
	f, err := os.Open(filepath.Join(feedDir, "orangesum_fr.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []feedRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var r feedRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("feed line %d: %v", len(recs)+1, err)
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// A wire delivers in time order; the file is not sorted.
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Date < recs[j].Date })
	raw, err := os.ReadFile(filepath.Join(feedDir, "orangesum_duplicates.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var groups [][]string
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		groups = append(groups, strings.Split(strings.TrimSpace(line), ","))
	}
	return recs, groups
}

func (r *feedRecord) dispatch() *proto.ParsedDispatch {
	return &proto.ParsedDispatch{ID: r.ID, Source: "orangesum", Language: r.Lang, Headline: r.Title, BodyText: r.Lede + "\n" + r.Body}
}

type feedScore struct {
	groups, joined     int
	unrelated, wrongly int
	dispatches         int
}

// scoreFeed assigns every record of the feed (about 8,000, a second or two)
// and scores the result against the gold groups.
func scoreFeed(t *testing.T, cfg Config) feedScore {
	t.Helper()
	recs, groups := loadFeed(t)
	inGroup := map[string]bool{}
	for _, g := range groups {
		for _, id := range g {
			inGroup[id] = true
		}
	}
	a, err := NewAssigner(cfg, len(recs))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	storyOf := map[string]string{}
	size := map[string]int{}
	for _, r := range recs {
		s, _, err := a.Assign(ctx, r.dispatch())
		if err != nil {
			t.Fatalf("Assign(%s): %v", r.ID, err)
		}
		storyOf[r.ID] = s
		size[s]++
	}
	var sc feedScore
	sc.dispatches = len(storyOf)
	for _, g := range groups {
		sc.groups++
		joined := true
		for _, id := range g[1:] {
			if storyOf[id] == "" || storyOf[id] != storyOf[g[0]] {
				joined = false
			}
		}
		if joined {
			sc.joined++
		} else {
			t.Logf("group not joined: %v", g)
		}
	}
	for id, s := range storyOf {
		if inGroup[id] {
			continue
		}
		sc.unrelated++
		if size[s] > 1 {
			sc.wrongly++
		}
	}
	return sc
}

// TestFeedStories measures story assignment against the duplicate groups the
// OrangeSum authors found, mixed with the rest of the feed. A dispatch
// outside every group counts as wrongly joined when it shares its story with
// any other dispatch, even though the authors' list is not exhaustive (the
// feed holds unlisted re-sends), so this rate is an upper bound.
func TestFeedStories(t *testing.T) {
	sc := scoreFeed(t, DefaultConfig())
	joined := float64(sc.joined) / float64(sc.groups)
	wrong := float64(sc.wrongly) / float64(sc.unrelated)
	t.Logf("%d dispatches: %d/%d groups joined (%.1f%%), %d/%d other dispatches joined to something (%.2f%%)",
		sc.dispatches, sc.joined, sc.groups, 100*joined, sc.wrongly, sc.unrelated, 100*wrong)
	if joined < 0.90 {
		t.Errorf("groups joined = %.1f%%, floor 90%%", 100*joined)
	}
	if wrong > 0.01 {
		t.Errorf("unrelated dispatches joined = %.2f%%, ceiling 1%%", 100*wrong)
	}
}

// TestFeedStoriesTextOnly reports what the text signatures achieve without
// the repeated-headline rule, so the rule's contribution stays visible.
func TestFeedStoriesTextOnly(t *testing.T) {
	cfg := DefaultConfig()
	cfg.HeadlineWords = 0
	sc := scoreFeed(t, cfg)
	t.Logf("text only: %d/%d groups joined, %d/%d other dispatches joined", sc.joined, sc.groups, sc.wrongly, sc.unrelated)
	// Re-sends with the same text must be found by the signatures alone.
	if sc.joined < sc.groups*3/4 {
		t.Errorf("text only: %d/%d groups joined, floor 75%%", sc.joined, sc.groups)
	}
}
