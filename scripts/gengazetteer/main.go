// Command gengazetteer builds pkg/geo's embedded gazetteer (gazetteer.tsv.gz)
// from the GeoNames extracts in /work/shared/data/geonames (CC BY 4.0,
// "GeoNames, geonames.org"). It is a separate module so that the product does
// not depend on golang.org/x/text, which only serves here to add country names
// in the languages Newswire reads (États-Unis, Vereinigte Staaten, ...).
//
// Regenerate (from the repository root):
//
//	cd scripts/gengazetteer && GOWORK=off go run . -data ../../../shared/data/geonames -out ../../pkg/geo/gazetteer.tsv.gz
//
// Output: gzip'd UTF-8 lines, tab-separated, one record per line, kind first:
//
//	C geonameid ISO name population lat lon primary other   country
//	A geonameid CC.code name population lat lon primary other   first-level division
//	P geonameid name CC admin1 lat lon population featurecode primary other   city
//	D form CC lang                                           adjective/demonym → country
//
// primary and other are '|'-separated alternative names: primary ones are
// the official, ASCII and fr/en/es/de/pt/it names (a match on them is
// reliable), other ones GeoNames' alternate names in every other language
// and historical forms. All are Latin script only (the product
// reads fr/en/es/de/pt/it text), without codes (PAR, MOW) or lower-case
// transliterations. Coordinates of countries and divisions, which the
// extracts lack, are the median of their cities' coordinates: a point inside
// the populated part, not a centroid.
package main

