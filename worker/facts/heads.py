"""What a name's own words say it is, whatever the model labelled it.

English names carry their kind in a head word: at the end ("Heathrow Airport", "Clean
Air Act", "Yangtze River", "Korean War") or at the start ("Mount Kenya", "Gulf of
Mexico", "Typhoon Gaemi", "Battle of Britain"); a model code makes a product ("Galaxy
S25", "the 737 MAX"). The small model knows these words but often not the names, so it
labels a stadium ORG and a desert PERSON. The labels follow OntoNotes, whose label set
the extraction reports: airports, stadiums, bridges, streets and the buildings news names
as places (hospitals, museums, libraries, prisons) are FAC; universities, schools and
clinics are institutions, left as the model labels them. The words around a name are
worker.facts.context's.
"""

from __future__ import annotations

import re
from itertools import pairwise

from worker.facts.alternation import alternation
from worker.facts.gazetteer import EVENTS
from worker.facts.known_names import KNOWN_ORGS
from worker.facts.known_products import KNOWN_PRODUCTS, VERSIONED_PRODUCTS
from worker.facts.lexicon import DEMONYMS, ORG_KEYWORDS, words
from worker.facts.measures import UNITS
from worker.facts.money import NAMES
from worker.facts.numbers import SCALES
from worker.facts.possessives import POSSESSIVE_NAMES

