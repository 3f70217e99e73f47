package wire

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, in                      string
		headline, place, date, byline string
		subheads, paragraphs          []string
	}{
		{
			name: "AFP dateline, title line and intertitle",
			in: "Assad remercie Poutine à Moscou\n\nMOSCOU, 20 oct 2015 (AFP) - Bachar al-Assad a remercié Vladimir Poutine. Il est rentré à Damas.\n\n" +
				"- Accord russo-américain sur les vols -\n\nMoscou a signé un protocole avec Washington.",
			headline: "Assad remercie Poutine à Moscou", place: "MOSCOU", date: "20 oct 2015",
			subheads: []string{"Accord russo-américain sur les vols"},
			paragraphs: []string{
				"MOSCOU, 20 oct 2015 (AFP) - Bachar al-Assad a remercié Vladimir Poutine. Il est rentré à Damas.",
				"Moscou a signé un protocole avec Washington.",
			},
		},
		{
			name:     "intertitle run into one-line body",
			in:       ` date 2021-11 Il a parlé de "dialogue politique". - Accord sur les vols - Vladimir Poutine a répété son inquiétude. Les forces russo-syriennes - selon l'OSDH - avancent.`,
			headline: `Il a parlé de "dialogue politique".`, date: "2021-11",
			subheads: []string{"Accord sur les vols"},
			paragraphs: []string{
				`Il a parlé de "dialogue politique".`,
				"Vladimir Poutine a répété son inquiétude. Les forces russo-syriennes - selon l'OSDH - avancent.",
			},
		},
		{
			name:     "AP dateline with region, byline line",
			in:       "By PAUL BYRNE\nBUENOS AIRES, Argentina (AP) _ For cancer patients, even looking in the mirror can be difficult.\nIt is common.",
			headline: "For cancer patients, even looking in the mirror can be difficult.", place: "BUENOS AIRES, Argentina", byline: "By PAUL BYRNE",
			paragraphs: []string{
				"BUENOS AIRES, Argentina (AP) _ For cancer patients, even looking in the mirror can be difficult.",
				"It is common.",
			},
		},
		{
			name:     "EFE dateline",
			in:       "MADRID, 3 nov (EFE).- Dos personas murieron este martes en las inundaciones.",
			headline: "Dos personas murieron este martes en las inundaciones.", place: "MADRID", date: "3 nov",
			paragraphs: []string{"MADRID, 3 nov (EFE).- Dos personas murieron este martes en las inundaciones."},
		},
		{
			name:     "hard-wrapped paragraphs",
			in:       "Jan 30 (Reuters) - Gold rose on Tuesday on increased safe\nhaven demand.\n\nTraders were also awaiting the Fed\nmeeting.",
			headline: "Gold rose on Tuesday on increased safe haven demand.", date: "Jan 30",
			paragraphs: []string{
				"Jan 30 (Reuters) - Gold rose on Tuesday on increased safe haven demand.",
				"Traders were also awaiting the Fed meeting.",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, []byte(tt.in), Options{Format: FormatText})
			var place, date string
			if d.Dateline != nil {
				place, date = d.Dateline.Place, d.Dateline.Date
			}
			if d.Headline != tt.headline || place != tt.place || date != tt.date || d.Byline != tt.byline {
				t.Errorf("headline/place/date/byline = %q / %q / %q / %q\nwant %q / %q / %q / %q",
					d.Headline, place, date, d.Byline, tt.headline, tt.place, tt.date, tt.byline)
			}
			if !reflect.DeepEqual(d.Subheadlines, tt.subheads) {
				t.Errorf("subheadlines = %q, want %q", d.Subheadlines, tt.subheads)
			}
			var paras []string
			for _, p := range d.Paragraphs {
				paras = append(paras, p.Text(d.BodyText))
			}
			if !reflect.DeepEqual(paras, tt.paragraphs) {
				t.Errorf("paragraphs = %q\nwant %q", paras, tt.paragraphs)
			}
		})
	}
}

// TestSeed checks the dispatch the project started from.
func TestSeed(t *testing.T) {
	d := mustParse(t, readSample(t, "afp_seed.txt"), Options{Source: "afp"})
	if d.Source != "afp" || d.Language != "fr" {
		t.Errorf("source/lang = %q/%q", d.Source, d.Language)
	}
	if !reflect.DeepEqual(d.Subheadlines, []string{"Accord russo-américain sur les vols"}) {
		t.Errorf("subheadlines = %q", d.Subheadlines)
	}
	if len(d.Paragraphs) != 2 {
		t.Fatalf("%d paragraphs, want 2 (split at the intertitle)", len(d.Paragraphs))
	}
	if strings.Contains(d.BodyText, "date 2021-11") || strings.Contains(d.BodyText, "- Accord") {
		t.Error("header or intertitle left in the body")
	}
	for _, s := range []string{"370 personnes", "100.000 personnes", "des dizaines de milliers de Syriens"} {
		if !strings.Contains(d.BodyText, s) {
			t.Errorf("body lacks %q", s)
		}
	}
	var found bool
	for _, p := range d.Paragraphs {
		for _, s := range p.Sentences {
			if strings.HasPrefix(s.Text(d.BodyText), "Selon l'Observatoire syrien des droits de l'Homme (OSDH), 100.000 personnes fuyaient") {
				found = true
			}
		}
	}
	if !found {
		t.Error("OSDH sentence not segmented on its own")
	}
}

