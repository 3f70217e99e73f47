package entities

import (
	"strings"

	"github.com/newswire/newswire/pkg/text/wordset"
)

// The word lists below are general language knowledge — function words,
// titles, the head nouns organisation names are built on — not names: the
// names themselves are found by pattern, and places by the gazetteer.

// set builds a lexicon from space-separated words.
var set = wordset.Of

// stopwords are capitalised only because they open a sentence or a title
// (lower-case, accents kept).
var stopwords = set(
	// fr
	`le la les l' un une des du de d' au aux ce cet cette ces mon ma mes son sa ses leur leurs notre nos votre vos
	 et ou mais donc or ni car que qu' qui quoi dont où si comme quand lorsque puisque alors ainsi aussi encore déjà
	 à a en dans sur sous par pour avec sans chez vers contre entre depuis pendant avant après selon malgré outre
	 lors dès hors via près face parmi durant jusqu' jusque il ils elle elles on nous vous je tu ils y se ne pas plus
	 moins très tout tous toute toutes autre autres même cela ceci ça celui celle ceux celles c' j' n' s' m' t'
	 voici voilà oui non bien mal peu trop tant enfin puis ensuite cependant pourtant toutefois néanmoins désormais
	 hier aujourd'hui demain ici là là-bas dont certains certaines plusieurs chaque aucun aucune quelque quelques
	 lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre
	 octobre novembre décembre
	 vidéo photos photo témoignage info infos exclusif urgent direct alerte
	 est sont était été être avoir ont a fait faire selon quant`,
	// en
	`the a an this that these those his her its their our your my and or but nor so yet for of in on at to from by
	 with without into onto over under about after before during since until while as if when where which who whom
	 whose what why how than then there here it he she they we you i me him them us also only just even still not
	 no yes all any some many much more most few each every both either neither one two three other another such
	 according however meanwhile although though because despite nearly almost about around among against between
	 monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
	 september october november december is are was were be been has have had do does did will would can could
	 should must may might shall said says mr mrs ms dr jan feb mar apr jun jul aug sep sept oct nov dec`,
	// es, pt, it, de
	`el la los las un una unos unas del al y o pero en con sin por para sobre entre según desde hasta durante
	 o os as um uma do da dos das no na nos nas ao aos e mas com sem para sobre entre segundo desde até
	 il lo gli le uno una dei degli delle della dello nel nella con senza per tra fra secondo dopo prima
	 der die das ein eine einen dem den des und oder aber mit ohne für über unter nach vor seit bei von zu im am
	 es er sie wir ihr auch nicht noch schon dieser diese dieses jeder jede jedes alle viele einige mehrere
	 kein keine man wenn weil dass als wie wo was wer jetzt heute gestern morgen werden wurde wurden ist sind war
	 waren hat haben sein ihre seine unser euer`,
)

// honorifics precede a person's name (lower-case, without the period).
var honorifics = set(`m mm mme mmes mlle me dr pr mr mrs ms miss sir dame lord lady sr sra srta sres dña don doña
	herr frau sig sig.ra dott prof mgr madame monsieur mademoiselle messieurs mister señor señora signor signora
	senhor senhora`)

// compass abbreviations in addresses ("SE 4th Terrace") are no acronyms.
var compass = set(`n s e w ne nw se sw nne nnw sse ssw ene ese wnw wsw`)

// titles are functions and roles that introduce a person: "le ministre de la
// Défense Sergueï Choïgou", "President Joe Biden", "la chanteuse Maurane".
var titles = set(
	`président présidente ministre premier-ministre porte-parole chef cheffe directeur directrice secrétaire
	 général générale colonel commandant capitaine lieutenant sergent juge procureur procureure avocat avocate
	 député députée sénateur sénatrice maire préfet préfète ambassadeur ambassadrice roi reine prince princesse pape
	 imam cheikh émir patriarche dirigeant dirigeante leader opposant opposante militant militante chanteur chanteuse
	 acteur actrice comédien comédienne réalisateur réalisatrice écrivain écrivaine auteur autrice journaliste
	 footballeur footballeuse joueur joueuse entraîneur sélectionneur attaquant défenseur milieu gardien pilote
	 champion championne candidat candidate rappeur rappeuse animateur animatrice présentateur présentatrice
	 homologue conseiller conseillère vice-président vice-présidente chancelier chancelière gouverneur fondateur
	 patron patronne pdg ex-président ex-ministre évêque cardinal abbé père frère sœur soeur docteur professeur`,
	`president minister prime secretary spokesman spokeswoman spokesperson chief director general gen colonel col
	 commander captain capt lieutenant lt sergeant sgt judge justice prosecutor attorney lawyer senator sen
	 representative rep congressman congresswoman governor gov mayor ambassador king queen prince princess pope
	 imam sheikh emir leader chairman chairwoman chair ceo founder officer detective inspector sheriff deputy
	 coach striker midfielder defender goalkeeper skipper singer actor actress author writer reporter journalist
	 chancellor premier counterpart adviser advisor envoy commissioner superintendent trooper agent pastor
	 reverend rev father bishop cardinal candidate rapper player champion`,
	`presidente ministro ministra portavoz jefe jefa director directora secretario secretaria juez jueza alcalde
	 alcaldesa rey reina príncipe papa líder porta-voz chefe diretor diretora secretário prefeito
	 rei rainha príncipe sindaco capo segretario giudice portavoce
	 präsident präsidentin minister ministerin sprecher sprecherin chef chefin kanzler kanzlerin bürgermeister
	 könig königin papst`,
)

