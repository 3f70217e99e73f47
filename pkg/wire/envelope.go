package wire

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/segmentio/encoding/json"
)

// Envelope is the generic JSON form for sources without a standard format
// (scrapers, partner APIs, archives). Every field is optional except some
// text. Aliases let common shapes parse as-is: the orangesum feed's
// {id, lang, date, title, lede, body} is an Envelope.
//
//	{
//	  "id":        "provider's item id (version excluded)",
//	  "provider":  "afp",
//	  "version":   "2",
//	  "language":  "fr"            (alias "lang"),
//	  "headline":  "..."           (alias "title"),
//	  "lede":      "first paragraph, kept before body",
//	  "body":      "text, paragraphs on separate lines" or ["para", ...],
//	  "dateline":  "PARIS, 20 oct 2015" or {"place": "...", "date": "..."},
//	  "byline":    "...",
//	  "created":   "2020-06-15T10:00:00Z" (aliases "date", "firstcreated"),
//	  "updated":   "..."           (alias "versioncreated"),
//	  "subjects":  ["..."], "keywords": ["..."],
//	  "slug": "...", "urgency": 3, "status": "usable|withheld|canceled",
//	  "revision":  "original|update|correction|refile|kill",
//	  "replaces":  "version this one replaces"
//	}
type Envelope struct {
	ID       flexString      `json:"id"`
	Provider flexString      `json:"provider"`
	Version  flexString      `json:"version"`
	Language flexString      `json:"language"`
	Lang     flexString      `json:"lang"`
	Headline flexString      `json:"headline"`
	Title    flexString      `json:"title"`
	Lede     flexString      `json:"lede"`
	Body     json.RawMessage `json:"body"`
	Text     flexString      `json:"text"`
	Dateline json.RawMessage `json:"dateline"`
	Byline   flexString      `json:"byline"`
	Created  flexString      `json:"created"`
	Date     flexString      `json:"date"`
	First    flexString      `json:"firstcreated"`
	Updated  flexString      `json:"updated"`
	VCreated flexString      `json:"versioncreated"`
	Subjects []string        `json:"subjects"`
	Keywords []string        `json:"keywords"`
	Slug     flexString      `json:"slug"`
	Urgency  flexString      `json:"urgency"`
	Status   flexString      `json:"status"`
	Revision flexString      `json:"revision"`
	Replaces flexString      `json:"replaces"`
}

func firstOf(vals ...flexString) string {
	for _, v := range vals {
		if s := strings.TrimSpace(string(v)); s != "" {
			return s
		}
	}
	return ""
}

// parseEnvelope reads one generic JSON envelope.
func parseEnvelope(data []byte) (*draft, error) {
	var e Envelope
	if err := json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &e); err != nil {
		return nil, parseErr(FormatJSON, "reading JSON envelope", err)
	}
	d := &draft{
		providerID:     string(e.ID),
		provider:       string(e.Provider),
		version:        string(e.Version),
		declaredLang:   firstOf(e.Language, e.Lang),
		headline:       firstOf(e.Headline, e.Title),
		byline:         string(e.Byline),
		firstCreated:   firstOf(e.Created, e.First, e.Date),
		versionCreated: firstOf(e.Updated, e.VCreated),
		subjects:       e.Subjects,
		keywords:       e.Keywords,
		slug:           string(e.Slug),
		urgency:        e.Urgency.int(),
		status:         string(e.Status),
	}
	if len(e.Dateline) > 0 && string(e.Dateline) != "null" {
		var s string
		var obj struct {
			Place flexString `json:"place"`
			Date  flexString `json:"date"`
		}
		switch {
		case json.Unmarshal(e.Dateline, &s) == nil:
			d.dateline = s
		case json.Unmarshal(e.Dateline, &obj) == nil:
			d.place, d.datelineDate = string(obj.Place), string(obj.Date)
		default:
			return nil, parseErr(FormatJSON, "dateline is neither a string nor {place, date}", nil)
		}
	}
	if lede := strings.TrimSpace(string(e.Lede)); lede != "" {
		d.paragraphs = append(d.paragraphs, lede)
	}
	if len(e.Body) > 0 && string(e.Body) != "null" {
		var s string
		var list []string
		switch {
		case json.Unmarshal(e.Body, &s) == nil:
			d.paragraphs = append(d.paragraphs, envelopeParagraphs(s)...)
		case json.Unmarshal(e.Body, &list) == nil:
			for _, p := range list {
				d.paragraphs = append(d.paragraphs, envelopeParagraphs(p)...)
			}
		default:
			return nil, parseErr(FormatJSON, "body is neither a string nor a list of strings", nil)
		}
	} else if e.Text != "" {
		d.paragraphs = append(d.paragraphs, envelopeParagraphs(string(e.Text))...)
	}
	if len(d.paragraphs) == 0 && d.headline == "" {
		return nil, parseErr(FormatJSON, "envelope has neither headline nor body", nil)
	}
	switch k := strings.ToLower(string(e.Revision)); k {
	case "update", "correction", "refile", "kill":
		d.kind = k
		d.killed = k == "kill"
	}
	if e.Replaces != "" {
		d.replaces, d.replacesVer = true, string(e.Replaces)
	}
	d.paragraphs, d.subheadlines = splitIntertitles(d.paragraphs)
	d.pullLeading()
	if d.kind == "" {
		applyTagRevision(d, d.slug, d.headline)
	}
	return d, nil
}

// envelopeParagraphs splits a body string into paragraphs and repairs
// paragraphs run together by a careless export ("en avril.En mai, ...").
func envelopeParagraphs(s string) []string {
	var out []string
	for _, p := range plainParagraphs(s) {
		out = append(out, splitGlued(p)...)
	}
	return out
}

// splitGlued breaks a paragraph where a sentence end is immediately followed
// by a capitalised word with no space: "avril.En mai". It requires a
// lower-case letter, digit, '%' or closing quote before the period and an
// upper-case then lower-case letter after it, which leaves "U.S.", "4.000",
// "M.Poutine"-style initials and domain names alone.
func splitGlued(p string) []string {
	var out []string
	start := 0
	// Sentence ends are ASCII: scan bytes, and decode the runes around a
	// candidate only.
	for i := 0; i < len(p); i++ {
		if c := p[i]; c != '.' && c != '!' && c != '?' || i == 0 {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(p[:i])
		next, nextSize := utf8.DecodeRuneInString(p[i+1:])
		if nextSize == 0 {
			break
		}
		next2, next2Size := utf8.DecodeRuneInString(p[i+1+nextSize:])
		if next2Size == 0 {
			break
		}
		if !(isLowerOrDigit(prev) || prev == '%' || prev == ')' || prev == '»' || prev == '"') || !isUpper(next) || !isLower(next2) {
			continue
		}
		out = append(out, strings.TrimSpace(p[start:i+1]))
		start = i + 1
	}
	if rest := strings.TrimSpace(p[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

func isLowerOrDigit(r rune) bool { return isLower(r) || (r >= '0' && r <= '9') }
