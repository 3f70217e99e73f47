package wire

import (
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/sharedtest"
)

// The shortcuts that spare work must never change an answer.

func TestNormalizeTimeDashedDates(t *testing.T) {
	allLayouts := func(s string) string {
		for _, layout := range timeLayouts {
			if tm, err := time.Parse(layout, s); err == nil {
				if tm.Year() < 1900 || tm.Year() > 2200 {
					return ""
				}
				return tm.UTC().Format(time.RFC3339)
			}
		}
		return ""
	}
	for _, s := range []string{"2020-06-15", "2020-02-30", "2020-02-29", "2019-02-29", "2020-13-01", "2020-00-10", "0001-01-01", "2300-01-01", "1900-01-01", "2020-06-1x", "2020/06/15"} {
		if got, want := normalizeTime(s), allLayouts(s); got != want {
			t.Errorf("normalizeTime(%q) = %q, every layout gives %q", s, got, want)
		}
	}
}

func TestMayOpenWithDateline(t *testing.T) {
	paras := []string{
		"MOSCOU, 20 oct 2015 (AFP) - Texte", "BUENOS AIRES, Argentina (AP) _ x", "NEW YORK (AP) — x",
		"Jan 30 (Reuters) - x", "BERLIN (dpa) – x", "MADRID, 3 nov (EFE).- x", "PARIS (AFP) : x",
		"PARIS (AFP)\t-  x", "PARIS (AFP). x", "Paris (AFP) x", "(AFP) - x", "PARIS ((AFP)) - x",
	}
	for _, l := range sharedtest.FeedLines(t, 500) {
		paras = append(paras, strings.Split(string(l), `"`)...)
	}
	for _, p := range paras {
		if bodyDateline.MatchString(p) && !mayOpenWithDateline(p) {
			t.Errorf("mayOpenWithDateline(%q) = false, but it opens with a dateline", p)
		}
	}
}
