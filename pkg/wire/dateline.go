package wire

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/newswire/newswire/pkg/text/normalize"
	"github.com/newswire/newswire/proto"
)

// bodyDateline matches the dateline agencies open a story with:
// "MOSCOU, 20 oct 2015 (AFP) - ", "BUENOS AIRES, Argentina (AP) _ ",
// "NEW YORK (AP) — ", "Jan 30 (Reuters) - ", "BERLIN (dpa) – ",
// "MADRID, 3 nov (EFE).- ".
var bodyDateline = regexp.MustCompile(`^(\p{Lu}[^()\n]{0,79}?)\s*\(([\p{L}][\p{L} .&/-]{0,29})\)\.?\s*(?:[-–—_]{1,2}|:)\s+`)

// mayOpenWithDateline is a cheap test that p cannot match bodyDateline
// when false, which spares most paragraphs the regexp: the agency the
// expression wants is in the first parentheses of p (the place before them
// holds none) and is followed by an optional '.', ASCII white space (\s)
// and a dash, underscore or colon.
func mayOpenWithDateline(p string) bool {
	open := strings.IndexByte(p, '(')
	if open < 0 {
		return false
	}
	closing := strings.IndexByte(p[open:], ')')
	if closing < 0 {
		return false
	}
	rest := strings.TrimPrefix(p[open+closing+1:], ".")
	rest = strings.TrimLeft(rest, " \t\n\f\r")
	switch {
	case rest == "":
		return false
	case rest[0] == '-' || rest[0] == '_' || rest[0] == ':':
		return true
	}
	return strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "—")
}

// maxDatelineParagraph is how many opening paragraphs may hold the dateline.
const maxDatelineParagraph = 5

// agencyTail matches a trailing "(AFP)" on a dateline element.
var agencyTail = regexp.MustCompile(`\s*\([\p{L}][\p{L} .&/-]{0,29}\)\s*[-–—_:]*\s*$`)

// buildDateline combines what the item states: a dateline element (split
// into place and date), a separate place or date, or else the dateline the
// first paragraph opens with.
func (d *draft) buildDateline(paras []string) *proto.Dateline {
	var dl proto.Dateline // on the stack: most items have none
	if s := normalize.Inline(d.dateline); s != "" {
		dl.Place, dl.Date = splitDateline(agencyTail.ReplaceAllString(s, ""))
	}
	// The dateline opens the story proper, which may come after summary
	// bullets or an editor's note.
	for i := 0; i < len(paras) && i < maxDatelineParagraph && dl.Place == "" && dl.Date == ""; i++ {
		if !mayOpenWithDateline(paras[i]) {
			continue
		}
		if m := bodyDateline.FindStringSubmatch(paras[i]); m != nil {
			dl.Place, dl.Date = splitDateline(m[1])
			d.agency = m[2]
		}
	}
	if dl.Place == "" {
		dl.Place = normalize.Inline(d.place)
	}
	if dl.Date == "" {
		dl.Date = normalize.Inline(d.datelineDate)
	}
	if dl.Place == "" && dl.Date == "" {
		return nil
	}
	found := dl // only a dateline found goes to the heap
	return &found
}

// splitDateline separates "Strasbourg, 10 juil 2024" into place and date.
// A part after the first comma that holds a digit is the date; otherwise it
// belongs to the place ("BUENOS AIRES, Argentina"). Without a comma, text
// holding a digit is a date ("Jan 30"), else a place.
func splitDateline(s string) (place, date string) {
	s = strings.Trim(strings.TrimSpace(s), ",;:-–—_")
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	if i := strings.IndexByte(s, ','); i >= 0 {
		head, rest := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
		if hasDigit(rest) {
			// "Paris, France, 10 oct" keeps the region with the place.
			if j := strings.LastIndexByte(rest, ','); j >= 0 && !hasDigit(rest[:j]) {
				return head + ", " + strings.TrimSpace(rest[:j]), strings.TrimSpace(rest[j+1:])
			}
			return head, rest
		}
		return s, ""
	}
	if hasDigit(s) {
		return "", s
	}
	return s, ""
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// stripBodyDateline removes an opening dateline from a paragraph, for
// building a headline from it.
func stripBodyDateline(p string) string {
	if !mayOpenWithDateline(p) {
		return p
	}
	if loc := bodyDateline.FindStringIndex(p); loc != nil {
		return p[loc[1]:]
	}
	return p
}