// portfolioTitles take a domain as complement: "ministre de la Défense", "Secretary of State".
var portfolioTitles = set(`ministre ministres secrétaire minister ministers secretary commissaire commissioner
	ministro ministra secretario secretaria secretário ministerin procureur procureure`)

// orgHeads are the nouns organisation names are built on; a capitalised
// sequence that starts (Romance languages, "University of") or ends
// (English) with one names an organisation.
var orgHeads = set(
	`observatoire conseil ministère commission comité agence organisation office union parti front armée
	 mouvement fédération association institut université banque fonds assemblée cour tribunal parlement sénat
	 chaîne télévision magazine radio église croissant-rouge croix-rouge société groupe compagnie brigade brigades forces garde gendarmerie police
	 direction haut-commissariat fondation syndicat centre caisse conférence ligue alliance coalition académie
	 collège lycée école hôpital clinique régie autorité service services bureau conseil-général préfecture mairie
	 ministere communauté confédération congrès cabinet agence-france-presse`,
	`ministry department council committee commission agency organization organisation office union party front
	 army navy movement federation association institute university college school bank fund assembly court
	 parliament senate congress church mosque society group company corp corporation inc ltd llc plc co brigade
	 brigades forces force guard police battalion squad bureau foundation center centre league alliance coalition
	 authority service services network times news post journal tribune herald airlines airways hospital
	 club team unit command corps tribunal board institution trust program programme agency fc observatory
	 isd academy administration commissariat cooperative federation home station magazine tv radio television
	 channel broadcasting consulting partners holding holdings ventures technologies systems solutions motors
	 automotive studios entertainment energy pharmaceuticals`,
	`ministerio partido consejo comisión comité ejército fuerzas frente movimiento universidad banco asamblea
	 tribunal policía agencia organización ministério conselho comissão exército forças frente movimento
	 universidade polícia agência organização ministero partito consiglio commissione esercito forze fronte
	 movimento università banca polizia agenzia organizzazione ministerium partei rat kommission armee
	 bewegung universität bank polizei agentur organisation gericht bundestag verband stiftung institut`,
)

// lowerHeads name an organisation even in lower case when a capitalised
// complement follows: "le ministère de l'Intérieur".
var lowerHeads = set(`ministère ministry ministerio ministério ministero`)

// streetWords end the names of streets and buildings, which are not places here.
var streetWords = set(`street st avenue ave road rd lane boulevard blvd drive highway bypass square chowk terrace
	parkway trail circle place
	rue avenue boulevard allée chemin route impasse quai calle avenida rua strasse straße platz via piazza
	airport aéroport stadium stade bridge pont`)

// featureWords name natural features and venues, which are not places here:
// "Bondi Beach", "Lac Léman", "Mont Blanc".
var featureWords = set(`beach lake river mountain mount mt island islands bay valley park forest desert sea ocean
	palace arena hall plage lac rivière fleuve mont île îles baie vallée forêt désert mer océan playa río monte isla
	mare lago fiume spiaggia see fluss berg insel strand`)

// nameAbbreviations end with a period inside a name: "Macon Co. Sheriff's Office", "St. Louis".
var nameAbbreviations = set(`co corp inc ltd bros mt st ft jr sr`)

