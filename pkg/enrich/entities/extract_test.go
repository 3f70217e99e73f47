package entities

import (
	"fmt"
	"slices"
	"testing"

	"github.com/newswire/newswire/proto"
)

type want struct {
	persons, orgs []string          // canonical (else written) names, any order
	places        map[string]string // name as written → country
	country       string
}

func TestExtractPatterns(t *testing.T) {
	x := mustExtractor(t)
	for _, tc := range []struct {
		name, lang, text, dateline string
		want                       want
	}{
		{
			name: "honorific links to the full name",
			lang: "fr",
			text: "Le porte-parole du Kremlin, Dmitri Peskov, a démenti. M. Peskov a ajouté que Moscou attendait.",
			want: want{persons: []string{"Dmitri Peskov"}, orgs: []string{"Kremlin"}, places: map[string]string{"Moscou": "RU"}, country: "RU"},
		},
		{
			name: "unlisted places known by a locality noun or a qualifying place",
			lang: "en",
			text: "Militants attacked Zorwandi village in Kaloghar district. Police raided a house in Bastipur of Gazipur.",
			want: want{places: map[string]string{"Zorwandi": "BD", "Kaloghar": "BD", "Bastipur": "BD", "Gazipur": "BD"}, country: "BD"},
		},
		{
			name: "French departments in parentheses",
			lang: "fr",
			text: "Un incendie a touché le village de Montbrac (Lozère) puis Nîmes (Gard) samedi.",
			want: want{places: map[string]string{"Montbrac": "FR", "Lozère": "FR", "Nîmes": "FR", "Gard": "FR"}, country: "FR"},
		},
		{
			name: "platforms after sur, not topics or persons",
			lang: "fr",
			text: "La chanteuse Léa Dubrac a publié mardi sur Youtube une vidéo. Hollande sur Dubrac : elle plaît.",
			want: want{persons: []string{"Léa Dubrac"}, orgs: []string{"Youtube"}},
		},
		{
			name: "acronyms of things are no organisations",
			lang: "fr",
			text: "Les analyses ADN et le PIB inquiètent la SNCF, selon un communiqué.",
			want: want{orgs: []string{"SNCF"}},
		},
		{
			name: "regions and departments after en and dans le",
			lang: "fr",
			text: "Des orages ont frappé Montpellier, dans l'Hérault, puis la Corse. Les pompiers en Corse et en Arabie saoudite sont mobilisés en Europe.",
			want: want{places: map[string]string{"Montpellier": "FR", "Hérault": "FR", "Corse": "FR", "Arabie saoudite": "SA"}, country: "FR"},
		},
		{
			name: "channels named after a country and a number, not scores",
			lang: "fr",
			text: "Interrogé sur France 2, puis sur Europe 1 après le match France 2 - 1 Italie, il a parlé à Lyon.",
			want: want{orgs: []string{"France 2", "Europe 1"}, places: map[string]string{"France": "FR", "Italie": "IT", "Lyon": "FR"}, country: "FR"},
		},
		{
			name: "a region after a compass word",
			lang: "en",
			text: "Indian troops clashed with militants in north Kashmir on Monday.",
			want: want{places: map[string]string{"Kashmir": "IN"}, country: "IN"},
		},
		{
			name: "a commune and its department with nothing else to place them",
			lang: "fr",
			text: "Une veuve refuse de voir son mari suspecté à Esmoulins (Haute-Saône).",
			want: want{places: map[string]string{"Esmoulins": "FR", "Haute-Saône": "FR"}},
		},
		{
			name: "acronym before a participle of leadership",
			lang: "en",
			text: "Supporters of the BNP-led alliance attacked CNG-run vehicles in Dhaka.",
			want: want{orgs: []string{"BNP"}, places: map[string]string{"Dhaka": "BD"}, country: "BD"},
		},
		{
			name: "seas and rivers are no places nor organisations",
			lang: "fr",
			text: "Le préfet maritime de l'Atlantique a parlé des victimes de la vallée de la Sambre, près de Maubeuge.",
			want: want{places: map[string]string{"Maubeuge": "FR"}, country: "FR"},
		},
		{
			name: "sentence starts are no names: glued, after a title's word, in an institution",
			lang: "en",
			text: "Clashes broke out in the upazila.Witnesses said a fast was launched by their party president. Police arrested 15 members, who were taken to Noakhali General Hospital.",
			want: want{orgs: []string{"Noakhali General Hospital"}},
		},
		{
			name: "French institutions go on in lower case",
			lang: "fr",
			text: "Selon l'Institut national de la statistique, la croissance ralentit, et la Fondation du patrimoine lance une collecte.",
			want: want{orgs: []string{"Institut national de la statistique", "Fondation du patrimoine"}},
		},
		{
			name: "a country defined with its acronym is a place",
			lang: "fr",
			text: "Le ministre est arrivé aux Émirats arabes unis (EAU) samedi.",
			want: want{places: map[string]string{"Émirats arabes unis": "AE"}, country: "AE"},
		},
		{
			name: "French commune names the gazetteer lacks are French places",
			lang: "fr",
			text: "Deux jeunes femmes de Carry-le-Rouet ont été filmées à Madrid, en Espagne. Elles vivent à Saint-Varent.",
			want: want{places: map[string]string{"Carry-le-Rouet": "FR", "Madrid": "ES", "Espagne": "ES", "Saint-Varent": "FR"}, country: "ES"},
		},
		{
			name: "seats of government stand for it",
			lang: "fr",
			text: "Bercy veut réduire les dépenses, et les syndicats seront reçus à Matignon mardi.",
			want: want{orgs: []string{"Bercy", "Matignon"}},
		},
		{
			name: "a nationality before a full name",
			lang: "en",
			text: "England's Stephen Bunting came from a set down to beat Brazilian Leonard Gates 3-1 in Manchester.",
			want: want{persons: []string{"Stephen Bunting", "Leonard Gates"}, places: map[string]string{"England": "GB", "Manchester": "GB"}, country: "GB"},
		},
		{
			name: "a county named after a city keeps the city's article",
			lang: "en",
			text: "Deputies found the car on Factor Avenue, Los Angeles County sheriff's officials said.",
			want: want{places: map[string]string{"Los Angeles County": "US"}},
		},
		{
			name: "a title before a country's name is no person",
			lang: "fr",
			text: "Miss France 2018 a parlé au leader de La France Insoumise.",
			want: want{orgs: []string{"France Insoumise"}},
		},
		{
			name: "departments by their shape of name",
			lang: "fr",
			text: "Les pompiers de la Charente-Maritime et du Haut-Rhin sont venus aider ceux de Tarn-et-Garonne.",
			want: want{places: map[string]string{"Charente-Maritime": "FR", "Haut-Rhin": "FR", "Tarn-et-Garonne": "FR"}},
		},
		{
			name: "title and portfolio",
			lang: "fr",
			text: "Le ministre de la Défense Sergueï Choïgou a rencontré le général Charles de Gaulle à Paris.",
			want: want{persons: []string{"Sergueï Choïgou", "Charles de Gaulle"}, places: map[string]string{"Paris": "FR"}, country: "FR"},
		},
		{
			name: "titles with a capitalised complement",
			lang: "fr",
			text: "Le président de la République Emmanuel Macron et le directeur général de la Santé Jérôme Salomon ont parlé, selon le parquet de Nanterre.",
			want: want{persons: []string{"Emmanuel Macron", "Jérôme Salomon"}, places: map[string]string{"Nanterre": "FR"}, country: "FR"},
		},
		{
			name: "articles that begin place names",
			lang: "en",
			text: "Officers in Los Angeles and Le Havre said they met at New Year.",
			want: want{places: map[string]string{"Los Angeles": "US", "Le Havre": "FR"}, country: "US"}, // the earlier place weighs more
		},
		{
			name: "acronym defined then used",
			lang: "fr",
			text: "Selon l'Organisation des Nations unies (ONU), les combats continuent. L'ONU appelle au calme à Alep.",
			want: want{orgs: []string{"Organisation des Nations unies"}, places: map[string]string{"Alep": "SY"}, country: "SY"},
		},
		{
			name: "English titles",
			lang: "en",
			text: "President Joe Biden met Prime Minister Narendra Modi in Washington on Monday, the White House said.",
			want: want{persons: []string{"Joe Biden", "Narendra Modi"}, orgs: []string{"White House"}, places: map[string]string{"Washington": "US"}, country: "US"},
		},
		{
			name: "English organisation heads",
			lang: "en",
			text: "The Syrian Observatory for Human Rights said the Ministry of Defence in Damascus had not responded.",
			want: want{orgs: []string{"Syrian Observatory for Human Rights", "Ministry of Defence"}, places: map[string]string{"Damascus": "SY"}, country: "SY"},
		},
		{
			name:     "dateline decides a homonym",
			lang:     "fr",
			dateline: "Beyrouth",
			text:     "Des heurts ont éclaté à Tripoli, a indiqué l'armée.",
			want:     want{places: map[string]string{"Tripoli": "LB"}, country: "LB"},
		},
		{
			name: "without context the populous homonym wins",
			lang: "fr",
			text: "Des heurts ont éclaté à Tripoli, a indiqué l'armée.",
			want: want{places: map[string]string{"Tripoli": "LY"}, country: "LY"},
		},
		{
			name: "Spanish",
			lang: "es",
			text: "El presidente Pedro Sánchez visitó Sevilla y Marruecos.",
			want: want{persons: []string{"Pedro Sánchez"}, places: map[string]string{"Sevilla": "ES", "Marruecos": "MA"}, country: "ES"},
		},
		{
			name: "German nouns are not names",
			lang: "de",
			text: "Jedes Jahr werden Dutzende von Besuchern verletzt. Bundeskanzler Olaf Scholz reiste nach Moskau.",
			want: want{persons: []string{"Olaf Scholz"}, places: map[string]string{"Moskau": "RU"}, country: "RU"},
		},
		{
			name: "Portuguese particles",
			lang: "pt",
			text: "O presidente Luiz Inácio Lula da Silva chegou a Brasília.",
			want: want{persons: []string{"Luiz Inácio Lula da Silva"}, places: map[string]string{"Brasília": "BR"}, country: "BR"},
		},
		{
			name: "Italian",
			lang: "it",
			text: "Il presidente Sergio Mattarella ha ricevuto il papa Francesco a Roma.",
			want: want{persons: []string{"Sergio Mattarella", "Francesco"}, places: map[string]string{"Roma": "IT"}, country: "IT"},
		},
		{
			name: "all-capital headline names places only",
			lang: "en",
			text: "TRIBAL REBELS KILL THREE SETTLERS IN BANGLADESH",
			want: want{places: map[string]string{"BANGLADESH": "BD"}, country: "BD"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := dispatch(tc.lang, tc.text)
			if tc.dateline != "" {
				d.Dateline = &proto.Dateline{Place: tc.dateline}
			}
			res := x.Extract(d)
			checkOffsets(t, d, res)
			checkNames(t, "persons", names(res.Persons), tc.want.persons)
			checkNames(t, "organizations", canonical(res.Organizations), tc.want.orgs)
			got := map[string]string{}
			for _, p := range res.Places {
				got[p.Name] = p.Country
			}
			if len(got) != len(tc.want.places) {
				t.Errorf("places = %v, want %v", got, tc.want.places)
			}
			for n, c := range tc.want.places {
				if got[n] != c {
					t.Errorf("place %q = %q, want %q (all: %v)", n, got[n], c, got)
				}
			}
			if res.Country != tc.want.country {
				t.Errorf("country = %q, want %q", res.Country, tc.want.country)
			}
		})
	}
}

