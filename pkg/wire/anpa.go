package wire

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/newswire/newswire/pkg/text/normalize"
	"github.com/newswire/newswire/proto"
)

// ANPA-1312 control characters.
const (
	anpaSOH = 0x01
	anpaSTX = 0x02
	anpaETX = 0x03
	anpaEOT = 0x04
	anpaUS  = 0x1f
)

// anpaHeader is the transmission header after SOH: priority, category,
// format codes, then "AM-"/"PM-"/"BC-" cycle, the keyword (slug, cut to the
// field width), optional version words, the month-day and the word count.
// Example: "f l\x13\x11 BC-LT--Argentina-CancerB     11-13 1049".
var anpaHeader = regexp.MustCompile(`(?i)^([a-z])\s?([a-z])[\x10-\x14]*\s*((?:am|pm|bc)-[^\s]*(?:\s+[^\s\d][^\s]*)*)\s+(\d{1,2})-(\d{1,2})\s+(\d{1,5})\s*$`)

// anpaSent is the send time in the trailer: "AP-WF-11-13-13 1509GMT" is
// 2013-11-13 15:09 UTC.
var anpaSent = regexp.MustCompile(`(\d{2})-(\d{2})-(\d{2})\s+(\d{4})\s*(?:GMT|UTC|Z)\b`)

// anpaPriority maps ANPA priority codes to IPTC urgency (1 = most urgent).
var anpaPriority = map[byte]int64{
	'f': 1, // flash
	'b': 2, // bulletin
	'u': 3, // urgent
	'r': 5, // routine
	's': 5, // special (routine priority)
	'd': 6, // deferred
	'a': 6, // advance
	'w': 7, // weekend advance
}

// anpaVersion matches the version words of a keyword line: "1stLd-Writethru",
// "2nd Ld", "Writethru", "Correction", "Sub", "Kill", "Urgent", "Bulletin".
var anpaVersion = regexp.MustCompile(`(?i)^(?:(\d+)(?:st|nd|rd|th)\s?(?:Ld|Lead|Add|Take)(?:[- ]?(?:Writethru|Writethrough))?|Writethru|Writethrough|Correction|Corrective|Sub|Kill|Mandatory Kill|Elimination|Eliminate|Withhold|Advisory|Urgent|Bulletin|Flash|Repeat|Refile|Update)$`)

// parseANPA reads an ANPA-1312 (IPTC 7901-like) transmission: SYN SYN SOH,
// a service/sequence line, a header with priority, category and keyword,
// STX, the text (keyword line, "^"-marked headline, byline and notes, then
// indented paragraphs), ETX, and the time-sent trailer.
func parseANPA(data []byte, charset string) (*draft, error) {
	utf, err := normalize.ToUTF8(data, charset)
	if err != nil {
		return nil, parseErr(FormatANPA, "decoding charset", err)
	}
	stx := bytes.IndexByte(utf, anpaSTX)
	if stx < 0 {
		return nil, parseErr(FormatANPA, "no STX (start of text)", nil)
	}
	header, text := utf[:stx], utf[stx+1:]
	trailer := []byte(nil)
	if etx := bytes.IndexByte(text, anpaETX); etx >= 0 {
		text, trailer = text[:etx], text[etx+1:]
	} else if eot := bytes.IndexByte(text, anpaEOT); eot >= 0 {
		text = text[:eot]
	}

	d := &draft{}
	var headerSlug string
	for _, line := range strings.Split(string(header), "\n") {
		line = strings.Trim(line, "\x16\x01\r ")
		if m := anpaHeader.FindStringSubmatch(line); m != nil {
			if u, ok := anpaPriority[strings.ToLower(m[1])[0]]; ok {
				d.urgency = u
			}
			d.subjects = append(d.subjects, "a1312cat:"+strings.ToLower(m[2]))
			headerSlug = strings.TrimSpace(m[3])
			d.datelineDate = m[4] + "-" + m[5]
		}
	}

	// Trailer "AP-WF-11-13-13 1509GMT": the sender's mnemonic and send time.
	tr := strings.TrimSpace(strings.Trim(string(trailer), "\x0c\x04<\r\n\t "))
	if f := strings.FieldsFunc(tr, func(r rune) bool { return r == '-' || r == ' ' }); len(f) > 0 && isUpperWord(f[0]) {
		d.provider = f[0]
	}

	if m := anpaSent.FindStringSubmatch(tr); m != nil {
		yy, _ := atoiSmall(m[3])
		century := 2000
		if yy >= 70 {
			century = 1900 // ANPA-1312 predates 2000; two-digit years from 70 are the 1900s
		}
		d.versionCreated = fmt.Sprintf("%04d-%s-%sT%s:%s:00Z", century+yy, m[1], m[2], m[4][:2], m[4][2:])
	}

	var keywordLine string
	var paras []string
	for _, raw := range strings.Split(string(text), "\n") {
		line := strings.TrimRight(raw, "\r")
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "^") {
			// Header-style lines end with '<' (quad left) or '=' (centred).
			t = strings.TrimSpace(strings.TrimRight(strings.TrimPrefix(t, "^"), "<= "))
			switch {
			case keywordLine == "" && isCycleKeyword(t):
				keywordLine = t
			case bylinePara.MatchString(t):
				if d.byline == "" {
					d.byline = t
				}
			case strings.HasPrefix(t, "Eds:") || strings.HasPrefix(t, "Ed:") || strings.HasPrefix(strings.ToUpper(t), "AP PHOTO") || strings.HasPrefix(strings.ToLower(t), "with ") || t == "":
			case d.headline == "":
				d.headline = t
			}
			continue
		}
		paras = append(paras, line)
	}
	body := strings.Join(paras, "\n")
	// AP's ASCII typography: `` and '' are double quotes, " _ " a dash.
	body = strings.NewReplacer("``", `"`, "''", `"`, " _ ", " — ").Replace(body)
	d.paragraphs = plainParagraphs(body)
	d.pullLeading()

	// The keyword line "BC-LT--Argentina-Cancer Beauty,466" or
	// "BC-US--Budget-Battle, 1st Ld-Writethru,0620" holds the full slug and
	// the version words; the header holds a truncated slug.
	slug, version := splitKeywordLine(keywordLine)
	if slug == "" {
		slug = headerSlug
	}
	d.slug = strings.TrimSpace(stripCycle(slug))
	d.version = version
	if d.slug != "" {
		// Same story, same day: the slug and the transmission date identify
		// it; the version words tell its versions apart.
		d.providerID = d.slug
		if d.datelineDate != "" {
			d.providerID += "/" + d.datelineDate
		}
	}
	anpaRevision(d)
	if d.kind == "" {
		d.firstCreated = d.versionCreated // an original: sent once, now
	}
	// The header's month-day is not a dateline date: keep the body's.
	d.datelineDate = ""
	return d, nil
}