// articlesOf are the definite articles of each language; capitalised inside
// a sentence, they open a title ("rapporte Le Parisien", "The Times").
var articlesOf = map[string]map[string]bool{
	"fr": set(`le la les l'`), "en": set(`the`), "es": set(`el la los las`), "pt": set(`o a os as`),
	"it": set(`il lo la i gli le l'`), "de": set(`der die das`),
}

// connectors join the words of one name: "Conseil de Sécurité", "University of
// Texas", "Charles de Gaulle".
var connectors = set(`de du des d' la l' le of the for and y del da do dos das di von van der den la`)

// particles are the connectors a person's name can contain before the surname.
var particles = set(`de du d' la le von van der den da dos di del bin ibn ben ould abu`)

// indefinite articles make a following acronym a common noun.
var indefinite = set(`a an un une uno una ein eine einen um`)

// definite are determiners that make a following capitalised word a
// singular proper noun, which for a word that is no place or person is
// usually an organisation: "le Kremlin", "du Hezbollah", "the Pentagon".
var definite = set(`le la l' du au the el al il lo`)

// plural determiners: "les Occidentaux", "des Syriens" are peoples, not organisations.
var plural = set(`les des aux los las os as gli`)

// organisation-introducing words, when they precede a capitalised word:
// "l'organisation Etat islamique", "le groupe Wagner".
var orgIntroducers = set(`organisation organization groupe group mouvement movement parti party milice militia
	journal magazine quotidien hebdomadaire chaîne radio newspaper daily site entreprise société company firm
	constructeur marque brand laboratoire`)

// adjective endings that continue a Romance organisation name in lower case:
// "Conseil de sécurité russe", "Commission électorale nationale indépendante".
var adjectiveEndings = []string{"al", "ale", "ales", "aux", "ique", "iques", "ien", "ienne", "iens", "iennes",
	"ais", "aise", "aises", "ois", "oise", "oises", "ain", "aine", "aines", "aire", "aires", "iste", "istes",
	"el", "elle", "elles", "ante", "ant", "if", "ive", "ano", "ana", "ico", "ica", "ista", "ese", "ino", "ina"}

func isRomanNumeral(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !strings.ContainsRune("IVXLCDM", r) {
			return false
		}
	}
	return true
}

// eventWords head the names of events and storms, which are neither
// organisations nor persons: "Korean War", "Nations Cup", "tempête Miguel".
var eventWords = set(`war cup open tour games championship championships olympics festival prize award awards
	summit trophy masters series grand guerre coupe tournoi championnat prix sommet jeux trophée
	hurricane storm typhoon cyclone ouragan tempête cyclone typhon huracán tormenta uragano orkan sturm
	covid-19 covid paralympics paralympic paralympian olympian olympic
	year christmas easter ramadan eid hanukkah thanksgiving noël pâques ramadan navidad weihnachten
	fête nuit kippour réveillon toussaint saint-valentin`)

// conventionalCaps are common nouns French and others capitalise by
// convention ("le chef de l'Etat", "la République"): alone, they name no one.
var conventionalCaps = set(`première terre internet web etat état république nation constitution dieu loi gouvernement état-major homme
	state nation constitution god government estado república nación gobierno staat regierung stato governo`)

// directions open the names of parts of a place ("West Northamptonshire",
// "Northern Ireland" aside): with an unknown rest, no person nor organisation.
var directions = set(`north south east west northern southern eastern western central nord sud est ouest
	norte sur este oeste nord-est nord-ouest sud-est sud-ouest`)

// placeNouns are common nouns for places, capitalised in "the City of ..." but no name alone.
var placeNouns = set(`city town village ville commune municipality borough township`)

// adminWords end the names of divisions below the gazetteer's level
// ("Cumberland County", "Sirajganj District"): places, but not ones it can resolve.
var adminWords = set(`county district province region state oblast governorate municipality upazila tehsil
	département région provincia distrito región comarca landkreis kreis bezirk`)

// speechVerbs follow a person's name in reported speech ("Makin said").
var speechVerbs = set(`said says told added explained noted insisted admitted warned
	déclare déclaré affirme affirmé indique indiqué ajoute ajouté explique expliqué estime estimé souligne souligné
	dijo afirmó declaró sagte erklärte disse afirmou ha`)

// localityNouns name the kind of a place next to its name: after it in
// English ("Kergatta village", "Rajnandgoan district"), before it with "de" or
// "of" ("le village de Sawargaon", "the town of Koli"). A name the gazetteer
// lacks is a place by them.
var localityNouns = set(`village villages area district districts upazila tehsil town township union municipality
	subdivision sub-division locality hamlet province county
	commune ville localité hameau bourg département région municipio pueblo aldea comune paese gemeinde dorf`)

