package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Décès à l'hôpital", "\xef\xbb\xbfbom", "\xff\xfeA\x00", "&amp;#39; &eacute;", "100\u00a0000\r\n\r\nx", "\xe9t\xe9"} {
		f.Add([]byte(s), "iso-8859-1")
		f.Add([]byte(s), "")
	}
	f.Fuzz(func(t *testing.T, data []byte, label string) {
		out, err := ToUTF8(data, label)
		if err != nil {
			return
		}
		if !utf8.Valid(out) {
			t.Fatalf("ToUTF8 output is not UTF-8: %q", out)
		}
		in := Inline(string(out))
		if !utf8.ValidString(in) || strings.ContainsAny(in, "\n\r\t") || in != strings.TrimSpace(in) {
			t.Fatalf("Inline = %q", in)
		}
		blk := Block(string(data))
		if !utf8.ValidString(blk) || strings.Contains(blk, "\n\n") {
			t.Fatalf("Block = %q", blk)
		}
	})
}
