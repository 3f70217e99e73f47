package quantity

import "strings"

// Lang is a set of languages, as a bit mask, so that one lexicon lookup
// serves both a known language and the language-agnostic mode.
type Lang uint16

// Languages with lexicons.
const (
	EN Lang = 1 << iota
	FR
	ES
	DE
	PT
	IT
	AR
	AllLangs = EN | FR | ES | DE | PT | IT | AR
)

// ParseLang maps an ISO 639-1 code (or a longer tag such as "fr-FR") to its
// mask; unknown or empty codes mean every language.
func ParseLang(code string) Lang {
	if len(code) > 2 {
		code = code[:2]
	}
	switch strings.ToLower(code) {
	case "en":
		return EN
	case "fr":
		return FR
	case "es":
		return ES
	case "de":
		return DE
	case "pt":
		return PT
	case "it":
		return IT
	case "ar":
		return AR
	}
	return AllLangs
}

type wordClass uint8

const (
	wUnit     wordClass = iota + 1 // 1..99 (additive)
	wHundred                       // ×100
	wThousand                      // ×1000
	wMillion                       // ×1e6
	wBillion                       // ×1e9
)

// numWord is a spelled-out number.
type numWord struct {
	val   int64
	class wordClass
	langs Lang
	// article marks words that are also indefinite articles (un, une, ein,
	// uno, um): they count as the numeral one only before a casualty noun.
	article bool
}

var numWords = map[string][]numWord{}

func addNum(l Lang, class wordClass, val int64, words ...string) {
	for _, w := range words {
		numWords[w] = append(numWords[w], numWord{val: val, class: class, langs: l})
	}
}

func addArticle(l Lang, words ...string) {
	for _, w := range words {
		numWords[w] = append(numWords[w], numWord{val: 1, class: wUnit, langs: l, article: true})
	}
}

func lookupNum(w string, l Lang) (numWord, bool) {
	for _, nw := range numWords[w] {
		if nw.langs&l != 0 {
			return nw, true
		}
	}
	return numWord{}, false
}

