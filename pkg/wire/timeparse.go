package wire

import (
	"strings"
	"time"
)

// timeLayouts are the forms wire formats write times in: RFC 3339 (G2,
// ninjs), ISO 8601 basic (NewsML 1.2, NITF norm attributes), numeric zones
// without a colon (ninjs from some systems), and bare dates.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"20060102T150405Z0700",
	"20060102T150405Z07:00",
	"20060102T150405",
	"20060102T1504Z0700",
	"20060102T1504",
	"2006-01-02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
}

// normalizeTime returns s as RFC 3339 in UTC, or "" if it is no time this
// package understands. Times without a zone are UTC (see package doc).
func normalizeTime(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return ""
	}
	layouts := timeLayouts
	if isDashedDate(s) {
		// The commonest form in envelopes. Every layout before "2006-01-02"
		// wants more than a date and every one after fails on its '-', so
		// the others need not be tried (each failure allocates an error).
		layouts = dateOnlyLayout
	}
	for _, layout := range layouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1900 || t.Year() > 2200 {
				return ""
			}
			return t.UTC().Format(time.RFC3339)
		}
	}
	return ""
}

var dateOnlyLayout = []string{"2006-01-02"}

// isDashedDate reports whether s has the form 0000-00-00.
func isDashedDate(s string) bool {
	if len(s) != len("2006-01-02") {
		return false
	}
	for i := range len(s) {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
