package topics

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/newswire/newswire/pkg/story/fold"
)

// minPrefix is the shortest stem a trailing * may extend: shorter stems
// ("mor*") would match unrelated words.
const minPrefix = 4

// term is one cue: a folded word sequence whose last word may be a prefix.
type term struct {
	words  []string
	hashes []uint64 // of words, as fold.Hashes gives them
	prefix bool
	weight float64
	topic  int   // index in subTopics
	lang   uint8 // index in lexicon.langs; 0 = every language
}

// lexicon holds the terms, indexed for the two ways a text word can start
// a match: as the exact first word of a term (a word or a phrase), or as a
// word that begins with the stem of a one-word prefix term ("attenta*").
type lexicon struct {
	terms    []term
	firsts   *wordTable // first words of the terms in starting
	starting [][]int32  // by firsts id: the terms, but one-word prefix terms
	// nextBytes, by firsts id, has bit b%64 set for the first byte b of
	// the second word of each phrase in starting, and every bit when a
	// one-word term is there too. The commonest words ("a", "de", "les")
	// start phrases only: one probe turns most of them away.
	nextBytes []uint64
	stems     stemIndex
	langs     []string // by term.lang; langs[0] = "" (every language)
}

// langIndex returns the index of lang in l.langs, or 0 (every cue applies)
// for a language the lexicon does not know.
func (l *lexicon) langIndex(lang string) uint8 {
	for i, known := range l.langs[1:] {
		if known == lang {
			return uint8(i + 1)
		}
	}
	return 0
}

// applies reports whether t counts for a text in the language of index lang.
func (t *term) applies(lang uint8) bool {
	return lang == 0 || t.lang == 0 || t.lang == lang
}

// match counts in c every term that matches at some word of a text;
// folded holds the words' text, and hashes their fold hashes.
func (l *lexicon) match(words []fold.Span, hashes []uint64, folded []byte, lang uint8, c *tally) {
	hashes = hashes[:len(words)]
	for i, w := range words {
		// Most words start no term: the indexes' filters, probed inline,
		// settle them. Stems first: hits count in the order they are
		// found, and evidence adds up in that order. (The head is sliced
		// by its length, not to the end: a shorter slice to check.)
		start := int(w.Start)
		if w.End-w.Start >= minPrefix && l.stems.mayHave(stemHead(folded[start:start+minPrefix])) {
			l.matchStems(folded[w.Start:w.End], lang, c)
		}
		if key := wordKey(hashes[i]); l.firsts.filter.mayHave(key) {
			l.matchStarting(words, hashes, i, key, folded, lang, c)
		}
	}
}

// matchStems counts the one-word prefix terms whose stem word starts with.
func (l *lexicon) matchStems(word []byte, lang uint8, c *tally) {
	packed := wordPrefix(word)
	first, end := l.stems.withHead(uint32(packed)) // its first four bytes: stemHead(word)
	for k := first; k < end; k++ {
		if !l.stems.startsWith(word, packed, k) {
			continue
		}
		for _, ti := range l.stems.stems[k].terms {
			if l.terms[ti].applies(lang) {
				c.add(ti)
			}
		}
	}
}

// matchStarting counts the terms (words and phrases) that match from
// words[i] on, indexed by their first word; key is the wordKey of words[i].
func (l *lexicon) matchStarting(words []fold.Span, hashes []uint64, i int, key uint64, folded []byte, lang uint8, c *tally) {
	id := l.firsts.candidate(key)
	if id < 0 {
		return
	}
	// The next word's first byte turns most phrase starts away before the
	// words are compared.
	if next := l.nextBytes[id]; next != allBytes {
		if i+1 == len(words) || next&byteBit(folded[words[i+1].Start]) == 0 {
			return
		}
	}
	if string(folded[words[i].Start:words[i].End]) != l.firsts.words[id] {
		return
	}
terms:
	for _, ti := range l.starting[id] {
		t := &l.terms[ti]
		if !t.applies(lang) || i+len(t.words) > len(words) {
			continue
		}
		for j := 1; j < len(t.words); j++ {
			got, want := folded[words[i+j].Start:words[i+j].End], t.words[j]
			if j == len(t.words)-1 && t.prefix {
				if hasPrefix(got, want) {
					continue
				}
			} else if hashes[i+j] == t.hashes[j] && string(got) == want { // equal words hash alike
				continue
			}
			continue terms
		}
		c.add(ti)
	}
}

