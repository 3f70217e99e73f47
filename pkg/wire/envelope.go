package wire

import (
	"bytes"
	"slices"
	"strings"
	"sync"
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

func firstOf(vals ...string) string {
	for _, v := range vals {
		if s := strings.TrimSpace(v); s != "" {
			return s
		}
	}
	return ""
}

// envelopeField names the scalar members of an Envelope.
type envelopeField int

const (
	envID envelopeField = iota
	envProvider
	envVersion
	envLanguage
	envLang
	envHeadline
	envTitle
	envLede
	envText
	envByline
	envCreated
	envDate
	envFirst
	envUpdated
	envVCreated
	envSlug
	envUrgency
	envStatus
	envRevision
	envReplaces
	envBody // the members from here on are not flexStrings
	envDateline
	envSubjects
	envKeywords
	envFields
)

// envelopeKeys are the JSON keys of the Envelope's members.
var envelopeKeys = map[string]envelopeField{
	"id": envID, "provider": envProvider, "version": envVersion, "language": envLanguage,
	"lang": envLang, "headline": envHeadline, "title": envTitle, "lede": envLede,
	"text": envText, "byline": envByline, "created": envCreated, "date": envDate,
	"firstcreated": envFirst, "updated": envUpdated, "versioncreated": envVCreated,
	"slug": envSlug, "urgency": envUrgency, "status": envStatus, "revision": envRevision,
	"replaces": envReplaces, "body": envBody, "dateline": envDateline,
	"subjects": envSubjects, "keywords": envKeywords,
}

// envelopeValues is a decoded Envelope.
type envelopeValues struct {
	scalars [envBody]string // the flexString members
	// body holds the body string, or the strings of a body list; hasBody
	// says the envelope had a body that was not null.
	body    []string
	hasBody bool
	// dateline is a dateline string; place and datelineDate the members
	// of a dateline object.
	dateline, place, datelineDate string
	subjects, keywords            []string
	// clean says which of the texts paragraphs come from are clean text
	// (see plainStringRun; '&' and DEL checked too), as only the flat scan
	// tells: their paragraphs need no normalising.
	clean struct{ lede, text, body bool }
}

// parseEnvelope reads one generic JSON envelope. scanned, if not nil, is
// data already decoded by detection's scan.
func parseEnvelope(data []byte, scanned *envelopeValues) (*draft, error) {
	if scanned != nil {
		return scanned.draft()
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var v envelopeValues
	if !v.scanFlat(data) {
		v = envelopeValues{}
		if err := v.decode(data); err != nil {
			return nil, err
		}
	}
	return v.draft()
}

// scanFlat decodes the common envelope, an object whose members are
// strings, numbers, booleans and nulls, without the general decoder, and
// reports false for any other (the caller then decodes it in full). Its
// values are what the general decoder gives, in one string allocation.
func (v *envelopeValues) scanFlat(data []byte) bool {
	fs := newFlatScan(len(data))
	defer fs.release()
	return scanObject(data, fs.visit) && fs.values(v)
}

// flatScan is scanFlat's state, apart so that detection can decode an
// envelope in the same pass as it reads the keys.
type flatScan struct {
	// Every value's text goes into one buffer; spans record where.
	buf   []byte
	bufp  *[]byte // the pooled buffer buf came from
	spans [envFields]struct{ start, end int }
	seen  [envFields]bool // the key was there
	set   [envFields]bool // and its value was not null
	clean [envFields]bool // and a string of clean text
	// notFlat: a member was one a flat envelope does not have.
	notFlat bool
}

// newFlatScan returns a scan whose buffer holds size bytes; release
// returns the buffer once values has copied it out. (A value, which its
// caller keeps on the stack.)
func newFlatScan(size int) flatScan {
	bufp := flatScanBuffers.Get().(*[]byte)
	return flatScan{buf: slices.Grow((*bufp)[:0], size), bufp: bufp}
}

// flatScanBuffers keep the scans' buffers: values copies what a scan
// decoded into one string, so the buffer is free again after it.
var flatScanBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledScanBuffer keeps the buffer of an unusually large dispatch out
// of the pool.
const maxPooledScanBuffer = 64 << 10

func (fs *flatScan) release() {
	if cap(fs.buf) <= maxPooledScanBuffer {
		*fs.bufp = fs.buf[:0]
		flatScanBuffers.Put(fs.bufp)
	}
	fs.buf, fs.bufp = nil, nil
}

// visit takes one member, and reports false once one was not a flat
// envelope's.
func (fs *flatScan) visit(m jsonMember) bool {
	if !fs.notFlat && !fs.take(m) {
		fs.notFlat = true
	}
	return !fs.notFlat
}

func (fs *flatScan) take(m jsonMember) bool {
	field, known := envelopeKeys[string(m.key)]
	if !known {
		// The general decoder matches keys regardless of case.
		return !mayFoldToKey(m.key)
	}
	if fs.seen[field] {
		return false // which duplicate wins is the general decoder's call
	}
	fs.seen[field] = true
	start := len(fs.buf)
	switch c := m.value[0]; {
	case c == 'n': // null: as if absent
		return true
	case c == '"':
		if field == envLede || field == envText || field == envBody {
			fs.clean[field] = m.clean && bytes.IndexByte(m.value, '&') < 0 && bytes.IndexByte(m.value, 0x7F) < 0
		}
		if !m.escaped {
			fs.buf = append(fs.buf, m.value[1:len(m.value)-1]...)
		} else {
			var plain bool
			if fs.buf, plain = appendJSONString(fs.buf, m.value); !plain {
				return false
			}
		}
	case field >= envBody || c == '{' || c == '[':
		return false // lists, objects, and numbers where a string must be
	default: // a number or boolean, which a flexString keeps as written
		fs.buf = append(fs.buf, m.value...)
	}
	fs.spans[field].start, fs.spans[field].end = start, len(fs.buf)
	fs.set[field] = true
	return true
}

// values fills v from a scan that visited every member, or reports false
// if the envelope is not flat.
func (fs *flatScan) values(v *envelopeValues) bool {
	if fs.notFlat || fs.set[envSubjects] || fs.set[envKeywords] {
		return false
	}
	text := string(fs.buf)
	value := func(f envelopeField) string { return text[fs.spans[f].start:fs.spans[f].end] }
	for f := range envBody {
		v.scalars[f] = value(f)
	}
	if fs.set[envBody] {
		v.body, v.hasBody = []string{value(envBody)}, true
	}
	v.dateline = value(envDateline)
	v.clean.lede, v.clean.text, v.clean.body = fs.clean[envLede], fs.clean[envText], fs.clean[envBody]
	return true
}

// mayFoldToKey reports whether key might match an envelope key regardless
// of case: it holds an upper-case ASCII letter or a non-ASCII byte (which
// Unicode case folding may map to ASCII, as 'K' U+212A to 'k').
func mayFoldToKey(key []byte) bool {
	for _, c := range key {
		if c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// decode decodes any envelope with the general JSON decoder.
func (v *envelopeValues) decode(data []byte) error {
	var e Envelope
	if err := json.Unmarshal(data, &e); err != nil {
		return parseErr(FormatJSON, "reading JSON envelope", err)
	}
	for f, s := range [envBody]flexString{
		envID: e.ID, envProvider: e.Provider, envVersion: e.Version, envLanguage: e.Language,
		envLang: e.Lang, envHeadline: e.Headline, envTitle: e.Title, envLede: e.Lede,
		envText: e.Text, envByline: e.Byline, envCreated: e.Created, envDate: e.Date,
		envFirst: e.First, envUpdated: e.Updated, envVCreated: e.VCreated, envSlug: e.Slug,
		envUrgency: e.Urgency, envStatus: e.Status, envRevision: e.Revision, envReplaces: e.Replaces,
	} {
		v.scalars[f] = string(s)
	}
	v.subjects, v.keywords = e.Subjects, e.Keywords
	if len(e.Dateline) > 0 && string(e.Dateline) != "null" {
		var s string
		var obj struct {
			Place flexString `json:"place"`
			Date  flexString `json:"date"`
		}
		switch {
		case json.Unmarshal(e.Dateline, &s) == nil:
			v.dateline = s
		case json.Unmarshal(e.Dateline, &obj) == nil:
			v.place, v.datelineDate = string(obj.Place), string(obj.Date)
		default:
			return parseErr(FormatJSON, "dateline is neither a string nor {place, date}", nil)
		}
	}
	if len(e.Body) > 0 && string(e.Body) != "null" {
		var s string
		var list []string
		switch {
		case json.Unmarshal(e.Body, &s) == nil:
			v.body = []string{s}
		case json.Unmarshal(e.Body, &list) == nil:
			v.body = list
		default:
			return parseErr(FormatJSON, "body is neither a string nor a list of strings", nil)
		}
		v.hasBody = true
	}
	return nil
}

// draft applies the envelope's rules to its values.
func (v *envelopeValues) draft() (*draft, error) {
	sc := &v.scalars
	d := &draft{
		providerID:     sc[envID],
		provider:       sc[envProvider],
		version:        sc[envVersion],
		declaredLang:   firstOf(sc[envLanguage], sc[envLang]),
		headline:       firstOf(sc[envHeadline], sc[envTitle]),
		byline:         sc[envByline],
		firstCreated:   firstOf(sc[envCreated], sc[envFirst], sc[envDate]),
		versionCreated: firstOf(sc[envUpdated], sc[envVCreated]),
		subjects:       v.subjects,
		keywords:       v.keywords,
		slug:           sc[envSlug],
		urgency:        flexString(sc[envUrgency]).int(),
		status:         sc[envStatus],
		dateline:       v.dateline,
		place:          v.place,
		datelineDate:   v.datelineDate,
	}
	// Room for a lede and a body's few paragraphs at once, rather than
	// growing the slice paragraph by paragraph.
	d.paragraphs = make([]string, 0, 8)
	if lede := strings.TrimSpace(sc[envLede]); lede != "" {
		d.paragraphs = append(d.paragraphs, lede)
	}
	if v.hasBody {
		for _, p := range v.body {
			d.paragraphs = appendEnvelopeParagraphs(d.paragraphs, p, v.clean.body)
		}
	} else if sc[envText] != "" {
		d.paragraphs = appendEnvelopeParagraphs(d.paragraphs, sc[envText], v.clean.text)
	}
	// Every paragraph is a trimmed part of these texts, split at ASCII
	// characters: clean text stays clean.
	d.cleanParagraphs = (strings.TrimSpace(sc[envLede]) == "" || v.clean.lede) &&
		(v.hasBody && v.clean.body || !v.hasBody && (sc[envText] == "" || v.clean.text))
	if len(d.paragraphs) == 0 && d.headline == "" {
		return nil, parseErr(FormatJSON, "envelope has neither headline nor body", nil)
	}
	switch k := strings.ToLower(sc[envRevision]); k {
	case "update", "correction", "refile", "kill":
		d.kind = k
		d.killed = k == "kill"
	}
	if sc[envReplaces] != "" {
		d.replaces, d.replacesVer = true, sc[envReplaces]
	}
	d.paragraphs, d.subheadlines = splitIntertitles(d.paragraphs)
	d.pullLeading()
	if d.kind == "" {
		applyTagRevision(d, d.slug, d.headline)
	}
	return d, nil
}

// appendEnvelopeParagraphs splits a body string into paragraphs, repairs
// paragraphs run together by a careless export ("en avril.En mai, ..."),
// and appends them to out.
//
// A clean s (see plainStringRun) holds no control character: one line.
func appendEnvelopeParagraphs(out []string, s string, clean bool) []string {
	if clean || isOneLine(s) {
		// plainParagraphs' one paragraph, without its slice.
		if t := strings.TrimSpace(s); t != "" {
			out = appendSplitGlued(out, t)
		}
		return out
	}
	for _, p := range plainParagraphs(s) {
		out = appendSplitGlued(out, p)
	}
	return out
}

// splitGlued breaks a paragraph where a sentence end is immediately followed
// by a capitalised word with no space: "avril.En mai". It requires a
// lower-case letter, digit, '%' or closing quote before the period and an
// upper-case then lower-case letter after it, which leaves "U.S.", "4.000",
// "M.Poutine"-style initials and domain names alone.
func appendSplitGlued(out []string, p string) []string {
	start := 0
	// Sentence ends are ASCII: find them with strings.IndexByte, and
	// decode the runes around a candidate only.
	ends := sentenceEnds{p: p, next: [3]int{-1, -1, -1}}
	for i := ends.from(1); i < len(p); i = ends.from(i + 1) {
		if i+1 < len(p) && p[i+1] < utf8.RuneSelf && (p[i+1] < 'A' || p[i+1] > 'Z') {
			continue // the usual case, a space or a digit after the end: not upper case
		}
		glued, last := gluedAt(p, i)
		if last {
			break
		}
		if !glued {
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

// gluedAt reports whether the sentence end p[i] is glued to the next
// sentence, and whether it is the last worth looking at (p ends within the
// next two characters).
func gluedAt(p string, i int) (glued, last bool) {
	prev, _ := utf8.DecodeLastRuneInString(p[:i])
	next, nextSize := utf8.DecodeRuneInString(p[i+1:])
	if nextSize == 0 {
		return false, true
	}
	next2, next2Size := utf8.DecodeRuneInString(p[i+1+nextSize:])
	if next2Size == 0 {
		return false, true
	}
	return (isLowerOrDigit(prev) || prev == '%' || prev == ')' || prev == '»' || prev == '"') && isUpper(next) && isLower(next2), false
}

// sentenceEnds finds the '.', '!' and '?' of a paragraph, remembering where
// the next of each is so that no byte is searched twice ('!' and '?' are
// rare: a byte loop testing for all three was most of appendSplitGlued).
type sentenceEnds struct {
	p string
	// next[k] is where the k-th of sentenceEndBytes next occurs from the
	// last search for it (len(p) if nowhere); -1 before the first.
	next [len(sentenceEndBytes)]int
}

const sentenceEndBytes = ".!?"

// from returns the index of the first sentence end in p[i:], or len(p).
func (se *sentenceEnds) from(i int) int {
	first := len(se.p)
	for k := range len(sentenceEndBytes) {
		if se.next[k] < i {
			se.next[k] = len(se.p)
			if i < len(se.p) {
				if j := strings.IndexByte(se.p[i:], sentenceEndBytes[k]); j >= 0 {
					se.next[k] = i + j
				}
			}
		}
		first = min(first, se.next[k])
	}
	return first
}

func isLowerOrDigit(r rune) bool { return isLower(r) || (r >= '0' && r <= '9') }