import (
	"archive/zip"
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// readLangs are the languages whose country names and adjectives are added.
var readLangs = []string{"en", "fr", "es", "de", "pt", "it"}

func main() {
	data := flag.String("data", "../../../shared/data/geonames", "directory of the GeoNames extracts")
	out := flag.String("out", "../../pkg/geo/gazetteer.tsv.gz", "output file")
	flag.Parse()
	if err := run(*data, *out); err != nil {
		log.Fatal(err)
	}
}

type city struct {
	id, name, ascii, cc, admin1, fcode string
	lat, lon                           float64
	pop                                int64
	names                              []string
}

type country struct {
	iso, name, id string
	pop           int64
	languages     []string
}

func run(dir, out string) error {
	cities, err := readCities(filepath.Join(dir, "cities15000.zip"))
	if err != nil {
		return err
	}
	countries, err := readCountries(filepath.Join(dir, "countryInfo.tsv"))
	if err != nil {
		return err
	}
	translations, err := readTranslations(filepath.Join(dir, "country_translations.json"))
	if err != nil {
		return err
	}
	regions, err := readRegions(filepath.Join(dir, "regionInfo.tsv"))
	if err != nil {
		return err
	}

	// Medians of city coordinates stand in for country and division points.
	byCountry := map[string][][2]float64{}
	byAdmin := map[string][][2]float64{}
	adminPop := map[string]int64{}
	for _, c := range cities {
		adminPop[c.cc+"."+c.admin1] += c.pop
		byCountry[c.cc] = append(byCountry[c.cc], [2]float64{c.lat, c.lon})
		byAdmin[c.cc+"."+c.admin1] = append(byAdmin[c.cc+"."+c.admin1], [2]float64{c.lat, c.lon})
	}

	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("creating %s: %w", out, err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriter(zw)

	adjectives := map[string]map[string]string{} // lang → form → ISO
	for _, c := range countries {
		lat, lon := median(byCountry[c.iso])
		var primary, other []string
		region, err := language.ParseRegion(c.iso)
		for _, l := range readLangs {
			if err == nil {
				if n := display.Regions(language.MustParse(l)).Name(region); n != "" {
					primary = append(primary, n)
					addAdjectives(adjectives, l, n, c.iso)
				}
			}
			if n := translations[c.id][l]; n != "" {
				primary = append(primary, n)
				addAdjectives(adjectives, l, n, c.iso)
			}
		}
		// Initialisms of English names (UK, US, UAE, DRC), with and without periods.
		for _, n := range []string{c.name, display.Regions(language.English).Name(language.MustParseRegion(c.iso))} {
			if ini := initialism(n); ini != "" {
				primary = append(primary, ini, strings.Join(strings.Split(ini, ""), ".")+".")
			}
		}
		for l, v := range translations[c.id] {
			// Short names from other languages (Nga, Lasa) collide with ordinary words.
			if !slices.Contains(readLangs, l) && len([]rune(v)) >= 5 {
				other = append(other, v)
			}
		}
		sort.Strings(other)
		addAdjectives(adjectives, "en", c.name, c.iso)
		fmt.Fprintf(w, "C\t%s\t%s\t%s\t%d\t%.4f\t%.4f\t%s\t%s\n", c.id, c.iso, c.name, c.pop, lat, lon,
			joinNames([]string{c.name}, primary), joinNames(append([]string{c.name}, primary...), other))
	}
	addLanguageAdjectives(adjectives, countries)

	for _, r := range regions {
		lat, lon := median(byAdmin[r.code])
		// Names without their generic word ("Vladimir" for Vladimir Oblast)
		// are not primary: they are as often a given name or a city's.
		other := append(withoutGenericWord(r.name), withoutGenericWord(r.ascii)...)
		// French regularly turns a Latin -a into -e: Floride, Californie, Louisiane.
		other = append(other, frenchForms(r.name)...)
		primary := []string{r.name, r.ascii}
		if onlyDirections(r.name) {
			// A division called "South" or "Centre" is rarely what a text's "South" means.
			other, primary = append(other, primary...), nil
		}
		fmt.Fprintf(w, "A\t%s\t%s\t%s\t%d\t%.4f\t%.4f\t%s\t%s\n", r.id, r.code, r.name, adminPop[r.code], lat, lon,
			joinNames(nil, primary), joinNames(primary, other))
	}
	for _, c := range cities {
		// Without its article, a one-word name is a given name or a common
		// word as often as the town (Le François, Le Mans): not primary.
		primary := []string{c.ascii}
		var other []string
		for _, n := range withoutArticle(c.name) {
			if strings.ContainsAny(n, " -") {
				primary = append(primary, n)
			} else {
				other = append(other, n)
			}
		}
		for _, n := range c.names {
			other = append(other, n)
			other = append(other, withoutArticle(n)...)
		}
		fmt.Fprintf(w, "P\t%s\t%s\t%s\t%s\t%.5f\t%.5f\t%d\t%s\t%s\t%s\n", c.id, c.name, c.cc, c.admin1, c.lat, c.lon, c.pop, c.fcode,
			joinNames([]string{c.name}, primary), joinNames(append([]string{c.name}, primary...), other))
	}
	for _, l := range readLangs {
		forms := make([]string, 0, len(adjectives[l]))
		for form := range adjectives[l] {
			forms = append(forms, form)
		}
		sort.Strings(forms)
		for _, form := range forms {
			fmt.Fprintf(w, "D\t%s\t%s\t%s\n", form, adjectives[l][form], l)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	return f.Close()
}

func readCities(path string) ([]city, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	defer zr.Close()
	var out []city
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, fmt.Errorf("opening %s in %s: %w", zf.Name, path, err)
		}
		sc := bufio.NewScanner(rc)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			f := strings.Split(sc.Text(), "\t")
			if len(f) < 15 {
				continue
			}
			lat, _ := strconv.ParseFloat(f[4], 64)
			lon, _ := strconv.ParseFloat(f[5], 64)
			pop, _ := strconv.ParseInt(f[14], 10, 64)
			c := city{id: f[0], name: f[1], ascii: f[2], cc: f[8], admin1: f[10], fcode: f[7], lat: lat, lon: lon, pop: pop}
			for _, n := range strings.Split(f[3], ",") {
				if usableName(n) {
					c.names = append(c.names, n)
				}
			}
			out = append(out, c)
		}
		rc.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out, nil
}

// usableName keeps names a Latin-script text could contain: Latin letters,
// at least one capital (GeoNames' lower-case entries are machine
// transliterations), no digits, and not an all-capital code (airport codes
// such as PAR or MOW would match ordinary acronyms).
func usableName(n string) bool {
	n = strings.TrimSpace(n)
	if utf8.RuneCountInString(n) < 3 || len(n) > 60 { // two-letter forms are units and codes (Nm)
		return false
	}
	upper, lower, letters := 0, 0, 0
	for _, r := range n {
		switch {
		case unicode.IsLetter(r):
			if !unicode.Is(unicode.Latin, r) {
				return false
			}
			letters++
			if unicode.IsUpper(r) {
				upper++
			} else {
				lower++
			}
		case unicode.IsDigit(r):
			return false
		case r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.':
		default:
			return false
		}
	}
	if upper == 0 || letters < 2 {
		return false
	}
	return lower > 0 || letters > 4
}

func readCountries(path string) ([]country, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var out []country
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 17 {
			continue
		}
		pop, _ := strconv.ParseInt(f[7], 10, 64)
		out = append(out, country{iso: f[0], name: f[4], id: f[16], pop: pop, languages: strings.Split(f[15], ",")})
	}
	return out, nil
}

func readTranslations(path string) (map[string]map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var all map[string]map[string]string
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", path, err)
	}
	out := map[string]map[string]string{}
	for id, byLang := range all {
		out[id] = map[string]string{}
		for l, n := range byLang {
			if usableName(n) {
				out[id][l] = n
			}
		}
	}
	return out, nil
}

