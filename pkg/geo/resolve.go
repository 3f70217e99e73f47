package geo

import (
	"math"
	"slices"
	"strings"

	"github.com/newswire/newswire/proto"
)

// Mention is a place name as a text writes it, at byte offsets [Start, End).
type Mention struct {
	Text       string
	Start, End int
}

// Context is what a dispatch says about where it is, besides its place names.
type Context struct {
	// Country is the dispatch's own country (its dateline's), if known.
	Country string
	// Hints weighs other countries the dispatch refers to, for instance by
	// nationality adjectives ("le président syrien"); 1 per reference.
	Hints map[string]float64
}

// Scoring weights. A country name almost always means the country; a division
// means itself over a small homonymous town; among cities, the more populous
// wins unless the dispatch is about another of the candidates' countries. The
// weights are in units of a tenfold population difference.
const (
	countryBase   = 8.0
	admin1Base    = 4.5 // ranks a division with a city of ~30,000
	capitalBonus  = 1.5
	primaryBonus  = 1.5
	datelineBonus = 3.0
	mentionBonus  = 1.5 // per other place of the dispatch in the country, at most two
	hintBonus     = 0.75
	qualifyBonus  = 6.0 // "Paris, Texas", "Tripoli (Liban)"
	// A city known to the text only by a foreign or historical name needs to be
	// this populous, or in a country of the dispatch, to be believed; a
	// division so known ("Nord" for Haiti's), to be in a country of the dispatch.
	minAlternatePop = 50000
)

// Resolve picks the entry each mention denotes, seen together: places of
// the same dispatch share countries, and "X, Y" or "X (Y)" qualifies X by Y.
// text is the text the mentions' offsets point into. Mentions no entry fits
// are dropped; the result keeps the mentions' order.
func (g *Gazetteer) Resolve(text string, ms []Mention, ctx Context) []proto.Place {
	out, _ := g.resolve(ms, ctx, func(i int) bool { return qualifies(text, ms[i], ms[i+1]) }, len(ms))
	return out
}

// ResolvePair is Resolve of the text first+"\n"+second, with the mentions
// of both (firstMs, then secondMs; each with offsets into its own text),
// without joining the texts: a headline and a body resolved together. The
// places come back apart, with offsets into their own texts.
func (g *Gazetteer) ResolvePair(first string, firstMs []Mention, second string, secondMs []Mention, ctx Context) (firstPlaces, secondPlaces []proto.Place) {
	var buf [16]Mention
	ms := append(append(buf[:0], firstMs...), secondMs...)
	n := len(firstMs)
	out, split := g.resolve(ms, ctx, func(i int) bool {
		switch {
		case i+1 < n:
			return qualifies(first, ms[i], ms[i+1])
		case i >= n:
			return qualifies(second, ms[i], ms[i+1])
		}
		// Across the join: TrimSpace(first[end:] + "\n" + second[:start]) is
		// one of the halves trimmed when the other is all space, else longer
		// than a separator.
		tail, head := strings.TrimSpace(first[min(ms[i].End, len(first)):]), strings.TrimSpace(second[:min(ms[i+1].Start, len(second))])
		switch {
		case tail == "":
			return head == "," || head == "("
		case head == "":
			return tail == "," || tail == "("
		}
		return false
	}, n)
	return out[:split:split], out[split:]
}

// qualifies reports whether only a comma or an opening parenthesis
// separates m from next in text: "Paris, Texas", "Tripoli (Liban)".
func qualifies(text string, m, next Mention) bool {
	if m.End > next.Start || next.Start > len(text) {
		return false
	}
	sep := strings.TrimSpace(text[m.End:next.Start])
	return sep == "," || sep == "("
}

// resolve is Resolve, with qualified(i) saying whether mention i+1 may
// qualify mention i by what separates them. It also returns how many of the
// places come from the mentions before index split.
func (g *Gazetteer) resolve(ms []Mention, ctx Context, qualified func(i int) bool, split int) ([]proto.Place, int) {
	// On the stack for the few mentions of most texts.
	var refsBuf [16]span
	var firstBuf [16]*Entry
	refs := refsBuf[:0]   // of each name's candidates; none if it is unknown
	first := firstBuf[:0] // each name's entry on the first pass, nil if none
	if len(ms) > len(refsBuf) {
		refs, first = make([]span, 0, len(ms)), make([]*Entry, 0, len(ms))
	}
	for _, m := range ms {
		var buf [keyBuffer]byte
		sp, _ := g.findFolded(appendFold(buf[:0], m.Text))
		best, _, ok := g.pick(sp, ctx, nil, nil)
		if !ok {
			best = nil
		}
		refs, first = append(refs, sp), append(first, best)
	}
	// Second pass: the countries the other places of the dispatch fell in on
	// the first pass vote for their homonyms. A name counts once however often
	// it is repeated, so that one repeated ambiguous name does not vote for
	// itself. A name's first-pass entry depends on its candidates alone (the
	// same for every mention of it), so each name votes for one country: the
	// votes are the distinct names per country, and a name's own vote is for
	// its first-pass country.
	var votesBuf [8]countryVotes
	votes := votesBuf[:0]
	var seen map[uint32]bool // names already counted, once there are many mentions
	if len(ms) > len(refsBuf) {
		seen = make(map[uint32]bool, len(ms))
	}
	for i, e := range first {
		if e == nil {
			continue
		}
		// Distinct names have distinct candidate offsets.
		if seen != nil {
			if seen[refs[i].off] {
				continue
			}
			seen[refs[i].off] = true
		} else if slices.ContainsFunc(refs[:i], func(r span) bool { return r.off == refs[i].off }) {
			continue
		}
		votes = addVote(votes, e.Country())
	}
	out := make([]proto.Place, 0, len(ms))
	placesBefore := 0
	for i, m := range ms {
		if i == split {
			placesBefore = len(out)
		}
		var qualifier *Entry
		if i+1 < len(ms) && first[i+1] != nil && first[i+1].Kind != City && qualified(i) {
			qualifier = first[i+1]
		}
		own := first[i]
		best, _, ok := g.pick(refs[i], ctx, func(cc string) int {
			n := votesFor(votes, cc)
			if own != nil && own.Country() == cc {
				n--
			}
			return n
		}, qualifier)
		if !ok {
			continue
		}
		out = append(out, g.place(best, m))
	}
	if split >= len(ms) {
		placesBefore = len(out)
	}
	return out, placesBefore
}

