"""What the words around a name say it is: a product noun next to it ("its Gaganyaan
crew capsule", "the drug Kisunla"), company words ("shares in Novo Nordisk", "rival
Novartis", "Maserati owner"), or a place preposition before an institution ("taken to
Glasgow Royal Infirmary"). The name's own words are worker.facts.heads'.

Each rule first asks whether the chunk holds any word its patterns need (the chunk's
words are read once), so most mentions cost a set lookup.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from worker.facts.alternation import alternation
from worker.facts.code_shapes import model_code
from worker.facts.gates import lower_words
from worker.facts.known_names import KNOWN_ORGS
from worker.facts.lexicon import COUNTRIES, DEMONYMS, ORG_KEYWORDS, words
from worker.facts.makers import MAKERS

_COMPANY_BEFORE = re.compile(
    r"\b(?:[Ss]hares\s+(?:in|of)|(?:analysts?|economists?|strategists?)\s+at"
    r"|(?:unit|subsidiary|division)\s+of|(?P<word>rival|carmaker|automaker|drugmaker|chipmaker|firm"
    r"|lender|carrier|airline|retailer|insurer|conglomerate|start-?up|brand|supplier"
    r"|manufacturer|operator|broadcaster|publisher|studio|label|maker|giant|parent|contractor"
    r"|bloc|miner|brewer|regulator|watchdog))\s*,?\s+$"
)
# Before a person's name too ("rival Kamala Harris").
_PEOPLE_TOO = frozenset({"rival", "label", "studio", "publisher", "operator", "giant", "parent"})
_COMPANY_AFTER = re.compile(
    r"(?:'s|\u2019s)?\s+(?:shares|stock|owner|shareholders|chief\s+executive|board\s+of"
    r"|Inc\b|plc\b|AG\b|SA\b|NV\b|Corp\b)"
)
# Every word the company patterns read, and every product noun, as a lowercase word.
_COMPANY_WORDS_ANY = words(
    "analyst analysts economist economists strategist strategists unit subsidiary division "
    "shares rival carmaker automaker drugmaker chipmaker firm lender carrier airline "
    "retailer insurer conglomerate start startup brand supplier manufacturer operator "
    "broadcaster publisher studio label stock owner shareholders chief board inc plc ag sa "
    "nv corp maker giant parent"
)
# What only a company does: "Ford cut its forecast" (a person has "his" or "her"; what a
# person says about "its" sales is the company's), "Ferrero, the Italian maker of
# Nutella" (an apposition naming the kind of business).
_ITS_AFTER = re.compile(
    r"\s+(?!said\b|says\b|told\b|added\b|noted\b|warned\b|argued\b|stated\b|wrote\b)"
    r"(?![a-z]+ing\b)[a-z]+(?:\s+(?:on|in|up|down|back|out))?\s+its\b"
)
_KIND_AFTER = re.compile(
    r",\s+(?:an?|the|which\s+is\s+an?)\s+(?:[\w-]+\s+){0,3}?(?:maker|makers|company|group|firm"
    r"|carmaker|automaker|drugmaker|chipmaker|retailer|lender|bank|insurer|airline"
    r"|conglomerate|manufacturer|developer|operator|producer|supplier|chain|brand"
    r"|start-?up|giant)\b(?![\'\u2019]s)"
)
_ACTS_LABELS = frozenset({"PERSON", "PRODUCT", "WORK_OF_ART", "ORG"})
# An ORG is asked too: the evidence tells a company from the founder it is named after.
_COMPANY_GUESSES = frozenset({"PERSON", "NORP", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "ORG"})
# A stock ticker after a name: "Ford (F.N)", "Nvidia (NVDA.O)", "Apple (NASDAQ: AAPL)".
_TICKER_AFTER = re.compile(
    r"\s*\((?:[A-Z0-9]{1,6}\.[A-Z]{1,3}|(?:NYSE|NASDAQ|Nasdaq|LSE|TSX|ASX|HKEX)\s*:\s*[A-Z0-9.]{1,8})\)"
)


def _has_company_words(paragraph: str) -> bool:
    """Whether any word the company patterns need is in the paragraph."""
    return not _COMPANY_WORDS_ANY.isdisjoint(lower_words(paragraph))


def has_product_nouns(paragraph: str) -> bool:
    """Whether any product noun is in the paragraph."""
    return not _PRODUCT_NOUNS_ANY.isdisjoint(lower_words(paragraph))


# Institutions that are buildings too; universities and schools are left organizations.
_BUILDINGS = words("hospital infirmary clinic museum gallery library zoo")
_PLACE_BEFORE = re.compile(r"\b(?:at|in|to|outside|inside|near|into)\s+(?:the\s+)?$")

_PRODUCT_NOUN_WORDS = words(
    """
        smartphone smartphones phone phones handset handsets tablet tablets laptop laptops
        console consoles crossover crossovers suv suvs sedan sedans pickup pickups
        hatchback airliner airliners jet jets warplane warplanes fighter fighters missile
        missiles drone drones rocket rockets capsule spacecraft satellite satellites
        telescope vaccine vaccines drug drugs pill pills chatbot browser software chip
        chips processor processors aircraft helicopter helicopters tank tanks submarine
        submarines trainsets locomotives rover rovers lander probe assistant assistants
        app apps engine engines car cars vehicle vehicles truck trucks robot robots
        headset headsets howitzer howitzers frigate frigates destroyer destroyers warship
        warships barge ferry therapy therapies medicine medicines device devices glasses
        model models taxi taxis van vans lotion razor razors soap shampoo weedkiller
        herbicide lager platform system systems battery batteries injection injections jab
        """
) | {"defence system", "defense system", "missile system", "operating system"}
PRODUCT_NOUNS = alternation(_PRODUCT_NOUN_WORDS)
_PRODUCT_NOUNS_ANY = frozenset(w.split()[-1] for w in _PRODUCT_NOUN_WORDS)
# The words between are a product's ("J-20 stealth fighters", "SU7 Ultra electric sedan"),
# not a clause's ("Mark Zuckerberg said the glasses").
_NOT_BETWEEN = r"(?:the|a|an|his|her|its|their|this|that|said|says|told|was|is|has|had|will|would)"
_NOUN_AFTER = re.compile(
    rf"(?:\s+(?!{_NOT_BETWEEN}\b)[a-z][a-z-]*){{0,2}}?\s+(?:{PRODUCT_NOUNS})\b", re.I
)
# "its Rubin chips": a name its maker owns, next to a product noun, is the product.
# "Valve's Steam platform", "Intuitive Machines' Odysseus lander": an owner by name too.
_OWNER_BEFORE = re.compile(r"(?:\b(?:its|their)|[A-Za-z.&]['\u2019]s?)\s+$")
_NOUN_BEFORE = re.compile(
    r"\b(?:drug|vaccine|chatbot|smartphone|rocket|telescope|assistant|pill|therapy|app"
    r"|submarine|satellite|spacecraft|capsule|console|handset|platform|service|weedkiller"
    r"|herbicide|injection|jab|lander|rover|probe)\s+$"
)
_ARTICLE_BEFORE = re.compile(r"\b(?:[Tt]he|an?)\s+$")
# The nouns before a name that make it a product whatever the model said: not "service"
# or "app" ("the weather service DWD", "the streaming app Netflix" name their owners).
_GOODS_BEFORE = re.compile(
    r"\b(?:drug|vaccine|pill|therapy|weedkiller|herbicide|injection|jab|lander|rover|probe"
    r"|rocket|telescope|satellite|spacecraft|capsule|submarine|smartphone|handset)\s+$"
)
# Labels the model gives products it does not know; an ORG next to a product noun is its
# maker ("Boeing jets"), a place its target ("Gaza drone strike").
_PRODUCT_GUESSES = frozenset({"PERSON", "NORP", "WORK_OF_ART", "PRODUCT", "FAC"})


def company_by_context(paragraph: str, start: int, end: int, label: str) -> bool:
    """Whether a name is a company by the words around it: "shares in Novo Nordisk",
    "rival Novartis", "Maserati owner", "Pixar's chief executive", "Ford (F.N) cut its
    forecast", "Ferrero, the Italian maker of Nutella". Asked of what the model took for
    a person, nationality or place, and of its organizations, which the answer tells
    from the founders they are named after."""
    if label not in _COMPANY_GUESSES:
        return False
    if paragraph.startswith((" (", "("), end) and _TICKER_AFTER.match(paragraph, end) is not None:
        return True
    if label in _ACTS_LABELS and (
        _ITS_AFTER.match(paragraph, end, min(end + 32, len(paragraph))) is not None
        or _KIND_AFTER.match(paragraph, end, min(end + 64, len(paragraph))) is not None
    ):
        return True
    before = _COMPANY_BEFORE.search(paragraph, max(start - 24, 0), start)
    if before is None or (label == "PERSON" and before["word"] in _PEOPLE_TOO):
        after = _COMPANY_AFTER.match(paragraph, end, min(end + 40, len(paragraph)))
        if after is None:
            return False
    # Last, as it reads the whole chunk and the windows above rarely match.
    return _has_company_words(paragraph)


def building_by_place(paragraph: str, start: int, text: str, label: str) -> bool:
    """Whether an institution is named as the building something happens at ("taken to
    Glasgow Royal Infirmary", "an event at the British Library"): a facility there,
    though the same name is an organization when it acts ("the hospital said")."""
    if label not in {"ORG", "FAC", "GPE", "PERSON"}:
        return False
    last = text.rsplit(None, 1)[-1].lower()
    if last not in _BUILDINGS:
        return False
    return _PLACE_BEFORE.search(paragraph, max(start - 16, 0), start) is not None


def _owned(paragraph: str, start: int) -> bool:
    """Whether "its" or "their" comes right before start (cheap first: the search tries
    every position of the window)."""
    floor = max(start - 8, 0)
    window = paragraph[floor:start]
    if not ("its" in window or "their" in window or "'" in window or "\u2019" in window):
        return False
    return _OWNER_BEFORE.search(paragraph, floor, start) is not None


# A ship named after a place or a person ("the Fujian", "the Moskva", "the Charles de
# Gaulle"): "the" before a name no place takes it with, in a paragraph about ships.
_SHIP_NOUNS = words(
    """
    carrier carriers warship warships ship ships vessel vessels frigate frigates destroyer
    destroyers submarine submarines cruiser cruisers tanker tankers ferry ferries yacht
    liner liners icebreaker
    """
)
_THE_BEFORE = re.compile(r"(?:^|(?P<word>\S+)\s+)[Tt]he\s+$")
# Where "the" before a name is the place's ("fighting in the Donbas", "off the Crimea").
_PLACE_WORDS = words(
    """
    in into on onto off across over near from to through throughout around at towards
    toward along within outside inside beyond under above by past via
    """
)
_SHIP_GUESSES = frozenset({"GPE", "PERSON"})
_THE = frozenset({"the ", "The "})


def ship_by_article(paragraph: str, start: int, text: str, label: str) -> bool:
    """Whether a name the model took for a place or a person is a ship by "the" before it
    ("its third aircraft carrier, the Fujian", "joins the Liaoning"), not after a word of
    place ("in the Donbas"). Asked only in a paragraph about ships (Cues.ships)."""
    if label not in _SHIP_GUESSES or paragraph[max(start - 4, 0) : start] not in _THE:
        return False
    if text in COUNTRIES:
        return False
    the = _THE_BEFORE.search(paragraph, max(start - 24, 0), start)
    return the is not None and (the["word"] or "").lower().strip(",;:") not in _PLACE_WORDS


# "the R2, a smaller sport utility vehicle", "Yeztugo, a twice-yearly injection": what a
# name is, said after it; not its maker ("Apple, the phone maker").
_APPOSITION = re.compile(
    rf",\s+(?:an?|the|[A-Z][\w.&-]*['\u2019]s?)\s+(?:[\w-]+\s+){{0,3}}?(?:{PRODUCT_NOUNS})\b"
    r"(?!\s+(?:maker|makers|company|firm|group|giant|producer|brand|unit|division|developer"
    r"|manufacturer|supplier|operator|seller|retailer|business)\b)",
    re.I,
)


def noun_in_apposition(paragraph: str, end: int) -> bool:
    """Whether what follows a name at ``end`` says it is a product: a comma, an article
    or an owner, and a product noun within four words."""
    return (
        paragraph.startswith(",", end)
        and _APPOSITION.match(paragraph, end, min(end + 64, len(paragraph))) is not None
    )


# "its Connect conference", "the company's GTC conference": an owner's event by name.
_EVENT_NOUNS = words("conference summit festival expo showcase keynote convention")
_EVENT_NOUN_AFTER = re.compile(
    rf"\s+(?:developer\s+|developers\s+|annual\s+|user\s+)?(?:{alternation(_EVENT_NOUNS)})\b"
)
_EVENT_GUESSES = frozenset({"ORG", "NORP", "PERSON", "PRODUCT", "WORK_OF_ART", "GPE", "FAC"})


def event_by_owner(paragraph: str, start: int, end: int, label: str) -> bool:
    """Whether a name between an owner and an event's noun is the owner's event ("its
    Connect conference"); a name alone before the noun is its host ("the NATO summit")."""
    return (
        label in _EVENT_GUESSES
        and _EVENT_NOUN_AFTER.match(paragraph, end) is not None
        and _owned(paragraph, start)
    )


# What is said of products alone: "sales of Bud Light", "demand for its Taycan", "the
# price of its Surface Laptop", "a version of Roundup".
_DEMAND_WORDS = words(
    "sales demand orders deliveries shipments price prices recall production version"
)
_DEMAND_BEFORE = re.compile(
    rf"\b(?:{alternation(_DEMAND_WORDS)})\s+(?:of|for)\s+(?:the\s+|its\s+|their\s+)?$"
)
_DEMAND_GUESSES = frozenset({"ORG", "PERSON", "WORK_OF_ART", "FAC", "LOC"})


def product_by_demand(paragraph: str, start: int, end: int, text: str, label: str) -> bool:
    """Whether a name is a product by what is said of it ("sales of Bud Light"): not a
    maker or a known company ("orders for Boeing"), nor an owner ("Sony's PlayStation")."""
    return (
        label in _DEMAND_GUESSES
        and _DEMAND_BEFORE.search(paragraph, max(start - 32, 0), start) is not None
        and text not in KNOWN_ORGS
        and text not in MAKERS
        and not paragraph.startswith(("'s", "\u2019s"), end)
    )


# "the journal Cell", "the tabloid Bild": a publication is its publisher's organization
# in OntoNotes, whatever the model made of its title; these are what it is called before.
PRESS_NOUNS = words("journal newspaper tabloid magazine broadsheet daily weekly broadcaster")
_PRESS_BEFORE = re.compile(rf"\b(?:{alternation(PRESS_NOUNS)})\s+$")
_PRESS_GUESSES = frozenset({"WORK_OF_ART", "PERSON", "PRODUCT", "GPE", "NORP", "ORG", "FAC"})


def press_by_noun(paragraph: str, start: int, label: str) -> bool:
    """Whether a name is a publication by the noun right before it ("the journal
    Science", "the newspaper Le Monde")."""
    return label in _PRESS_GUESSES and (
        _PRESS_BEFORE.search(paragraph, max(start - 16, 0), start) is not None
    )


# "the village of Blatten", "the port of Gioia Tauro", "the island of Lampedusa": what
# kind of place a name is, said before it. Islands are LOC in the labelled sets.
_PLACE_KINDS = words(
    "city town village port province region state county district canton capital "
    "municipality suburb hamlet prefecture oblast island islands"
)
_KIND_OF_PLACE = re.compile(rf"\b(?P<kind>{alternation(_PLACE_KINDS)})\s+of\s+$")
_KIND_GUESSES = frozenset({"PERSON", "ORG", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "GPE", "LOC"})


def place_by_kind(paragraph: str, start: int, label: str) -> str | None:
    """The label a kind of place before a name gives it ("the village of Blatten"), else
    None; asked only where a kind's word is (Cues.places)."""
    if label not in _KIND_GUESSES:
        return None
    kind = _KIND_OF_PLACE.search(paragraph, max(start - 24, 0), start)
    if kind is None:
        return None
    return "LOC" if kind["kind"].startswith("island") else "GPE"


# "the Pra and Ankobra rivers", "the Fordow enrichment plant": what kind of place a name
# is, said after it in lowercase. A company before a plant is its owner ("the Boeing
# plant"), a town before it its site: only what the model took for a person, a people or
# a work is made a facility.
_NATURE_WORDS = words(
    "river rivers lake lakes mountains valley glacier glaciers desert peninsula archipelago volcano"
)
_SITE_WORDS = words("plant facility refinery reactor mine complex compound prison camp")
_NATURE_AFTER = re.compile(
    rf"(?: (?:and|or) [A-Z][\w'\u2019-]*)? (?:{alternation(_NATURE_WORDS)})\b"
)
_SITE_AFTER = re.compile(rf"(?: [a-z]+)? (?:{alternation(_SITE_WORDS)})\b")
_NATURE_GUESSES = frozenset({"ORG", "PERSON", "GPE", "NORP", "FAC", "WORK_OF_ART"})
_SITE_GUESSES = frozenset({"PERSON", "NORP", "WORK_OF_ART", "PRODUCT"})


def place_by_noun(paragraph: str, end: int, label: str, cues: Cues) -> str | None:
    """The label a kind of place said after a name gives it, else None."""
    if cues.nature and label in _NATURE_GUESSES and _NATURE_AFTER.match(paragraph, end):
        return "LOC"
    if cues.sites and label in _SITE_GUESSES and _SITE_AFTER.match(paragraph, end):
        return "FAC"
    return None


# "Thailand celebrated Songkran", "the Sikh festival of Baisakhi": a feast by what is done
# on it. The labelled sets make holy days and festivals events.
_FEAST_BEFORE = re.compile(
    r"\b(?:celebrat(?:e|es|ed|ing)|festival\s+of|holiday\s+of|feast\s+of)\s+$"
)
_FEAST_WORDS = words("celebrate celebrates celebrated celebrating festival holiday feast")
_FEAST_GUESSES = frozenset({"GPE", "NORP", "PERSON", "ORG", "FAC", "WORK_OF_ART", "PRODUCT"})


def feast_by_verb(paragraph: str, start: int, text: str, label: str) -> bool:
    """Whether a name is a feast by what is done on it ("celebrated Nowruz"), asked only
    where a feast's word is (Cues.feasts); not a place or a people's name."""
    return (
        label in _FEAST_GUESSES
        and text not in COUNTRIES
        and text.lower() not in DEMONYMS
        and _FEAST_BEFORE.search(paragraph, max(start - 24, 0), start) is not None
    )


class Cues(NamedTuple):
    """Which of the cue words the name rules below need a paragraph holds, read once per
    paragraph (most hold none of a kind, and its rules are then not asked)."""

    products: bool
    ships: bool
    events: bool
    demand: bool
    press: bool
    places: bool
    nature: bool
    sites: bool
    feasts: bool


def cues_of(paragraph: str) -> Cues:
    here = lower_words(paragraph)
    products = not _PRODUCT_NOUNS_ANY.isdisjoint(here)
    return Cues(
        products,
        products and not _SHIP_NOUNS.isdisjoint(here),
        not _EVENT_NOUNS.isdisjoint(here),
        not _DEMAND_WORDS.isdisjoint(here),
        not PRESS_NOUNS.isdisjoint(here),
        "of" in here and not _PLACE_KINDS.isdisjoint(here),
        not _NATURE_WORDS.isdisjoint(here),
        not _SITE_WORDS.isdisjoint(here),
        not _FEAST_WORDS.isdisjoint(here),
    )


def noun_after(paragraph: str, end: int) -> bool:
    """Whether a product noun follows ``end`` within two words ("Gripen E" + " fighter
    jets")."""
    return _NOUN_AFTER.match(paragraph, end, min(end + 48, len(paragraph))) is not None


def product_noun_near(paragraph: str, start: int, end: int) -> bool:
    """Whether a product noun follows the name at [start, end) within two words ("K9
    howitzers", "J-20 stealth fighters") or comes right before it ("the pill CT-996")."""
    return (
        _NOUN_AFTER.match(paragraph, end, min(end + 48, len(paragraph))) is not None
        or _NOUN_BEFORE.search(paragraph, max(start - 16, 0), start) is not None
    ) and has_product_nouns(paragraph)


def product_by_noun(paragraph: str, start: int, end: int, text: str, label: str) -> bool:
    """Whether a name is a product by the noun next to it ("its Gaganyaan crew capsule",
    "the drug Kisunla"), for the labels the model gives products it does not know."""
    if label == "PRODUCT":
        return False
    # A model code ("Kh-101") is no organization's name, whatever the model says. A code
    # holds a digit, which no letter is.
    code = model_code(text)
    if code and _owned(paragraph, start):  # "its EV6": a maker's model, noun or not
        return True
    if text in COUNTRIES or text.lower() in DEMONYMS or not text[:1].isupper():
        return False
    if text in KNOWN_ORGS or not has_product_nouns(paragraph):  # "China's Huawei phones"
        return False
    if text.rsplit(None, 1)[-1].lower() in ORG_KEYWORDS:  # "a Philippine Air Force helicopter"
        return False
    if label not in _PRODUCT_GUESSES and not code and not _owned(paragraph, start):
        # A product noun right before a name makes it whatever the model said: "the
        # vaccine Arexvy", "the weedkiller Roundup"; or an article before it and a noun
        # right after it ("the Blue Moon lander", "a THAAD battery"), where a company's
        # name is a modifier without one ("Boeing jets").
        return _GOODS_BEFORE.search(paragraph, max(start - 16, 0), start) is not None or (
            label in {"ORG", "LOC"}  # a town before a noun is its target: "a Gaza drone strike"
            and _ARTICLE_BEFORE.search(paragraph, max(start - 5, 0), start) is not None
            and noun_after(paragraph, end)
        )
    # The chunk's words are read last, as the windows around the name rarely match.
    return product_noun_near(paragraph, start, end) or noun_in_apposition(paragraph, end)
