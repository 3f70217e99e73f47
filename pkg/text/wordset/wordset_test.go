package wordset

import "testing"

func TestOf(t *testing.T) {
	s := Of("tués  morts\nblessés", "morts disparus")
	for _, w := range []string{"tués", "morts", "blessés", "disparus"} {
		if !s[w] {
			t.Errorf("%q missing", w)
		}
	}
	if len(s) != 4 || s[""] {
		t.Errorf("set = %v, want the 4 words only", s)
	}
}