func TestEnvelopeAndBatch(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "formats", "orangesum_fr.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	bad := []byte("{\"id\": 3, \"body\": {}}\nnot json\n\n")
	ds, errs := ParseBatch(append(append([]byte{}, data...), bad...), Options{Source: "orangesum"})
	if len(ds) != 3 || len(errs) != 2 {
		t.Fatalf("%d dispatches, %d errors (%v); want 3 and 2", len(ds), len(errs), errs)
	}
	if !strings.Contains(errs[0].Error(), "line 4") || !strings.Contains(errs[1].Error(), "line 5") {
		t.Errorf("errors do not name their lines: %v", errs)
	}
	d := ds[0]
	checkInvariants(t, d)
	if d.ProviderID != "orangesum_1000" || d.Source != "orangesum" || d.Language != "fr" || d.SourceFormat != FormatJSON {
		t.Errorf("id/source/lang/format = %q/%q/%q/%q", d.ProviderID, d.Source, d.Language, d.SourceFormat)
	}
	if d.Headline != "Sécurité routière: baisse de 15,6% du nombre de morts en mai" {
		t.Errorf("headline %q", d.Headline)
	}
	if d.FirstCreated != "2020-06-15T00:00:00Z" {
		t.Errorf("first created %q", d.FirstCreated)
	}
	if !strings.HasPrefix(d.Paragraphs[0].Text(d.BodyText), "Le nombre de personnes tuées sur les routes") {
		t.Errorf("lede is not the first paragraph: %q", d.Paragraphs[0].Text(d.BodyText))
	}
	// "en avril.En mai" was glued in the export: it must be two paragraphs.
	for _, p := range d.Paragraphs {
		if strings.Contains(p.Text(d.BodyText), "avril.En") {
			t.Errorf("glued paragraphs not split: %q", p.Text(d.BodyText))
		}
	}
	// Same bytes, same ids: the ingest and parser stages agree.
	again, _ := ParseBatch(data, Options{Source: "orangesum"})
	for i := range again {
		if again[i].ID != ds[i].ID {
			t.Errorf("record %d: id %s then %s", i, ds[i].ID, again[i].ID)
		}
	}
}

func TestSplitGlued(t *testing.T) {
	tests := map[string][]string{
		"en avril.En mai, le nombre":       {"en avril.", "En mai, le nombre"},
		"aux U.S.A. et en France":          {"aux U.S.A. et en France"},
		"soit 4.000 personnes":             {"soit 4.000 personnes"},
		"voir example.com pour":            {"voir example.com pour"},
		"(3.704 en mai 2020).Cette baisse": {"(3.704 en mai 2020).", "Cette baisse"},
	}
	for in, want := range tests {
		if got := appendSplitGlued(nil, in); !reflect.DeepEqual(got, want) {
			t.Errorf("appendSplitGlued(nil, %q) = %q, want %q", in, got, want)
		}
	}
}

func TestProviderFallbacks(t *testing.T) {
	body := []byte("PARIS, 1 janv 2020 (AFP) - Deux personnes ont été tuées lundi dans un accident de la route près de Paris.")
	tests := []struct {
		name, source, wantProvider, wantSource string
	}{
		{"dateline agency", "", "afp", "afp"},
		{"sender's source first", "Partner Feed", "partner-feed", "partner-feed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, body, Options{Source: tt.source})
			if d.Provider != tt.wantProvider || d.Source != tt.wantSource || !strings.HasPrefix(d.ID, tt.wantProvider+"-") {
				t.Errorf("provider/source/id = %q/%q/%q", d.Provider, d.Source, d.ID)
			}
		})
	}
}

// referenceSplitGlued is the plain form of appendSplitGlued (every byte
// tested, every sentence end judged), kept to check its search.
func referenceSplitGlued(out []string, p string) []string {
	cuts := []int{0}
	for i := 1; i < len(p); i++ {
		if !strings.ContainsRune(".!?", rune(p[i])) {
			continue
		}
		if glued, last := gluedAt(p, i); last {
			break
		} else if glued {
			cuts = append(cuts, i+1)
		}
	}
	for k, cut := range cuts {
		if k+1 < len(cuts) {
			out = append(out, strings.TrimSpace(p[cut:cuts[k+1]]))
		} else if rest := strings.TrimSpace(p[cut:]); rest != "" {
			out = append(out, rest)
		}
	}
	return out
}

func FuzzSplitGlued(f *testing.F) {
	for _, s := range []string{"", ".", "a.B", "a.Bc", "en avril.En mai", "U.S. et 4.000 M.Poutine", "fin!Début?Oui.Éric", "x.É", "a..Ab", "a?!Bc. D", "a.\xffBc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if got, want := appendSplitGlued(nil, p), referenceSplitGlued(nil, p); !reflect.DeepEqual(got, want) {
			t.Fatalf("appendSplitGlued(%q) = %q, reference %q", p, got, want)
		}
	})
}
