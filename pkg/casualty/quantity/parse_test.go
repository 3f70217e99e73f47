package quantity

import (
	"fmt"
	"testing"
)

// parseFirst returns the first quantity found in s.
func parseFirst(t *testing.T, s string, l Lang) (Quantity, []Token, bool) {
	t.Helper()
	toks := Tokenize(s, Lower(s), nil)
	p := Parser{Lang: l}
	for i := range toks {
		if q, ok := p.Parse(toks, i); ok {
			return q, toks, true
		}
	}
	return Quantity{}, toks, false
}

func bound(has bool, v int64) string {
	if !has {
		return "null"
	}
	return fmt.Sprint(v)
}

func TestParse(t *testing.T) {
	tests := []struct {
		in        string
		lang      Lang
		low, high string
		stated    int64
	}{
		{"370 personnes", FR, "370", "370", 370},
		{"100.000 personnes", FR, "100000", "100000", 100000},
		{"100 000 personnes", FR, "100000", "100000", 100000},
		{"100\u00a0000 personnes", FR, "100000", "100000", 100000},
		{"100\u202f000 personnes", FR, "100000", "100000", 100000},
		{"100,000 people", EN, "100000", "100000", 100000},
		{"4 204 613 cas", FR, "4204613", "4204613", 4204613},
		{"1,5 million de déplacés", FR, "1500000", "1500000", 1500000},
		{"2.3 million people", EN, "2300000", "2300000", 2300000},
		{"1.2m people", EN, "1200000", "1200000", 1200000},
		{"2 millions de réfugiés", FR, "2000000", "2000000", 2000000},
		{"trois millions et demi de morts", FR, "3500000", "3500000", 3500000},
		{"3 millions et demi de morts", FR, "3500000", "3500000", 3500000},
		{"vingt-cinq morts", FR, "25", "25", 25},
		{"soixante-dix morts", FR, "70", "70", 70},
		{"quatre-vingt-dix-neuf morts", FR, "99", "99", 99},
		{"quatre-vingts morts", FR, "80", "80", 80},
		{"deux cents morts", FR, "200", "200", 200},
		{"mille morts", FR, "1000", "1000", 1000},
		{"trois mille morts", FR, "3000", "3000", 3000},
		{"vingt et un morts", FR, "21", "21", 21},
		{"twenty-five dead", EN, "25", "25", 25},
		{"one hundred and twenty dead", EN, "120", "120", 120},
		{"two thousand dead", EN, "2000", "2000", 2000},
		{"treinta y dos muertos", ES, "32", "32", 32},
		{"veinticinco muertos", ES, "25", "25", 25},
		{"fünfundzwanzig Tote", DE, "25", "25", 25},
		{"vinte e cinco mortos", PT, "25", "25", 25},
		{"ventitré morti", IT, "23", "23", 23},
		{"trentotto morti", IT, "38", "38", 38},
		// qualifier table
		{"about 50 dead", EN, "50", "50", 50},
		{"nearly 50 dead", EN, "50", "50", 50},
		{"près de 100 morts", FR, "100", "100", 100},
		{"environ 350 personnes", FR, "350", "350", 350},
		{"quelque 71 642 décès", FR, "71642", "71642", 71642},
		{"bientôt 100.000 morts", FR, "100000", "100000", 100000},
		{"le bilan approche les 26.000 morts", FR, "26000", "26000", 26000},
		{"at least 16 workers", EN, "16", "null", 16},
		{"no fewer than 16 workers", EN, "16", "null", 16},
		{"au moins 38 blessés", FR, "38", "null", 38},
		{"more than 500 dead", EN, "501", "null", 500},
		{"over 30 soldiers", EN, "31", "null", 30},
		{"plus de 500 raids", FR, "501", "null", 500},
		{"plus d'une centaine de blessés", FR, "101", "null", 100},
		{"a passé le cap des 450.000 morts", FR, "450001", "null", 450000},
		{"a dépassé mardi le cap des 1.000 morts", FR, "1001", "null", 1000},
		{"up to 40 dead", EN, "null", "40", 40},
		{"as many as 40 dead", EN, "null", "40", 40},
		{"jusqu'à 40 morts", FR, "null", "40", 40},
		{"fewer than 10 dead", EN, "null", "9", 10},
		{"moins de 10 morts", FR, "null", "9", 10},
		{"between 10 and 15 dead", EN, "10", "15", 10},
		{"entre 10 et 15 morts", FR, "10", "15", 10},
		{"10 to 15 dead", EN, "10", "15", 10},
		{"10-15 dead", EN, "10", "15", 10},
		{"a dozen dead", EN, "12", "12", 12},
		{"une douzaine de morts", FR, "12", "12", 12},
		{"a hundred dead", EN, "100", "100", 100},
		{"une centaine de morts", FR, "100", "100", 100},
		{"a thousand dead", EN, "1000", "1000", 1000},
		{"un millier de morts", FR, "1000", "1000", 1000},
		{"dozens of visitors", EN, "20", "99", 20},
		{"des dizaines de visiteurs", FR, "20", "99", 20},
		{"plusieurs dizaines de morts", FR, "20", "99", 20},
		{"tens of people", EN, "20", "99", 20},
		{"scores of people", EN, "40", "99", 40},
		{"hundreds of people", EN, "200", "999", 200},
		{"des centaines de blessés", FR, "200", "999", 200},
		{"thousands of people", EN, "2000", "9999", 2000},
		{"des milliers de déplacés", FR, "2000", "9999", 2000},
		{"tens of thousands of people", EN, "20000", "99999", 20000},
		{"des dizaines de milliers de Syriens", FR, "20000", "99999", 20000},
		{"hundreds of thousands of people", EN, "200000", "999999", 200000},
		{"des centaines de milliers de personnes", FR, "200000", "999999", 200000},
		{"millions of people", EN, "2000000", "null", 2000000},
		{"des millions de personnes", FR, "2000000", "null", 2000000},
		{"several people", EN, "2", "9", 2},
		{"plusieurs blessés", FR, "2", "9", 2},
		{"a few people", EN, "2", "9", 2},
		{"quelques morts", FR, "2", "9", 2},
		{"more than a dozen dead", EN, "13", "null", 12},
		{"au moins une dizaine de morts", FR, "10", "null", 10},
		{"plus d'un demi-million de déplacés", FR, "500001", "null", 500000},
		{"half a dozen people", EN, "6", "6", 6},
		{"Decenas de visitantes", ES, "20", "99", 20},
		{"miles de personas", ES, "2000", "9999", 2000},
		{"Dutzende von Besuchern", DE, "20", "99", 20},
		{"Tausende von Menschen", DE, "2000", "9999", 2000},
		{"several hundred people", EN, "200", "999", 200},
	}
	for _, tc := range tests {
		q, _, ok := parseFirst(t, tc.in, tc.lang)
		if !ok {
			t.Errorf("%q: no quantity", tc.in)
			continue
		}
		lo, hi := bound(q.HasLow, q.Low), bound(q.HasHigh, q.High)
		if lo != tc.low || hi != tc.high || q.Stated != tc.stated {
			t.Errorf("%q: got %s/%s stated %d, want %s/%s stated %d", tc.in, lo, hi, q.Stated, tc.low, tc.high, tc.stated)
		}
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		in                              string
		year, decimal, ordinal, article bool
	}{
		{"en 2019", false, false, false, false},
		{"101.84 average", false, true, false, false},
		{"le 10th", false, false, true, false},
		{"un mort", false, false, false, true},
		{"1,5 million", false, false, false, false},
	}
	for _, tc := range tests {
		q, _, ok := parseFirst(t, tc.in, AllLangs)
		if !ok {
			t.Errorf("%q: no quantity", tc.in)
			continue
		}
		_ = q
		year := tc.in == "en 2019"
		if q.Year != year || q.Decimal != tc.decimal || q.Ordinal != tc.ordinal || q.Article != tc.article {
			t.Errorf("%q: year=%v decimal=%v ordinal=%v article=%v", tc.in, q.Year, q.Decimal, q.Ordinal, q.Article)
		}
	}
}