FAC_HEADS = words(
    """
    airport airfield aerodrome stadium arena bridge tunnel dam station terminal
    cathedral mosque basilica synagogue abbey palace square street avenue boulevard
    highway motorway expressway freeway racecourse racetrack circuit speedway velodrome
    pier lighthouse canal pipeline theatre theater garden chapel hospital infirmary
    museum gallery library prison jail penitentiary building dockyard shipyard interchange
    collider observatory refinery memorial road plant substation cemetery auditorium
    """
)
# Heads that are also surnames ("Charlotte Church"): not applied to a model PERSON.
_FAC_SURNAMES = words("street square palace station plant")
LAW_HEADS = words(
    "act treaty accord accords agreement constitution amendment charter protocol directive"
)
LOC_HEADS = words(
    """
    river sea ocean desert mountains mountain range valley lake bay gulf strait straits
    peninsula glacier basin delta plateau wetlands canyon volcano falls reef highlands
    steppe archipelago crater pass nebula fault
    """
)
# A bay or valley is also a city ("Tampa Bay"): a model GPE stays one.
_LOC_PLACES = words("bay valley lake")
# A named fire is the event ("the Palisades Fire"); a fire service is named "Fire
# Department" or "Fire Service", whose head is the last word.
EVENT_HEADS = words(
    "open prix war revolution massacre awards regatta derby uprising gala fire wildfire"
)
# A centre is a site by the word before it, an organization otherwise.
_CENTRES = words("centre center")
_CENTRE_KINDS = words(
    "space convention congress exhibition conference shopping aquatics trade sports "
    "swimming athletics tennis music performing arts health vehicle detention"
)
# Heads of an event's name with a condition on its first word (head_label).
_SHOW_HEADS = words("show tour")
# Institutions named after what they study or where they stand: the model's label stays.
_INSTITUTIONS = words("clinic university school college zoo")
_LEADING_HEADS: dict[str, str] = {
    "stadium": "FAC",
    "stade": "FAC",
    "estadio": "FAC",
    "stadio": "FAC",
    "palais": "FAC",
    "gigafactory": "FAC",
    "rue": "FAC",
    "mount": "LOC",
    "mt.": "LOC",
    "lake": "LOC",
    "typhoon": "EVENT",
    # A military operation by its code name ("Operation Sindoor").
    "operation": "EVENT",
    # A named storm ("Storm Daniel").
    "storm": "EVENT",
    "hurricane": "EVENT",
    "cyclone": "EVENT",
}
# The leading heads of a named storm or operation: after "Hurricane Maria" the article
# calls it "Maria", after "Operation Barkhane" "Barkhane" (short_event_name).
_NAMING_HEADS = words("typhoon operation storm hurricane cyclone")
# Words that end a company's name after its brand, the brand being a word no person,
# place or people is called alone.
_COMPANY_SUFFIX_AFTER = re.compile(
    r"\s+(?:Cars|Automotive|Aviation|Airlines|Airways|Motors?|Group|Holdings|Technologies"
    r"|Therapeutics|Pharmaceuticals|Healthcare|Robotics|Semiconductors?|Electronics|Inc\.?"
    r"|Corp\.?|Corporation|Ltd\.?|Plc|PLC|AG|SE|SA|NV)(?![\w'\u2019&-])"
)
_SUFFIX_GUESSES = frozenset({"ORG", "NORP", "GPE", "PERSON", "PRODUCT"})
_PACTS = words("Treaty Convention Agreement Protocol Accord")
_PACT_ON_AFTER = re.compile(
    r" on (?:the )?[A-Z][\w'\u2019-]*(?: (?:(?:of|for|and|the|on) )*[A-Z][\w'\u2019-]*){0,6}"
)
# The words of a public body's name after which "of" or "for" and capitalized words go on
# with its name; and those words ("of Canada", "for the Coordination of Humanitarian
# Affairs"), up to six, "of", "the", "and" and "for" among them.
_BODIES = words(
    """
    agency office board commission council committee ministry department authority
    institute association federation organization organisation union bank fund court
    service bureau centre center foundation school college university tribunal
    """
)
_BODY_OF_AFTER = re.compile(
    r" (?:of|for) (?:the )?[A-Z][\w'\u2019-]*(?: (?:(?:of|for|and|the) )*[A-Z][\w'\u2019-]*){0,5}"
)
# Words that open an organization's name and nothing else around it.
_ORG_OPENERS = words("World International Global United Royal Federal European Islamic Pan")
# "X of Y" names whose first word says what they are.
_OF_HEADS: dict[str, str] = {
    "gulf": "LOC",
    "bay": "LOC",
    "sea": "LOC",
    "strait": "LOC",
    "straits": "LOC",
    "battle": "EVENT",
    "siege": "EVENT",
    "revolution": "EVENT",
    "war": "EVENT",
    "massacre": "EVENT",
    "fall": "EVENT",
    "sack": "EVENT",
    "partition": "EVENT",
    "liberation": "EVENT",
    "storming": "EVENT",
    "invasion": "EVENT",
    "treaty": "LAW",
    "cape": "LOC",
    "port": "FAC",
}
# Words that end only a company's name ("Heathrow Airport Holdings").
_COMPANY_WORDS = words(
    "holdings inc inc. corp corp. corporation ltd ltd. llc plc group company co. airlines airways"
)
# Event words that head a name with "of" after them ("Africa Cup of Nations").
_EVENT_OF = words("festival summit conference championship championships cup games")
# What a numbered law opens with ("Article 5", "Section 230"); "Category 5" is no product.
_LAW_OPENERS = words(
    "article section title chapter clause rule resolution amendment regulation directive "
    "bill paragraph annex protocol law act category level phase stage grade class type tier"
)
_LAW_WORDS = LAW_HEADS | _LAW_OPENERS | words("code convention rules regulations")
# Naval prefixes: a ship is a product in OntoNotes ("HMS Prince of Wales").
SHIP_PREFIXES = ("HMS", "USS", "INS", "HMAS", "HMCS", "RFS", "HNoMS", "HNLMS")
# Prizes are works of art in OntoNotes ("Nobel Prize", "Women's Prize for Fiction").
_AWARDS = words("prize award trophy medal")
# The awards news names on their own ("won seven Oscars").
AWARD_NAMES = words("Oscar Oscars Emmy Emmys Grammy Grammys Bafta Baftas BAFTA BAFTAs") | {
    "Golden Globe",
    "Golden Globes",
    "Palme d'Or",
    "Ballon d'Or",
}
_WORLD_WAR = re.compile(r"\bWorld War\b")
_COP = re.compile(r"^COP ?\d{1,2}$")
# A model code as a name's last word: letters and digits ("S25", "W15", "A350", "F-150",
# "Kh-101", "ID.4") or three or four digits that are no year ("737").
_LETTER_CODE = r"[A-Z][A-Za-z]{0,2}[-.]?\d{1,4}[A-Za-z]{0,3}"
# Digits alone are a model only after a name and before no unit or scale ("Meta 800
# million euros" is money).
NUMBER_FOLLOWERS = alternation(set(SCALES) | set(UNITS) | set(NAMES) | {"percent", "per", "%"})
_CODE = rf"(?:{_LETTER_CODE}|(?!19\d\d|20\d\d)\d{{3,4}}(?!\s*(?i:{NUMBER_FOLLOWERS})\b))"
# A model code as a whole word ("Kh-101"), which no organization is named.
MODEL_CODE = re.compile(rf"^{_LETTER_CODE}$")
# "the 737 MAX", "Boeing 787 Dreamliner": a model number before a name, after a name or an
# article (not a count: "ordered 100 Airbus jets").
_MODEL_NUMBER_BEFORE = re.compile(
    r"(?:\b(?:the|its|a|an)|[A-Z][\w-]*)\s+(?P<number>(?!19\d\d|20\d\d)\d{3,4})\s+$"
)
# A ship's prefix, then up to two capitalized words the model cut off ("HMS Queen" +
# "Elizabeth", where "Queen" was read as a title).
_SHIP_BEFORE = re.compile(rf"\b(?:{'|'.join(SHIP_PREFIXES)})\s+(?:[A-Z][\w'\u2019-]*\s+){{0,2}}$")
_SHIP_PREFIX = re.compile("|".join(SHIP_PREFIXES))
# "Apple Watch Series" + " 10": a product line's number after "Series".
_SERIES_NUMBER_AFTER = re.compile(r"\s+(?:\d{1,2}|[A-Z])(?![\w%/.,-])")
_SHIP_GUESSES = frozenset({"ORG", "PRODUCT", "PERSON", "WORK_OF_ART", "GPE", "FAC"})
# A possessive may come between: "St Thomas'" + " Hospital", "Guy" + "'s Hospital".
_CAPITAL_AFTER = re.compile(r"(?:['\u2019]s?)?\s+[A-Z0-9]")
_CODE_AFTER = re.compile(rf"\s+(?:Model\s+(?:[A-Z0-9]\w{{0,3}})|{_CODE})(?![\w-])")
# A model's tier after its version ("16 Pro", "S25 Ultra").
TIERS = r"(?:Pro|Max|MAX|Ultra|Plus|Mini|Air|Edge|Lite|XL|neo)"
# A version number after a product's name ("Falcon 9", "iPhone 16 Pro", "Ariane 6"): one or
# two digits, a tier word after them at most, and no unit, decimal or score after them
# ("Arsenal 2-1"); after a name the model found, no plural count either ("Google 10
# years ago", "Nvidia 3 goals": _COUNT_AFTER).
_VERSION_AFTER = re.compile(
    rf"\s+\d{{1,2}}(?:\s+{TIERS})?"
    rf"(?![\w%/-]|[.,:]\d|\s*(?i:{NUMBER_FOLLOWERS})\b)"
)
# Names that take a version whatever the model calls them ("Leopard 2 tanks" for a person).
_PRODUCT_NAMES = KNOWN_PRODUCTS | VERSIONED_PRODUCTS
_COUNT_AFTER = re.compile(r"\s+\d{1,2}\s+(?!has\b|was\b|is\b|does\b)[a-z]+s\b")
# Names a small number follows that are no product: roads, rooms, rounds, rules, channels.
_NUMBERED_NOT_PRODUCTS = words(
    "interstate route highway motorway road terminal gate platform pier runway channel "
    "formula article section chapter title clause rule amendment stage game week round day "
    "phase level category class grade group division league tier year season covid apollo "
    "pillar part volume episode series act scene room floor block district ward zone "
    "unit lot flight"
)
_YEAR_BEFORE = re.compile(r"(?<![\w.,-])(?:19|20)\d\d\s$")
# An event's edition by the year after its name ("Expo" + " 2025", "Euro" + " 2024").
_YEAR_AFTER = re.compile(r"\s+(?:19|20)\d\d(?![\w%/-]|[.,:]\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")
EDITION_EVENTS = words("euro expo eurobasket afcon")
# A place, then the lowercase word of what happened there: "the Izmit earthquake", "the
# Srebrenica massacre", "the Gwangju uprising", "the Gaza war", "the Grenfell Tower fire".
# The labelled sets take the word in.
_NATURAL = words(
    "earthquake tsunami eruption bushfire bushfires wildfire wildfires floods pandemic"
)
_VOTES = words("referendum election elections derby summit")
_DEEDS = words(
    "massacre genocide uprising disaster bombing riots pogrom war fire crash scandal "
    "caucuses primary"
)
# The words the paragraph must hold for a name the model passed by (missed.py); not
# "campaign", which is as often a person's (happened_after).
HAPPENED_WORDS = _NATURAL | _VOTES | _DEEDS | {"annual"}
_HAPPENED_AFTER = re.compile(
    rf"\s+(?:(?P<natural>{alternation(_NATURAL)})"
    # A body's or a company's yearly gathering: "the Berkshire Hathaway annual meeting".
    rf"|(?P<vote>{alternation(_VOTES)}|annual\s+(?:general\s+)?(?:meeting|conference))"
    rf"|{alternation(_DEEDS | {'campaign'})})\b"
)
# What a mention may be before each kind: nature happens to what the model took for a
# town or a person too; a vote or a derby is a body's or a place's ("the Bundestag
# election", "the Merseyside derby"); the rest a place's ("the Hamas massacre" is not
# one), an event's (the "Black Summer" + "bushfires") or a vote's.
_VOTE_GUESSES = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART"})
_COMPASS = words("Western Eastern Northern Southern")
_HAPPENED_GUESSES = _VOTE_GUESSES | {"PERSON", "PRODUCT", "WORK_OF_ART"}
_PLACE_GUESSES = frozenset({"GPE", "LOC", "FAC", "ORG", "PERSON"})
# "Tesla Model" + " Y": the model often stops before a one-letter model name.
_MODEL_NAME_AFTER = re.compile(r"\s+[A-Z0-9]\w{0,3}(?![\w-])")
# A name written before a head word of its kind ("John F. Kennedy International Airport",
# "Paraguay River"): the mention grows to take it in.
_HEAD_AFTER = re.compile(
    r"(?:['\u2019]s?(?=\s+[A-Z]))?"
    r"(?:\s+(?:International|National|Regional|Memorial|Olympic|Royal|Grand|New|Old))*"
    r"\s+(?P<head>Airport|Stadium|Arena|Bridge|Tunnel|Dam|Cathedral|Mosque|Basilica|Racecourse"
    r"|Circuit|Speedway|River|Sea|Ocean|Desert|Mountains|Delta|Basin|Glacier|Open|Grand Prix"
    r"|Act|Treaty|Accords?|Hospital|Museum|Library|Gallery|Prison|Fire|Prize|Square|Abbey"
    r"|Fashion\s+Week|(?<=Fashion\s)Week)\b"
)
# The heads a place named after a person takes ("John F. Kennedy International Airport").
_NAMED_AFTER_PEOPLE = frozenset(
    {"Airport", "Stadium", "Arena", "Bridge", "Hospital", "Museum", "Library", "Prize"}
)
_HEAD_LABELS = {
    **{w: "FAC" for w in FAC_HEADS},
    **{w: "LOC" for w in LOC_HEADS},
    **{w: "LAW" for w in LAW_HEADS},
    **{w: "EVENT" for w in EVENT_HEADS},
    "grand prix": "EVENT",
    "fashion week": "EVENT",
    "week": "EVENT",  # only after "Fashion" (_HEAD_AFTER)
    "prize": "WORK_OF_ART",
}
# Heads written before the name: "Stadium Australia", "Mount Kenya", "Lake Victoria".
_KNOWN_HEADS = frozenset(_HEAD_LABELS) | _COMPANY_WORDS | _AWARDS | _INSTITUTIONS | ORG_KEYWORDS
_BEFORE_LABELS = {
    **{"Stadium": "FAC", "Stade": "FAC", "Estadio": "FAC", "Gigafactory": "FAC"},
    **{"Mount": "LOC", "Lake": "LOC"},
    # A storm or an operation the model named without its word ("Typhoon" + "Kalmaegi").
    **{w: "EVENT" for w in ("Typhoon", "Hurricane", "Cyclone", "Storm", "Operation")},
}
_BEFORE_WORDS = tuple(_BEFORE_LABELS)
_HEAD_BEFORE = re.compile(rf"\b(?P<head>{'|'.join(_BEFORE_WORDS)})\s+$")
_OF_BEFORE = re.compile(
    r"\b(?P<head>Gulf|Bay|Sea|Straits?|Battle|Siege|Revolution|War|Massacre|Treaty|Port|Fall|Sack"
    r"|Partition|Liberation|Storming|Invasion)"
    r"\s+of\s+(?:the\s+)?$"
)
# What a product is called next to its name ("the Galaxy S25 smartphone", "the drug
# Kisunla", "a Patriot air defence system").