func init() {
	seq := func(l Lang, from int64, words ...string) {
		for i, w := range words {
			addNum(l, wUnit, from+int64(i), w)
		}
	}
	// English
	seq(EN, 1, "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
	tensEN := []string{"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	for i, w := range tensEN {
		addNum(EN, wUnit, int64(20+10*i), w)
	}
	addNum(EN, wHundred, 100, "hundred")
	addNum(EN, wThousand, 1000, "thousand")
	addNum(EN, wMillion, 1e6, "million", "m", "mn")
	addNum(EN, wBillion, 1e9, "billion", "bn")

	// French
	addArticle(FR, "un", "une")
	seq(FR, 2, "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
		"onze", "douze", "treize", "quatorze", "quinze", "seize")
	for i, w := range []string{"vingt", "trente", "quarante", "cinquante", "soixante"} {
		addNum(FR, wUnit, int64(20+10*i), w)
	}
	addNum(FR, wUnit, 20, "vingts")
	addNum(FR, wHundred, 100, "cent", "cents")
	addNum(FR, wThousand, 1000, "mille")
	addNum(FR, wMillion, 1e6, "million", "millions")
	addNum(FR, wBillion, 1e9, "milliard", "milliards")

	// Spanish
	addArticle(ES, "un", "uno", "una")
	seq(ES, 2, "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
		"once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve", "veinte",
		"veintiuno", "veintidós", "veintitrés", "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve")
	for i, w := range []string{"treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"} {
		addNum(ES, wUnit, int64(30+10*i), w)
	}
	addNum(ES, wHundred, 100, "cien", "ciento", "cientos")
	for i, w := range []string{"doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos", "setecientos", "ochocientos", "novecientos"} {
		addNum(ES, wUnit, int64(200+100*i), w)
		addNum(ES, wUnit, int64(200+100*i), strings.TrimSuffix(w, "os")+"as")
	}
	addNum(ES, wThousand, 1000, "mil")
	addNum(ES, wMillion, 1e6, "millón", "millones")

	// Portuguese
	addArticle(PT, "um", "uma")
	seq(PT, 2, "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove", "dez",
		"onze", "doze", "treze", "catorze", "quinze", "dezesseis", "dezessete", "dezoito", "dezenove", "vinte")
	addNum(PT, wUnit, 2, "duas")
	addNum(PT, wUnit, 14, "quatorze")
	addNum(PT, wUnit, 16, "dezasseis")
	addNum(PT, wUnit, 17, "dezassete")
	addNum(PT, wUnit, 19, "dezanove")
	for i, w := range []string{"trinta", "quarenta", "cinquenta", "sessenta", "setenta", "oitenta", "noventa"} {
		addNum(PT, wUnit, int64(30+10*i), w)
	}
	addNum(PT, wHundred, 100, "cem", "cento")
	for i, w := range []string{"duzentos", "trezentos", "quatrocentos", "quinhentos", "seiscentos", "setecentos", "oitocentos", "novecentos"} {
		addNum(PT, wUnit, int64(200+100*i), w)
		addNum(PT, wUnit, int64(200+100*i), strings.TrimSuffix(w, "os")+"as")
	}
	addNum(PT, wThousand, 1000, "mil")
	addNum(PT, wMillion, 1e6, "milhão", "milhões")

	// Italian: compounds of tens and units are single words (ventitré, trentotto).
	addArticle(IT, "un", "uno", "una")
	unitsIT := []string{"uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"}
	seq(IT, 2, unitsIT[1:]...)
	seq(IT, 10, "dieci", "undici", "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette", "diciotto", "diciannove")
	for i, t := range []string{"venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta", "novanta"} {
		tv := int64(20 + 10*i)
		addNum(IT, wUnit, tv, t)
		for u, uw := range unitsIT {
			stem := t
			if uw[0] == 'u' || uw[0] == 'o' {
				stem = t[:len(t)-1]
			}
			w := stem + uw
			if uw == "tre" {
				w = t + "tré"
			}
			addNum(IT, wUnit, tv+int64(u+1), w)
		}
	}
	addNum(IT, wHundred, 100, "cento")
	addNum(IT, wThousand, 1000, "mille", "mila")
	addNum(IT, wMillion, 1e6, "milione", "milioni")

	// German: compounds "fünfundzwanzig" are generated.
	addArticle(DE, "ein", "eine", "einer", "einen", "einem")
	unitsDE := []string{"ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"}
	seq(DE, 2, unitsDE[1:]...)
	seq(DE, 10, "zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn")
	for i, t := range []string{"zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"} {
		tv := int64(20 + 10*i)
		addNum(DE, wUnit, tv, t)
		for u, uw := range unitsDE {
			addNum(DE, wUnit, tv+int64(u+1), uw+"und"+t)
		}
	}
	// Arabic (masculine and feminine forms; with and without the article)
	for v, ws := range map[int64][]string{
		1: {"واحد", "واحدة"}, 2: {"اثنان", "اثنين", "اثنتان", "اثنتين"}, 3: {"ثلاثة", "ثلاث"}, 4: {"أربعة", "أربع", "اربعة", "اربع"},
		5: {"خمسة", "خمس"}, 6: {"ستة", "ست"}, 7: {"سبعة", "سبع"}, 8: {"ثمانية", "ثماني", "ثمان"}, 9: {"تسعة", "تسع"},
		10: {"عشرة", "عشر"}, 20: {"عشرون", "عشرين"}, 30: {"ثلاثون", "ثلاثين"}, 40: {"أربعون", "أربعين", "اربعين"},
		50: {"خمسون", "خمسين"}, 60: {"ستون", "ستين"}, 70: {"سبعون", "سبعين"}, 80: {"ثمانون", "ثمانين"}, 90: {"تسعون", "تسعين"},
	} {
		addNum(AR, wUnit, v, ws...)
	}
	addNum(AR, wHundred, 100, "مائة", "مئة")
	addNum(AR, wThousand, 1000, "ألف", "الف")
	addNum(AR, wMillion, 1e6, "مليون")
	addNum(DE, wHundred, 100, "hundert")
	addNum(DE, wThousand, 1000, "tausend")
	addNum(DE, wMillion, 1e6, "million", "millionen")
}

// vague quantity words: the guideline's table, per language.
type vagueWord struct {
	low, high int64 // high < 0: unbounded
	langs     Lang
	// needsArticle: "dozen", "douzaine", "centaine" need a/une/un before them
	// to be a quantity ("une centaine" = 100); without it they are vague
	// plurals handled by their own entries.
	needsArticle bool
	// of marks words that take "of/de/von" before their noun.
	scale int64 // for "dizaines de milliers": the multiplier word this can take
}

var vagueWords = map[string][]vagueWord{}

func addVague(l Lang, low, high int64, words ...string) {
	for _, w := range words {
		vagueWords[w] = append(vagueWords[w], vagueWord{low: low, high: high, langs: l})
	}
}

func addApprox(l Lang, val int64, words ...string) {
	for _, w := range words {
		vagueWords[w] = append(vagueWords[w], vagueWord{low: val, high: val, langs: l, needsArticle: true})
	}
}

func lookupVague(w string, l Lang) (vagueWord, bool) {
	for _, v := range vagueWords[w] {
		if v.langs&l != 0 {
			return v, true
		}
	}
	return vagueWord{}, false
}

func init() {
	addVague(EN, 20, 99, "dozens", "tens")
	addVague(EN, 40, 99, "scores")
	addVague(EN, 200, 999, "hundreds")
	addVague(EN, 2000, 9999, "thousands")
	addVague(EN, 2000000, -1, "millions")
	addVague(EN, 2, 9, "several")
	addApprox(EN, 12, "dozen")
	addApprox(EN, 100, "hundred")
	addApprox(EN, 1000, "thousand")

	addVague(FR, 20, 99, "dizaines")
	addVague(FR, 200, 999, "centaines")
	addVague(FR, 2000, 9999, "milliers")
	addVague(FR, 2000000, -1, "millions")
	addVague(FR, 2, 9, "plusieurs", "quelques")
	addApprox(FR, 12, "douzaine")
	addApprox(FR, 10, "dizaine")
	addApprox(FR, 15, "quinzaine")
	addApprox(FR, 20, "vingtaine")
	addApprox(FR, 30, "trentaine")
	addApprox(FR, 40, "quarantaine")
	addApprox(FR, 50, "cinquantaine")
	addApprox(FR, 60, "soixantaine")
	addApprox(FR, 100, "centaine")
	addApprox(FR, 1000, "millier")

	addVague(ES, 20, 99, "decenas", "docenas")
	addVague(ES, 200, 999, "cientos", "centenares")
	addVague(ES, 2000, 9999, "miles", "millares")
	addVague(ES, 2000000, -1, "millones")
	addVague(ES, 2, 9, "varios", "varias")
	addApprox(ES, 12, "docena")
	addApprox(ES, 10, "decena")
	addApprox(ES, 100, "centenar")
	addApprox(ES, 1000, "millar")

	addVague(DE, 20, 99, "dutzende")
	addVague(DE, 200, 999, "hunderte")
	addVague(DE, 2000, 9999, "tausende")
	addVague(DE, 20000, 99999, "zehntausende")
	addVague(DE, 200000, 999999, "hunderttausende")
	addVague(DE, 2000000, -1, "millionen")
	addVague(DE, 2, 9, "mehrere", "einige")
	addApprox(DE, 12, "dutzend")

	addVague(PT, 20, 99, "dezenas", "dúzias")
	addVague(PT, 200, 999, "centenas")
	addVague(PT, 2000, 9999, "milhares")
	addVague(PT, 2000000, -1, "milhões")
	addVague(PT, 2, 9, "vários", "várias")
	addApprox(PT, 12, "dúzia")
	addApprox(PT, 10, "dezena")
	addApprox(PT, 100, "centena")

	addVague(IT, 20, 99, "decine", "dozzine")
	addVague(IT, 200, 999, "centinaia")
	addVague(IT, 2000, 9999, "migliaia")
	addVague(IT, 2000000, -1, "milioni")
	addVague(IT, 2, 9, "diversi", "diverse")
	addApprox(IT, 12, "dozzina")
	addApprox(IT, 10, "decina")
	addApprox(IT, 20, "ventina")
	addApprox(IT, 100, "centinaio")
	addApprox(IT, 1000, "migliaio")

	addVague(AR, 20, 99, "عشرات", "العشرات")
	addVague(AR, 200, 999, "مئات", "المئات")
	addVague(AR, 2000, 9999, "آلاف", "الآلاف", "ألوف", "الاف")
	addVague(AR, 2000000, -1, "ملايين", "الملايين")
	addVague(AR, 2, 9, "عدة", "بضعة", "بضع")
	buildStartWords()
}
