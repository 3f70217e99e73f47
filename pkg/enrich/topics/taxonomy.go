package topics

import (
	"slices"
	"strings"
)

// Topic codes and English labels of the IPTC Media Topics vocabulary
// (https://cv.iptc.org/newscodes/mediatopic/, © IPTC, CC BY 4.0): the 17
// top-level topics and the second-level topics this classifier scores.
// Labels are the vocabulary's own; codes are written without the
// "medtop:" scheme prefix that Classify adds.
var topLevel = map[string]string{
	"01000000": "arts, culture, entertainment and media",
	"02000000": "crime, law and justice",
	"03000000": "disaster, accident and emergency incident",
	"04000000": "economy, business and finance",
	"05000000": "education",
	"06000000": "environment",
	"07000000": "health",
	"08000000": "human interest",
	"09000000": "labour",
	"10000000": "lifestyle and leisure",
	"11000000": "politics",
	"12000000": "religion",
	"13000000": "science and technology",
	"14000000": "society",
	"15000000": "sport",
	"16000000": "conflict, war and peace",
	"17000000": "weather",
}

// secondLevel maps a second-level code to its label and its parent.
var secondLevel = map[string]struct{ label, parent string }{
	"20000002": {"arts and entertainment", "01000000"},
	"20000038": {"culture", "01000000"},
	"20000045": {"mass media", "01000000"},

	"20000082": {"crime", "02000000"},
	"20000106": {"judiciary", "02000000"},
	"20000121": {"law", "02000000"},
	"20000129": {"law enforcement", "02000000"},

	"20000139": {"accident and emergency incident", "03000000"},
	"20000148": {"disaster", "03000000"},
	"20000168": {"emergency response", "03000000"},

	"20000170": {"business information", "04000000"},
	"20000209": {"economic sector", "04000000"},
	"20000344": {"economy", "04000000"},
	"20000385": {"market and exchange", "04000000"},

	"20000400": {"school", "05000000"},
	"20000415": {"students", "05000000"},
	"20001338": {"education policy", "05000000"},

	"20000418": {"climate change", "06000000"},
	"20000420": {"conservation", "06000000"},
	"20000424": {"environmental pollution", "06000000"},
	"20000441": {"nature", "06000000"},

	"20000446": {"diseases and conditions", "07000000"},
	"20000461": {"health facility", "07000000"},
	"20000464": {"health treatment", "07000000"},
	"20000485": {"medical profession", "07000000"},

	"20000500": {"animal", "08000000"},
	"20000505": {"celebrity", "08000000"},
	"20000503": {"human mishap", "08000000"},
	"20001237": {"anniversary", "08000000"},

	"20000509": {"employment", "09000000"},
	"20000524": {"labour relations", "09000000"},
	"20000531": {"retirement", "09000000"},
	"20000533": {"unemployment", "09000000"},
	"20000536": {"unions", "09000000"},

	"20000538": {"leisure", "10000000"},
	"20000565": {"lifestyle", "10000000"},

	"20000574": {"election", "11000000"},
	"20000593": {"government", "11000000"},
	"20000621": {"government policy", "11000000"},
	"20000638": {"international relations", "11000000"},
	"20000649": {"political process", "11000000"},

	"20000657": {"belief systems", "12000000"},
	"20000697": {"religious facility", "12000000"},
	"20000703": {"religious leader", "12000000"},

	"20000710": {"biomedical science", "13000000"},
	"20000735": {"scientific research", "13000000"},
	"20000756": {"technology and engineering", "13000000"},

	"20000771": {"immigration", "14000000"},
	"20000775": {"discrimination", "14000000"},
	"20000780": {"family", "14000000"},
	"20000802": {"social problem", "14000000"},

	"20001108": {"sport event", "15000000"},
	"20000822": {"competition discipline", "15000000"},

	"20000053": {"act of terror", "16000000"},
	"20000056": {"armed conflict", "16000000"},
	"20000065": {"civil unrest", "16000000"},
	"20000071": {"massacre", "16000000"},
	"20000073": {"peace process", "16000000"},

	"20001128": {"weather forecast", "17000000"},
	"20001129": {"weather phenomena", "17000000"},
	"20001131": {"weather warning", "17000000"},
}

// topic is one topic of the vocabulary, with its QCode built once.
type topic struct {
	code, qcode, label string
	parent             int // second level: index in topTopics
}

// topTopics and subTopics list the two levels in code order, so that scores
// can live in slices indexed by topic and ties break on the index as they
// would on the code.
var (
	topTopics, subTopics = indexTaxonomy()
	subTopicIndex        = indexByCode(subTopics)
)

func indexByCode(topics []topic) map[string]int {
	index := make(map[string]int, len(topics))
	for i, t := range topics {
		index[t.code] = i
	}
	return index
}

func indexTaxonomy() (top, sub []topic) {
	for code, label := range topLevel {
		top = append(top, topic{code: code, qcode: Scheme + code, label: label})
	}
	slices.SortFunc(top, func(a, b topic) int { return strings.Compare(a.code, b.code) })
	for code, s := range secondLevel {
		parent := slices.IndexFunc(top, func(t topic) bool { return t.code == s.parent })
		sub = append(sub, topic{code: code, qcode: Scheme + code, label: s.label, parent: parent})
	}
	slices.SortFunc(sub, func(a, b topic) int { return strings.Compare(a.code, b.code) })
	return top, sub
}