def head_label(text: str, label: str) -> str | None:
    """The label the name's words give it, or None when they say nothing."""
    tokens = text.split()
    if (
        (text.startswith("COP") and _COP.match(text))
        or ("World War" in text and _WORLD_WAR.search(text))
        or text == "D-Day"
    ):
        return "EVENT"
    # An award's name alone is the award; a person's given name has a surname after it
    # ("Oscar Piastri"), which makes a longer span.
    if text in AWARD_NAMES:
        return "WORK_OF_ART"
    if len(tokens) < 2:
        return None
    lowered = [t.lower() for t in tokens]
    if tokens[0] in SHIP_PREFIXES:
        return "PRODUCT"
    head = lowered[-1]
    if "of" in lowered[1:-1] and head not in _KNOWN_HEADS:
        # "Museum of Modern Art", "Festival of Speed": the word before "of" is the head.
        head = lowered[lowered.index("of", 1) - 1]
        if lowered[0] == head and head in _OF_HEADS:
            return _OF_HEADS[head]
    if lowered[-2:] == ["rail", "road"]:
        return "ORG"  # "Long Island Rail Road": a railway company, not a road
    if head in _COMPANY_WORDS and label != "PERSON":
        return "ORG"
    if head in _CENTRES and lowered[-2] in _CENTRE_KINDS:
        # "Kennedy Space Center", "Congress Centre": a site, where "National Hurricane
        # Center" is an agency.
        return "FAC"
    if head in _INSTITUTIONS or head in ORG_KEYWORDS:
        return None
    if "convention" in lowered[:-1] and lowered[lowered.index("convention") + 1] in {
        "on",
        "against",
        "for",
    }:
        return "LAW"
    if lowered[0] == "champions" and label != "PERSON":
        # "Champions League", "Champions Trophy": tournaments, not the trophy itself.
        return "EVENT"
    if head in _AWARDS or (
        "for" in lowered and any(w in _AWARDS and n == "for" for w, n in pairwise(lowered))
    ):
        return "WORK_OF_ART"
    if head in _EVENT_OF and head != lowered[-1]:
        return "EVENT"
    if lowered[-2:] == ["grand", "prix"]:
        head = "grand prix"
    found = _HEAD_LABELS.get(head)
    if found == "FAC" and label == "PERSON" and head in _FAC_SURNAMES:
        return None
    if found == "LOC" and label == "GPE" and head in _LOC_PLACES:
        return None
    if found is not None:
        return found
    if head in _SHOW_HEADS and lowered[0] != "the" and not tokens[0].isupper():
        # "Paris Air Show", "the Eras Tour"; not "The Daily Show" (a programme) nor
        # "PGA Tour" (an organization).
        return "EVENT"
    if lowered[0] in _LEADING_HEADS and text not in _PRODUCT_NAMES:  # not "Storm Shadow"
        return _LEADING_HEADS[lowered[0]]
    if lowered[0] == "tour" and lowered[1] in {"de", "of"}:
        return "EVENT"
    if lowered[-2:] == ["national", "convention"]:
        # A party's convention ("Republican National Convention"); a convention that is
        # a treaty is "of" or "on" something.
        return "EVENT"
    if lowered[0] in EDITION_EVENTS and _YEAR.fullmatch(tokens[-1]):
        return "EVENT"  # "Euro 2024", "Expo 2025": an edition by its year
    if (
        label == "LAW"
        and lowered[0] not in _LAW_OPENERS
        and any(c.isdigit() for t in tokens[1:] for c in t)
        and _LAW_WORDS.isdisjoint(lowered)
    ):
        # "Switch 2", "Pixel 9 Pro Fold": a law is numbered after a word such as "Article"
        # and named by one such as "Act".
        return "PRODUCT"
    if label not in {"EVENT", "LAW"} and tokens[0][:1].isupper() and _code_name(tokens):
        return "PRODUCT"
    return None


