package casualty

import (
	"math/bits"
	"strings"

	"github.com/newswire/newswire/pkg/casualty/quantity"
)

// role says where a casualty word can stand relative to the quantity it counts.
type role uint16

const (
	// rAdj: after the quantity and its noun ("two policemen were killed",
	// "3 killed", "deux policiers blessés", "sont morts").
	rAdj role = 1 << iota
	// rHead: the noun counted, right after the quantity ("34 morts", "180 hurt", "3 otages").
	rHead
	// rTrans: a verb whose object is the quantity ("killed 5", "a tué 3", "tuant 2").
	rTrans
	// rNounOf: a noun taking "of"/"de" and the quantity ("death of", "la mort de").
	rNounOf
	// rActive: a form that is always active (kill, kills, tuant): a quantity
	// before it is the agent, not the victim.
	rActive
	// rParticiple: a past participle that is active after "avoir" (a tué) or
	// when an object follows (killed five), passive otherwise.
	rParticiple
	// rIllnessBlocked: not a figure in a sentence about a disease
	// (hospitalisés for Covid-19 are cases, not injuries).
	rIllnessBlocked
	// rPersonOnly: only with a noun known to be a person, or none; objects
	// go missing and buildings are evacuated too.
	rPersonOnly
	// rNeedsNoun: a form that is also a noun ("196 arrêtés ont été pris" are
	// decrees): it needs a person noun before it, a bare number will not do.
	rNeedsNoun
)

// phrase is a casualty word or expression.
type phrase struct {
	rest  []string // tokens after the first
	kind  string
	roles role
	langs quantity.Lang
}

var phrases = map[string][]phrase{}

