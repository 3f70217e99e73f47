package casualty

import "github.com/newswire/newswire/pkg/text/wordset"

// A wordSet is a word list of the grammar, which looks up several words of
// every sentence it reads in several lists. All the lists share one index
// (setFilter, setSlots) that gives the lists a word is in: a bitmap of the
// words' hashes, small enough to stay in the first-level cache, turns most
// words away, which are in no list, before a string is compared.
type wordSet struct {
	bit   uint64          // this list's bit in setSlot.lists
	words map[string]bool // for building the other lexicons
}

type setSlot struct {
	word  string
	lists uint64
}

// setSlotCount is a power of two, at least twice the words of all lists
// (set checks), so that a probe soon meets an empty slot.
const setSlotCount = 1 << 12

var (
	setFilter [1 << 16 / 64]uint64
	setSlots  [setSlotCount]setSlot
	setCount  int // lists made
	setWords  int // slots filled
)

// set builds a word list from space-separated words.
func set(lists ...string) *wordSet {
	if setCount == 64 {
		panic("casualty: more than 64 word lists")
	}
	s := &wordSet{bit: 1 << setCount, words: wordset.Of(lists...)}
	setCount++
	for w := range s.words {
		h := lexHash(w)
		setFilter[h/64] |= 1 << (h % 64)
		i := h & (setSlotCount - 1)
		for setSlots[i].lists != 0 && setSlots[i].word != w {
			i = (i + 1) & (setSlotCount - 1)
		}
		if setSlots[i].lists == 0 {
			if setWords++; setWords > setSlotCount/2 {
				panic("casualty: word lists outgrow setSlotCount")
			}
		}
		setSlots[i].word = w
		setSlots[i].lists |= s.bit
	}
	return s
}

// has reports whether w is in the list.
func (s *wordSet) has(w string) bool {
	h := lexHash(w)
	return setFilter[h/64]&(1<<(h%64)) != 0 && listsOf(w, h)&s.bit != 0
}

// listsOf returns the lists w, of lexHash h, is in.
func listsOf(w string, h uint32) uint64 {
	for i := h & (setSlotCount - 1); ; i = (i + 1) & (setSlotCount - 1) {
		if sl := &setSlots[i]; sl.lists == 0 || sl.word == w {
			return sl.lists
		}
	}
}

// personNouns are nouns for people: a quantity of them can be a casualty figure.
var personNouns = set(`
people persons person personnes personne gens individus individuals civilians civils civiles civil soldiers soldats
troops troopers militaires servicemen policemen policiers police officers agents gendarmes militants rebels rebelles insurgents
jihadists djihadistes jihadistes terrorists terroristes fighters combattants militiamen miliciens children enfants kids
minors mineurs babies bébés women femmes men hommes girls filles fillettes boys garçons students étudiants élèves
collégiens lycéens pupils schoolchildren workers travailleurs ouvriers employees employés salariés farmers agriculteurs
paysans villagers villageois residents habitants résidents locals passengers passagers pilgrims pèlerins tourists touristes
visitors visiteurs protesters protestors demonstrators manifestants activists members membres supporters partisans
journalists journalistes reporters doctors médecins nurses infirmiers infirmières patients firefighters pompiers
sapeurs-pompiers rescuers sauveteurs secouristes guards gardes suspects assailants attackers assaillants gunmen youths
jeunes adolescents teenagers adolescentes migrants refugees réfugiés prisoners prisonniers détenus inmates hostages otages
settlers colons pilots pilotes drivers conducteurs chauffeurs miners fishermen pêcheurs sailors marins crew équipage
staff personnel volunteers bénévoles humanitaires shias sunnis christians chrétiens muslims musulmans buddhists hindus
jews juifs rohingya syrians syriens afghans palestinians palestiniens israelis israéliens iraqis irakiens français
américains americans nationals ressortissants foreigners étrangers citizens citoyens victims victimes survivors
bystanders passants pedestrians piétons cyclists motorists automobilistes fans spectators spectateurs worshippers fidèles
priests prêtres monks nuns teachers enseignants professeurs officials responsables leaders dirigeants lawmakers députés
voters électeurs seniors retraités aînés elderly infants nourrissons brothers frères sisters soeurs sœurs relatives
proches couples customers clients shoppers inhabitants others autres persons guerrillas guérilleros extremists
islamists islamistes separatists séparatistes cadres commandos marines paratroopers parachutistes recruits recrues
cops officer soldier militant civilian child woman man person policeman protester worker student
collaborateurs agent collègues colleagues employé enfant femme homme soldat policier militaire civil
personas niños mujeres hombres visitantes soldados policías civiles migrantes menschen personen besucher besuchern
soldaten kinder frauen männer zivilisten pessoas civis crianças mulheres homens persone civili soldati bambini donne
uomini vigili أشخاص اشخاص شخص شخصا مدنيين مدنيا جنود جنديا جندي عسكريين أطفال اطفال طفلا نساء امرأة رجال رجلا مسلحين مسلحا متظاهرين الزوار زوار عمال مهاجرين لاجئين سكان السكان members tirailleurs mineros touristes kayakistes alpinistes randonneurs skieurs baigneurs nageurs
motards fonctionnaires surveillants gardiens soignants malades pensionnaires cyclistes éleveurs commerçants photographes demandeurs clandestins braqueurs cambrioleurs dealers trafiquants élus maires ministres opposants dissidents festivaliers techniciens ingénieurs chercheurs scientifiques artistes musiciens joueurs athlètes sportifs coureurs détenues prisonnières détenus detainees medics paramedics asylum smugglers traffickers robbers constables herders shepherds labourers laborers commuters pensioners politicians councillors candidates engineers contractors staffers captives climbers hikers trekkers divers swimmers campers skiers surfers mountaineers crewmen seafarers fishers boaters kayakers holidaymakers travellers travelers walkers runners riders hunters plongeurs nageurs campeurs surfeurs chasseurs promeneurs voyageurs vacanciers gendarmes pompier médecin infirmière patient army deputies troopers guardsmen peacekeepers casques
`)

