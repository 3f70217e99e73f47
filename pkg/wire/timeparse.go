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
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1900 || t.Year() > 2200 {
				return ""
			}
			return t.UTC().Format(time.RFC3339)
		}
	}
	return ""
}