type region struct{ code, name, ascii, id string }

func readRegions(path string) ([]region, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var out []region
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 {
			continue
		}
		out = append(out, region{code: f[0], name: f[1], ascii: f[2], id: f[3]})
	}
	return out, nil
}

// directions are the words divisions are sometimes named after alone.
var directions = map[string]bool{"north": true, "south": true, "east": true, "west": true, "centre": true, "center": true,
	"central": true, "northern": true, "southern": true, "eastern": true, "western": true, "nord": true, "sud": true,
	"est": true, "ouest": true, "centro": true, "norte": true, "sur": true, "este": true, "oeste": true, "north-west": true,
	"north-east": true, "south-west": true, "south-east": true, "northwest": true, "northeast": true, "southwest": true,
	"southeast": true, "littoral": true, "coast": true, "capital": true, "sud-ouest": true, "sud-est": true,
	"nord-ouest": true, "nord-est": true, "centre-nord": true, "centre-sud": true, "centre-est": true,
	"centre-ouest": true, "grand est": true, "midi": true}

// onlyDirections reports whether a name is made of compass words alone
// ("North West", "Sud-Ouest", "Centre").
func onlyDirections(name string) bool {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == ' ' || r == '-' })
	for _, w := range words {
		if !directions[w] {
			return false
		}
	}
	return len(words) > 0
}

// initialism returns the initials of a name's content words when it has at
// least two ("United Kingdom" → "UK"), else "".
func initialism(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		switch strings.ToLower(w) {
		case "of", "the", "and", "&":
			continue
		}
		r := []rune(w)[0]
		if !unicode.IsUpper(r) || r > unicode.MaxASCII {
			return ""
		}
		b.WriteRune(r)
	}
	if b.Len() < 2 {
		return ""
	}
	return b.String()
}

// genericWords end division names ("Maidan Wardak Province"); texts often drop them.
var genericWords = []string{"Province", "Governorate", "Region", "District", "Oblast", "State", "Department", "Prefecture", "County", "Division"}

func withoutGenericWord(n string) []string {
	for _, g := range genericWords {
		if s, ok := strings.CutSuffix(n, " "+g); ok && s != "" {
			return []string{s}
		}
	}
	return nil
}

// articles open names that texts contract with a preposition ("aux Sables-d'Olonne").
var articles = []string{"Les ", "Le ", "La ", "L'", "El ", "Los ", "Las ", "Al ", "Al-", "An ", "Ad ", "As ", "Ar "}

func withoutArticle(n string) []string {
	for _, a := range articles {
		if s, ok := strings.CutPrefix(n, a); ok && len(s) > 2 && unicode.IsUpper([]rune(s)[0]) {
			return []string{s}
		}
	}
	return nil
}

