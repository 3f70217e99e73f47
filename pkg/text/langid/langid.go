// Package langid identifies the language of a dispatch's text, so the parser
// can route it to news.parsed.<lang> and the enricher can pick its models, and
// decides whether a language a provider declared can be trusted.
//
// Detection is the trigram model of github.com/abadojack/whatlanggo (84
// languages), scored through an inverted index of its profiles (trigram.go)
// on the first maxBytes of the text, so that the cost per dispatch is small
// and bounded whatever its size. Short texts, where trigram statistics are
// weak, get two corrections: an unconfident answer outside the languages
// news agencies write in is re-examined among those, and a clear lead in
// function words (stopwords.go) overrules an unconfident trigram answer.
package langid

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// Undetermined is the ISO 639-2 code for "language not identified".
const Undetermined = "und"

// maxBytes bounds the text handed to the trigram model: a few hundred
// characters of prose tell languages apart, and the model's cost (it sorts
// every trigram of its input) dominates parsing time beyond that.
const maxBytes = 384

// minLetters is the least number of letters worth classifying; below it the
// trigram statistics are noise.
const minLetters = 8

// rareLanguageConfidence is the confidence below which a detection outside
// wireLanguages is doubted.
const rareLanguageConfidence = 0.6

// stopwordOverrideConfidence is the trigram confidence below which function
// words may overrule the trigram model.
const stopwordOverrideConfidence = 0.6

// wireLanguages are the languages international and national news agencies
// file in (AFP, Reuters, AP, dpa, EFE, ANSA, Lusa, TASS, Xinhua, the Nordic and
// central-European agencies...).
var wireLanguages = map[whatlanggo.Lang]bool{
	whatlanggo.Eng: true, whatlanggo.Fra: true, whatlanggo.Spa: true, whatlanggo.Deu: true,
	whatlanggo.Por: true, whatlanggo.Ita: true, whatlanggo.Nld: true, whatlanggo.Arb: true,
	whatlanggo.Rus: true, whatlanggo.Ukr: true, whatlanggo.Pol: true, whatlanggo.Ces: true,
	whatlanggo.Hun: true, whatlanggo.Ron: true, whatlanggo.Bul: true,
	whatlanggo.Hrv: true, whatlanggo.Srp: true, whatlanggo.Slv: true, whatlanggo.Swe: true,
	whatlanggo.Dan: true, whatlanggo.Nob: true, whatlanggo.Fin: true, whatlanggo.Est: true,
	whatlanggo.Lit: true, whatlanggo.Lav: true, whatlanggo.Tur: true, whatlanggo.Pes: true,
	whatlanggo.Heb: true, whatlanggo.Hin: true, whatlanggo.Urd: true, whatlanggo.Ind: true,
	whatlanggo.Vie: true, whatlanggo.Ell: true, whatlanggo.Cmn: true, whatlanggo.Jpn: true,
	whatlanggo.Kor: true,
}

// Detect returns the ISO 639-1 code of the language of text and a confidence
// in [0, 1]. It returns Undetermined and 0 when the text is too short or the
// script or language is not one the model knows.
func Detect(text string) (lang string, confidence float64) {
	var words functionWords
	return detectSample(prefix(text, maxBytes), &words)
}

// functionWords are the function-word votes of a sample, counted once
// for Resolve and Detect both, when first needed.
type functionWords struct {
	counted    bool
	votes, own [8]int
}

func (fw *functionWords) count(sample string) *functionWords {
	if !fw.counted {
		fw.votes, fw.own = stopwordVotes(sample)
		fw.counted = true
	}
	return fw
}

// detectSample is Detect on a sample that prefix has cut, with its function
// words, maybe already counted.
func detectSample(sample string, words *functionWords) (lang string, confidence float64) {
	if countLetters(sample) < minLetters {
		return Undetermined, 0
	}
	var info whatlanggo.Info
	rk := rankText(sample)
	info.Lang, info.Confidence = rk.best(nil)
	if info.Lang < 0 {
		return Undetermined, 0
	}
	if !wireLanguages[info.Lang] && info.Confidence < rareLanguageConfidence {
		// Short texts (headlines, one-sentence items) often land on a
		// language that shares trigrams with the real one (English
		// headlines scored as Afrikaans or Indonesian). Wire services
		// write in a few dozen languages, so an unconfident rare answer is
		// re-examined among those, with the lower of the two confidences.
		if alt, conf := rk.best(wireLanguages); alt >= 0 {
			info.Lang, info.Confidence = alt, min(conf, 1-info.Confidence)
		}
	}
	code := iso6391(info.Lang)
	if info.Confidence < stopwordOverrideConfidence {
		// An unconfident trigram answer yields to a clear function-word lead.
		if sw, _ := stopwordWinner(words.count(sample).votes, 2); sw != "" && sw != code {
			return sw, stopwordOverrideConfidence
		}
	}
	if info.Lang == whatlanggo.Pes {
		// whatlanggo knows Persian only as "pes", which has no 639-1 form of its own.
		code = "fa"
	}
	if code == "" {
		return Undetermined, 0
	}
	return code, info.Confidence
}

