package wire

import (
	"math/rand"
	"path/filepath"
	"testing"
)

// TestMutatedSamples is a deterministic complement to the fuzz targets that
// runs with every go test: each sample is damaged in many seeded random ways
// (byte flips, truncations, insertions, duplicated and deleted spans, tags
// swapped between samples) and parsed without the panic safety net.
func TestMutatedSamples(t *testing.T) {
	rounds := 400
	if testing.Short() {
		rounds = 50
	}
	var all [][]byte
	for _, path := range samples(t) {
		all = append(all, readSample(t, filepath.Base(path)))
	}
	r := rand.New(rand.NewSource(20151020))
	for si, base := range all {
		for range rounds {
			d := mutate(r, base, all)
			for _, format := range []string{"", FormatNITF, FormatNewsMLG2, FormatNewsML12, FormatANPA, FormatNinjs, FormatJSON, FormatText} {
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Fatalf("sample %d, format %q: panic %v on %q", si, format, p, d)
						}
					}()
					if out, err := parse(d, Options{Format: format}); err == nil {
						checkInvariants(t, out)
					}
				}()
			}
		}
	}
}

func mutate(r *rand.Rand, base []byte, all [][]byte) []byte {
	d := append([]byte{}, base...)
	for range 1 + r.Intn(6) {
		if len(d) == 0 {
			d = append(d, '<')
		}
		p := r.Intn(len(d))
		switch r.Intn(6) {
		case 0: // flip a byte
			d[p] = byte(r.Intn(256))
		case 1: // truncate
			d = d[:p]
		case 2: // insert a structural byte
			const structural = "<>/&;\"'{}[]:,\x01\x02\x03\n\t "
			d = append(d[:p], append([]byte{structural[r.Intn(len(structural))]}, d[p:]...)...)
		case 3: // delete a span
			q := p + r.Intn(len(d)-p+1)
			d = append(d[:p], d[q:]...)
		case 4: // duplicate a span
			q := p + r.Intn(min(len(d)-p, 200)+1)
			span := append([]byte{}, d[p:q]...)
			d = append(d[:q], append(span, d[q:]...)...)
		case 5: // splice in a span of another sample
			o := all[r.Intn(len(all))]
			a := r.Intn(len(o))
			b := a + r.Intn(min(len(o)-a, 300)+1)
			d = append(d[:p], append(append([]byte{}, o[a:b]...), d[p:]...)...)
		}
	}
	return d
}
