"""Word lists the rules rely on: titles, countries and their demonyms, name keywords."""

from __future__ import annotations

from worker.facts.gazetteer import MORE_COUNTRIES


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Demonym -> country, for "Belarusian Minister of Industry" -> country "Belarus".
DEMONYMS: dict[str, str] = {
    "afghan": "Afghanistan",
    "albanian": "Albania",
    "algerian": "Algeria",
    "american": "United States",
    "argentine": "Argentina",
    "argentinian": "Argentina",
    "armenian": "Armenia",
    "australian": "Australia",
    "austrian": "Austria",
    "azerbaijani": "Azerbaijan",
    "bangladeshi": "Bangladesh",
    "belarusian": "Belarus",
    "belgian": "Belgium",
    "bolivian": "Bolivia",
    "bosnian": "Bosnia and Herzegovina",
    "brazilian": "Brazil",
    "british": "United Kingdom",
    "bulgarian": "Bulgaria",
    "cambodian": "Cambodia",
    "canadian": "Canada",
    "chilean": "Chile",
    "chinese": "China",
    "colombian": "Colombia",
    "croatian": "Croatia",
    "cuban": "Cuba",
    "cypriot": "Cyprus",
    "czech": "Czech Republic",
    "danish": "Denmark",
    "dutch": "Netherlands",
    "egyptian": "Egypt",
    "emirati": "United Arab Emirates",
    "estonian": "Estonia",
    "ethiopian": "Ethiopia",
    "filipino": "Philippines",
    "finnish": "Finland",
    "french": "France",
    "georgian": "Georgia",
    "german": "Germany",
    "ghanaian": "Ghana",
    "greek": "Greece",
    "hungarian": "Hungary",
    "icelandic": "Iceland",
    "indian": "India",
    "indonesian": "Indonesia",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "irish": "Ireland",
    "israeli": "Israel",
    "italian": "Italy",
    "japanese": "Japan",
    "jordanian": "Jordan",
    "kazakh": "Kazakhstan",
    "kazakhstani": "Kazakhstan",
    "kenyan": "Kenya",
    "korean": "Korea",
    "south korean": "South Korea",
    "north korean": "North Korea",
    "kuwaiti": "Kuwait",
    "kyrgyz": "Kyrgyzstan",
    "latvian": "Latvia",
    "lebanese": "Lebanon",
    "libyan": "Libya",
    "lithuanian": "Lithuania",
    "malaysian": "Malaysia",
    "mexican": "Mexico",
    "moldovan": "Moldova",
    "mongolian": "Mongolia",
    "moroccan": "Morocco",
    "nigerian": "Nigeria",
    "norwegian": "Norway",
    "pakistani": "Pakistan",
    "palestinian": "Palestine",
    "peruvian": "Peru",
    "polish": "Poland",
    "portuguese": "Portugal",
    "qatari": "Qatar",
    "romanian": "Romania",
    "russian": "Russia",
    "saudi": "Saudi Arabia",
    "serbian": "Serbia",
    "singaporean": "Singapore",
    "slovak": "Slovakia",
    "slovenian": "Slovenia",
    "south african": "South Africa",
    "spanish": "Spain",
    "sri lankan": "Sri Lanka",
    "sudanese": "Sudan",
    "swedish": "Sweden",
    "swiss": "Switzerland",
    "syrian": "Syria",
    "taiwanese": "Taiwan",
    "tajik": "Tajikistan",
    "thai": "Thailand",
    "tunisian": "Tunisia",
    "turkish": "Turkey",
    "turkmen": "Turkmenistan",
    "ugandan": "Uganda",
    "ukrainian": "Ukraine",
    "uzbek": "Uzbekistan",
    "venezuelan": "Venezuela",
    "vietnamese": "Vietnam",
    "yemeni": "Yemen",
    "senegalese": "Senegal",
    "congolese": "Congo",
    "ivorian": "Ivory Coast",
    "angolan": "Angola",
    "mozambican": "Mozambique",
    "malian": "Mali",
    "cameroonian": "Cameroon",
    "liberian": "Liberia",
    "zambian": "Zambia",
    "zimbabwean": "Zimbabwe",
    "rwandan": "Rwanda",
    "tanzanian": "Tanzania",
    "somali": "Somalia",
    "eritrean": "Eritrea",
    "haitian": "Haiti",
    "jamaican": "Jamaica",
    "nepali": "Nepal",
    "burmese": "Myanmar",
    "omani": "Oman",
    "bahraini": "Bahrain",
}

