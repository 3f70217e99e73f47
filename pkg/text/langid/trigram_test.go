package langid

import (
	"math"
	"testing"

	"github.com/abadojack/whatlanggo"
)

// TestIndexMatchesWhatlanggo checks that the inverted-index scorer gives
// whatlanggo's answers (language and confidence) on real texts, except
// where whatlanggo itself is undecided between two languages (its ties are
// broken by map order, ours by language code).
func TestIndexMatchesWhatlanggo(t *testing.T) {
	texts := []string{
		"Bachar al-Assad a remercié Vladimir Poutine pour son engagement militaire lors d'une visite surprise mardi à Moscou.",
		"Russian air strikes have killed 370 people in three weeks, according to the Syrian Observatory for Human Rights.",
		"Российские авиаудары за три недели унесли жизни 370 человек.",
		"قتلت الغارات الجوية الروسية 370 شخصا في ثلاثة أسابيع",
		"שלום עולם, זהו טקסט בעברית",
		"यह हिंदी में एक वाक्य है और यह काफी लंबा है",
		"東京で地震",
		"",
		"12345 !!!",
	}
	for _, g := range loadGoldOrNil(t) {
		texts = append(texts, g.Text)
	}
	for _, text := range texts {
		want := whatlanggo.Detect(text)
		got, conf := detect(text, nil)
		if want.Confidence > 0 && got != want.Lang {
			t.Errorf("%.60q: got %v, whatlanggo %v (%.3f)", text, got, want.Lang, want.Confidence)
			continue
		}
		if math.Abs(conf-want.Confidence) > 1e-9 && want.Confidence > 0 {
			t.Errorf("%.60q: confidence %.6f, whatlanggo %.6f", text, conf, want.Confidence)
		}
	}
}

func TestDetectScriptMatchesWhatlanggo(t *testing.T) {
	texts := []string{"", "123 !!", "Décès à l'hôpital", "ÆØÅ æøå ß œ", "Ελληνικά", "Привет", "mixed Привет мир text", "×÷", "東京", "ǅemal Ǆ", "ʃ ə"}
	for _, g := range loadGoldOrNil(t) {
		texts = append(texts, g.Text)
	}
	for _, text := range texts {
		if got, want := detectScript(text), whatlanggo.DetectScript(text); got != want {
			t.Errorf("%.40q: script %v, whatlanggo %v", text, got, want)
		}
	}
}

func TestDetectDeterministic(t *testing.T) {
	// Texts that whatlanggo scores as ties must still get one answer.
	for _, text := range []string{"ab cd", "Canet 2 - Cotillard 1 !", "la la la"} {
		first, _ := detect(text, nil)
		for range 20 {
			if got, _ := detect(text, nil); got != first {
				t.Fatalf("%q: %v then %v", text, first, got)
			}
		}
	}
}

func BenchmarkWhatlanggo(b *testing.B) {
	text := prefix("Bachar al-Assad a remercié Vladimir Poutine pour son engagement militaire lors d'une visite surprise mardi à Moscou, sa première sortie officielle du pays depuis le début de la guerre civile, tout en soulignant qu'après la guerre devra venir le temps du dialogue politique. Cette visite du président syrien, dont la venue n'a été annoncée par le Kremlin qu'une fois qu'il avait quitté la Russie pour rentrer à Damas, intervient alors que la campagne de raids aériens de l'aviation russe entre dans sa quatrième semaine. La rencontre entre Vladimir Poutine et Bachar al-Assad sonne comme un rappel: le Kremlin est plus déterminé que jamais à soutenir son allié.", maxBytes)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		whatlanggo.Detect(text)
	}
}

func BenchmarkIndex(b *testing.B) {
	text := prefix("Bachar al-Assad a remercié Vladimir Poutine pour son engagement militaire lors d'une visite surprise mardi à Moscou, sa première sortie officielle du pays depuis le début de la guerre civile, tout en soulignant qu'après la guerre devra venir le temps du dialogue politique. Cette visite du président syrien, dont la venue n'a été annoncée par le Kremlin qu'une fois qu'il avait quitté la Russie pour rentrer à Damas, intervient alors que la campagne de raids aériens de l'aviation russe entre dans sa quatrième semaine. La rencontre entre Vladimir Poutine et Bachar al-Assad sonne comme un rappel: le Kremlin est plus déterminé que jamais à soutenir son allié.", maxBytes)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		detect(text, nil)
	}
}
