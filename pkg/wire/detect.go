package wire

import (
	"bytes"
	"math/bits"
	"mime"
	"strings"

	"github.com/segmentio/encoding/json"
)

// sniffLen is how much of the input detection looks at.
const sniffLen = 4096

// DetectFormat names the format of data, or "" if it cannot tell. The
// content looks decisive (an XML root element, ANPA framing, JSON keys);
// the Content-Type decides only when the content is ambiguous.
func DetectFormat(data []byte, contentType string) string {
	format, _ := detectFormat(data, contentType, nil)
	return format
}

// detectFormat is DetectFormat. With into, a generic envelope that
// detection's scan reads is also decoded into it, to spare parsing a second
// pass, and decoded is true.
func detectFormat(data []byte, contentType string, into *envelopeValues) (format string, decoded bool) {
	head := data
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")

	// ANPA-1312 frames items with SYN SYN SOH ... STX ... ETX.
	if len(trimmed) > 0 && (trimmed[0] == 0x16 || trimmed[0] == 0x01) {
		return FormatANPA, false
	}
	if bytes.IndexByte(head, 0x02) >= 0 && bytes.IndexByte(head, 0x01) >= 0 {
		return FormatANPA, false
	}
	if len(trimmed) > 0 && trimmed[0] == '<' {
		switch root := xmlRootName(trimmed); root {
		case "nitf":
			return FormatNITF, false
		case "newsItem", "newsMessage", "packageItem", "knowledgeItem", "conceptItem":
			return FormatNewsMLG2, false
		case "NewsML":
			return FormatNewsML12, false
		}
		if f := formatFromContentType(contentType); f != "" && f != FormatText && f != FormatJSON && f != FormatNinjs {
			return f, false
		}
		return "", false
	}
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return detectJSON(data, into)
	}
	if f := formatFromContentType(contentType); f != "" {
		return f, false
	}
	if len(trimmed) == 0 {
		return "", false
	}
	return FormatText, false
}

// detectJSON tells ninjs from the generic envelope by its keys: ninjs items
// carry uri/guid plus ninjs-only fields.
//
// With into, it also decodes the envelope that data is into it when
// detection's scan can, and says so.
func detectJSON(data []byte, into *envelopeValues) (format string, decoded bool) {
	if bytes.IndexByte(bytes.TrimSpace(data), '\n') < 0 {
		// One document, as below, in one pass when the scanner can read it.
		var (
			scan flatScan
			fs   *flatScan
		)
		if into != nil {
			scan = newFlatScan(len(data))
			fs = &scan
			defer fs.release()
		}
		if format, ok := detectJSONByScan(data, fs); ok {
			return format, fs != nil && format == FormatJSON && fs.values(into)
		}
	}
	line := data
	if i := bytes.IndexByte(bytes.TrimSpace(data), '\n'); i > 0 {
		// NDJSON: judge by the first document.
		if first := bytes.TrimSpace(data)[:i]; json.Valid(first) {
			line = first
		}
	}
	var keys jsonKeys
	if r, err := json.Parse(line, &keys, json.DontMatchCaseInsensitiveStructFields); err != nil || len(r) != 0 {
		return FormatJSON, false // the envelope parser reports the error
	}
	if keys.isNinjs() {
		return FormatNinjs, false
	}
	return FormatJSON, false
}

// present records that a JSON key was there, whatever its value, without
// decoding or copying the value (a body is most of a dispatch).
type present bool

func (p *present) UnmarshalJSON([]byte) error { *p = true; return nil }

// jsonKeys are the top-level keys that tell ninjs from other JSON.
type jsonKeys struct {
	URI  present `json:"uri"`
	GUID present `json:"guid"`
	// Keys only ninjs uses among the formats we read.
	VersionCreated  present `json:"versioncreated"`
	FirstCreated    present `json:"firstcreated"`
	BodyHTML        present `json:"body_html"`
	BodyText        present `json:"body_text"`
	Bodies          present `json:"bodies"`
	Headlines       present `json:"headlines"`
	PubStatus       present `json:"pubstatus"`
	CopyrightHolder present `json:"copyrightholder"`
	Renditions      present `json:"renditions"`
	Associations    present `json:"associations"`
	Descriptions    present `json:"descriptions"`
	Located         present `json:"located"`
	Profile         present `json:"profile"`
}

