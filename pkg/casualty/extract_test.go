package casualty

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/newswire/newswire/proto"
)

// figs renders figures as "kind low/high" strings, sorted, for comparison.
func figs(t *testing.T, text, lang string) []string {
	t.Helper()
	var out []string
	for _, f := range Extract(text, lang) {
		out = append(out, fmt.Sprintf("%s %s/%s", f.Kind, bnd(f.Low), bnd(f.High)))
	}
	sort.Strings(out)
	return out
}

func bnd(v *int64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

func check(t *testing.T, text, lang string, want ...string) {
	t.Helper()
	got := figs(t, text, lang)
	sort.Strings(want)
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("%q (%s):\n got  %v\n want %v", text, lang, got, want)
	}
}

// TestKinds covers the words of each row of the guideline's kind table.
func TestKinds(t *testing.T) {
	tests := []struct {
		lang, text string
		want       []string
	}{
		{"en", "Five people were killed in the attack.", []string{"killed 5/5"}},
		{"en", "The clashes left 10 dead.", []string{"killed 10/10"}},
		{"en", "Three people died in the fire.", []string{"killed 3/3"}},
		{"en", "The virus has caused 12 deaths.", []string{"killed 12/12"}},
		{"en", "The death toll rose to 40 on Monday.", []string{"killed 40/40"}},
		{"en", "Police said six bodies were found in the river.", []string{"killed 6/6"}},
		{"en", "Two men were executed at dawn.", []string{"killed 2/2"}},
		{"en", "Seven passengers lost their lives.", []string{"killed 7/7"}},
		{"en", "The crash caused 9 fatalities.", []string{"killed 9/9"}},
		{"en", "Twelve people were injured.", []string{"injured 12/12"}},
		{"en", "Four soldiers were wounded.", []string{"injured 4/4"}},
		{"en", "Eight people were hurt when the roof collapsed.", []string{"injured 8/8"}},
		{"en", "Six workers were hospitalised after the explosion.", []string{"injured 6/6"}},
		{"en", "Three climbers are missing.", []string{"missing 3/3"}},
		{"en", "Two fishermen remain unaccounted for.", []string{"missing 2/2"}},
		{"en", "Floods displaced 5,000 people.", []string{"displaced 5000/5000"}},
		{"en", "About 2,000 villagers fled the fighting.", []string{"displaced 2000/2000"}},
		{"en", "The earthquake left 300 families homeless.", nil},
		{"en", "Some 400 residents were evacuated.", []string{"evacuated 400/400"}},
		{"en", "Police arrested 30 farmers.", []string{"arrested 30/30"}},
		{"en", "Two suspects were detained.", []string{"arrested 2/2"}},
		{"en", "Three men were taken into custody.", []string{"arrested 3/3"}},
		{"en", "Gunmen kidnapped 2 people.", []string{"kidnapped 2/2"}},
		{"en", "Militants abducted 17 students.", []string{"kidnapped 17/17"}},
		{"en", "Four tourists were taken hostage.", []string{"kidnapped 4/4"}},
		{"fr", "Trois policiers ont été tués.", []string{"killed 3/3"}},
		{"fr", "L'explosion a fait 34 morts.", []string{"killed 34/34"}},
		{"fr", "L'alcool provoque 41.000 décès par an.", []string{"killed 41000/41000"}},
		{"fr", "Quatre personnes ont péri dans l'incendie.", []string{"killed 4/4"}},
		{"fr", "Six collégiens ont perdu la vie.", []string{"killed 6/6"}},
		{"fr", "Deux corps ont été retrouvés.", []string{"killed 2/2"}},
		{"fr", "Deux policiers ont été blessés.", []string{"injured 2/2"}},
		{"fr", "Trois personnes ont été hospitalisées après l'accident.", []string{"injured 3/3"}},
		{"fr", "Deux kayakistes ont été portés disparus.", []string{"missing 2/2"}},
		{"fr", "Plus de 2 000 déplacés sont arrivés dans la capitale.", []string{"displaced 2001/null"}},
		{"fr", "100.000 personnes fuyaient l'offensive.", []string{"displaced 100000/100000"}},
		{"fr", "Des milliers de Syriens ont été poussés à l'exode.", []string{"displaced 2000/9999"}},
		{"fr", "Environ 350 personnes ont été évacuées.", []string{"evacuated 350/350"}},
		{"fr", "Cinq membres ont été interpellés.", []string{"arrested 5/5"}},
		{"fr", "Deux hommes ont été placés en garde à vue.", []string{"arrested 2/2"}},
		{"fr", "Trois touristes ont été enlevés.", []string{"kidnapped 3/3"}},
		{"fr", "Un homme serait retranché avec 3 otages.", []string{"kidnapped 3/3"}},
		{"es", "Al menos 15 personas murieron y 30 resultaron heridas.", []string{"killed 15/null", "injured 30/30"}},
		{"de", "Mindestens 12 Menschen wurden getötet und 40 verletzt.", []string{"killed 12/null", "injured 40/40"}},
		{"pt", "Pelo menos 20 pessoas morreram.", []string{"killed 20/null"}},
		{"it", "Almeno 30 persone sono morte.", []string{"killed 30/null"}},
		{"ar", "أسفر الهجوم عن مقتل 5 أشخاص وإصابة 12 آخرين.", []string{"killed 5/5", "injured 12/12"}},
		{"ar", "اعتقلت الشرطة ٢٠ متظاهرا.", []string{"arrested 20/20"}},
		{"ar", "كل عام، يصاب العشرات من الزوار.", []string{"injured 20/99"}},
	}
	for _, tc := range tests {
		check(t, tc.text, tc.lang, tc.want...)
	}
}

