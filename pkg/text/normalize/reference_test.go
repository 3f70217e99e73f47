package normalize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// referencePrepare, referenceCollapse, referenceInline and referenceBlock are
// the plain forms of prepare, collapse, Inline and Block (a rune at a time,
// then split, trim and join), kept to check the fast ones against.
func referencePrepare(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = Entities(s)
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return s
}

func referenceCollapse(s string, keepLines bool) string {
	var b strings.Builder
	pendingSpace := false
	flush := func() {
		if pendingSpace && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pendingSpace = false
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			r = '\n'
			fallthrough
		case r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			if keepLines {
				pendingSpace = false
				b.WriteByte('\n')
			} else {
				pendingSpace = true
			}
			continue
		case r == '\u00A0' || r == '\u202F' || r == '\u2007':
			flush()
			b.WriteRune(r)
			continue
		case unicode.IsSpace(r):
			pendingSpace = true
			continue
		case invisible(r):
			continue
		}
		flush()
		b.WriteRune(r)
	}
	return b.String()
}

func referenceInline(s string) string {
	return strings.TrimSpace(referenceCollapse(referencePrepare(s), false))
}

func referenceBlock(s string) string {
	var out []string
	for _, l := range strings.Split(referenceCollapse(referencePrepare(s), true), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func checkAgainstReference(t *testing.T, s string) {
	t.Helper()
	if got, want := Inline(s), referenceInline(s); got != want {
		t.Errorf("Inline(%q) = %q, reference %q", s, got, want)
	}
	if got, want := Block(s), referenceBlock(s); got != want {
		t.Errorf("Block(%q) = %q, reference %q", s, got, want)
	}
	if v := strings.ToValidUTF8(s, "\uFFFD"); isNFC(v) != norm.NFC.IsNormalString(v) {
		t.Errorf("isNFC(%q) = %v", v, isNFC(v))
	}
	below := utf8.ValidString(s)
	for _, r := range s {
		below = below && r < 0x300
	}
	if got := belowCombiningMarks(s); got != below {
		t.Errorf("belowCombiningMarks(%q) = %v", s, got)
	}
	if got, want := alreadyClean(s), referenceClean(s); got != want {
		t.Errorf("alreadyClean(%q) = %v, want %v", s, got, want)
	}
}

// referenceClean is alreadyClean a rune at a time.
func referenceClean(s string) bool {
	if !utf8.ValidString(s) || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.Contains(s, "  ") {
		return false
	}
	if strings.HasPrefix(s, "\u00a0") || strings.HasSuffix(s, "\u00a0") {
		return false
	}
	for _, r := range s {
		if !(r >= ' ' && r < 0x7F && r != '&' || r >= 0xA0 && r < 0x300 && r != 0xAD) {
			return false
		}
	}
	return true
}

var referenceInputs = []string{
	"", " ", "\n", "\r\n\r\n", "a", " a ", "\u00a0a\u00a0", "a \u00a0 \u00a0b", "\u00a0 \u202f x \u2007 \n \u00a0y\u00a0 \n\n",
	"  First  paragraph.\r\n\r\n\r\n\tSecond\u00a0one. \rThird\n \n",
	"x\u2028y\u2029z\u0085w\rv", "soft\u00adhyphen zero\u200bwidth \x16\x01ctl\x7f", "bad \xff byte\xc3",
	"e\u0301le\u0300ve", "A\u030a \u212b \u00c5", "ab\u0301\u0327c", "\u0301lead", "\u1100\u1161\u11a8 한", "ǅ\u0301",
	"Décès à l'hôpital, «\u00a0œuvre\u00a0» ǅ.", "«\u00a0Oui\u00a0»", "a\u00a0", "\u00a0a", "a\u00ad", "12\u00a0°C ± x", "a \u00a0 b", "abcdefg\u00a0bcd", "abcdefgh\u0085x", "abcdefg\u00a0", "ab  cd", "abcdefg  hijkl", "abcdefgh ijkl", "abcdefg ", "abcdefgé", "abcdefg\xc3", "\xa9abc",
	"abcdefg\u0300", "ÀÿĀɏʯ˿", "abc\x7fdef", "abc\x00", "a\tb", "abcdefgh\u00a0", "été\u2028été", "a\xc3\xc3\xa9b", "\xdf\xbf", "\xcb\xbf\xcc\x80",
	"L&#39;op&eacute;ratrice &amp; le Samu", "Alko&amp;#39;s &amp;amp;amp;", "&#x301;e&#x301;", "a&nbsp;b", "\t\v\f \x1c\x1f",
}

// go test runs the seeds (referenceInputs) as a test; go test -fuzz explores further.
func FuzzMatchesReference(f *testing.F) {
	for _, s := range referenceInputs {
		f.Add(s)
	}
	f.Fuzz(checkAgainstReference)
}
