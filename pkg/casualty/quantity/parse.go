package quantity

import "strings"

// Qualifier is the bound wording before a quantity.
type Qualifier uint8

// Qualifiers from the guideline's low/high table.
const (
	QualNone Qualifier = iota
	QualAbout
	QualAtLeast
	QualMoreThan
	QualUpTo
	QualLessThan
	QualRange
)

// Quantity is a quantity found in a token sequence.
type Quantity struct {
	// Start, End are the token range [Start, End) including any qualifier;
	// Core is the index of the first token of the number itself.
	Start, Core, End int
	// Low and High bound the quantity; HasLow/HasHigh false means unbounded.
	Low, High       int64
	HasLow, HasHigh bool
	// Stated is the number as written, before any qualifier arithmetic
	// (501 for "more than 500" has Stated 500); vague words state their low.
	Stated int64
	Qual   Qualifier
	// Vague is set for table words (dozens, des centaines, several).
	Vague bool
	// Article is set when the number is a word that doubles as an
	// indefinite article (un, une, ein, uno): it counts only before a
	// casualty noun or in a list of parts.
	Article bool
	// Digits is set when the core was written in digits; Year when it
	// looks like a year (four digits, no separators, 1800–2100).
	Digits, Year bool
	// Decimal is set for numbers with a decimal part and no scale word
	// after them (101.84): never a head count.
	Decimal bool
	// Ordinal is set for "10th", "27e", "1er".
	Ordinal bool
	// Suffix is the unit glued to a number ("km", "h").
	Suffix string
}

// Parser parses quantities for a language set. It holds no mutable state
// and is safe for concurrent use.
type Parser struct {
	Lang Lang
}

type pattern struct {
	words []string // each item: alternatives separated by '|'; "*?" = optional any word
	qual  Qualifier
}

var qualifiers = map[string][]pattern{}

func addQual(q Qualifier, seqs ...string) {
	for _, s := range seqs {
		w := strings.Fields(s)
		for _, first := range strings.Split(w[0], "|") {
			qualifiers[first] = append(qualifiers[first], pattern{words: w, qual: q})
		}
	}
}

func init() {
	addQual(QualAbout, "about", "approximately", "around", "roughly", "nearly", "almost", "some", "close to",
		"an estimated", "estimated",
		"près de|d", "environ", "quelque", "approximativement", "presque", "pratiquement", "bientôt",
		"approche *? la|le barre|cap|seuil de|des|du|d", "approche les|des|de|d", "approche", "approchant", "avoisine", "avoisinant",
		"frôle|frôlé *? la|le barre|cap de|des|du|d", "frôle|frôlé les",
		"cerca de", "casi", "alrededor de", "unos", "unas", "aproximadamente",
		"rund", "etwa", "fast", "knapp", "ungefähr", "circa", "quasi", "quase", "aproximadamente")
	addQual(QualAtLeast, "at least", "no fewer than", "no less than", "at minimum", "au moins de|d", "au moins", "au minimum",
		"pas moins de|d", "al menos", "por lo menos", "mindestens", "wenigstens", "pelo menos", "ao menos", "almeno")
	addQual(QualMoreThan, "more than", "over", "above", "upwards of", "in excess of", "well over",
		"plus de|d", "bien plus de|d", "largement plus de|d",
		"passé|dépassé|franchi|dépasse|franchit|passe|dépassant|franchissant *? le|la cap|barre|seuil de|des|du|d",
		"dépassé|dépasse|dépassant les", "passed|surpassed|exceeded|topped",
		"más de", "mehr als", "über", "mais de", "più di", "oltre")
	addQual(QualAbout, "حوالي", "حوالى", "نحو", "قرابة", "زهاء", "تقريبا")
	addQual(QualAtLeast, "ما لا يقل عن", "لا يقل عن")
	addQual(QualMoreThan, "أكثر من", "اكثر من", "أزيد من")
	addQual(QualLessThan, "أقل من", "اقل من")
	addQual(QualUpTo, "up to", "as many as", "jusqu à", "hasta", "bis zu", "até", "fino a")
	addQual(QualLessThan, "fewer than", "less than", "under", "moins de|d", "menos de", "weniger als", "meno di")
}

func matchPattern(toks []Token, i int, p pattern) (int, bool) {
	k := i
	for _, item := range p.words {
		if item == "*?" {
			// optional single word: take it only if the next item does not match here
			continue
		}
		if k >= len(toks) {
			return 0, false
		}
		if altMatch(item, toks[k].Norm) {
			k++
			continue
		}
		// allow one skipped word where the pattern says "*?"
		if hasOptionalBefore(p.words, item) && k+1 < len(toks) && toks[k].Kind == Word && altMatch(item, toks[k+1].Norm) {
			k += 2
			continue
		}
		return 0, false
	}
	return k, true
}