// TestQualifiers covers each row of the guideline's low/high table.
func TestQualifiers(t *testing.T) {
	tests := []struct {
		lang, text, want string
	}{
		{"fr", "370 personnes ont été tuées.", "killed 370/370"},
		{"en", "three dead in the crash", "killed 3/3"},
		{"en", "About 50 people were killed.", "killed 50/50"},
		{"en", "Nearly 50 people were killed.", "killed 50/50"},
		{"en", "Almost 50 people were killed.", "killed 50/50"},
		{"en", "Around 50 people were killed.", "killed 50/50"},
		{"en", "Some 50 people were killed.", "killed 50/50"},
		{"en", "Approximately 50 people were killed.", "killed 50/50"},
		{"fr", "Près de 100 personnes ont été tuées.", "killed 100/100"},
		{"fr", "Environ 100 personnes ont été tuées.", "killed 100/100"},
		{"fr", "Quelque 100 personnes ont été tuées.", "killed 100/100"},
		{"fr", "Le bilan approche les 100 morts.", "killed 100/100"},
		{"fr", "Le pays compte bientôt 100 morts.", "killed 100/100"},
		{"en", "At least 16 workers were injured.", "injured 16/null"},
		{"en", "No fewer than 16 workers were injured.", "injured 16/null"},
		{"fr", "Au moins 38 blessés.", "injured 38/null"},
		{"en", "More than 500 people died.", "killed 501/null"},
		{"en", "Over 500 people died.", "killed 501/null"},
		{"fr", "Plus de 500 morts.", "killed 501/null"},
		{"fr", "Plus d'une centaine de blessés.", "injured 101/null"},
		{"fr", "L'épidémie a passé la barre des 500 morts.", "killed 501/null"},
		{"fr", "L'épidémie a passé le cap des 500 morts.", "killed 501/null"},
		{"en", "Up to 40 people were killed.", "killed null/40"},
		{"en", "As many as 40 people were killed.", "killed null/40"},
		{"fr", "Jusqu'à 40 personnes ont été tuées.", "killed null/40"},
		{"en", "Fewer than 10 people were injured.", "injured null/9"},
		{"en", "Less than 10 people were injured.", "injured null/9"},
		{"fr", "Moins de 10 personnes ont été blessées.", "injured null/9"},
		{"en", "Between 10 and 15 people were killed.", "killed 10/15"},
		{"en", "10 to 15 people were killed.", "killed 10/15"},
		{"en", "10-15 people were killed.", "killed 10/15"},
		{"fr", "Entre 10 et 15 personnes ont été tuées.", "killed 10/15"},
		{"en", "A dozen people were killed.", "killed 12/12"},
		{"fr", "Une douzaine de personnes ont été tuées.", "killed 12/12"},
		{"en", "A hundred people were killed.", "killed 100/100"},
		{"fr", "Une centaine de personnes ont été tuées.", "killed 100/100"},
		{"en", "A thousand people were killed.", "killed 1000/1000"},
		{"fr", "Un millier de personnes ont été tuées.", "killed 1000/1000"},
		{"en", "Dozens of people were killed.", "killed 20/99"},
		{"fr", "Des dizaines de personnes ont été tuées.", "killed 20/99"},
		{"fr", "Plusieurs dizaines de personnes ont été tuées.", "killed 20/99"},
		{"en", "Tens of people were killed.", "killed 20/99"},
		{"en", "Scores of people were killed.", "killed 40/99"},
		{"en", "Hundreds of people were killed.", "killed 200/999"},
		{"fr", "Des centaines de personnes ont été tuées.", "killed 200/999"},
		{"en", "Thousands of people were killed.", "killed 2000/9999"},
		{"fr", "Des milliers de personnes ont été tuées.", "killed 2000/9999"},
		{"en", "Tens of thousands of people fled.", "displaced 20000/99999"},
		{"fr", "Des dizaines de milliers de personnes ont fui.", "displaced 20000/99999"},
		{"en", "Hundreds of thousands of people fled.", "displaced 200000/999999"},
		{"fr", "Des centaines de milliers de personnes ont fui.", "displaced 200000/999999"},
		{"en", "Millions of people fled.", "displaced 2000000/null"},
		{"fr", "Des millions de personnes ont fui.", "displaced 2000000/null"},
		{"en", "Several people were injured.", "injured 2/9"},
		{"en", "A few people were injured.", "injured 2/9"},
		{"fr", "Plusieurs personnes ont été blessées.", "injured 2/9"},
		{"fr", "Quelques personnes ont été blessées.", "injured 2/9"},
		{"en", "More than a dozen people were killed.", "killed 13/null"},
		{"fr", "Au moins une dizaine de personnes ont été tuées.", "killed 10/null"},
	}
	for _, tc := range tests {
		check(t, tc.text, tc.lang, tc.want)
	}
}