// Resolve chooses the language of a dispatch from the tag its sender declared
// and its text. A declared tag is trusted unless the text is long enough to
// judge and the detector is confident it is another language: feeds mislabel
// items (a translation service keeping the source tag, a bureau sending
// English under its default language), and routing by a wrong tag would send
// the item to the wrong models. Regional subtags are dropped ("fi-FI" → "fi").
func Resolve(declared, text string) (lang string, confidence float64) {
	tag := Normalize(declared)
	sample := prefix(text, maxBytes)
	var words functionWords
	if tag != Undetermined && functionWordsConfirm(tag, sample, &words) {
		// The sender's tag and the text's function words agree beyond
		// doubt: the trigram model, a third of parsing a dispatch, is not
		// consulted (TestFunctionWordsAgreeWithDetection).
		return tag, 1
	}
	return resolveDetected(tag, sample, &words)
}

// resolveDetected is Resolve by the trigram model, on a sample that prefix
// has cut.
func resolveDetected(tag, sample string, words *functionWords) (lang string, confidence float64) {
	detected, conf := detectSample(sample, words)
	if tag == Undetermined {
		return detected, conf
	}
	if detected == Undetermined || detected == tag {
		return tag, 1
	}
	// Overriding a sender is a strong act: require a confident detection on
	// enough text to be meaningful.
	if conf >= overrideConfidence && countLetters(sample) >= overrideLetters {
		return detected, conf
	}
	return tag, 1 - conf
}

const (
	overrideConfidence = 0.5
	overrideLetters    = 40
)

// Normalize reduces a language tag to its lower-case primary subtag ("fr-FR",
// "FR", "fr_CA" → "fr"), mapping ISO 639-2/3 codes that have a 639-1 form
// ("fra", "eng") to it; anything unusable yields Undetermined.
func Normalize(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	tag = strings.ToLower(tag)
	if len(tag) < 2 || len(tag) > 3 {
		return Undetermined
	}
	for _, r := range tag {
		if r < 'a' || r > 'z' {
			return Undetermined
		}
	}
	if len(tag) == 3 {
		if alias, ok := iso6392B[tag]; ok {
			return alias
		}
		if l, ok := iso6393Langs[tag]; ok {
			if c := iso6391(l); c != "" {
				return c
			}
		}
		if tag == Undetermined || tag == "mul" || tag == "zxx" {
			return Undetermined
		}
	}
	return tag
}

// iso6392B maps the bibliographic ISO 639-2 codes that differ from the
// terminological ones whatlanggo knows.
var iso6392B = map[string]string{
	"fre": "fr", "ger": "de", "dut": "nl", "chi": "zh", "cze": "cs", "gre": "el",
	"per": "fa", "rum": "ro", "slo": "sk", "alb": "sq", "arm": "hy", "baq": "eu",
	"bur": "my", "geo": "ka", "ice": "is", "mac": "mk", "may": "ms", "wel": "cy",
}

// Sample returns the text Resolve and Detect should be given for a
// headline and a body: "headline\nbody", cut just past the maxBytes they
// read, so that a caller joining the two does not copy a long body.
// Resolve(tag, Sample(h, b)) is Resolve(tag, h+"\n"+b).
func Sample(headline, body string) string {
	// prefix tells a text longer than maxBytes by its length: keep a byte more.
	const keep = maxBytes + 1
	if len(headline) >= keep {
		return headline[:keep]
	}
	return headline + "\n" + body[:min(len(body), keep-len(headline)-1)]
}

func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	// Do not cut a rune in half.
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		if r != utf8.RuneError || size > 1 {
			break
		}
		s = s[:len(s)-1]
	}
	return s
}

func countLetters(s string) int {
	others := 0
	n, _ := scanRunes(s, func(r rune) bool {
		if unicode.IsLetter(r) {
			others++
		}
		return true
	})
	return n + others
}

// scanRunes counts the ASCII letters of s, read by table without decoding,
// and calls other with each other character (few in the text of most
// languages) until it returns false, when scanRunes stops and reports
// false.
func scanRunes(s string, other func(r rune) bool) (asciiLetters int, read bool) {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			asciiLetters += int(asciiLetter[c])
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !other(r) {
			return asciiLetters, false
		}
		i += size
	}
	return asciiLetters, true
}

// asciiLetter is 1 for the ASCII letters, 0 for the other ASCII bytes.
var asciiLetter = func() (t [utf8.RuneSelf]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = 1, 1
	}
	return t
}()

// whatlanggo's code conversions build a map of every language on each call;
// these tables are built once.
var (
	iso6391Codes = func() []string {
		codes := make([]string, 0, len(whatlanggo.Langs))
		for l := range whatlanggo.Langs {
			if int(l) >= len(codes) {
				codes = append(codes, make([]string, int(l)+1-len(codes))...)
			}
			codes[l] = l.Iso6391()
		}
		return codes
	}()
	iso6393Langs = func() map[string]whatlanggo.Lang {
		langs := make(map[string]whatlanggo.Lang, len(whatlanggo.Langs))
		for l := range whatlanggo.Langs {
			langs[l.Iso6393()] = l
		}
		return langs
	}()
)

// iso6391 is l.Iso6391() without its cost.
func iso6391(l whatlanggo.Lang) string {
	if l >= 0 && int(l) < len(iso6391Codes) {
		return iso6391Codes[l]
	}
	return l.Iso6391()
}
