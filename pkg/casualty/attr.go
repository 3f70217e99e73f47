package casualty

import (
	"strings"

	"github.com/newswire/newswire/pkg/casualty/quantity"
	"github.com/newswire/newswire/proto"
)

// Attributes are read from the figure's own sentence only: a cause, place,
// period or source two sentences away is as likely to belong to another event.

var causeNouns = set(`attack attacks attaque attaques attentat attentats raid raids frappe frappes strike strikes airstrike
airstrikes bombardement bombardements bombing bombings bombardment shelling explosion explosions blast blasts bomb bombe
shooting shootings fusillade clash clashes affrontements affrontement heurts combats fighting crash accident accidents
collision fire incendie incendies flood floods flooding inondations inondation earthquake séisme tremblement storm storms
tempête cyclone ouragan hurricane typhoon typhon avalanche avalanches landslide landslides glissement stampede bousculade
covid-19 covid coronavirus épidémie epidemic pandemic pandémie violence violences émeutes riots riot ambush embuscade
tornado tornade intempéries naufrage shipwreck capsizing déraillement derailment eruption éruption canicule heatwave
drought sécheresse famine cholera choléra ebola massacre tuerie carnage bousculade offensive offensives assault assaut
terrorisme gunfire tirs`)

var sourceIntros = set(`selon according d'après citing`)

var saidVerbs = set(`said says told reported announced confirmed stated added`)

var frSaidVerbs = set(`indiqué annoncé précisé affirmé déclaré rapporté ajouté expliqué souligné confirmé indique annonce
précise affirme déclare rapporte ajoute explique`)

var placeIntros = set(`in at near à dans au aux en près`)

var placeNouns = set(`province provinces région régions region regions ville villes city town village villages district
districts state états état department département département commune localité locality area zone quartier
county comté`)

var periodUnits = set(`semaines semaine weeks week jours jour days day mois months month heures heure hours hour ans années
years year décennies decades minutes`)

// attrReach bounds how far from its figure an attribute is looked for, which
// also keeps a long unpunctuated text from making this quadratic.
const attrReach = 40

func (st *state) attributes(c *cand, f *proto.Figure) {
	s0, s1 := max(c.s0, c.q.Start-attrReach), min(c.s1, c.q.End+attrReach)
	f.Cause = st.cause(c, s0, s1)
	f.Location = st.location(c, s0, s1)
	f.Period = st.period(c, s0, s1)
	f.Source = st.source(s0, s1)
}

func (st *state) span(a, b int) string {
	if a >= b {
		return ""
	}
	return st.text[st.toks[a].Start:st.toks[b-1].End]
}

// nearest returns the token index in [s0,s1) closest to the figure for which ok holds.
func (st *state) nearest(c *cand, s0, s1 int, ok func(int) bool) int {
	for d := 1; d < s1-s0; d++ {
		if k := c.q.End - 1 + d; k < s1 && ok(k) {
			return k
		}
		if k := c.q.Start - d; k >= s0 && ok(k) {
			return k
		}
	}
	return -1
}

func (st *state) cause(c *cand, s0, s1 int) string {
	k := st.nearest(c, s0, s1, func(k int) bool { return causeNouns.has(st.toks[k].Norm) })
	if k < 0 {
		return ""
	}
	end := k + 1
	// French adjectives follow their noun: "raids aériens", "attaque terroriste"
	if end < s1 && st.lang&quantity.FR != 0 && st.toks[end].Kind == quantity.Word && !st.toks[end].Upper && adjectiveLike(st.norm(end)) {
		end++
	}
	return st.span(k, end)
}