# The "X of Y" heads a name can be found by where the model proposed nothing (missed.py);
# not "Port", whose "Port of Rotterdam" is as often the authority as the port.
OF_HEAD_WORDS = tuple(sorted(w.capitalize() for w in _OF_HEADS if w != "port"))


def short_event_name(text: str) -> str | None:
    """The name a storm or an operation goes by after its first mention ("Maria" for
    "Hurricane Maria", "Barkhane" for "Operation Barkhane"), or None."""
    first, _, rest = text.partition(" ")
    if first.lower() not in _NAMING_HEADS or len(rest) < 3 or not rest[:1].isupper():
        return None
    return rest


def happened_at(happened: re.Match[str], label: str, text: str) -> bool:
    """Whether what _HAPPENED_AFTER found after a name labelled ``label`` (None: no
    mention) names an event with it: nature after any place or person the model guessed,
    a vote or a derby after a body or a place, the rest after a place or an event, or
    after a one-word name the model took for an organization that is none the rules know
    ("the Sharpeville massacre", not "the Hamas massacre" nor "the IRA bombing")."""
    if happened["natural"]:
        return True
    if happened["vote"]:
        return label in _VOTE_GUESSES
    if label == "ORG":
        return (
            " " not in text
            and not text.isupper()
            and text not in KNOWN_ORGS
            and text.lower() not in DEMONYMS
            and text not in _COMPASS
        )
    return label in {"GPE", "LOC", "FAC", "EVENT"}