// locatives introduce a place: "in Shershah, Karachi", "à Clarensac (Gard)".
var locatives = set(`in near at from into outside à au aux près en dans de d' depuis vers en cerca a nel nella bei`)

// mediumPrepositions introduce, in each language, the platform or medium something is on.
var mediumPrepositions = map[string]map[string]bool{
	"fr": set(`sur via`),
	"en": set(`on via`),
	"es": set(`vía`),
	"it": set(`via`),
	"pt": set(`via`),
}

// determiners and size adjectives open a locality noun: "la petite commune de", "the remote village of".
var determiners = set(`la le les une un des du au aux cette ce petite petit grande grand the a an this that small remote
	el la una un del lo il della dello una der die das ein eine dem den a o um uma do da`)

// thingAcronyms are acronyms of common nouns, procedures, taxes, products
// and diseases, written in capitals but naming no organisation: "l'ADN",
// "an ATM", "la PMA", "un TGV", "le PIB".
var thingAcronyms = set(`adn arn dna rna atm gps sms mms usb suv tgv ter rer pma gpa ivg pdg ceo cfo drh dj tv jt qi
	pib gdp tva vat isf smic cice ticpe csg rsa apl cdd cdi hlm sdf btp lgbt lgbtq lbd ogm gmo avc bpco vih hiv sida aids
	hpv sras sars irm mri pcr ied rip sos pv cv pc wc vtc ric jo cng gnv gpl lpg`)

// notPlaces are capitalised nouns that follow "en" and "dans le" like a
// region but are continents, seas or common nouns: "en Europe", "dans
// l'Hexagone", "dans l'Hémicycle", "en Ehpad".
var notPlaces = set(`univers monde europe afrique asie amérique amerique océanie oceanie occident orient arctique antarctique
	pacifique atlantique méditerranée mediterranee hexagone hémicycle hemicycle ehpad islam`)

// ledParticiples follow an organisation's acronym with a hyphen: "BNP-led", "ISI-backed".
var ledParticiples = set(`led backed funded sponsored supported affiliated allied aligned linked controlled dominated
	run organised organized`)

// seatMetonyms are the buildings and streets that stand for a government
// body: "Bercy veut…" (the finance ministry), "à Matignon" (the prime
// minister's office), "le Kremlin".
var seatMetonyms = set(`kremlin élysée elysée matignon bercy beauvau pentagone pentagon whitehall westminster
	zhongnanhai capitole capitol`)

// list is a set of the word lists above, as bits: each token carries the
// lists its lower-case form is in, looked up once (see analysis.readToken)
// rather than once per rule that asks.
type list uint32

const (
	stopword list = 1 << iota
	honorific
	compassPoint
	title
	portfolioTitle
	orgHead
	lowerHead
	streetWord
	featureWord
	nameAbbreviation
	connector
	particle
	indefiniteArticle
	definiteArticle
	pluralDeterminer
	orgIntroducer
	eventWord
	conventionalCap
	direction
	placeNoun
	adminWord
	speechVerb
	localityNoun
	locative
	determiner
	thingAcronym
	notPlace
	seatMetonym
	ledParticiple
)

// listsOf maps every word of the lists above to the lists it is in.
var listsOf = func() map[string]list {
	m := map[string]list{}
	for _, l := range []struct {
		words map[string]bool
		bit   list
	}{
		{stopwords, stopword}, {honorifics, honorific}, {compass, compassPoint}, {titles, title},
		{portfolioTitles, portfolioTitle}, {orgHeads, orgHead}, {lowerHeads, lowerHead},
		{streetWords, streetWord}, {featureWords, featureWord}, {nameAbbreviations, nameAbbreviation},
		{connectors, connector}, {particles, particle}, {indefinite, indefiniteArticle},
		{definite, definiteArticle}, {plural, pluralDeterminer}, {orgIntroducers, orgIntroducer},
		{eventWords, eventWord}, {conventionalCaps, conventionalCap}, {directions, direction},
		{placeNouns, placeNoun}, {adminWords, adminWord}, {speechVerbs, speechVerb},
		{localityNouns, localityNoun}, {locatives, locative}, {determiners, determiner},
		{thingAcronyms, thingAcronym}, {notPlaces, notPlace}, {seatMetonyms, seatMetonym},
		{ledParticiples, ledParticiple},
	} {
		for w := range l.words {
			m[w] |= l.bit
		}
	}
	return m
}()