// lexicon lines: "kind roles langs | phrase, phrase, ...". Roles: a=adj,
// h=head, t=trans, o=noun-of, v=active, p=participle, i=illness-blocked,
// P=person-only, N=needs a noun. Tokens of a phrase are separated by spaces, with elided
// words written "l'" → "l" (the tokenizer drops the apostrophe).
const lexiconSrc = `
killed ap en | killed, slain, murdered, executed, massacred, assassinated, beheaded, lynched
killed a en | among the dead, among those killed, dead, died, die, dies, perished, drowned, lost their lives, lost his life, lost her life, lost their life, shot dead, shot to death, stabbed to death, beaten to death, burnt to death, burned to death, hacked to death, crushed to death, found dead, killed outright, confirmed dead, declared dead, pronounced dead, were dead
killed h en | dead, deaths, fatalities, bodies, corpses, killed, death
killed tv en | kill, kills, killing, kiling, massacre, massacres, massacring, executes, executing, behead, beheads, beheading, slaughter, slaughters, slaughtering, slaughtered
killed o en | bodies of, death of, deaths of, killing of, killings of, murder of, murders of, suicide of, execution of, executions of, massacre of, lives of
killed a fr | poignardés à mort, poignardé à mort, poignardée à mort, poignardées à mort, battus à mort, battu à mort, frappés à mort, frappé à mort, lynchés, brûlés vifs, brûlé vif, morts noyés, parmi les morts, parmi les victimes, tué, tués, tuée, tuées, morts, mort, mortes, morte, décédé, décédés, décédée, décédées, ont péri, a péri, avaient péri, périssent, péri, ont perdu la vie, a perdu la vie, avaient perdu la vie, perdu la vie, perdent la vie, ont trouvé la mort, a trouvé la mort, trouvé la mort, assassinés, assassinées, exécutés, exécutées, noyés, noyées, meurent, sont morts, massacrés, abattus, abattues, retrouvés morts, retrouvées mortes, tués par balle, succombé, ont succombé, morts à la suite
killed p fr | tué, tués, tuée, tuées, assassiné, assassinés, exécuté, exécutés, massacré, massacrés, abattu, abattus, abattue, abattues
killed h fr | morts, mort, décès, tués, victimes mortelles, corps, cadavres, décédés
killed tv fr | tuant, tue, tuent, tuer, massacrant, faisant périr
killed o fr | corps de, corps des, mort de, décès de, la mort de, le décès de, assassinat de, assassinats de, meurtre de, meurtres de, suicide de, exécution de, exécutions de, la vie à, massacre de
killed a es | muertos, muertas, murieron, fallecieron, fallecidos, fallecidas, asesinados, asesinadas, perdieron la vida, han muerto, muerto, murió, fallecido
killed h es | muertos, muertes, fallecidos, víctimas mortales, cadáveres
killed tv es | mató, mataron, matando, matar, asesinaron
killed o es | muerte de
killed a de | getötet, tot, starben, gestorben, ums leben, kamen ums leben, ermordet, umgekommen
killed h de | tote, toten, todesopfer, leichen
killed tv de | tötete, töteten, tötet
killed a pt | mortos, mortas, morreram, morrem, morto, assassinados, perderam a vida, faleceram
killed h pt | mortos, mortes, vítimas fatais
killed tv pt | matou, mataram, matando
killed a it | morti, morte, uccisi, uccise, deceduti, hanno perso la vita, persero la vita, sono morti, sono morte, morirono, muoiono, ammazzati
killed h it | morti, decessi
killed tv it | uccidendo, uccise, ucciso

injured ap en | injured, wounded
injured a en | with gunshot wounds, with stab wounds, with injuries, with minor injuries, with serious injuries, with critical injuries, with life-threatening injuries, with non-life threatening injuries, with non-life-threatening injuries, treated for injuries, treated for their injuries, among the injured, among the wounded, hurt, injured, wounded, suffered injuries, sustained injuries, received injuries, suffered bullet injuries, sustained bullet injuries, received burn injuries, sustained burn injuries, received serious burn injuries, suffered serious injuries, sustained serious injuries, suffered minor injuries, sustained minor injuries, suffered burn injuries, suffered gunshot wounds, sustained gunshot wounds, suffered critical injuries, suffered wounds, sustained wounds, suffered burns, left injured, were hurt, critically injured, seriously injured, seriously wounded
injured ai en | hospitalised, hospitalized
injured h en | injured, wounded, hurt, injuries, casualties
injured tv en | injuring, wounding, injures, wounds, injure
injured a fr | parmi les blessés, blessé, blessés, blessée, blessées, ont perdu un oeil, ont perdu un œil, a perdu un oeil, a perdu un œil, perdu un oeil, perdu un œil, grièvement blessés, légèrement blessés, touchés par balle, atteints par balle
injured ai fr | hospitalisés, hospitalisées, hospitalisé, hospitalisée
injured p fr | blessé, blessés, blessée, blessées
injured h fr | blessés, blessé, blessées
injured tv fr | blessant, blesse, blessent, blesser
injured a es | heridos, heridas, herido, resultaron heridos, sufren heridas, sufrieron heridas, lesionados
injured h es | heridos, lesionados
injured tv es | hiriendo, hirió, hirieron
injured a de | verletzt, verwundet, schwer verletzt
injured h de | verletzte, verletzten, verwundete
injured a pt | feridos, feridas, ferido, ficaram feridos, ficaram feridas, ficam feridos
injured h pt | feridos
injured a it | feriti, ferite, ferito, rimangono feriti, sono rimasti feriti, sono rimaste ferite
injured h it | feriti

missing aP en | missing, disappeared, unaccounted for, reported missing, still missing, remain missing, went missing
missing hP en | missing
missing aP fr | manquent à l appel, disparus, disparues, disparu, disparue, portés disparus, portées disparues, porté disparu, portée disparue
missing hP fr | disparus, disparitions
missing aP es | desaparecidos, desaparecidas
missing hP es | desaparecidos
missing aP de | vermisst, verschwunden
missing hP de | vermisste, vermissten
missing aP pt | desaparecidos
missing hP pt | desaparecidos
missing aP it | dispersi, scomparsi
missing hP it | dispersi

displaced aP en | homeless, rendered homeless, displaced, fled, fleeing, have fled, had fled, fled their homes, forced from their homes, forced to flee, made homeless, left homeless, uprooted
displaced hP en | displaced, refugees fleeing
displaced pP en | displaced, uprooted
displaced tvP en | displacing
displaced aP fr | déplacés, déplacées, ont fui, fui, fuyaient, fuient, fuyant, ont dû fuir, poussés à l exode, jetés sur les routes, sans abri, sans-abri, chassés de chez eux
displaced hP fr | déplacés, sans-abri
displaced aP es | desplazados, desplazadas, huyeron, han huido
displaced hP es | desplazados
displaced aP de | vertrieben, geflohen, auf der flucht, flohen
displaced hP de | vertriebene
displaced aP pt | deslocados, deslocadas, desalojados, desalojadas, fugiram
displaced hP pt | deslocados, desalojados
displaced aP it | sfollati, sfollate
displaced hP it | sfollati

evacuated aP en | evacuated
evacuated pP en | evacuated
evacuated tvP en | evacuating
evacuated hP en | evacuations, evacuees
evacuated oP en | evacuation of
evacuated aP fr | évacués, évacuées, évacué, évacuée
evacuated tP fr | évacuer, évacuant
evacuated pP fr | évacué, évacués, évacuée, évacuées
evacuated hP fr | évacuations, évacués
evacuated oP fr | évacuation de, l évacuation de
evacuated aP es | evacuados, evacuadas
evacuated aP de | evakuiert, in sicherheit gebracht
evacuated aP pt | evacuados, retirados
evacuated aP it | evacuati, evacuate

arrested ap en | arrested, detained, apprehended
arrested a en | taken into custody, held for questioning, in custody, rounded up, under arrest, placed under arrest, nabbed
arrested h en | arrests
arrested tv en | arresting, arrest, arrests, detaining
arrested o en | arrest of, arrests of, detention of
arrested a fr | interpellés, interpellées, interpellé, interpellée, placés en garde à vue, placées en garde à vue, placé en garde à vue, en garde à vue, placés en détention, placés en détention provisoire, écroués, écrouées, appréhendés, mis en état d arrestation, gardés à vue
arrested p fr | interpellé, interpellés, arrêté, arrêtés, appréhendé
arrested aN fr | arrêtés, arrêtées, arrêté, arrêtée
arrested h fr | arrestations, interpellations, gardes à vue
arrested tv fr | arrêtant, interpellant, arrêter, interpeller
arrested o fr | arrestation de, interpellation de, l arrestation de, l interpellation de
arrested tv es | detuvo, detuvieron, arrestó, arrestaron
arrested a es | detenidos, detenidas, arrestados, arrestadas, capturados
arrested h es | detenidos, arrestos
arrested a de | festgenommen, verhaftet, inhaftiert
arrested h de | festnahmen
arrested a pt | presos, presas, detidos, detidas
arrested h pt | detidos, prisões
arrested a it | arrestati, arrestate, fermati
arrested h it | arresti

kidnapped ap en | kidnapped, abducted
kidnapped a en | taken hostage, held hostage, seized as hostages, held captive, taken captive
kidnapped h en | hostages, captives
kidnapped tv en | kidnapping, abducting, kidnap, abduct
kidnapped o en | kidnapping of, abduction of
kidnapped a fr | enlevés, enlevées, enlevé, enlevée, kidnappés, kidnappées, pris en otage, prises en otage, retenus en otage, retenues en otage, séquestrés, otages
kidnapped p fr | enlevé, enlevés, kidnappé, kidnappés
kidnapped h fr | otages
kidnapped tv fr | enlevant
kidnapped o fr | enlèvement de, l enlèvement de
kidnapped a es | secuestrados, secuestradas, raptados
kidnapped h es | rehenes
kidnapped a de | entführt, verschleppt
kidnapped h de | geiseln
kidnapped a pt | sequestrados, raptados
kidnapped h pt | reféns
kidnapped a it | rapiti, sequestrati
kidnapped h it | ostaggi

killed tv es | matando, mataron a, asesinaron a
injured tv es | hiriendo a, hirió a, hirieron a
kidnapped a es | secuestrados, secuestradas, raptados, raptadas
kidnapped tv es | secuestraron, secuestró
evacuated tv es | evacuaron, evacuó
displaced a es | huyeron de sus hogares, desplazadas
killed tv de | töteten, tötete
injured tv de | verletzte, verletzten
arrested a de | festgenommen, verhaftet, in gewahrsam genommen
kidnapped tv de | entführten, entführte
killed tv pt | matou, mataram, matando
injured tv pt | feriu, feriram, ferindo
arrested tv pt | prendeu, prenderam, deteve, detiveram
killed tv it | uccidendo, hanno ucciso, ha ucciso
injured tv it | ferendo, hanno ferito, ha ferito
arrested tv it | hanno arrestato, ha arrestato, arrestando
kidnapped tv it | hanno rapito, ha rapito

killed o ar | مقتل, مصرع, وفاة, قتل, قتلت, أسفر عن مقتل, اسفر عن مقتل, لقي, لقوا, مات, ماتوا, توفي, توفوا, لقي حتفهم
killed a ar | قتلوا, قتلى, لقوا حتفهم, لقي حتفه, ماتوا, مات, توفي, توفوا, حتفهم, قضوا
killed h ar | قتلى, قتيلا, قتيل, القتلى
injured o ar | إصابة, اصابة, أصيب, اصيب, جرح, يصاب, يصابون, أصيبوا
injured a ar | أصيبوا, اصيبوا, جرحى, مصابين, مصابون, بجروح, يصابون
injured h ar | جرحى, جريحا, جريح, الجرحى, مصابين
missing oP ar | فقدان, فقد
missing aP ar | مفقودين, مفقودون, مفقود
missing hP ar | مفقودين
displaced oP ar | نزوح, تهجير, تشريد
displaced aP ar | نزحوا, فروا, هجروا
displaced hP ar | نازح, نازحين, لاجئ
evacuated oP ar | إجلاء, اجلاء
arrested o ar | اعتقال, اعتقل, اعتقلت, احتجاز, توقيف, القبض على
arrested a ar | اعتقلوا, معتقلين, محتجزين
arrested h ar | معتقلين
kidnapped o ar | اختطاف, خطف, اختطف
kidnapped a ar | مختطفين, رهائن
kidnapped h ar | رهائن, رهينة, مختطفين
`