func isUpperWord(s string) bool {
	if s == "" || len(s) > 8 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

var cycleKeyword = regexp.MustCompile(`(?i)^(?:am|pm|bc)-\S`)

func isCycleKeyword(s string) bool { return cycleKeyword.MatchString(s) }

// stripCycle removes the cycle designator and category ("BC-LT--") from a keyword.
func stripCycle(s string) string {
	if !cycleKeyword.MatchString(s) {
		return s
	}
	s = s[3:]
	if i := strings.Index(s, "--"); i >= 0 && i <= 4 {
		s = s[i+2:]
	}
	return s
}

// splitKeywordLine separates the slug, the version words and the word count.
func splitKeywordLine(line string) (slug, version string) {
	if line == "" {
		return "", ""
	}
	fields := strings.Split(line, ",")
	slug = strings.TrimSpace(fields[0])
	var words []string
	for _, f := range fields[1:] {
		f = strings.TrimSpace(f)
		if f == "" || isDigits(f) {
			continue
		}
		if anpaVersion.MatchString(f) {
			words = append(words, f)
		}
	}
	return slug, strings.Join(words, ", ")
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

var leadNumber = regexp.MustCompile(`(?i)^(\d+)(?:st|nd|rd|th)\s?(?:Ld|Lead)`)

// anpaRevision derives kind and predecessor from version words: the Nth
// lead replaces lead N-1 (the first lead replaces the original), other
// version words (correction, writethru, kill) name the original, and a kill
// cancels the story.
func anpaRevision(d *draft) {
	v := strings.ToLower(d.version)
	if v == "" {
		return
	}
	switch {
	case strings.Contains(v, "kill") || strings.Contains(v, "eliminat") || strings.Contains(v, "withhold"):
		d.killed = true
		d.kind = proto.RevisionKill
	case strings.Contains(v, "correct"):
		d.kind = proto.RevisionCorrection
	case strings.Contains(v, "refile") || strings.Contains(v, "repeat"):
		d.kind = proto.RevisionRefile
	default:
		d.kind = proto.RevisionUpdate
	}
	d.revisionNote = d.version
	d.replaces = true
	d.replacesVer = anpaOriginalVersion
	if n := leadOf(d.version); n > 1 {
		d.replacesVer = leadVersion(n - 1)
	}
	d.version = canonicalANPAVersion(d.version)
}

// anpaOriginalVersion is the version of a story sent without version words.
const anpaOriginalVersion = ""

// leadOf returns N of an "Nth Ld" version, or 0.
func leadOf(version string) int {
	for _, w := range strings.Split(version, ", ") {
		if m := leadNumber.FindStringSubmatch(w); m != nil {
			n, _ := atoiSmall(m[1])
			return n
		}
	}
	return 0
}

func leadVersion(n int) string { return "ld" + itoa(n) }

// canonicalANPAVersion writes version words one way, so that a later lead
// can name its predecessor: the lead number alone when there is one
// ("1st Ld-Writethru", "1stLd" and "1ST LEAD" are all "ld1"), with any
// correction or kill word after it; otherwise the words lower-cased.
func canonicalANPAVersion(v string) string {
	var parts []string
	if n := leadOf(v); n > 0 {
		parts = append(parts, leadVersion(n))
	}
	for _, w := range strings.Split(v, ", ") {
		if leadNumber.MatchString(w) {
			continue
		}
		w = strings.NewReplacer(" ", "", "-", "", "writethrough", "writethru").Replace(strings.ToLower(w))
		if w != "" && w != "writethru" {
			parts = append(parts, w)
		}
	}
	return strings.Join(parts, "+")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