// TestNotFigures covers the guideline's list of things that are not figures.
func TestNotFigures(t *testing.T) {
	tests := []struct{ lang, text string }{
		{"en", "Officials said the toll could reach 150,000 deaths."},
		{"fr", "Les Ehpad craignent 100 000 morts."},
		{"fr", "Les Ehpad craignent le décès de 100 000 résidents."},
		{"en", "A bomb exploded at a grocery shop, but no one was hurt."},
		{"en", "Many people were injured."},
		{"fr", "Il y a eu de nombreux blessés."},
		{"fr", "Plus de 500 raids ont été menés."},
		{"en", "The storm killed 300 sheep."},
		{"fr", "Au moins 4.000 combattants se battent contre les troupes."},
		{"en", "A soldier was killed."},
		{"fr", "Un policier a été tué."},
		{"en", "A man was burnt to death."},
		{"fr", "Un homme a été tué."},
		{"en", "The truck driver, who is aged 64, was not injured in the crash."},
		{"fr", "Une femme de 93 ans a été tuée."},
		{"en", "Japanese judoka Hitoshi Saito, winner of two Olympic gold medals, has died at the age of 54."},
		{"fr", "Le 14 décembre 2019, l'accident a tué le conducteur."},
		{"en", "Unemployment rose by 15% in 2019 as 3,000 jobs were lost."},
		{"en", "India recorded 90,000 new cases and 1,200 hospital admissions."},
		{"en", "Two people were not injured."},
		{"fr", "Deux hommes ont tué un policier."},
		{"en", "Jeromy Craft, 25, was booked Thursday."},
		{"fr", "Le LBD 40 est suspecté d'avoir blessé un manifestant."},
		{"en", "Ireland lost 4-3 to South Africa."},
		{"en", "The victim was shot at 3 p.m. on Sunday."},
		{"en", "Zero deaths were reported."},
		{"en", "The army denied that 20 civilians were killed."},
		{"en", "Two suspects fled the scene in a black car."},
		{"en", "The victim, 24, was taken to hospital with gunshot wounds."},
	}
	for _, tc := range tests {
		check(t, tc.text, tc.lang)
	}
}