func hasOptionalBefore(words []string, item string) bool {
	for j := 1; j < len(words); j++ {
		if words[j] == item && words[j-1] == "*?" {
			return true
		}
	}
	return false
}

func altMatch(alts, w string) bool {
	if alts == w {
		return true
	}
	if strings.IndexByte(alts, '|') < 0 {
		return false
	}
	for len(alts) > 0 {
		j := strings.IndexByte(alts, '|')
		if j < 0 {
			return alts == w
		}
		if alts[:j] == w {
			return true
		}
		alts = alts[j+1:]
	}
	return false
}

// Parse tries to read a quantity starting at token i.
func (p Parser) Parse(toks []Token, i int) (Quantity, bool) {
	if i >= len(toks) {
		return Quantity{}, false
	}
	t := &toks[i]
	if t.Kind == Word {
		for _, pat := range qualifiers[t.Norm] {
			k, ok := matchPattern(toks, i, pat)
			if !ok || k >= len(toks) {
				continue
			}
			q, ok := p.core(toks, k)
			if !ok {
				continue
			}
			q.Start = i
			applyQual(&q, pat.qual)
			return q, true
		}
		switch t.Norm {
		case "between", "entre", "zwischen", "tra", "fra":
			if q, ok := p.rangeAt(toks, i+1, []string{"and", "et", "y", "und", "e"}); ok {
				q.Start = i
				return q, true
			}
		}
	}
	q, ok := p.core(toks, i)
	if !ok {
		return q, false
	}
	// "A to B", "A-B", "A à B", "A bis B"
	if q.Qual == QualNone && !q.Vague && q.End+1 < len(toks) {
		sep := toks[q.End]
		if sep.Norm == "to" || sep.Norm == "à" || sep.Norm == "bis" || sep.Norm == "a" && p.Lang&(ES|PT|IT) != 0 ||
			(sep.Norm == "-" || sep.Norm == "–") && !sep.SpaceBefore && q.Digits {
			if q2, ok2 := p.core(toks, q.End+1); ok2 && !q2.Vague && q2.Low > q.Low && q2.Digits == q.Digits {
				q.High, q.HasLow, q.HasHigh = q2.High, true, true
				q.Qual = QualRange
				q.End = q2.End
				q.Article = false
			}
		}
	}
	return q, true
}

func (p Parser) rangeAt(toks []Token, i int, conj []string) (Quantity, bool) {
	q, ok := p.core(toks, i)
	if !ok || q.End+1 >= len(toks) || q.Vague {
		return q, false
	}
	found := false
	for _, c := range conj {
		if toks[q.End].Norm == c {
			found = true
		}
	}
	if !found {
		return q, false
	}
	q2, ok := p.core(toks, q.End+1)
	if !ok || q2.Vague || q2.Low <= q.Low {
		return q, false
	}
	q.High, q.HasHigh = q2.High, true
	q.Qual = QualRange
	q.End = q2.End
	q.Article = false
	return q, true
}

func applyQual(q *Quantity, qual Qualifier) {
	q.Qual = qual
	switch qual {
	case QualAbout:
	case QualAtLeast:
		q.HasHigh = false
	case QualMoreThan:
		q.Low++
		q.HasHigh = false
	case QualUpTo:
		q.HasLow = false
		q.High = q.Stated
		if q.Vague {
			q.High = q.Low
		}
		q.HasHigh = true
	case QualLessThan:
		q.HasLow = false
		q.High = q.Stated - 1
		q.HasHigh = true
	}
}

var articles = map[string]Lang{
	"a": EN, "an": EN, "un": FR | ES | IT, "une": FR, "una": ES | IT, "uno": ES | IT,
	"ein": DE, "eine": DE, "einem": DE, "einer": DE, "um": PT, "uma": PT,
}

func isScaleWord(w string, l Lang) (int64, bool) {
	switch w {
	case "million", "millions", "millón", "millones", "milhão", "milhões", "milione", "milioni", "millionen", "mio":
		return 1e6, true
	case "milliard", "milliards", "billion", "billions", "bn", "mrd", "miliardi", "miliardo":
		return 1e9, true
	case "thousand", "mille", "mil", "tausend", "mila":
		return 1000, true
	}
	return 0, false
}

