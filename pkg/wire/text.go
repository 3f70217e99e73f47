package wire

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/text/normalize"
)

// dateHeader is the "date YYYY-MM" line some archived AFP dispatches start with.
var dateHeader = regexp.MustCompile(`^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*\n?`)

// parseText reads a plain-text dispatch as agencies file it: an optional
// "date YYYY-MM" header, an optional title line, a byline, a body whose
// first paragraph may open with a dateline, and AFP intertitles
// ("- Accord russo-américain sur les vols -") which become subheadlines and
// paragraph breaks.
func parseText(data []byte, charset string) (*draft, error) {
	utf, err := normalize.ToUTF8(data, charset)
	if err != nil {
		return nil, parseErr(FormatText, "decoding charset", err)
	}
	s := string(utf)
	if strings.IndexByte(s, 0) >= 0 {
		return nil, parseErr(FormatText, "binary data (NUL bytes) is not text", nil)
	}
	d := &draft{}
	if m := dateHeader.FindStringSubmatchIndex(s); m != nil {
		d.datelineDate = s[m[2]:m[3]]
		s = s[m[1]:]
	}
	paras := plainParagraphs(s)
	if len(paras) == 0 {
		return nil, parseErr(FormatText, "no text", nil)
	}
	if len(paras) > 1 && looksLikeTitle(paras[0]) {
		d.headline = paras[0]
		paras = paras[1:]
	}
	d.paragraphs, d.subheadlines = splitIntertitles(paras)
	d.pullLeading()
	applyTagRevision(d, d.headline)
	return d, nil
}

// looksLikeTitle reports whether a first line reads as a title rather than
// a paragraph: short, no sentence punctuation at its end, no dateline.
func looksLikeTitle(p string) bool {
	p = strings.TrimSpace(p)
	if p == "" || len(p) > 160 || bodyDateline.MatchString(p) || bylinePara.MatchString(p) {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(p)
	return !strings.ContainsRune(".,;:!-–—", r) && firstUpper(p)
}

// plainParagraphs splits plain text into paragraphs. With blank lines, they
// separate paragraphs and the lines of a block are joined (hard-wrapped
// text); without, each line is a paragraph. Either way, when only some lines
// are indented, an indented line starts a paragraph (ANPA and Reuters style).
func plainParagraphs(s string) []string {
	if isOneLine(s) {
		// One line, as feeds that run a body together send it: the
		// rules below make it one paragraph, without their passes.
		if t := strings.TrimSpace(s); t != "" {
			return []string{t}
		}
		return nil
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	if strings.Contains(s, "\n\n") || strings.Contains(s, "\n \n") || blankLine.MatchString(s) {
		return reflow(s)
	}
	if out := reflow(s); mixedIndent(s) {
		return out
	}
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// isOneLine reports whether s holds no line break plainParagraphs knows.
func isOneLine(s string) bool {
	return strings.IndexByte(s, '\n') < 0 && strings.IndexByte(s, '\r') < 0
}

var blankLine = regexp.MustCompile(`\n[ \t]*\n`)

func mixedIndent(s string) bool {
	ind, flush := false, false
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if l[0] == ' ' || l[0] == '\t' {
			ind = true
		} else {
			flush = true
		}
	}
	return ind && flush
}

// maxIntertitleBytes bounds an intertitle: they are a few words.
const maxIntertitleBytes = 120

// splitIntertitles finds AFP intertitles, either alone on a line ("- Title -")
// or run into the text after a sentence ('syrien". - Accord russo-américain
// sur les vols - Vladimir Poutine'), and turns them into headings and
// paragraph breaks.
func splitIntertitles(paras []string) (body, headings []string) {
	if !anyIntertitleOrEmpty(paras) {
		// The loop below would copy paras as they are (a caller's
		// paragraphs are its own to hand over).
		if len(paras) == 0 {
			return nil, nil
		}
		return paras, nil
	}
	for _, p := range paras {
		for p != "" {
			start, end, title := findIntertitle(p)
			if start < 0 {
				body = append(body, p)
				break
			}
			if before := strings.TrimSpace(p[:start]); before != "" {
				body = append(body, before)
			}
			headings = append(headings, title)
			p = strings.TrimSpace(p[end:])
		}
	}
	return body, headings
}

// anyIntertitleOrEmpty reports whether a paragraph is empty or holds an
// intertitle, which few do.
func anyIntertitleOrEmpty(paras []string) bool {
	for _, p := range paras {
		if start, _, _ := findIntertitle(p); p == "" || start >= 0 {
			return true
		}
	}
	return false
}

// findIntertitle returns the byte range of the first intertitle in p and its
// text, or -1. An intertitle opens with "- " at the start of p or after a
// sentence end, holds a capitalised phrase without sentence punctuation, and
// closes with " -" at the end of p or before a capitalised word.
func findIntertitle(p string) (start, end int, title string) {
	for from := 0; from < len(p); {
		i := strings.Index(p[from:], "- ")
		if i < 0 {
			return -1, -1, ""
		}
		i += from
		from = i + 2
		if i > 0 {
			before := strings.TrimRight(p[:i], " ")
			if len(before) == len(p[:i]) { // no space before "- ": a hyphenated word
				continue
			}
			r, _ := utf8.DecodeLastRuneInString(before)
			if !strings.ContainsRune(".!?»\"”…", r) {
				continue
			}
		}
		rest := p[i+2:]
		j := strings.Index(rest, " -")
		if j <= 0 || j > maxIntertitleBytes {
			continue
		}
		t := rest[:j]
		if !firstUpper(t) || strings.ContainsAny(t, ".!?;\n") || strings.Contains(t, " - ") {
			continue
		}
		after := rest[j+2:]
		if after != "" {
			if after[0] != ' ' {
				continue
			}
			r, _ := utf8.DecodeRuneInString(strings.TrimLeft(after, " "))
			if !unicode.IsUpper(r) && !strings.ContainsRune("«\"“", r) {
				continue
			}
		}
		return i, i + 2 + j + 2, strings.TrimSpace(t)
	}
	return -1, -1, ""
}

func isUpper(r rune) bool { return unicode.IsUpper(r) }
func isLower(r rune) bool { return unicode.IsLower(r) }
