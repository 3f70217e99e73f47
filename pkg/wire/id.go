package wire

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// maxTokenLen bounds the provider prefix of an ID and the source token, which
// end up in NATS subjects and message ids.
const maxTokenLen = 32

// DispatchID returns the stable identifier of one version of a provider's
// item: "<provider>-" followed by 24 hex digits of
// sha256(provider|providerID|version). The same provider item and version
// always give the same id, whatever else changed in the envelope. When
// providerID is empty the id is a content hash of body instead (same text,
// same id). The result matches [a-z0-9-]+ and is at most 57 bytes.
func DispatchID(provider, providerID, version string, body []byte) string {
	prefix := token(provider, false)
	if prefix == "" {
		prefix = "item"
	}
	var sum [sha256.Size]byte
	if providerID != "" {
		// The hashed text gathered on the stack (it is short), hashed at
		// once: no hash state, sum or copy on the heap.
		var buf [256]byte
		in := append(buf[:0], strings.ToLower(strings.TrimSpace(provider))...)
		in = append(in, '|')
		in = append(in, strings.TrimSpace(providerID)...)
		in = append(in, '|')
		in = append(in, strings.TrimSpace(version)...)
		sum = sha256.Sum256(in)
	} else {
		h := sha256.New()
		// Domain-separated from the id form so a body can never collide
		// with a provider id by construction.
		h.Write([]byte("content|"))
		h.Write([]byte(strings.ToLower(strings.TrimSpace(provider))))
		h.Write([]byte{'|'})
		h.Write(body)
		h.Sum(sum[:0])
	}
	var digits [2 * 12]byte
	hex.Encode(digits[:], sum[:12])
	return prefix + "-" + string(digits[:])
}

// knownProviders maps the many ways items name their provider to one token.
// Unknown names fall back to a generic rule (first label of a domain name,
// else the name itself), so the table is a convenience, not a gate.
var knownProviders = map[string]string{
	"agence france-presse": "afp", "agence france presse": "afp", "france-presse": "afp",
	"associated press": "ap", "the associated press": "ap",
	"thomson reuters": "reuters", "reuters news": "reuters",
	"australian associated press":        "aap",
	"deutsche presse-agentur":            "dpa",
	"agencia efe":                        "efe",
	"agenzia nazionale stampa associata": "ansa",
}

// providerToken turns a provider's name or domain into a lower-case token:
// "afp.com" → "afp", "AP" → "ap", "Thomson Reuters" → "reuters",
// "urn:newsml:afp.com:..." is not expected here.
func providerToken(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" {
		return ""
	}
	if t, ok := knownProviders[n]; ok {
		return t
	}
	n = strings.TrimPrefix(n, "http://")
	n = strings.TrimPrefix(n, "https://")
	n = strings.TrimPrefix(n, "www.")
	if strings.Contains(n, ".") && !strings.Contains(n, " ") {
		n = n[:strings.IndexByte(n, '.')]
	}
	return token(n, false)
}

// sourceToken makes a sender-given source name safe for a NATS subject.
func sourceToken(s string) string {
	return token(strings.ToLower(strings.TrimSpace(s)), true)
}

// token keeps [a-z0-9-] (and '_' when underscore is set), turning every
// other run of characters into one '-', trimmed and bounded.
func token(s string, underscore bool) string {
	if isToken(s, underscore) {
		// The loop below would copy it as it is (lower case, nothing to
		// replace), up to maxTokenLen.
		return strings.Trim(s[:min(len(s), maxTokenLen)], "-_")
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || (underscore && r == '_')
		if !ok {
			dash = b.Len() > 0
			continue
		}
		if dash && r != '-' {
			b.WriteByte('-')
		}
		dash = false
		b.WriteRune(r)
		if b.Len() >= maxTokenLen {
			break
		}
	}
	return strings.Trim(b.String(), "-_")
}

// isToken reports whether s holds only the characters token keeps: ASCII
// lower-case letters, digits, '-' and, with underscore, '_'.
func isToken(s string, underscore bool) bool {
	for i := range len(s) {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || underscore && c == '_') {
			return false
		}
	}
	return true
}