def event_after(paragraph: str, start: int, end: int, label: str) -> int | None:
    """Where an event named by the mention at [start, end) and the lowercase word of what
    happened after it ends ("Sharpeville" + " massacre", "BRICS" + " summit"), else None."""
    if not paragraph.startswith(" ", end):
        return None
    happened = _HAPPENED_AFTER.match(paragraph, end)
    if happened is None or not happened_at(happened, label, paragraph[start:end]):
        return None
    return happened.end()


def happened_after(paragraph: str, start: int, end: int) -> int | None:
    """Where what happened ends after a name the model passed by ("the Sharpeville" +
    " massacre"), else None: not a campaign, which is as often a person's, nor what a
    people or a side of the world did ("the Western war")."""
    happened = _HAPPENED_AFTER.match(paragraph, end)
    if happened is None or happened.group().endswith("campaign"):
        return None
    name = paragraph[start:end]
    if name.lower() in DEMONYMS or name in _COMPASS:
        return None
    return happened.end()


def ship_name(text: str) -> bool:
    """Whether a name opens with a naval prefix ("USS Gerald R. Ford"): a ship, whatever
    the words around it ("the aircraft carrier") suggest."""
    return text.startswith(SHIP_PREFIXES) and text.split(None, 1)[0] in SHIP_PREFIXES