// core reads the number itself (no qualifier) at token i.
func (p Parser) core(toks []Token, i int) (Quantity, bool) {
	if i >= len(toks) {
		return Quantity{}, false
	}
	t := &toks[i]
	q := Quantity{Start: i, Core: i, End: i + 1, HasLow: true, HasHigh: true}
	switch t.Kind {
	case Number:
		q.Digits = true
		val := t.Val
		scaled := false
		switch t.Suffix() {
		case "":
			if i+1 < len(toks) && toks[i+1].Kind == Word {
				if s, ok := isScaleWord(toks[i+1].Norm, p.Lang); ok {
					val, scaled = scale(t, s), true
					q.End = i + 2
				}
			}
		case "m", "mn", "million", "millions":
			val, scaled = scale(t, 1e6), true
		case "bn", "billion":
			val, scaled = scale(t, 1e9), true
		case "k":
			val, scaled = scale(t, 1e3), true
		case "th", "st", "nd", "rd", "e", "è", "ème", "eme", "er", "re", "ère", "o", "º", "ª", "te", "ten", "ter", "es":
			q.Ordinal = true
			q.Suffix = t.Suffix()
		default:
			q.Suffix = t.Suffix()
		}
		q.Decimal = t.Decimal && !scaled
		if scaled && !t.Decimal {
			if _, n := half(toks, q.End); n > 0 {
				val += val / max(t.Val, 1) / 2
				q.End += n
			}
		}
		q.Low, q.High, q.Stated = val, val, val
		q.Year = t.Digits == 4 && !t.Grouped && !t.Decimal && t.Val >= 1800 && t.Val <= 2100 && q.End == i+1
		return q, true
	case Word:
	default:
		return q, false
	}
	w := t.Norm
	// vague words: "dozens", "des centaines", "plusieurs dizaines", "tens of thousands"
	if v, ok := lookupVague(w, p.Lang); ok && !v.needsArticle {
		q.Vague = true
		q.Low, q.High = v.low, v.high
		q.HasHigh = v.high >= 0
		k := i + 1
		// "plusieurs dizaines", "several hundred", "a few thousand": the second word decides.
		if v.low == 2 && v.high == 9 && k < len(toks) {
			if v2, ok := lookupVague(toks[k].Norm, p.Lang); ok && !v2.needsArticle && v2.low >= 20 {
				q.Low, q.High, q.HasHigh = v2.low, v2.high, v2.high >= 0
				k++
			} else if nw, ok := lookupNum(toks[k].Norm, p.Lang); ok && (nw.class == wHundred || nw.class == wThousand || nw.class == wMillion) {
				q.Low, q.High = 2*nw.val, 10*nw.val-1
				k++
			} else if toks[k].Kind == Number && (w == "quelques" || w == "some") {
				// "quelques 500": about
				q2, _ := p.core(toks, k)
				q2.Start = i
				applyQual(&q2, QualAbout)
				return q2, true
			}
		}
		// Arabic "عشرات الآلاف": tens of thousands, no "of"
		if k < len(toks) && (q.High == 99 || q.High == 999) && (toks[k].Norm == "الآلاف" || toks[k].Norm == "آلاف" || toks[k].Norm == "الاف") {
			q.Low, q.High = q.Low*1000, q.High*1000+999
			k++
		}
		// "... of thousands", "... de milliers", "... de miles"
		if k+1 < len(toks) && (q.High == 99 || q.High == 999) {
			switch toks[k].Norm {
			case "of", "de", "di", "von":
				switch toks[k+1].Norm {
				case "thousands", "milliers", "miles", "milhares", "migliaia", "tausenden":
					q.Low, q.High = q.Low*1000, q.High*1000+999
					k += 2
				}
			}
		}
		q.End = k
		q.Stated = q.Low
		return q, true
	}
	// "a dozen", "une centaine", "un millier", "half a dozen", "un demi-million"
	if al, ok := articles[w]; ok && al&p.Lang != 0 && i+1 < len(toks) {
		n := toks[i+1].Norm
		if v, ok := lookupVague(n, p.Lang); ok && v.needsArticle {
			q.Low, q.High, q.Stated = v.low, v.high, v.low
			q.Vague = true
			q.End = i + 2
			if q.End+1 < len(toks) && v.low >= 10 && v.low < 1000 {
				switch toks[q.End].Norm {
				case "of", "de", "di":
					if toks[q.End+1].Norm == "thousands" || toks[q.End+1].Norm == "milliers" {
						// "une dizaine de milliers"
						q.Low, q.High, q.Stated = q.Low*1000, q.High*1000, q.Low*1000
						q.End += 2
					}
				}
			}
			return q, true
		}
		if (w == "a" || w == "an") && n == "few" {
			q.Low, q.High, q.Stated, q.Vague, q.End = 2, 9, 2, true, i+2
			return q, true
		}
		if n == "demi" && i+3 < len(toks) && toks[i+2].Norm == "-" {
			if s, ok := isScaleWord(toks[i+3].Norm, p.Lang); ok {
				q.Low, q.High, q.Stated, q.End = s/2, s/2, s/2, i+4
				return q, true
			}
		}
	}
	if w == "half" && i+2 < len(toks) {
		k := i + 1
		if toks[k].Norm == "-" {
			k++
		}
		if toks[k].Norm == "a" {
			k++
			if k < len(toks) && toks[k].Norm == "-" {
				k++
			}
			if k < len(toks) && toks[k].Norm == "dozen" {
				q.Low, q.High, q.Stated, q.End = 6, 6, 6, k+1
				return q, true
			}
		}
	}
	// spelled-out numbers
	nw, ok := lookupNum(w, p.Lang)
	if !ok {
		return q, false
	}
	var total, cur, last int64
	k := i
	n := 0
	joined, hyphen := false, false
	for k < len(toks) {
		tk := &toks[k]
		if tk.Kind != Word {
			break
		}
		cw, ok := lookupNum(tk.Norm, p.Lang)
		if !ok {
			break
		}
		if n > 0 && cw.article && !joined {
			break
		}
		hyphen = joined && toks[k-1].Norm == "-"
		joined = false
		switch cw.class {
		case wUnit:
			switch {
			case cw.val == 20 && last == 4 && cur%100 == 4 && p.Lang&FR != 0:
				cur += 76 // quatre-vingt(s)
			case hyphen:
				cur += cw.val // compounds: "vingt-cinq", "soixante-dix", "dix-neuf"
			case last > 0 && last < 20 && cw.val < 100, last >= 20 && last < 100 && cw.val%10 == 0 && cw.val < 100:
				goto done // "two three": two numbers, not one
			default:
				cur += cw.val
			}
		case wHundred:
			if cur == 0 {
				cur = 1
			}
			cur *= 100
		case wThousand:
			if cur == 0 {
				cur = 1
			}
			total += cur * 1000
			cur = 0
		case wMillion, wBillion:
			if cur == 0 {
				cur = 1
			}
			total += cur * cw.val
			cur = 0
		}
		last = cw.val
		n++
		k++
		// joiners: "vingt-cinq", "vingt et un", "one hundred and twenty", "treinta y dos"
		if k+1 < len(toks) {
			j := toks[k].Norm
			if (j == "-" && !toks[k].SpaceBefore && !toks[k+1].SpaceBefore) || j == "et" || j == "and" || j == "y" || j == "e" || j == "und" {
				if nx, ok := lookupNum(toks[k+1].Norm, p.Lang); ok && nx.class == wUnit && nx.val < 100 && (!nx.article || j != "-") {
					if j == "-" || (last >= 20 && nx.val < 10) || last >= 100 {
						k++
						joined = true
						continue
					}
				}
			}
		}
	}
done:
	if n == 0 {
		return q, false
	}
	val := total + cur
	if val == 0 {
		return q, false
	}
	if last >= 1000 && k < len(toks) {
		// "trois millions et demi", "two and a half million" is rarer and left alone
		if _, n := half(toks, k); n > 0 {
			val += last / 2
			k += n
		}
	}
	q.End = k
	q.Low, q.High, q.Stated = val, val, val
	q.Article = n == 1 && nw.article
	return q, true
}