var langCodes = map[string]quantity.Lang{
	"en": quantity.EN, "fr": quantity.FR, "es": quantity.ES, "de": quantity.DE, "pt": quantity.PT, "it": quantity.IT,
	"ar": quantity.AR,
}

func init() {
	for _, line := range strings.Split(lexiconSrc, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		head, list, ok := strings.Cut(line, "|")
		if !ok {
			panic("casualty lexicon: no '|' in " + line)
		}
		f := strings.Fields(head)
		if len(f) != 3 {
			panic("casualty lexicon: bad header " + head)
		}
		var r role
		for _, c := range f[1] {
			switch c {
			case 'a':
				r |= rAdj
			case 'h':
				r |= rHead
			case 't':
				r |= rTrans
			case 'o':
				r |= rNounOf
			case 'v':
				r |= rActive
			case 'p':
				r |= rParticiple
			case 'i':
				r |= rIllnessBlocked
			case 'P':
				r |= rPersonOnly
			case 'N':
				r |= rNeedsNoun
			default:
				panic("casualty lexicon: bad role " + string(c))
			}
		}
		l, ok := langCodes[f[2]]
		if !ok {
			panic("casualty lexicon: bad language " + f[2])
		}
		for _, p := range strings.Split(list, ",") {
			words := tokenizePhrase(p)
			if len(words) == 0 {
				continue
			}
			phrases[words[0]] = append(phrases[words[0]], phrase{rest: words[1:], kind: f[0], roles: r, langs: l})
			// "évacuation de" is also written "évacuation d'" before a vowel
			if n := len(words); n > 1 && words[n-1] == "de" {
				alt := append(append([]string(nil), words[1:n-1]...), "d")
				phrases[words[0]] = append(phrases[words[0]], phrase{rest: alt, kind: f[0], roles: r, langs: l})
			}
		}
	}
	buildLexWords()
	buildFireKeys()
}