COUNTRIES: frozenset[str] = (
    frozenset(DEMONYMS.values())
    | MORE_COUNTRIES
    | {
        "US",
        "U.S.",
        "USA",
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "England",
        "Scotland",
        "Wales",
        "Holland",
        "Türkiye",
        "Czechia",
        "Vatican",
        "Kosovo",
        "Montenegro",
        "North Macedonia",
        "Luxembourg",
        "Malta",
        "Nepal",
        "Myanmar",
        "Laos",
        "Oman",
        "Bahrain",
        "Rwanda",
        "Tanzania",
        "Zambia",
        "Zimbabwe",
        "Senegal",
        "Mali",
        "Niger",
        "Chad",
        "Somalia",
        "Ecuador",
        "Uruguay",
        "Paraguay",
        "Panama",
        "Jamaica",
        "Haiti",
        "New Zealand",
        "Hong Kong",
    }
)

# Head words of job titles; multiword titles are matched word by word.
TITLE_HEADS: frozenset[str] = words(
    """
    minister president premier chancellor ambassador envoy secretary secretary-general
    governor mayor senator congressman congresswoman lawmaker legislator mp speaker
    chairman chairwoman chair chairperson ceo cfo coo cto cio executive director
    director-general head chief founder co-founder owner spokesman spokeswoman
    spokesperson representative commissioner judge justice prosecutor attorney lawyer
    general colonel commander admiral marshal officer economist analyst strategist
    professor researcher scientist coach manager captain striker midfielder goalkeeper
    defender forward king queen prince princess pope emperor sheikh leader official
    adviser advisor editor correspondent treasurer inspector superintendent sheriff
    partner trustee dean rector principal bishop archbishop cardinal rabbi imam vice-president
    vice-chairman deputy ombudsman auditor consul diplomat negotiator
    regulator administrator presenter anchor lead journalist reporter photographer activist
    campaigner businessman businesswoman billionaire tycoon entrepreneur investor author
    writer novelist actor actress singer rapper artist producer athlete runner swimmer
    boxer cyclist driver pilot astronaut engineer dissident politician banker historian
    physicist chemist biologist doctor surgeon nurse teacher player
    """
)

# Words that qualify a title and belong to it ("Foreign Minister", "Deputy Prime Minister").
TITLE_MODIFIERS: frozenset[str] = words(
    """
    acting deputy vice prime foreign finance defence defense interior home health
    education economy economic energy justice agriculture transport culture labour labor
    environment trade industry treasury state chief executive financial operating
    technology general senior junior assistant associate managing principal executive
    first second lead head attorney secretary interim supreme high district federal
    national regional junior sports science digital
    """
)

# Subject areas that follow "Minister of"/"Secretary of" and stay part of the title.
PORTFOLIOS: frozenset[str] = words(
    """
    industry trade finance state defence defense foreign affairs interior health
    education economy economic development energy justice agriculture transport culture
    labour labor environment the home treasury commerce and internal external emergency
    emergencies situations science technology sport sports youth social policy digital
    natural resources communications information infrastructure housing tourism
    investment
    """
)

FORMER_WORDS: frozenset[str] = words(
    """
    former previous then outgoing incoming new current ex late newly-appointed
    """
)

# Name keywords that make a span an organization rather than a person.
ORG_KEYWORDS: frozenset[str] = words(
    """
    ministry department agency committee council commission bank university college
    institute party union association federation corporation corp corp. inc inc. ltd
    ltd. llc plc group company co. holdings court office service services authority
    board fund foundation parliament assembly government administration police army navy force
    forces airlines airways motors technologies systems club society organisation
    organization bureau centre center aviation automotive therapeutics pharmaceuticals
    biotech
    united fc athletic rovers wanderers hotspur albion
    """
)

# Name endings that make a span an event (trade fairs, summits, championships...).
EVENT_KEYWORDS: frozenset[str] = words(
    """
    fair forum summit expo exhibition olympics olympiad championship championships
    conference festival games cup marathon tournament biennale contest carnival paralympics
    """
)

# Groups of people named like a nationality but of no country (OntoNotes NORP): faiths,
# peoples without a state, the sides of a war, a country's people by their noun.
GROUP_WORDS: frozenset[str] = words(
    """
    sikh sikhs jain jains hindu hindus muslim muslims christian christians catholic
    catholics protestant protestants jew jews jewish buddhist buddhists sunni sunnis shia
    shiite shiites houthi houthis allied aboriginal kurds uyghur uyghurs rohingya druze
    alawite alawites yazidi yazidis maori inuit western briton britons islamist islamists
    latino latinos hispanic evangelical evangelicals
    """
)

# Lowercase particles inside surnames ("Erik ten Hag", "Ursula von der Leyen").
NAME_PARTICLES: frozenset[str] = words(
    "van von de der den ten ter da di du del della dos das le la bin ibn al el"
)
