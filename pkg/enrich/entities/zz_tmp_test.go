package entities

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

func TestZZEn(t *testing.T) {
	x := mustExtractor(t)
	skip := map[string]bool{}
	fh, _ := os.Open("testdata/heldout2.gold.jsonl")
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var d struct{ ID string }
		json.Unmarshal(sc.Bytes(), &d)
		skip[d.ID] = true
	}
	fh.Close()
	for _, f := range []string{os.Getenv("ZZF")} {
		fh, _ := os.Open("/work/shared/corpus/" + f)
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var rec struct{ ID, Text, Title, Lede, Lang string }
			json.Unmarshal(sc.Bytes(), &rec)
			if skip[rec.ID] {
				continue
			}
			txt := rec.Text
			if txt == "" {
				txt = rec.Title + "\n" + rec.Lede
			}
			res := x.Extract(dispatch(rec.Lang, txt))
			for _, e := range res.Organizations {
				t.Logf("ORG %s", e.Text)
			}
			for _, e := range res.Persons {
				t.Logf("PER %s | %q", e.Text, txt[max(0, int(e.Start)-40):min(len(txt), int(e.End)+20)])
			}
		}
		fh.Close()
	}
}