// nonPersonNouns are things a number can count that are never people: time,
// measures, money, objects, animals, events, places and documents.
var nonPersonNouns = set(`
ans an années année year years yrs month months mois semaine semaines week weeks jour jours day days heure heures hour hours
minute minutes min seconde secondes seconds second siècle siècles century centuries decade decades décennie décennies nuit nuits
night nights h km kilomètres kilometres kilometers kilomètre mètres mètre meters metres meter metre miles mile milles
kg kilos tonnes tons ton hectares hectare acres acre litres liters cm mm % percent pourcent pour per cent
euros euro dollars dollar livres pounds yuan roubles francs cfa rupees rupiah dinars yen taka naira fcfa
fois times time vehicles véhicules vehicle cars car voitures voiture buses bus trucks camions houses maisons homes home
buildings bâtiments immeubles shops magasins commerces écoles schools hospitals hôpitaux churches églises mosques
mosquées temples bridges ponts roads routes trains train planes avions aircraft boats bateaux navires ships tankers
bombs bombes rockets roquettes missiles obus shells shots tirs coups bullets balles rounds cartouches grenades mines
weapons armes guns fusils rifles raids frappes strikes airstrikes attacks attaques attentats explosions blasts
incidents accidents crashes fires incendies cases cas infections contaminations tests doses vaccins lits beds
medals médailles titles titres goals buts points matches matchs games sets seats sièges votes voix districts villages
provinces régions regions countries pays states états cities villes départements communes towns localities sites
camps animals animaux chiots chiens dogs cats chats sheep moutons cattle cows vaches horses chevaux birds oiseaux
poissons fish livestock bétail chèvres goats pigs porcs poulets chickens dolphins whales baleines elephants éléphants
puppies dossiers enquêtes investigations complaints plaintes lettres letters messages articles pages épisodes
episodes films songs chansons albums sculptures statues idoles œuvres paintings tableaux projets propositions
mesures cocktails tvs items objects objets bags sacs cartons packages colis hectares degrés degrees °c kmh
km/h mph volts watts mégawatts jobs emplois postes actes dégradations faits délits crimes vols thefts robberies
burglaries offences infractions arrêts amendes fines procès trials cases lawsuits plaintes shops stores usines
factories plants mines puits wells farms fermes fields champs trees arbres species espèces brigades battalions
bataillons groupes groups teams équipes clubs companies entreprises firms sociétés banks banques units unités
ambulances helicopters hélicoptères drones tanks chars pickups motos motorcycles bicycles vélos kilograms grammes
grams pieces pièces stations gares airports aéroports terminals ports flights vols routes lignes lines calls appels
tweets posts videos vidéos photos images comptes accounts euros milliards millions billions cents centimes
per-cent pc pts bps businesses economies sectors markets industries brands stocks shares nationalités nationalities langues languages سنة سنوات عام أعوام اعوام شهر أشهر اشهر شهور يوم أيام ايام ساعة ساعات دقيقة دقائق مرة مرات مراتٍ كيلومتر كيلومترات كم متر أمتار دولار دولارات يورو بالمئة بالمائة مم medalhas medallas medaillen medaglie goldmedaillen años año meses mes días día horas hora semanas semana minutos jahre jahren jahr monate monaten tage tagen stunden wochen minuten anos ano dias dia anni anno mesi giorni ore settimane minuti veces vez mal vezes volte kilómetros kilometer quilómetros quilômetros chilometri metros meter metri prozent ciento cento dólares dollari dólar lois décrets textes ordonnances amendements tortues turtles requins sharks dauphins abeilles bees ours bears loups wolves lions tigres tigers singes monkeys brebis cochons volailles poultry canards ducks oies geese cerfs deer sangliers boars rats souris mice chatons kittens bêtes têtes insectes phoques seals vaches bovins ovins pigeons moustiques mosquitoes cétacés cetaceans veaux calves bœufs boeufs taureaux bulls agneaux lambs poussins chicks lapins rabbits bisons rennes chameaux camels ânes donkeys mammifères mammals poissons sessions rounds manches étapes stages laps tours innings overs wickets runs yards
`)