// joinNames joins names, without duplicates and without those in exclude.
func joinNames(exclude []string, names []string) string {
	seen := map[string]bool{}
	for _, n := range exclude {
		seen[n] = true
	}
	var out []string
	for _, n := range names {
		n = strings.TrimSpace(strings.ReplaceAll(n, "’", "'"))
		if n == "" || seen[n] || strings.ContainsAny(n, "|\t\n") {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	return strings.Join(out, "|")
}

func median(pts [][2]float64) (float64, float64) {
	if len(pts) == 0 {
		return 0, 0
	}
	lats := make([]float64, len(pts))
	lons := make([]float64, len(pts))
	for i, p := range pts {
		lats[i], lons[i] = p[0], p[1]
	}
	slices.Sort(lats)
	slices.Sort(lons)
	return lats[len(lats)/2], lons[len(lons)/2]
}

// addAdjectives derives the nationality adjectives a country name regularly
// yields in lang (Syrie → syrien, Syria → Syrian). Forms a language does not
// use are harmless: they never occur in text.
func addAdjectives(adj map[string]map[string]string, lang, name, iso string) {
	// Multi-word names make adjectives only in English ("South African").
	if strings.ContainsAny(name, "-'()&") || strings.Count(name, " ") > 1 || (lang != "en" && strings.Contains(name, " ")) || len([]rune(name)) < 4 {
		return
	}
	var forms []string
	base := name
	switch lang {
	case "en":
		switch {
		case strings.HasSuffix(base, "ia"):
			forms = append(forms, base+"n")
		case strings.HasSuffix(base, "a"):
			forms = append(forms, base+"n")
		case strings.HasSuffix(base, "y"):
			forms = append(forms, strings.TrimSuffix(base, "y")+"ian")
		case strings.HasSuffix(base, "e"):
			forms = append(forms, strings.TrimSuffix(base, "e")+"ian")
		case strings.HasSuffix(base, "an"), strings.HasSuffix(base, "q"), strings.HasSuffix(base, "l"):
			forms = append(forms, base+"i", base+"ian")
		default:
			forms = append(forms, base+"ian", base+"ese")
		}
	case "fr":
		lower := strings.ToLower(base)
		var stems []string
		switch {
		case strings.HasSuffix(lower, "ie"):
			stems = append(stems, strings.TrimSuffix(lower, "ie")+"ien")
		case strings.HasSuffix(lower, "ye"):
			stems = append(stems, strings.TrimSuffix(lower, "ye")+"yen")
		case strings.HasSuffix(lower, "e"):
			stems = append(stems, strings.TrimSuffix(lower, "e")+"ien", strings.TrimSuffix(lower, "e")+"ais")
		default:
			stems = append(stems, lower+"ien", lower+"ais")
		}
		for _, s := range stems {
			forms = append(forms, s)
			if !strings.HasSuffix(s, "s") {
				forms = append(forms, s+"s")
			}
			if strings.HasSuffix(s, "en") {
				forms = append(forms, s+"ne", s+"nes")
			} else {
				forms = append(forms, s+"e", s+"es")
			}
		}
	default:
		return
	}
	if adj[lang] == nil {
		adj[lang] = map[string]string{}
	}
	for _, f := range forms {
		if _, ok := adj[lang][f]; !ok {
			adj[lang][f] = iso
		}
	}
}

// addLanguageAdjectives adds language names, which in French, Spanish,
// Portuguese and Italian are also the masculine nationality adjective (russe,
// ruso, russo) and in English the adjective itself (Russian), mapped to the
// language's most likely country. Derived country forms win on conflicts.
func addLanguageAdjectives(adj map[string]map[string]string, countries []country) {
	mainOf := map[string]map[string]bool{}
	for _, c := range countries {
		if len(c.languages) == 0 || c.languages[0] == "" {
			continue
		}
		tag, err := language.Parse(c.languages[0])
		if err != nil {
			continue
		}
		base, _ := tag.Base()
		if mainOf[base.String()] == nil {
			mainOf[base.String()] = map[string]bool{}
		}
		mainOf[base.String()][c.iso] = true
	}
	for base, isos := range mainOf {
		tag, err := language.Parse(base)
		if err != nil {
			continue
		}
		// The language's most likely country, when the language is that country's main one.
		region, _ := tag.Region()
		if !isos[region.String()] {
			continue
		}
		for _, l := range readLangs {
			n := display.Languages(language.MustParse(l)).Name(tag)
			if n == "" || strings.ContainsAny(n, " -(") {
				continue
			}
			if adj[l] == nil {
				adj[l] = map[string]string{}
			}
			forms := []string{n}
			if l == "fr" {
				switch {
				case strings.HasSuffix(n, "e"):
					forms = append(forms, n+"s")
				case strings.HasSuffix(n, "ien"):
					forms = append(forms, n+"s", n+"ne", n+"nes")
				default:
					forms = append(forms, n+"e", n+"es")
				}
			}
			for _, f := range forms {
				if _, ok := adj[l][f]; !ok {
					adj[l][f] = region.String()
				}
			}
		}
	}
}

// frenchForms derives the French name a one-word division name ending in
// -a regularly has (Florida → Floride, California → Californie, Louisiana →
// Louisiane). Forms French does not use (Kerale) never occur in text, and
// they are alternate names, which the resolver believes only in the
// context of their country.
func frenchForms(name string) []string {
	if strings.ContainsAny(name, " -'") || utf8.RuneCountInString(name) < 5 || !strings.HasSuffix(name, "a") {
		return nil
	}
	return []string{strings.TrimSuffix(name, "a") + "e"}
}