// TestGrammar covers the constructions beyond "N noun predicate": lists,
// shared predicates, parts, tolls, partitives, verb-first and headline forms.
func TestGrammar(t *testing.T) {
	tests := []struct {
		lang, text string
		want       []string
	}{
		{"en", "4 were killed in Ahmedabad, 3 in Banaskantha, 1 in Mehsana, and 1 in Surat.", []string{"killed 4/4", "killed 3/3", "killed 1/1"}},
		{"fr", "Niger : six touristes français et deux Nigériens tués par des hommes armés", []string{"killed 6/6", "killed 2/2"}},
		{"fr", "21 médecins libéraux en sont morts, dont 11 retraités, 9 en activité et un en cumul emploi-retraite.", []string{"killed 21/21", "killed 11/11", "killed 9/9", "killed 1/1"}},
		{"en", "Security forces killed five suspected militants and injured six others.", []string{"killed 5/5", "injured 6/6"}},
		{"fr", "Le ministre a annoncé 48 décès supplémentaires, portant le bilan national des morts à 6.733.", []string{"killed 48/48", "killed 6733/6733"}},
		{"fr", "Ces décès portent à 75 le nombre de femmes mortes sous les coups de leur compagnon.", []string{"killed 75/75"}},
		{"fr", "Haute-Savoie : un des deux kayakistes disparus retrouvé mort", []string{"missing 2/2", "killed 1/1"}},
		{"fr", "Deux des trois victimes sont toujours hospitalisées.", []string{"injured 2/2", "injured 3/3"}},
		{"en", "Government Lithuania firings KIA soldier kills 2 3 injured", []string{"killed 2/2", "injured 3/3"}},
		{"en", "Renewed Clashes Leave 4 Dead in Chin State", []string{"killed 4/4"}},
		{"en", "TRIBAL REBELS KILL 10 IN SOUTHERN BANGLADESH", []string{"killed 10/10"}},
		{"en", "Several protesting workers from the E-Land Myanmar Garment Factory in Shwepyithar Industrial Zone 2 were injured.", []string{"injured 2/9"}},
		{"en", "Three soldiers among 10 killed in attack", []string{"killed 3/3", "killed 10/10"}},
		{"en", "Four people were killed and several others wounded including one severely.", []string{"killed 4/4", "injured 2/9", "injured 1/1"}},
		{"fr", "Un jeune a tué vendredi soir à Munich en Allemagne 9 personnes.", []string{"killed 9/9"}},
		{"fr", "L'évacuation d'environ 350 personnes a été ordonnée.", []string{"evacuated 350/350"}},
		{"fr", "Plus de 30 personnes, dont 10 ont été éborgnées, ont été blessées.", []string{"injured 31/null", "injured 10/10"}},
		{"en", "Two men, aged 25 and 31, were arrested.", []string{"arrested 2/2"}},
		{"en", "The 2 victims, a 24-year-old man and a 22-year-old woman, were taken to the hospital with non-life threatening injuries.", []string{"injured 2/2"}},
		{"fr", "Âgés de 36, 41 et 45 ans, ces derniers ont été interpellés.", nil},
		{"fr", "La découverte d'environ 500 chiots, dont 38 étaient morts.", nil},
		{"fr", "Les deux aînés du rockeur mort en décembre contestent son testament.", nil},
	}
	for _, tc := range tests {
		check(t, tc.text, tc.lang, tc.want...)
	}
}