// allBytes is a nextBytes mask that lets every next word through.
const allBytes = ^uint64(0)

// byteBit is the bit of b in a nextBytes mask.
func byteBit(b byte) uint64 { return 1 << (b % 64) }

func mustParse(text string) *lexicon {
	l, err := parseLexicon(text)
	if err != nil {
		// The lexicon is compiled into the binary: an error here is a
		// programming error that the package tests catch.
		panic(err)
	}
	return l
}

func parseLexicon(text string) (*lexicon, error) {
	l := &lexicon{langs: []string{""}}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		head, rest, ok := strings.Cut(line, ":")
		fields := strings.Fields(head)
		if !ok || len(fields) != 2 {
			return nil, fmt.Errorf("lexicon line %d: want \"<code> <lang>: terms\"", n+1)
		}
		code, lang := fields[0], fields[1]
		topic, ok := subTopicIndex[code]
		if !ok {
			return nil, fmt.Errorf("lexicon line %d: %s is not a second-level topic of the taxonomy", n+1, code)
		}
		langIndex := uint8(0)
		if lang != "*" {
			if langIndex = l.langIndex(lang); langIndex == 0 {
				if len(l.langs) == 1<<8 {
					return nil, fmt.Errorf("lexicon line %d: more than %d languages", n+1, 1<<8-1)
				}
				l.langs = append(l.langs, lang)
				langIndex = uint8(len(l.langs) - 1)
			}
		}
		terms, err := splitTerms(rest)
		if err != nil {
			return nil, fmt.Errorf("lexicon line %d: %w", n+1, err)
		}
		for _, raw := range terms {
			t, err := parseTerm(raw)
			if err != nil {
				return nil, fmt.Errorf("lexicon line %d: %w", n+1, err)
			}
			t.topic, t.lang = topic, langIndex
			l.terms = append(l.terms, t)
		}
	}
	firstIDs := map[string]int32{}
	var firsts []string
	stems := map[string][]int32{}
	for i, t := range l.terms {
		first := t.words[0]
		if t.prefix && len(t.words) == 1 {
			stems[first] = append(stems[first], int32(i))
			continue
		}
		id, ok := firstIDs[first]
		if !ok {
			id = int32(len(firsts))
			firstIDs[first] = id
			firsts = append(firsts, first)
			l.starting = append(l.starting, nil)
		}
		l.starting[id] = append(l.starting[id], int32(i))
	}
	l.nextBytes = make([]uint64, len(l.starting))
	for id, terms := range l.starting {
		for _, ti := range terms {
			if words := l.terms[ti].words; len(words) == 1 {
				l.nextBytes[id] = allBytes
			} else {
				l.nextBytes[id] |= byteBit(words[1][0])
			}
		}
	}
	var err error
	if l.firsts, err = newWordTable(firsts); err != nil {
		return nil, err
	}
	if l.stems, err = newStemIndex(stems); err != nil {
		return nil, err
	}
	return l, nil
}

// splitTerms splits on spaces outside double quotes.
func splitTerms(s string) ([]string, error) {
	var out []string
	var b strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			b.WriteRune(r)
		case (r == ' ' || r == '\t') && !quoted:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if quoted {
		return nil, fmt.Errorf("unbalanced quote in %q", s)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out, nil
}

// parseTerm parses one term, all but its topic and language.
func parseTerm(raw string) (term, error) {
	t := term{weight: 1}
	if i := strings.LastIndexByte(raw, '^'); i >= 0 {
		w, err := strconv.ParseFloat(raw[i+1:], 64)
		if err != nil || w <= 0 {
			return t, fmt.Errorf("bad weight in %q", raw)
		}
		t.weight, raw = w, raw[:i]
	}
	raw = strings.Trim(raw, `"`)
	if strings.HasSuffix(raw, "*") {
		t.prefix, raw = true, strings.TrimSuffix(raw, "*")
	}
	t.words = fold.Words(raw, nil)
	t.hashes = fold.Hashes(raw, nil)
	if len(t.words) == 0 {
		return t, fmt.Errorf("empty term %q", raw)
	}
	if t.prefix && len(t.words[len(t.words)-1]) < minPrefix {
		return t, fmt.Errorf("prefix %q shorter than %d letters", raw, minPrefix)
	}
	return t, nil
}