// partitiveDets follow "of"/"de" in "two of them", "quatre de ses collègues", "21 d'entre eux".
var partitiveDets = set(`them those whom us its his her their the these ses leurs ces les eux elles entre nos vos lesquels lesquelles
sus los las ellos ellas ihnen den der die loro questi quelli deles delas eles elas`)

var ofWords = set(`of de d des du von di del dei degli delle della do da dos das من`)

// modifiers between a quantity and its noun that do not change what is counted.
var modifiers = set(`others other autres more de plus supplémentaires supplementaires nouveaux nouvelles new additional further otros
otras weitere altri altre outros outras nuevos nuevas neue nuovi nuove novos novas all tous toutes`)

// skipAfterNP are words a predicate may be separated from its subject by.
var auxiliaries = set(`were was are is been be being have has had got get later also reportedly allegedly all both subsequently
remain remains remained still restent restaient demeurent demeuraient
ont a été sont est étaient était avaient avait ont-ils auraient aurait également aussi tous toutes déjà encore toujours
fueron fue han sido resultaron wurden wurde sind waren foram sono stati furono hanno`)

// negations and modal words that make a predicate not a report of casualties.
var negations = set(`لم لن لا ليس not never pas jamais no nor ni nicht kein keine non nunca nem não nessun aucun aucune wasn't weren't didn't
hasn't haven't isn't aren't won't wasn’t weren’t didn’t hasn’t haven’t isn’t aren’t won’t`)

var modals = set(`could may might would fear fears feared fearing risk risks threatens threaten threat expected predicted
projected forecast forecasts قد يتوقع توقعات يخشى pourrait pourraient pourra pourront risque risquent craint craignent crainte crainte craindre
redoute redoutent redouter menace menacent prévoit prévoient devrait devraient éviter évité évitées évités avoided
prevented sauvé sauvées sauvés saved podría podrían könnte könnten potrebbe potrebbero poderia poderiam possible
possibly potential potentiellement hypothetical denied denies deny denying nie nient démenti démentent dément niega niegan negó bestreitet podrían pueden puede podrá könnten kann können dürften potrebbero possono potrà podem pode poderão inquiétude estimates scenario scénario`)

// stops end the search for a predicate: a new clause with another subject.
var stops = set(`but however while whereas although though mais cependant tandis toutefois pourtant alors lorsque quand
pero aber ma mas sino`)

// negativeSubjects start a clause saying nobody was affected.
var negativeSubjects = set(`nobody none personne aucun aucune nadie niemand nessuno ninguém`)

// illness words: in their sentence, hospital admissions are cases, not injuries.
var illness = set(`covid covid-19 coronavirus virus épidémie epidemic pandémie pandemic maladie disease illness grippe flu
cas cases infection infections infectés infected contaminés contaminations malades sick choléra cholera ebola
dengue paludisme malaria rougeole measles réanimation`)

// idWords name things that carry a number: "Zone 2", "acte 11", "Europe 1".
var idWords = set(`zone unit unité section article acte act route rn no n° nº numéro number pool phase level niveau catégorie
category type flight ligne line chapter chapitre page room salle terminal gate tome saison season episode
épisode version covid lbd boeing airbus europe france channel chaîne radio tv canal bloc block lot apollo windows
iphone galaxy ps top ligue league division formula formule psa ronde round stage étape match game day jour week
semaine tour ps rtl bfm arte m6 tf1 w9 c8 sars h1n1 h5n1 nr kilo km paragraph paragraphe alinéa annexe class classe
grade bus tram metro métro bâtiment building floor étage porte terminal quai platform hall pavillon code figure
vol item loi law resolution résolution g windows model modèle series série generation génération vers verse
`)

