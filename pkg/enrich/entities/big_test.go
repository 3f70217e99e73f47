package entities

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/proto"
)

// TestLargeAdversarialInput feeds the extractor a body at the size bound made
// of distinct names, acronyms and parentheses: it must stay linear enough to
// finish quickly (the stage has an ack deadline) and keep its offsets valid.
func TestLargeAdversarialInput(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	var b strings.Builder
	for i := 0; b.Len() < MaxText; i++ {
		n, m := letters(i), letters(i%7)
		fmt.Fprintf(&b, "Jean Nom%s et Jean Nom%s Dupont (JND%s) ont rencontré M. Nom%s à Paris, Texas. Nom%s (A B C) ", n, m, letters(i%1000), n, n)
	}
	// Function words before an acronym whose letters they all match.
	adversary := strings.Repeat("Dde de de de de de de de de de de de de de de de de de de de de de de de de de de de de (DDDDDDDDDD) ", 200)
	// And one endless capitalised sequence, with a verb so that it is no title.
	adversary += "il a vu " + strings.Repeat("Paris Lyon ", 20000) + ". "
	d := &proto.ParsedDispatch{Language: "fr", BodyText: adversary + b.String()}
	x := mustExtractor(t)
	start := time.Now()
	res := x.Extract(d)
	took := time.Since(start)
	checkOffsets(t, d, res)
	t.Logf("%d bytes: %d persons, %d organisations, %d places in %v", len(d.BodyText), len(res.Persons), len(res.Organizations), len(res.Places), took)
	if took > 20*time.Second {
		t.Errorf("took %v on %d bytes", took, len(d.BodyText))
	}
}

// letters spells i in base 26 with lower-case letters: names have no digits.
func letters(i int) string {
	s := ""
	for {
		s = string(rune('a'+i%26)) + s
		i /= 26
		if i == 0 {
			return s
		}
	}
}