// TestHeldOutConstructions covers the constructions the held-out set showed
// missing; the texts are variants, not the held-out ones.
func TestHeldOutConstructions(t *testing.T) {
	tests := []struct {
		lang, text string
		want       []string
	}{
		// a French adverb between a verb and its object
		{"fr", "Le tireur avait blessé grièvement quatre passants.", []string{"injured 4/4"}},
		// bodies of N
		{"fr", "Les corps de trois randonneurs ont été retrouvés.", []string{"killed 3/3"}},
		{"en", "Rescuers recovered the bodies of 11 miners.", []string{"killed 11/11"}},
		// a threshold crossed after it is named
		{"fr", "Le cap des 500 décès a été dépassé dimanche.", []string{"killed 501/null"}},
		{"fr", "La barre des 500 morts pourrait être atteinte.", nil},
		// "une autre" against a figure just given; alone it is an article
		{"fr", "Deux ouvriers ont été tués et un autre blessé.", []string{"killed 2/2", "injured 1/1"}},
		{"fr", "Une autre victime a été blessée.", nil},
		// one more death is a toll; more than last year is a difference
		{"fr", "Encore un mort de plus sur les routes.", []string{"killed 1/1"}},
		{"fr", "Il y a eu neuf morts de plus qu'en 2018.", nil},
		// a running total takes the kind of the figure before it
		{"fr", "Trois suspects ont été interpellés lundi, portant le total à 12.", []string{"arrested 3/3", "arrested 12/12"}},
		{"en", "Police arrested 8 more people, bringing the total to 30.", []string{"arrested 8/8", "arrested 30/30"}},
		{"fr", "Le budget augmente, portant le total à 12 millions.", nil},
		// a partitive pronoun inherits the kind of its whole
		{"en", "Gunmen abducted 20 students. Six of them escaped on Sunday.", []string{"kidnapped 20/20", "kidnapped 6/6"}},
		{"en", "The rally drew 300 people. Six of them spoke.", nil},
		// a participle before its subject
		{"fr", "Blessés lors de l'attaque, deux gendarmes ont été transportés à l'hôpital.", []string{"injured 2/2"}},
		{"en", "Arrested on Monday, three men appeared in court.", []string{"arrested 3/3"}},
		{"fr", "Évacués, les 300 lits de l'hôpital restent vides.", nil},
		// "remain" is a copula, not the noun counted
		{"en", "The boat carried 40 people; 7 remain unaccounted for.", []string{"missing 7/7"}},
		{"fr", "Deux femmes abattues en pleine rue", []string{"killed 2/2"}},
		// homeless counts only as a result: "left N homeless"
		{"en", "The quake left 300 dead and 10,000 homeless.", []string{"killed 300/300", "displaced 10000/10000"}},
		{"en", "The city has 5,000 homeless people.", nil},
	}
	for _, tc := range tests {
		check(t, tc.text, tc.lang, tc.want...)
	}
}

func TestNumeralOne(t *testing.T) {
	check(t, "One person was killed.", "en", "killed 1/1")
	check(t, "L'attaque a fait un mort et trois blessés.", "fr", "killed 1/1", "injured 3/3")
	check(t, "Une personne a été portée disparue.", "fr", "missing 1/1")
	check(t, "Au moins 4 blessés, dont un grave.", "fr", "injured 4/null", "injured 1/1")
}

func TestSameTripleOnce(t *testing.T) {
	check(t, "Trois morts à Paris.\nTrois personnes sont mortes samedi à Paris.", "fr", "killed 3/3")
}

func TestPartOf(t *testing.T) {
	text := "Les raids ont tué en trois semaines 370 personnes, dont 243 combattants parmi lesquels 52 de l'organisation Etat islamique."
	got := Extract(text, "fr")
	if len(got) != 3 {
		t.Fatalf("got %d figures, want 3: %+v", len(got), got)
	}
	if got[0].PartOf != nil || got[1].PartOf == nil || *got[1].PartOf != 0 || got[2].PartOf == nil || *got[2].PartOf != 1 {
		t.Errorf("part_of chain wrong: %v %v %v", got[0].PartOf, got[1].PartOf, got[2].PartOf)
	}
	for _, f := range got {
		if text[f.Start:f.End] != f.Span {
			t.Errorf("span %q does not match offsets [%d,%d)", f.Span, f.Start, f.End)
		}
	}
}