// canonical returns the distinct canonical (else written) names of entities.
func canonical(es []proto.Entity) []string {
	var out []string
	for _, e := range es {
		n := e.Canonical
		if n == "" {
			n = e.Text
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func checkNames(t *testing.T, what string, got, want []string) {
	t.Helper()
	g := slices.Clone(got)
	w := slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Errorf("%s = %q, want %q", what, g, w)
	}
}

func TestHeadlineOffsets(t *testing.T) {
	x := mustExtractor(t)
	d := dispatch("fr", "Vladimir Poutine a reçu Bachar al-Assad. Poutine a salué son allié.")
	d.Headline = "Syrie : Assad à Moscou"
	res := x.Extract(d)
	checkOffsets(t, d, res)
	if len(res.Headline.Places) != 2 || res.Headline.Places[1].Name != "Moscou" || res.Headline.Places[1].Start != 17 {
		t.Errorf("headline places = %+v", res.Headline.Places)
	}
	for _, p := range append(res.Headline.Persons, res.Persons...) {
		if p.Text == "Assad" && p.Canonical != "Bachar al-Assad" || p.Text == "Poutine" && p.Canonical != "Vladimir Poutine" {
			t.Errorf("%q linked to %q", p.Text, p.Canonical)
		}
	}
	if res.Country != "SY" {
		t.Errorf("country = %q, want SY", res.Country)
	}
}

// TestConcurrentExtract shares one extractor between goroutines, as the
// enricher's workers do; run with -race.
func TestConcurrentExtract(t *testing.T) {
	x := mustExtractor(t)
	texts := []string{
		"Bachar al-Assad a remercié Vladimir Poutine à Moscou. M. Poutine a répondu.",
		"President Joe Biden met the UN chief in Washington.",
		"Selon l'Observatoire syrien des droits de l'Homme (OSDH), l'OSDH compte 370 morts à Alep.",
	}
	want := make([]Result, len(texts))
	for i, s := range texts {
		want[i] = x.Extract(dispatch("fr", s))
	}
	done := make(chan error, 8)
	for g := 0; g < 8; g++ {
		go func() {
			for k := 0; k < 20; k++ {
				i := (g + k) % len(texts)
				got := x.Extract(dispatch("fr", texts[i]))
				if len(got.Persons) != len(want[i].Persons) || len(got.Places) != len(want[i].Places) || got.Country != want[i].Country {
					done <- fmt.Errorf("text %d: got %+v, want %+v", i, got, want[i])
					return
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < 8; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
