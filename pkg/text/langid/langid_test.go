package langid

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/sharedtest"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"fr", "Les raids de l'aviation russe ont tué 370 personnes en trois semaines, selon l'Observatoire syrien des droits de l'Homme.", "fr"},
		{"en", "Russian air strikes have killed 370 people in three weeks, according to the Syrian Observatory for Human Rights.", "en"},
		{"es", "Los ataques aéreos rusos han matado a 370 personas en tres semanas, según el Observatorio Sirio de Derechos Humanos.", "es"},
		{"de", "Russische Luftangriffe haben nach Angaben der Syrischen Beobachtungsstelle für Menschenrechte in drei Wochen 370 Menschen getötet.", "de"},
		{"pt", "Os ataques aéreos russos mataram 370 pessoas em três semanas, segundo o Observatório Sírio dos Direitos Humanos.", "pt"},
		{"it", "I raid aerei russi hanno ucciso 370 persone in tre settimane, secondo l'Osservatorio siriano per i diritti umani.", "it"},
		{"nl", "Russische luchtaanvallen hebben volgens het Syrisch Observatorium voor de Mensenrechten in drie weken 370 mensen gedood.", "nl"},
		{"ar", "قتلت الغارات الجوية الروسية 370 شخصا في ثلاثة أسابيع بحسب المرصد السوري لحقوق الإنسان.", "ar"},
		{"ru", "Российские авиаудары за три недели унесли жизни 370 человек, сообщает Сирийская обсерватория по правам человека.", "ru"},
		{"all caps headline", "SEPARATIST REBELS KILL TWO SOLDIERS IN THE SOUTH AFTER AN AMBUSH", "en"},
		{"empty", "", Undetermined},
		{"digits only", "12 345 678 -- 2015-10-20", Undetermined},
		{"too short", "Oui.", Undetermined},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, conf := Detect(tt.text)
			if got != tt.want {
				t.Errorf("Detect = %q (%.2f), want %q", got, conf, tt.want)
			}
			if conf < 0 || conf > 1 {
				t.Errorf("confidence %.2f out of [0,1]", conf)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	english := "The Parliament has approved the Alcohol Act by 124 votes to 65. There were two blank votes and eight members were absent from the session."
	tests := []struct {
		name, declared, text, want string
	}{
		{"declared agrees", "en", english, "en"},
		{"regional subtag", "en-GB", english, "en"},
		// A feed that kept its default tag on an English item must not
		// route it to the Italian (or Finnish) models.
		{"declared contradicted by long text", "it", english, "en"},
		{"declared fi on translated text", "fi-FI", english, "en"},
		{"short text keeps declared", "fr", "The story so far.", "fr"},
		{"undeclared falls back to detection", "", english, "en"},
		{"undeclared and empty", "", "", Undetermined},
		{"declared kept on empty text", "de", "", "de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := Resolve(tt.declared, tt.text); got != tt.want {
				t.Errorf("Resolve(%q) = %q, want %q", tt.declared, got, tt.want)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := map[string]string{
		"fr": "fr", "FR": "fr", "fr-FR": "fr", "pt_BR": "pt", " en ": "en",
		"fra": "fr", "fre": "fr", "eng": "en", "ger": "de", "und": Undetermined,
		"": Undetermined, "x": Undetermined, "english": Undetermined, "e1": Undetermined,
	}
	for in, want := range tests {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkDetect(b *testing.B) {
	text := "Bachar al-Assad a remercié Vladimir Poutine pour son engagement militaire lors d'une visite surprise mardi à Moscou, sa première sortie officielle du pays depuis le début de la guerre civile."
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Detect(text)
	}
}

// dispatchSample is what the parser hands Resolve: a headline, then a body
// of a couple of kilobytes (only the first maxBytes are read).
var dispatchSample = "Syrie: Bachar al-Assad à Moscou, première sortie depuis le début de la guerre\n" + strings.Repeat("Bachar al-Assad a remercié Vladimir Poutine pour son engagement militaire lors d'une visite surprise mardi à Moscou, sa première sortie officielle du pays depuis le début de la guerre civile, tout en soulignant qu'après la guerre devra venir le temps du dialogue politique.\n", 8)

func BenchmarkResolve(b *testing.B) {
	b.SetBytes(int64(len(prefix(dispatchSample, maxBytes))))
	b.ReportAllocs()
	for b.Loop() {
		Resolve("fr", dispatchSample)
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("Bachar al-Assad a remercié Vladimir Poutine", "fr")
	f.Add("Российские авиаудары за три недели", "")
	f.Add("東京で地震 \xff", "en-GB")
	f.Fuzz(func(t *testing.T, text, declared string) {
		if lang, conf := Detect(text); lang == "" || conf < 0 || conf > 1 {
			t.Fatalf("Detect = %q, %v", lang, conf)
		}
		if lang, conf := Resolve(declared, text); lang == "" || conf < 0 || conf > 1 {
			t.Fatalf("Resolve = %q, %v", lang, conf)
		}
	})
}

func TestSampleResolvesAsWholeText(t *testing.T) {
	long := strings.Repeat("Le gouvernement a annoncé des mesures. ", 20)
	cases := [][2]string{{"", ""}, {"Titre", ""}, {"", long}, {"Titre", long}, {long, long}, {long[:383], long}, {long[:384], long}, {long[:385], "é" + long}}
	// Cuts through a two-byte rune at every position around maxBytes.
	for n := 370; n < 390; n++ {
		cases = append(cases, [2]string{strings.Repeat("a", n%7), strings.Repeat("é", n)})
	}
	for _, c := range cases {
		for _, tag := range []string{"", "fr", "en"} {
			gotLang, gotConf := Resolve(tag, Sample(c[0], c[1]))
			wantLang, wantConf := Resolve(tag, c[0]+"\n"+c[1])
			if gotLang != wantLang || gotConf != wantConf {
				t.Errorf("Resolve(%q, Sample(%.20q, %.20q)) = %s %v, whole text gives %s %v", tag, c[0], c[1], gotLang, gotConf, wantLang, wantConf)
			}
		}
		if whole := c[0] + "\n" + c[1]; prefix(Sample(c[0], c[1]), maxBytes) != prefix(whole, maxBytes) {
			t.Errorf("Sample(%.20q, %.20q) changes the prefix", c[0], c[1])
		}
	}
}

// feedSamples are the samples the parser hands Resolve for the feed's
// dispatches: varied text, unlike the repeated one above (a branch
// predictor learns that one by heart).
func feedSamples(b *testing.B) []string {
	var samples []string
	for _, line := range sharedtest.FeedLines(b, 2000) {
		var rec struct{ Title, Lede, Body string }
		if err := json.Unmarshal(line, &rec); err != nil {
			b.Fatal(err)
		}
		samples = append(samples, Sample(rec.Title, rec.Lede+"\n"+rec.Body))
	}
	return samples
}

func BenchmarkDetectFeed(b *testing.B) {
	samples := feedSamples(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Detect(samples[i%len(samples)])
	}
}

func BenchmarkResolveFeed(b *testing.B) {
	samples := feedSamples(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Resolve("fr", samples[i%len(samples)])
	}
}
