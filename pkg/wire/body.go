package wire

import (
	"regexp"
	"strings"
	"unicode"
)

// blockTags are the (X)HTML and NITF elements that make a paragraph.
var blockTags = map[string]bool{
	"p": true, "div": true, "li": true, "blockquote": true, "pre": true, "block": true,
	"body.content": true, "tr": true, "dd": true, "dt": true, "section": true, "article": true,
	"ul": true, "ol": true, "table": true, "body": true, "html": true,
}

// headingTags become subheadlines and paragraph breaks.
var headingTags = map[string]bool{
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hl2": true,
}

// skipTags hold no body text (metadata, media references, scripts).
var skipTags = map[string]bool{
	"head": true, "title": true, "script": true, "style": true, "media": true,
	"img": true, "object": true, "figure": true, "note": true, "media-reference": true,
	"body.head": true, "body.end": true, "meta": true,
}

// bodyParts is the text of a body: its paragraphs and its intertitles.
type bodyParts struct {
	paragraphs []string
	headings   []string
}

// extractBody turns a (X)HTML or NITF body element into paragraphs and headings.
func extractBody(n *node) bodyParts {
	var bp bodyParts
	if n == nil {
		return bp
	}
	var buf strings.Builder
	flush := func() {
		bp.paragraphs = append(bp.paragraphs, reflow(buf.String())...)
		buf.Reset()
	}
	var walk func(*node)
	walk = func(n *node) {
		for _, c := range n.Content {
			switch v := c.(type) {
			case string:
				buf.WriteString(v)
			case *node:
				switch {
				case skipTags[v.Name]:
				case headingTags[v.Name]:
					flush()
					if h := strings.TrimSpace(v.text()); h != "" {
						bp.headings = append(bp.headings, h)
					}
				case v.Name == "br":
					buf.WriteString("\n")
				case blockTags[v.Name]:
					flush()
					walk(v)
					flush()
				default:
					walk(v)
				}
			}
		}
	}
	walk(n)
	flush()
	return bp
}

// reflow splits the text of one block into paragraphs. Markup whitespace
// does not separate paragraphs, but agencies that put a whole story in one
// element (Reuters' single <p>, ANPA bodies) mark paragraphs by an indented
// first line or a blank line and wrap the rest at a fixed width. So: blank
// lines always separate; when some lines are indented and others not, an
// indented line starts a paragraph and the others continue it; otherwise the
// block is one paragraph.
func reflow(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if !strings.Contains(s, "\n") {
		return []string{s}
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	indented, flush := 0, 0
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if l[0] == ' ' || l[0] == '\t' {
			indented++
		} else {
			flush++
		}
	}
	byIndent := indented > 0 && flush > 0
	var out []string
	var cur []string
	emit := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			emit()
			continue
		}
		if byIndent && (l[0] == ' ' || l[0] == '\t') {
			emit()
		}
		cur = append(cur, t)
	}
	emit()
	return out
}

// bylinePara matches a paragraph that is only a byline.
var bylinePara = regexp.MustCompile(`^(?:By|BY|Par|PAR|Von|VON|Por|POR|Di|Door|Av|Af)\s+\p{Lu}[\p{L}\p{M}.'’ -]*(?:(?:,| and| et| und| y| e| en| och| og)\s+\p{Lu}[\p{L}\p{M}.'’ -]*)*$`)

// editorNotePara matches an opening editorial note: "(Adds comments, detail)",
// "(Updates with ...)", "(Corrects paragraph 3)", "(Refiles to ...)".
var editorNotePara = regexp.MustCompile(`^\((?:Adds|Updates|Corrects|Recasts|Refiles|Repeats|Changes|Fixes|Removes|Inserts|Rewrites|Writes through|Advisory|Adds byline|New throughout|Overwrites)\b[^()]*\)$`)

// pullLeading removes from the first paragraphs a standalone byline and an
// editor's note, which are metadata the story body should not contain.
func (d *draft) pullLeading() {
	const window = 8
	out := d.paragraphs[:0]
	for i, p := range d.paragraphs {
		t := strings.TrimSpace(p)
		if i < window && len(t) < 100 {
			if d.byline == "" && bylinePara.MatchString(t) {
				d.byline = t
				continue
			}
			if editorNotePara.MatchString(t) {
				if d.revisionNote == "" {
					d.revisionNote = strings.Trim(t, "()")
				}
				continue
			}
		}
		out = append(out, p)
	}
	d.paragraphs = out
}

// firstUpper reports whether s starts with an upper-case letter.
func firstUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}
