package langid

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/abadojack/whatlanggo"
)

// profiles.txt holds whatlanggo's trigram profiles (see gen_profiles.go):
// one line per language, "script<TAB>iso639-3<TAB>trigram|trigram|...",
// trigrams by decreasing frequency.
//
//go:generate go run gen_profiles.go
//go:embed profiles.txt
var profilesData string

// Scoring constants, as whatlanggo defines them.
const (
	maxTrigramDistance = 300
	maxTotalDistance   = 90000
)

// posting says that a trigram has a rank in a language's profile.
type posting struct {
	lang int32 // index into profileSet.langs
	rank int32
}

// profileSet is the inverted index of one script's profiles. whatlanggo
// measures each language's distance to a text by walking its 300 trigrams;
// walking the text's trigrams once through this index gives the same
// distances for every language at once, an order of magnitude faster.
type profileSet struct {
	langs []whatlanggo.Lang
	sizes []int
	index map[string][]posting
}

var (
	profilesOnce sync.Once
	profiles     map[*unicode.RangeTable]*profileSet
)

var scriptTables = map[string]*unicode.RangeTable{
	"latin": unicode.Latin, "cyrillic": unicode.Cyrillic, "arabic": unicode.Arabic,
	"devanagari": unicode.Devanagari, "ethiopic": unicode.Ethiopic, "hebrew": unicode.Hebrew,
}

func loadProfiles() {
	profiles = map[*unicode.RangeTable]*profileSet{}
	for _, line := range strings.Split(strings.TrimSpace(profilesData), "\n") {
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 {
			panic("langid: malformed profiles.txt line: " + line) // embedded data, checked by tests
		}
		table := scriptTables[parts[0]]
		lang := whatlanggo.CodeToLang(parts[1])
		if table == nil || lang < 0 {
			panic("langid: unknown script or language in profiles.txt: " + parts[0] + " " + parts[1])
		}
		ps := profiles[table]
		if ps == nil {
			ps = &profileSet{index: map[string][]posting{}}
			profiles[table] = ps
		}
		li := int32(len(ps.langs))
		tris := strings.Split(parts[2], "|")
		ps.langs = append(ps.langs, lang)
		ps.sizes = append(ps.sizes, len(tris))
		for rank, tg := range tris {
			ps.index[tg] = append(ps.index[tg], posting{lang: li, rank: int32(rank)})
		}
	}
}

// detect is whatlanggo.DetectWithOptions with the inverted index, and with
// ties between languages broken by language code instead of map order, so
// that the same text always gets the same answer. allow, if not nil,
// restricts the candidates.
func detect(text string, allow map[whatlanggo.Lang]bool) (whatlanggo.Lang, float64) {
	script := detectScript(text)
	if script == nil {
		return -1, 0
	}
	profilesOnce.Do(loadProfiles)
	ps := profiles[script]
	if ps == nil {
		// Scripts with a single language (Han, Hangul, Greek...): no profiles.
		info := whatlanggo.DetectWithOptions(text, whatlanggo.Options{Whitelist: allow})
		return info.Lang, info.Confidence
	}
	positions := trigramPositions(text)
	acc := make([]int, len(ps.langs))
	for tg, pos := range positions {
		for _, p := range ps.index[tg] {
			d := pos - int(p.rank)
			if d < 0 {
				d = -d
			}
			acc[p.lang] += maxTrigramDistance - d
		}
	}
	type cand struct {
		lang whatlanggo.Lang
		dist int
	}
	cands := make([]cand, 0, len(ps.langs))
	for i, lang := range ps.langs {
		if allow != nil && !allow[lang] {
			continue
		}
		cands = append(cands, cand{lang, maxTrigramDistance*ps.sizes[i] - acc[i]})
	}
	switch len(cands) {
	case 0:
		return -1, 0
	case 1:
		return cands[0].lang, 1
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return int(a.lang) - int(b.lang)
	})
	return cands[0].lang, confidence(cands[0].dist, cands[1].dist, len(positions))
}

// detectScript is whatlanggo.DetectScript with a fast path for the common
// case, text whose letters are all Latin (ASCII up to Latin Extended-B),
// where it gives the same answer without testing two dozen Unicode tables
// per character.
func detectScript(text string) *unicode.RangeTable {
	latin := 0
	for _, r := range text {
		switch {
		case r < 0x80:
			if r|0x20 >= 'a' && r|0x20 <= 'z' {
				latin++
			}
		case r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7:
			latin++
		case unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsDigit(r):
		default:
			return whatlanggo.DetectScript(text)
		}
	}
	if latin == 0 {
		return whatlanggo.DetectScript(text)
	}
	return unicode.Latin
}

// confidence is whatlanggo's: how far the best language's score is ahead of
// the runner-up's, relative to what a text of this many trigrams allows.
func confidence(dist1, dist2, trigrams int) float64 {
	score1 := maxTotalDistance - dist1
	score2 := maxTotalDistance - dist2
	switch {
	case score1 <= 0:
		return 0
	case score2 <= 0:
		return min(float64(score1)/500.0, 1)
	}
	rate := float64(score1-score2) / float64(score2)
	confidentRate := 12.0/float64(trigrams) + 0.05
	if rate > confidentRate {
		return 1
	}
	return rate / confidentRate
}

// trigramPositions counts the text's trigrams as whatlanggo does (lower case,
// punctuation, symbols and digits as spaces, no trigram of two spaces or
// centred on a word boundary) and ranks them by decreasing count, ties by
// decreasing byte order.
func trigramPositions(text string) map[string]int {
	runes := make([]rune, 0, len(text)+1)
	for _, r := range text {
		if unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsDigit(r) {
			r = ' '
		}
		runes = append(runes, unicode.ToLower(r))
	}
	runes = append(runes, ' ')
	counts := make(map[string]int, len(runes))
	r1, r2 := ' ', runes[0]
	var buf [3 * 4]byte
	for _, r3 := range runes[1:] {
		if !(r2 == ' ' && (r1 == ' ' || r3 == ' ')) {
			b := buf[:0]
			for _, r := range [3]rune{r1, r2, r3} {
				b = appendRune(b, r)
			}
			counts[string(b)]++
		}
		r1, r2 = r2, r3
	}
	type tc struct {
		tg string
		n  int
	}
	list := make([]tc, 0, len(counts))
	for tg, n := range counts {
		list = append(list, tc{tg, n})
	}
	slices.SortFunc(list, func(a, b tc) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return strings.Compare(b.tg, a.tg)
	})
	pos := make(map[string]int, len(list))
	for i, t := range list {
		pos[t.tg] = i
	}
	return pos
}

func appendRune(b []byte, r rune) []byte {
	if r < 0x80 {
		return append(b, byte(r))
	}
	return append(b, string(r)...)
}