// tokenizePhrase splits a lexicon phrase the way the text tokenizer would.
func tokenizePhrase(p string) []string {
	p = strings.TrimSpace(p)
	toks := quantity.Tokenize(p, quantity.Lower(p), nil)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Norm
	}
	return out
}

func phraseEnd(toks []quantity.Token, i int, p phrase) (int, bool) {
	k := i + 1
	for _, w := range p.rest {
		if k >= len(toks) || toks[k].Norm != w {
			return 0, false
		}
		k++
	}
	return k, true
}

// match is a casualty phrase found in a text.
type match struct {
	kind       string
	roles      role
	start, end int // token range
}

// matchPhrase finds the longest casualty phrase at token i having any of the wanted roles.
func matchPhrase(toks []quantity.Token, i int, l quantity.Lang, want role) (match, bool) {
	if i >= len(toks) || toks[i].Kind != quantity.Word {
		return match{}, false
	}
	return matchPhraseIn(phrasesAt(toks[i].Norm, l), toks, i, l, want)
}

// matchPhraseIn is matchPhrase among the phrases all that the word at i starts.
func matchPhraseIn(all []phrase, toks []quantity.Token, i int, l quantity.Lang, want role) (match, bool) {
	best := match{}
	found := false
	for _, p := range all {
		if p.langs&l == 0 || p.roles&want == 0 {
			continue
		}
		k, ok := phraseEnd(toks, i, p)
		if ok && (!found || k > best.end) {
			best = match{kind: p.kind, roles: p.roles, start: i, end: k}
			found = true
		}
	}
	if !found {
		return best, false
	}
	// A form has all the roles of its entries: "tué" is both an adjective
	// ("trois policiers tués") and a participle ("a tué").
	for _, p := range all {
		if p.langs&l == 0 || p.kind != best.kind {
			continue
		}
		if k, ok := phraseEnd(toks, i, p); ok && k == best.end {
			best.roles |= p.roles
		}
	}
	return best, found
}