def _code_name(tokens: list[str]) -> bool:
    # A code holds a digit, which no letter is.
    if not tokens[-1].isalpha() and MODEL_CODE.match(tokens[-1]) is not None:
        return True
    return len(tokens) >= 3 and tokens[-2] == "Model" and len(tokens[-1]) <= 4


def grow(paragraph: str, start: int, end: int, label: str) -> tuple[int, int, str] | None:
    """[start, end) and label of the name a mention is part of, when the words around it
    say so: a head word after it, "Gulf of" before it, or a model code after it."""
    if label == "EVENT":
        if paragraph[start - 2 : start - 1].isdigit():
            # "the 2026 World Cup", "the 1996 Atlanta Olympics": the year is part of its name.
            year = _YEAR_BEFORE.search(paragraph, max(start - 6, 0), start)
            if year is not None:
                return year.start(), end, label
        edition = edition_end(paragraph, start, end)
        if edition is not None:
            return start, edition, label
    if label in _HAPPENED_GUESSES:
        happened = event_after(paragraph, start, end, label)
        if happened is not None:
            return start, happened, "EVENT"
    # Every pattern after the mention opens with spaces and a capital or a digit, every
    # pattern before it ends with the word right before it and spaces: cheap tests first.
    capital_after = _CAPITAL_AFTER.match(paragraph, end) is not None
    if capital_after:
        head = _HEAD_AFTER.match(paragraph, end)
        if head is not None and (label != "PERSON" or head["head"] in _NAMED_AFTER_PEOPLE):
            return start, head.end(), _HEAD_LABELS[head["head"].lower()]
    if (
        label == "ORG"
        and paragraph.startswith(("'s", "\u2019s"), end)
        and paragraph[start:end].rsplit(None, 1)[-1] in POSSESSIVE_NAMES
    ):
        return start, end + 2, label  # "McDonald" + "'s": the name is written with it
    if paragraph.startswith(" on ", end) and paragraph[start:end].rsplit(None, 1)[-1] in _PACTS:
        tail = _PACT_ON_AFTER.match(paragraph, end)
        if tail is not None:
            # "Treaty" + " on the Non-Proliferation of Nuclear Weapons": a treaty's subject
            # is part of its name.
            return start, tail.end(), "LAW"
    if label == "ORG" and paragraph.startswith((" of ", " for "), end):
        tail = _BODY_OF_AFTER.match(paragraph, end)
        if tail is not None and paragraph[start:end].rsplit(None, 1)[-1].lower() in _BODIES:
            # "Public Health Agency" + " of Canada", "United Nations Office" + " for the
            # Coordination of Humanitarian Affairs": a body's name goes on after its word.
            return start, tail.end(), label
    if capital_after and label in _SUFFIX_GUESSES:
        suffix = _COMPANY_SUFFIX_AFTER.match(paragraph, end)
        if suffix is not None:
            # "Volvo" + " Cars", "Joby" + " Aviation": the model stopped before the word
            # that makes the company's name.
            return start, suffix.end(), "ORG"
    word = _word_before(paragraph, start)
    if label == "ORG" and word in _ORG_OPENERS:
        # "World" + "Meteorological Organization": the model drops an opening word that a
        # sentence's capital made look like any other.
        begin = start - len(word) - (len(paragraph[:start]) - len(paragraph[:start].rstrip()))
        if (
            begin >= 0
            and paragraph.startswith(word, begin)
            and (begin == 0 or not paragraph[begin - 1].isalnum())
        ):
            return begin, end, label
    if word and label in {"GPE", "LOC", "ORG", "PERSON", "NORP"}:
        if word in {"of", "the"}:
            before = _OF_BEFORE.search(paragraph, max(start - 24, 0), start)
            if before is not None:
                return before.start(), end, _OF_HEADS[before["head"].lower()]
        if word.endswith(_BEFORE_WORDS):
            before = _HEAD_BEFORE.search(paragraph, max(start - 10, 0), start)
            if before is not None:
                return before.start(), end, _BEFORE_LABELS[before["head"]]
    if label in _SHIP_GUESSES and _SHIP_PREFIX.search(paragraph, max(start - 32, 0), start):
        before = _SHIP_BEFORE.search(paragraph, max(start - 32, 0), start)
        if before is not None:
            return before.start(), end, "PRODUCT"
    if capital_after and paragraph.endswith(" Series", start, end):
        number = _SERIES_NUMBER_AFTER.match(paragraph, end)
        if number is not None:
            return start, number.end(), "PRODUCT"
    if label in {"ORG", "PRODUCT", "PERSON", "WORK_OF_ART"}:
        if word.isdigit():
            before = _MODEL_NUMBER_BEFORE.search(paragraph, max(start - 24, 0), start)
            if before is not None:
                return before.start("number"), end, "PRODUCT"
        if capital_after:
            code = _CODE_AFTER.match(paragraph, end)
            if code is None and paragraph.endswith("Model", 0, end):
                code = _MODEL_NAME_AFTER.match(paragraph, end)
            known = paragraph[start:end] in _PRODUCT_NAMES
            # Only a product's name takes a small number: after a side it is a score
            # ("beat Celtic 1 to nil").
            if code is None and (known or label == "PRODUCT"):
                code = _VERSION_AFTER.match(paragraph, end)
                last = paragraph[start:end].rsplit(None, 1)[-1].lower()
                if code is not None and (
                    last in _NUMBERED_NOT_PRODUCTS
                    or (not known and _COUNT_AFTER.match(paragraph, end))
                ):
                    code = None
            if code is not None:
                # "737" + " MAX 8", "A350" + " XWB": a tier and its number after the code.
                tier = _TIER_AFTER.match(paragraph, code.end())
                if tier is None:
                    return start, code.end(), "PRODUCT"
                number = _TIER_NUMBER_AFTER.match(paragraph, tier.end())
                return start, (number or tier).end(), "PRODUCT"
    return None