// capitalised runs "Hama, Alep et Lattaquié" after "in"/"dans (la province de)".
func (st *state) location(c *cand, s0, s1 int) string {
	best := ""
	bestDist := 1 << 30
	for k := s0; k < s1; k++ {
		if !placeIntros.has(st.toks[k].Norm) {
			continue
		}
		j := k + 1
		if j < s1 && determiners.has(st.norm(j)) {
			j++
		}
		if j+1 < s1 && placeNouns.has(st.norm(j)) && ofWords.has(st.norm(j+1)) {
			j += 2
		}
		start := j
		end := j
		for end < s1 {
			t := &st.toks[end]
			if t.Kind == quantity.Word && t.Upper && !months.has(t.Norm) && !timeWords.has(t.Norm) {
				end++
				continue
			}
			if end > start && (t.Norm == "," || t.Norm == "et" || t.Norm == "and" || t.Norm == "-") && end+1 < s1 && st.toks[end+1].Upper {
				end++
				continue
			}
			break
		}
		if end == start || end-start > 12 {
			continue
		}
		d := start - c.q.End
		if d < 0 {
			d = c.q.Start - end + 4 // prefer places after the figure
		}
		if d < bestDist {
			best, bestDist = st.span(start, end), d
		}
	}
	return best
}

// period: "en trois semaines", "in two weeks", "au cours des 24 dernières heures", "since 2011".
func (st *state) period(c *cand, s0, s1 int) string {
	p := quantity.Parser{Lang: st.lang}
	for k := s0; k < s1; k++ {
		w := st.toks[k].Norm
		switch w {
		case "en", "in", "over", "within", "during", "pendant", "durant":
			j := k + 1
			if j < s1 && (st.norm(j) == "the" || st.norm(j) == "les") {
				j++
			}
			if st.norm(j) == "past" || st.norm(j) == "last" || st.norm(j) == "derniers" {
				j++
			}
			q, ok := p.Parse(st.toks[:s1], j)
			if ok && q.End < s1 && periodUnits.has(st.norm(q.End)) && j != c.q.Start {
				return st.span(j, q.End+1)
			}
		case "since", "depuis":
			end := k + 1
			for end < s1 && end < k+6 && st.toks[end].Kind != quantity.Punct {
				end++
			}
			if end > k+1 {
				return st.span(k, end)
			}
		}
	}
	return ""
}

// source: "selon l'OSDH", "according to police", "police said", "a indiqué la préfecture".
func (st *state) source(s0, s1 int) string {
	toks := st.toks
	for k := s0; k < s1; k++ {
		w := toks[k].Norm
		start := -1
		switch {
		case sourceIntros.has(w) || w == "d" && st.norm(k+1) == "après":
			start = k + 1
			if w == "according" && st.norm(k+1) == "to" || w == "d" {
				start = k + 2
			}
		case frSaidVerbs.has(w) && k > s0 && (avoirForms.has(st.norm(k-1)) || st.norm(k-1) == "-t-il"):
			start = k + 1
		}
		if start >= 0 {
			return st.npAt(start, s1)
		}
		if saidVerbs.has(w) && k > s0 {
			// "police said", "the health ministry said"
			e := k
			b := e
			for b > s0 && b > e-4 && toks[b-1].Kind == quantity.Word && !determiners.has(st.norm(b-1)) && !auxiliaries.has(st.norm(b-1)) && !prepositions.has(st.norm(b-1)) {
				b--
			}
			if b < e {
				return st.span(b, e)
			}
			if e+1 < s1 {
				return st.npAt(e+1, s1)
			}
		}
	}
	return ""
}

// npAt reads a short noun phrase (a source's name) at token i; a bracketed
// acronym right after it is preferred: "l'Observatoire syrien ... (OSDH)" → "OSDH".
func (st *state) npAt(i, s1 int) string {
	toks := st.toks
	for i < s1 && (determiners.has(st.norm(i)) || toks[i].Elided) {
		i++
	}
	end := i
	for end < s1 && end < i+9 {
		t := &toks[end]
		if t.Kind == quantity.Punct && t.Norm != "-" && t.Norm != "'" && t.Norm != "’" {
			break
		}
		end++
	}
	if end < s1 && toks[end].Norm == "(" && end+2 < s1 && toks[end+2].Norm == ")" && toks[end+1].AllCaps {
		return st.span(end+1, end+2)
	}
	return st.span(i, end)
}

func adjectiveLike(w string) bool {
	for _, suf := range []string{"ien", "iens", "ienne", "iennes", "aire", "aires", "ique", "iques", "al", "aux", "ale", "ales", "if", "ifs", "ive", "ives", "ier", "iers", "ière", "ières", "eux", "euse", "euses", "ain", "ains", "aine", "aines", "ais", "aise", "aises", "ois", "oise", "oises"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}