// anyPhraseAt reports whether a phrase of language l among all, the
// phrases the word at i starts, is at i: matchPhraseIn finds one in any
// role, but this stops at the first, and reads no roles.
func anyPhraseAt(all []phrase, toks []quantity.Token, i int, l quantity.Lang) bool {
	for _, p := range all {
		if p.langs&l == 0 || p.roles&anyRole == 0 {
			continue
		}
		if _, ok := phraseEnd(toks, i, p); ok {
			return true
		}
	}
	return false
}

// arabicStem drops one attached conjunction or preposition (wa-, bi-, fa-,
// li-) from an Arabic word: "وإصابة" (and the injuring of) → "إصابة".
func arabicStem(w string) string {
	if len(w) > 4 {
		switch w[:2] {
		case "و", "ب", "ف", "ل":
			return w[2:]
		}
	}
	return w
}

// lexWord is what the lexicons say about one word.
type lexWord struct {
	flags uint8
	// phrases are the casualty phrases the word starts.
	phrases []phrase
}

// lexWords holds what the lexicons say of each of their words, by the
// hash of the word (lexHash). Every word of every text is looked up and four
// in five are in no lexicon: lexFilter, a bitmap of the hashes small enough
// to stay in the CPU's first-level cache, turns most of those away, and the
// bit of a hash in it also gives its bucket, without a map: the buckets of
// the hashes are in the order of their bits, and lexRank counts the bits of
// lexFilter before each of its words.
var (
	lexFilter  [1 << 16 / 64]uint64
	lexRank    [1 << 16 / 64]int32
	lexBuckets [][]lexEntry
)

type lexEntry struct {
	word string
	lw   *lexWord
}

// lexHash is a 16-bit hash of a word's length and its first, second and
// last bytes: cheap, and enough to tell the words of the lexicons from most
// words of running text (one word in four passes the filter).
func lexHash(w string) uint32 {
	key := uint64(len(w) & 0xFF)
	if w != "" {
		key |= uint64(w[0])<<8 | uint64(w[len(w)-1])<<16
	}
	if len(w) > 1 {
		key |= uint64(w[1]) << 24
	}
	// Fibonacci hashing: the high bits of the product mix every key bit
	return uint32((key * 0x9E3779B97F4A7C15) >> 48)
}

// lookupLex returns what the lexicons say about w, or nil.
func lookupLex(w string) *lexWord {
	h := lexHash(w)
	filter, bit := lexFilter[h/64], uint64(1)<<(h%64)
	if filter&bit == 0 {
		return nil
	}
	for _, e := range lexBuckets[int(lexRank[h/64])+bits.OnesCount64(filter&(bit-1))] {
		if e.word == w {
			return e.lw
		}
	}
	return nil
}

// buildLexWords fills the lexicon index from the lexicons; the lexicon's
// init calls it once the phrases are loaded.
func buildLexWords() {
	flags := map[string]uint8{}
	for w := range phrases {
		flags[w] |= fPhrase
	}
	for w := range tollWords.words {
		flags[w] |= fToll
	}
	for w := range illness.words {
		flags[w] |= fIllness
	}
	for _, w := range quantity.StartWords() {
		flags[w] |= fQty
	}
	byHash := map[uint32][]lexEntry{}
	for w, f := range flags {
		h := lexHash(w)
		byHash[h] = append(byHash[h], lexEntry{word: w, lw: &lexWord{flags: f, phrases: phrases[w]}})
		lexFilter[h/64] |= 1 << (h % 64)
	}
	n := int32(0)
	for k, filter := range lexFilter {
		lexRank[k] = n
		n += int32(bits.OnesCount64(filter))
	}
	for h := uint32(0); h < 1<<16; h++ {
		if b := byHash[h]; b != nil {
			lexBuckets = append(lexBuckets, b)
		}
	}
}

// phrasesAt returns the casualty phrases the word w may start; like the
// lexicon lookups of the grammar, it tries the Arabic stem of a word it
// does not know.
func phrasesAt(w string, l quantity.Lang) []phrase {
	if lw := lookupLex(w); lw != nil && lw.phrases != nil {
		return lw.phrases
	}
	if l&quantity.AR != 0 {
		if lw := lookupLex(arabicStem(w)); lw != nil {
			return lw.phrases
		}
	}
	return nil
}
