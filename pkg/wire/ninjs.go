package wire

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/segmentio/encoding/json"
)

// flexString decodes a JSON string, number or boolean as a string: feeds
// disagree on whether version and urgency are numbers.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] == '"' {
		if plainJSONString(b) {
			*f = flexString(b[1 : len(b)-1])
			return nil
		}
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	if b[0] == '{' || b[0] == '[' {
		return fmt.Errorf("expected a string or number, got %.20s", b)
	}
	*f = flexString(b)
	return nil
}

// plainJSONString reports whether the quoted JSON string b needs no
// decoding: no escape, no control character, valid UTF-8. Most values of
// an envelope are, and a full decoder call per field is a tenth of parsing one.
func plainJSONString(b []byte) bool {
	if len(b) < 2 || b[len(b)-1] != '"' {
		return false
	}
	inner := b[1 : len(b)-1]
	for _, c := range inner {
		if c == '\\' || c == '"' || c < 0x20 {
			return false
		}
	}
	return utf8.Valid(inner)
}

func (f flexString) int() int64 {
	s := strings.TrimSpace(string(f))
	if s == "" {
		return 0 // as ParseInt gives, without the error it allocates
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// ninjsNamed is the shape of ninjs subjects, places, genres, services,
// people and infosources (1.x: code/name/scheme; 2.x: uri/literal/name).
type ninjsNamed struct {
	Code    flexString `json:"code"`
	Name    flexString `json:"name"`
	Scheme  flexString `json:"scheme"`
	URI     flexString `json:"uri"`
	Literal flexString `json:"literal"`
	Role    flexString `json:"role"`
}

func (n ninjsNamed) id() string {
	for _, v := range []flexString{n.URI, n.Code, n.Literal, n.Name} {
		if v != "" {
			s := string(v)
			if n.Scheme != "" && v == n.Code && !strings.Contains(s, ":") {
				s = string(n.Scheme) + ":" + s
			}
			return s
		}
	}
	return ""
}

// ninjsValue is a ninjs 2.x headline, description or body.
type ninjsValue struct {
	Value       string `json:"value"`
	Role        string `json:"role"`
	ContentType string `json:"contenttype"`
}

// ninjsItem covers IPTC ninjs 1.x and 2.x (and Superdesk's flavour, which
// adds guid, source, slugline and body_text).
type ninjsItem struct {
	URI             flexString   `json:"uri"`
	GUID            flexString   `json:"guid"`
	Type            flexString   `json:"type"`
	Version         flexString   `json:"version"`
	VersionCreated  flexString   `json:"versioncreated"`
	FirstCreated    flexString   `json:"firstcreated"`
	ContentCreated  flexString   `json:"contentcreated"`
	PubStatus       flexString   `json:"pubstatus"`
	Urgency         flexString   `json:"urgency"`
	Language        flexString   `json:"language"`
	Headline        flexString   `json:"headline"`
	Headlines       []ninjsValue `json:"headlines"`
	Subheadline     flexString   `json:"subheadline"`
	Slugline        flexString   `json:"slugline"`
	Byline          flexString   `json:"byline"`
	By              flexString   `json:"by"`
	Located         flexString   `json:"located"`
	BodyText        flexString   `json:"body_text"`
	BodyHTML        flexString   `json:"body_html"`
	Bodies          []ninjsValue `json:"bodies"`
	DescriptionText flexString   `json:"description_text"`
	Source          flexString   `json:"source"`
	CopyrightHolder flexString   `json:"copyrightholder"`
	Subject         []ninjsNamed `json:"subject"`
	Subjects        []ninjsNamed `json:"subjects"`
	InfoSources     []ninjsNamed `json:"infosources"`
	Keywords        []string     `json:"keywords"`
	Signal          []ninjsNamed `json:"signal"`
}

// parseNinjs reads one IPTC ninjs document.
func parseNinjs(data []byte) (*draft, error) {
	var it ninjsItem
	if err := json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &it); err != nil {
		return nil, parseErr(FormatNinjs, "reading JSON", err)
	}
	if t := strings.ToLower(string(it.Type)); t != "" && t != "text" && t != "composite" {
		return nil, parseErr(FormatNinjs, "item of type "+strconv.Quote(t)+" carries no text", nil)
	}
	d := &draft{
		providerID:     string(it.URI),
		version:        string(it.Version),
		declaredLang:   string(it.Language),
		urgency:        it.Urgency.int(),
		status:         string(it.PubStatus),
		slug:           string(it.Slugline),
		headline:       string(it.Headline),
		byline:         string(it.Byline),
		place:          string(it.Located),
		firstCreated:   string(it.FirstCreated),
		versionCreated: string(it.VersionCreated),
		keywords:       it.Keywords,
	}
	if d.providerID == "" {
		d.providerID = string(it.GUID)
	}
	if d.byline == "" {
		d.byline = string(it.By)
	}
	if d.firstCreated == "" {
		d.firstCreated = string(it.ContentCreated)
	}
	for _, h := range it.Headlines {
		switch {
		case d.headline == "" && (h.Role == "" || strings.Contains(h.Role, "main")):
			d.headline = h.Value
		case strings.Contains(h.Role, "sub"):
			d.subheadlines = append(d.subheadlines, h.Value)
		}
	}
	if it.Subheadline != "" {
		d.subheadlines = append(d.subheadlines, string(it.Subheadline))
	}
	switch {
	case it.Source != "":
		d.provider = string(it.Source)
	case len(it.InfoSources) > 0:
		d.provider = string(it.InfoSources[0].Name)
	case it.CopyrightHolder != "":
		d.provider = string(it.CopyrightHolder)
	}
	for _, s := range append(it.Subject, it.Subjects...) {
		if id := s.id(); id != "" {
			d.subjects = append(d.subjects, id)
		}
	}
	for _, s := range it.Signal {
		if k := signalKind(s.id()); k != "" {
			d.kind = k
		}
	}

	var bp bodyParts
	switch {
	case it.BodyHTML != "":
		bp = htmlFragment(string(it.BodyHTML))
	case len(it.Bodies) > 0:
		b := it.Bodies[0]
		for _, cand := range it.Bodies {
			if strings.Contains(cand.ContentType, "html") {
				b = cand
				break
			}
		}
		if strings.Contains(b.ContentType, "html") {
			bp = htmlFragment(b.Value)
		} else {
			bp.paragraphs = plainParagraphs(b.Value)
		}
	case it.BodyText != "":
		bp.paragraphs = plainParagraphs(string(it.BodyText))
	case it.DescriptionText != "":
		bp.paragraphs = plainParagraphs(string(it.DescriptionText))
	}
	d.paragraphs = bp.paragraphs
	d.subheadlines = append(d.subheadlines, bp.headings...)
	d.pullLeading()
	applyTagRevision(d, d.slug, d.headline)
	return d, nil
}

// htmlFragment extracts paragraphs from an HTML fragment carried in JSON.
// It is parsed as XML inside a wrapper element; HTML that is not well-formed
// XML (void tags like <br>, unclosed <p>) falls back to tag stripping, with
// block-level tags as paragraph breaks.
func htmlFragment(h string) bodyParts {
	root, err := parseXML([]byte("<body>" + h + "</body>"))
	if err == nil {
		return extractBody(root)
	}
	return bodyParts{paragraphs: plainParagraphs(stripTags(h))}
}

// stripTags removes markup, turning block-level tags into line breaks.
func stripTags(h string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		tag := strings.ToLower(strings.Trim(h[i+1:i+j], "/ "))
		if k := strings.IndexAny(tag, " \t\n/"); k >= 0 {
			tag = tag[:k]
		}
		if blockTags[tag] || headingTags[tag] || tag == "br" {
			b.WriteString("\n\n")
		}
		h = h[i+j+1:]
	}
	return b.String()
}