func (k *jsonKeys) isNinjs() bool {
	ninjsOnly := 0
	for _, p := range []present{k.VersionCreated, k.FirstCreated, k.BodyHTML, k.BodyText, k.Bodies, k.Headlines, k.PubStatus, k.CopyrightHolder, k.Renditions, k.Associations, k.Descriptions, k.Located, k.Profile} {
		if p {
			ninjsOnly++
		}
	}
	return ninjsOnly >= 2 || (bool(k.URI || k.GUID) && ninjsOnly >= 1)
}

// jsonKeyBits gives each key of jsonKeys a bit, for detectJSONByScan.
var jsonKeyBits = func() map[string]uint16 {
	bits := map[string]uint16{}
	for i, key := range append([]string{"uri", "guid"}, ninjsOnlyKeys...) {
		bits[key] = 1 << i
	}
	return bits
}()

// ninjsOnlyKeys are the json names of jsonKeys' fields after URI and GUID.
var ninjsOnlyKeys = []string{
	"versioncreated", "firstcreated", "body_html", "body_text", "bodies", "headlines",
	"pubstatus", "copyrightholder", "renditions", "associations", "descriptions", "located", "profile",
}

// detectJSONByScan is detectJSON for data that scanObject reads, with the
// same rule as jsonKeys.isNinjs; it reports false for other data. fs, if
// not nil, visits the members too (its own verdict aside).
func detectJSONByScan(data []byte, fs *flatScan) (string, bool) {
	var seen uint16
	if !scanObject(data, func(m jsonMember) bool {
		seen |= jsonKeyBits[string(m.key)]
		if fs != nil {
			fs.visit(m)
		}
		return true
	}) {
		return "", false
	}
	const idBits = 0b11 // uri, guid
	ninjsOnly := bits.OnesCount16(seen &^ idBits)
	if ninjsOnly >= 2 || (seen&idBits != 0 && ninjsOnly >= 1) {
		return FormatNinjs, true
	}
	return FormatJSON, true
}

// xmlRootName returns the local name of the first element of an XML document.
func xmlRootName(data []byte) string {
	for len(data) > 0 {
		i := bytes.IndexByte(data, '<')
		if i < 0 || i+1 >= len(data) {
			return ""
		}
		data = data[i+1:]
		switch {
		case bytes.HasPrefix(data, []byte("?")):
			j := bytes.Index(data, []byte("?>"))
			if j < 0 {
				return ""
			}
			data = data[j+2:]
		case bytes.HasPrefix(data, []byte("!--")):
			j := bytes.Index(data, []byte("-->"))
			if j < 0 {
				return ""
			}
			data = data[j+3:]
		case bytes.HasPrefix(data, []byte("!")):
			j := bytes.IndexByte(data, '>')
			if j < 0 {
				return ""
			}
			data = data[j+1:]
		default:
			end := bytes.IndexAny(data, " \t\r\n/>")
			if end < 0 {
				return ""
			}
			name := string(data[:end])
			if k := strings.IndexByte(name, ':'); k >= 0 {
				name = name[k+1:]
			}
			return name
		}
	}
	return ""
}

// formatFromContentType maps the media types feeds use to a format.
func formatFromContentType(ct string) string {
	if ct == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	switch {
	case strings.Contains(mt, "nitf"):
		return FormatNITF
	case strings.Contains(mt, "g2") || strings.Contains(mt, "newsml-g2") || strings.Contains(mt, "newsmlg2"):
		return FormatNewsMLG2
	case strings.Contains(mt, "newsml"):
		return FormatNewsML12
	case strings.Contains(mt, "ninjs"):
		return FormatNinjs
	case strings.Contains(mt, "anpa"):
		return FormatANPA
	case mt == "application/json" || mt == "application/x-ndjson" || mt == "application/ndjson" || strings.HasSuffix(mt, "+json"):
		return FormatJSON
	case strings.HasPrefix(mt, "text/plain"):
		return FormatText
	}
	return ""
}