// pick returns the best of the candidates refs points to, and its score; ok
// is false when none is credible.
func (g *Gazetteer) pick(refs span, ctx Context, others func(cc string) int, qualifier *Entry) (*Entry, float64, bool) {
	var best *Entry
	bestScore := math.Inf(-1)
	for _, r := range g.refs[refs.off : refs.off+refs.n] {
		c := Candidate{&g.entries[r.entry], r.primary}
		s := 0.0
		inContext := false
		switch c.Kind {
		case Country:
			s = countryBase
		case Admin1:
			s = admin1Base
		default:
			s = math.Log10(float64(c.Population) + 10)
			if c.Capital {
				s += capitalBonus
			}
		}
		if c.Primary {
			s += primaryBonus
		}
		if ctx.Country != "" && c.Country() == ctx.Country {
			s += datelineBonus
			inContext = true
		}
		if h := ctx.Hints[c.Country()]; h > 0 {
			s += hintBonus * math.Min(h, 2)
			inContext = true
		}
		if others != nil {
			if n := others(c.Country()); n > 0 {
				s += mentionBonus * math.Min(float64(n), 2)
				inContext = true
			}
		}
		if qualifier != nil && c.Entry != qualifier && c.country == qualifier.country &&
			(qualifier.Kind == Country || g.text(qualifier.admin1) == g.text(c.admin1)) {
			s += qualifyBonus
		}
		if !c.Primary && !inContext && (c.Kind == Admin1 || c.Population < minAlternatePop) {
			continue
		}
		// Ties go to the lower geonameid, so results do not depend on map order.
		if s > bestScore || (s == bestScore && best != nil && c.ID < best.ID) {
			best, bestScore = c.Entry, s
		}
	}
	return best, bestScore, best != nil
}

func (g *Gazetteer) place(e *Entry, m Mention) proto.Place {
	p := proto.Place{
		Name:       m.Text,
		Canonical:  g.Name(e),
		Country:    e.Country(),
		Lat:        round(float64(e.Lat)),
		Lon:        round(float64(e.Lon)),
		Feature:    e.Kind.String(),
		Start:      int64(m.Start),
		End:        int64(m.End),
		GeonamesID: e.ID,
	}
	if e.Kind != Country {
		p.Admin1 = g.Admin1Name(e.Country(), g.text(e.admin1))
	}
	return p
}

// round drops the float32 noise of the stored coordinates (5 decimals ≈ 1 m).
func round(v float64) float64 { return math.Round(v*1e5) / 1e5 }

// SalientCountry is the country a dispatch is most about, from its resolved
// places: each counts once per mention, more near the start (headline, lede),
// where a wire story says where it happens. textLen is the length of the text
// the places' offsets point into. It returns "" when there are no places.
func SalientCountry(places []proto.Place, textLen int, hints map[string]float64) string {
	return SalientCountryOfPair(places, nil, 0, textLen, hints)
}

// SalientCountryOfPair is SalientCountry of first's places, then second's
// with their offsets moved by secondOffset: a headline's and a body's,
// without copying them into one list.
func SalientCountryOfPair(first, second []proto.Place, secondOffset, textLen int, hints map[string]float64) string {
	// A dispatch's places fall in a few countries: a short list on the stack
	// instead of a map, and the best picked instead of sorted.
	var buf [16]countryScore
	scores := buf[:0]
	weight := func(start int64) float64 {
		w := 1.0
		if textLen > 0 {
			w += 1 - math.Min(float64(start)/float64(textLen), 1)
		}
		return w
	}
	for _, p := range first {
		scores = addScore(scores, p.Country, weight(p.Start))
	}
	for _, p := range second {
		scores = addScore(scores, p.Country, weight(p.Start+int64(secondOffset)))
	}
	for cc, h := range hints {
		scores = addScore(scores, cc, 0.5*h)
	}
	if len(scores) == 0 {
		return ""
	}
	// The highest score; between equal ones, the first country in order.
	best := scores[0]
	for _, s := range scores[1:] {
		if s.score > best.score || s.score == best.score && s.country < best.country {
			best = s
		}
	}
	return best.country
}

// countryScore is a country's score in SalientCountry.
type countryScore struct {
	country string
	score   float64
}

// addScore adds w to cc's score, in the order the scores are added (a
// float sum depends on it).
func addScore(scores []countryScore, cc string, w float64) []countryScore {
	for k := range scores {
		if scores[k].country == cc {
			scores[k].score += w
			return scores
		}
	}
	return append(scores, countryScore{cc, w})
}

// countryVotes is how many names vote for a country. A dispatch's places
// fall in a few countries: a short list, on the stack, holds the votes.
type countryVotes struct {
	country string
	n       int
}

func addVote(votes []countryVotes, cc string) []countryVotes {
	for k := range votes {
		if votes[k].country == cc {
			votes[k].n++
			return votes
		}
	}
	return append(votes, countryVotes{cc, 1})
}

func votesFor(votes []countryVotes, cc string) int {
	for _, v := range votes {
		if v.country == cc {
			return v.n
		}
	}
	return 0
}