// months, to tell dates from counts.
var months = set(`january february march april may june july august september october november december jan feb mar apr jun
jul aug sep sept oct nov dec janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre
décembre decembre janv févr avr juil déc enero febrero marzo abril mayo junio julio agosto septiembre octubre
noviembre diciembre januar februar märz juni juli oktober dezember janeiro fevereiro março maio junho julho
setembro outubro novembro dezembro gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre`)

// weekdays and other time words a verb may be separated from its object by.
var timeWords = set(`monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche
yesterday today hier aujourd aujourd'hui soir matin night morning evening last dernier dernière week-end weekend
lunes martes miércoles jueves viernes sábado domingo ayer montag dienstag mittwoch donnerstag freitag samstag sonntag`)

// ageWords come before an age: "aged 54", "âgé de 86 ans".
var ageWords = set(`aged âgé âgée âgés âgées age âge ages edad alter idade età`)

var currency = set(`$ € £ ¥ us$ usd eur rs rs. inr gbp chf fcfa`)

// relative pronouns open a clause about the noun before them.
var relatives = set(`who whom which that qui que dont lesquels lesquelles quienes welche die che`)

// partOfWords introduce a part of a figure just given.
var partOfWords = set(`dont including includes incluant notamment darunter inclusive incluyendo
deren`)

// groupLabels give an English group name to common nouns.
var groupLabels = map[string]string{
	"people": "people", "persons": "people", "person": "people", "personnes": "people", "personne": "people",
	"gens": "people", "personas": "people", "menschen": "people", "personen": "people", "pessoas": "people",
	"persone": "people", "individus": "people", "individuals": "people", "أشخاص": "people", "اشخاص": "people", "شخص": "people", "شخصا": "people",
	"civils": "civilians", "civiles": "civilians", "civis": "civilians", "civili": "civilians", "zivilisten": "civilians",
	"soldats": "soldiers", "militaires": "soldiers", "troops": "soldiers", "troopers": "soldiers", "soldados": "soldiers",
	"soldaten": "soldiers", "soldati": "soldiers", "soldat": "soldiers", "soldier": "soldiers", "militaire": "soldiers",
	"policiers": "police", "policemen": "police", "gendarmes": "police", "policier": "police", "policías": "police",
	"officers": "police", "cops": "police",
	"enfants": "children", "niños": "children", "kinder": "children", "crianças": "children", "bambini": "children",
	"fillettes": "children", "collégiens": "children", "élèves": "children", "enfant": "children", "kids": "children",
	"femmes": "women", "mujeres": "women", "frauen": "women", "mulheres": "women", "donne": "women",
	"hommes": "men", "hombres": "men", "männer": "men", "homens": "men", "uomini": "men",
	"combattants": "combatants", "terroristes": "militants", "djihadistes": "militants", "jihadistes": "militants",
	"rebelles": "rebels", "manifestants": "protesters", "protestors": "protesters", "demonstrators": "protesters",
	"touristes": "tourists", "visiteurs": "visitors", "visitantes": "visitors", "besuchern": "visitors", "besucher": "visitors",
	"journalistes": "journalists", "médecins": "doctors", "pompiers": "firefighters", "sapeurs-pompiers": "firefighters",
	"sauveteurs": "rescuers", "secouristes": "rescuers", "otages": "hostages", "habitants": "residents", "résidents": "residents",
	"villageois": "villagers", "ouvriers": "workers", "travailleurs": "workers", "employés": "workers", "agriculteurs": "farmers",
	"paysans": "farmers", "migrants": "migrants", "réfugiés": "refugees", "détenus": "prisoners", "prisonniers": "prisoners",
	"passagers": "passengers", "pèlerins": "pilgrims", "étudiants": "students", "suspects": "suspects", "autres": "people",
	"others": "people", "patients": "patients", "membres": "members", "agents": "agents", "mineurs": "minors",
}

// perpetrators flee a scene; they are not displaced people.
var perpetrators = set(`suspects suspect assailants attackers gunmen robbers thieves burglars shooters assaillants agresseurs
malfaiteurs braqueurs cambrioleurs voleurs auteurs tireurs individus kidnappers ravisseurs fugitives fugitifs`)