func TestConcurrent(t *testing.T) {
	ex := New()
	texts := []string{
		"Trois policiers ont été tués et 12 personnes blessées.",
		"Police arrested 30 farmers after 2 people were killed.",
		"Des dizaines de milliers de Syriens ont été poussés à l'exode.",
	}
	render := func(fs []proto.Figure) string {
		var b strings.Builder
		for _, f := range fs {
			fmt.Fprintf(&b, "%s %s/%s %q %d;", f.Kind, bnd(f.Low), bnd(f.High), f.Span, f.Start)
		}
		return b.String()
	}
	want := make([]string, len(texts))
	for i, s := range texts {
		want[i] = render(ex.Extract(s, ""))
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for n := 0; n < 200; n++ {
				i := (g + n) % len(texts)
				got := ex.Extract(texts[i], "")
				if render(got) != want[i] {
					t.Errorf("concurrent result differs for %q", texts[i])
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

// checkOffsets verifies every figure points at valid bytes of text.
func checkOffsets(t *testing.T, text string, fs []proto.Figure) {
	t.Helper()
	if len(fs) > MaxFigures {
		t.Fatalf("%d figures, more than %d", len(fs), MaxFigures)
	}
	for i, f := range fs {
		if f.Start < 0 || f.End > int64(len(text)) || f.Start >= f.End {
			t.Fatalf("figure %d: bad offsets [%d,%d) for text of %d bytes", i, f.Start, f.End, len(text))
		}
		if text[f.Start:f.End] != f.Span {
			t.Fatalf("figure %d: span %q != text[%d:%d] %q", i, f.Span, f.Start, f.End, text[f.Start:f.End])
		}
		if f.PartOf != nil && (*f.PartOf < 0 || *f.PartOf >= int64(len(fs)) || *f.PartOf == int64(i)) {
			t.Fatalf("figure %d: bad part_of %d", i, *f.PartOf)
		}
		if f.Low != nil && f.High != nil && *f.Low > *f.High {
			t.Fatalf("figure %d: low %d > high %d", i, *f.Low, *f.High)
		}
		for j, steps := i, 0; fs[j].PartOf != nil; steps++ {
			if steps > len(fs) {
				t.Fatalf("figure %d: part_of cycle", i)
			}
			j = int(*fs[j].PartOf)
		}
		if len(f.Sentence) > MaxSentence+8 || !strings.Contains(text, f.Sentence) {
			t.Fatalf("figure %d: sentence of %d bytes not a bounded part of the text", i, len(f.Sentence))
		}
	}
}

// TestHostileInput feeds long unpunctuated texts full of figures: output
// stays bounded (figures, sentence sizes) and offsets valid.
func TestHostileInput(t *testing.T) {
	var b strings.Builder
	for i := 1; b.Len() < 256<<10; i++ {
		fmt.Fprintf(&b, "%d morts, dont %d blessés et ", i, i+1)
	}
	text := b.String()
	fs := New().Extract(text, "fr")
	if len(fs) == 0 || len(fs) > MaxFigures {
		t.Fatalf("got %d figures, want 1..%d", len(fs), MaxFigures)
	}
	for _, f := range fs {
		if len(f.Sentence) > MaxSentence+8 {
			t.Fatalf("sentence of %d bytes exceeds the bound", len(f.Sentence))
		}
	}
	checkOffsets(t, text, fs)
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Les raids ont tué en trois semaines 370 personnes, dont 243 combattants parmi lesquels 52 de l'organisation EI.",
		"At least 12 people were killed and 30 wounded, 3 of them critically.",
		"100\u202f000 personnes fuyaient; plus d'un demi-million de déplacés",
		"4 were killed in Ahmedabad, 3 in Banaskantha, 1 in Mehsana, and 1 in Surat.",
		"Three soldiers among 10 killed, including 2 officers among them",
		"quatre-vingt-dix-neuf morts — 1,5 million — 2.3m — 10-15 dead — UPDATE 1-One dead",
		"\xff\xfe 12 morts \x00",
		"أسفر الهجوم عن مقتل ٥ أشخاص وإصابة ١٢ آخرين",
	} {
		f.Add(s, "fr")
		f.Add(s, "")
	}
	ex := New()
	scratch := new(state)
	f.Fuzz(func(t *testing.T, text, lang string) {
		fs := ex.Extract(text, lang)
		if len(text) <= MaxTextBytes {
			checkNoScratch(t, scratch, text, lang)
		}
		if all := ex.extract(text, lang, true); !reflect.DeepEqual(fs, all) {
			t.Fatalf("skipping sentences changed the figures:\n got  %+v\n want %+v", fs, all)
		}
		checkOffsets(t, text, fs)
		for _, fig := range fs {
			if !utf8.ValidString(fig.Span) && utf8.ValidString(text) {
				t.Fatalf("span %q is not valid UTF-8", fig.Span)
			}
		}
	})
}