_TIER_AFTER = re.compile(rf"\s+{TIERS}(?![\w-])")
_TIER_NUMBER_AFTER = re.compile(r"\s+\d{1,2}(?![\w%/-]|[.,]\d)")
_SERIES_AFTER = re.compile(r"\s+Series\s+[A-Z0-9]\w{0,2}(?![\w-])")


def edition_end(paragraph: str, start: int, end: int) -> int | None:
    """Where the year after an event's name ends when it names an edition ("Euro" + " 2024",
    "CES" + " 2025"): after a known event's name or a name that takes its year."""
    after = _YEAR_AFTER.match(paragraph, end)
    if after is None:
        return None
    name = paragraph[start:end]
    if name in EVENTS or name.split()[0].lower() in EDITION_EVENTS:
        return after.end()
    return None


def year_before(paragraph: str, start: int) -> int | None:
    """Where the year before an event's name starts ("2022" + " Berlin Marathon")."""
    year = _YEAR_BEFORE.search(paragraph, max(start - 6, 0), start)
    return None if year is None else year.start()


def number_before(paragraph: str, start: int) -> int | None:
    """Where a model number before a product's name starts ("787" + " Dreamliner"), else
    None."""
    before = _MODEL_NUMBER_BEFORE.search(paragraph, max(start - 24, 0), start)
    return None if before is None else before.start("number")


def version_after(paragraph: str, end: int) -> int | None:
    """Where a product's version ends when one follows its name at ``end`` ("iPhone" +
    " 16 Pro", "Galaxy" + " S25 Ultra", "Xbox" + " Series X"), else None."""
    if _CAPITAL_AFTER.match(paragraph, end) is None:
        return None
    found = (
        _SERIES_AFTER.match(paragraph, end)
        or _CODE_AFTER.match(paragraph, end)
        or _VERSION_AFTER.match(paragraph, end)
    )
    if found is None:
        # A tier alone names a model too ("MacBook" + " Air", "Surface" + " Pro").
        tier = _TIER_AFTER.match(paragraph, end)
        return None if tier is None else tier.end()
    tier = _TIER_AFTER.match(paragraph, found.end())
    return found.end() if tier is None else tier.end()


def _word_before(paragraph: str, start: int) -> str:
    """The word right before start when spaces separate them, else ""."""
    if start == 0 or not paragraph[start - 1].isspace():
        return ""
    words_before = paragraph[max(start - 24, 0) : start].rsplit(None, 1)
    return words_before[-1] if words_before else ""