func scale(t *Token, s int64) int64 {
	return t.Val*s + int64(t.Frac*float64(s)+0.5)
}

// startWords are the words a quantity can start with; built once (by the
// last init, after every lexicon), so that callers can skip the parser on
// all other words.
var startWords map[string]bool

func buildStartWords() {
	startWords = map[string]bool{"between": true, "entre": true, "zwischen": true, "tra": true, "fra": true, "half": true}
	for w := range qualifiers {
		startWords[w] = true
	}
	for w := range vagueWords {
		startWords[w] = true
	}
	for w := range numWords {
		startWords[w] = true
	}
	for w := range articles {
		startWords[w] = true
	}
}

// MayStart reports whether a quantity can start with the word token t.
// Number tokens always may.
func MayStart(t *Token) bool {
	return t.Kind == Number || t.Kind == Word && startWords[t.Norm]
}

// StartWords returns the words a quantity can start with, for callers that
// merge them into their own word tables.
func StartWords() []string {
	out := make([]string, 0, len(startWords))
	for w := range startWords {
		out = append(out, w)
	}
	return out
}

// half reads "et demi" / "y medio" / "e mezzo" after a scale word (the
// caller adds half of the scale) and returns the tokens read, or 0.
func half(toks []Token, k int) (int64, int) {
	if k+1 < len(toks) {
		a, b := toks[k].Norm, toks[k+1].Norm
		if (a == "et" || a == "y" || a == "e" || a == "und") && (b == "demi" || b == "medio" || b == "mezzo" || b == "meio" || b == "halb") {
			return 1, 2
		}
	}
	return 0, 0
}
