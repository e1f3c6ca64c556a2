"""Names the model did not propose, found by their shape: an acronym ("LVMH",
"ECOWAS"), a side or band written as "the" and a capitalized plural ("the Lakers",
"the Golden State Warriors"), a side named before its staff ("Bills quarterback Josh
Allen"), a ship by its prefix ("HMS Prince of Wales"), a climate conference by its
number ("COP30"), a name by its head word ("Hard Rock Stadium", "Booker Prize"), or by
a word list: known organizations, products with their version ("iPhone 16 Pro"),
facilities, events, awards, given names. Only text no mention covers is read."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from worker.facts import context, entities, heads
from worker.facts.alternation import alternation
from worker.facts.code_shapes import illness
from worker.facts.gates import lower_words
from worker.facts.gazetteer import CITIES, EVENTS, FACILITIES
from worker.facts.given_names import GIVEN_NAMES
from worker.facts.known_names import KNOWN_ORGS
from worker.facts.known_products import KNOWN_PRODUCTS, VERSIONED_PRODUCTS
from worker.facts.lexicon import (
    COUNTRIES,
    DEMONYMS,
    EVENT_KEYWORDS,
    GROUP_WORDS,
    NAME_PARTICLES,
    ORG_KEYWORDS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    words,
)
from worker.facts.makers import MAKERS
from worker.facts.spans import Mention

# Runs of capitals; an acronym is one of 2-7 that is a word of its own (_alone_caps).
_CAPS_RUN = re.compile(r"[A-Z][A-Z&]+")
_WORD_JOINERS = frozenset(".&'\u2019-")
# Capitals that are no organization's name: titles, units, currencies, terms of trade,
# medicine and time zones.
_NOT_ACRONYMS = words(
    """
    CEO CFO COO CTO CIO CMO AI AGI GDP GNP IPO VAT EV EVS TV PM AM MP MPS BC AD BCE CE OK
    ID DNA RNA HIV AIDS COVID SARS MERS GMT UTC BST EST EDT PST PDT CET CEST IST JST GW MW
    KW GWH MWH TWH KM KG MPH CPI PPI PMI ETF ETFS REIT ESG FY YOY QE LNG LPG CO NFT LGBT
    LGBTQ SUV SUVS GPS USB PC PCS IT HR PR VIP DIY FAQ ATM API AGM EGM CD DVD CT MRI ICU ER
    IQ UV LED LCD PDF HTML URL RSVP PS AKA ASAP FYI TBA TBC USD EUR GBP JPY CNY RMB CHF CAD
    AUD NZD INR RUB BRL KRW HKD SGD ZAR MXN SEK NOK DKK PLN TRY EPS PE OTC IOU LLC PLC INC
    LTD CORP AG SA NV SE SPA BV NO II III IV VI VII VIII IX XI XII XX NB AC DC HQ OS UI UX
    AR VR XR RAM CPU GPU SSD HD UHD AM FM SMS MMS MAX PRO
    """
)
_ROMAN = re.compile(r"^[IVXLC]+$")
_COMPOUND_NATIONALITY = re.compile(r"(?<![\w-])([A-Z][a-z]+)-([A-Z][a-z]+)(?![\w-])")
_DEMONYM_WORDS = frozenset(
    {w for w in DEMONYMS if " " not in w}
    | {w + "s" for w in DEMONYMS if " " not in w}
    | {w for w in GROUP_WORDS if w.isalpha()}
)
# A capitalized word: a nationality the model passed by, or the first word of a known
# organization's name ("Nvidia", "Real Madrid", "Bank of England").
_CAPITALIZED = re.compile(r"(?<![\w'\u2019.&-])[A-Z][A-Za-z]*\b")


_LETTER_RUN = re.compile(r"[a-z]+")
# Given names as lowercase words (gates.lower_words), and a person's name at a place:
# the given name, then one or two capitalized words, particles allowed between.
# Last words that make a place of a name ("Grace Church", "Victoria Station").
_PLACE_NOUNS = words(
    "church street road avenue square garden gardens hall tower bridge station hospital "
    "school college university centre center stadium arena airport island valley county "
    "city beach bay cathedral museum library theatre theater"
)
_GIVEN_LOWER = frozenset(n.lower() for n in GIVEN_NAMES if n.isalpha())
_NAME_AT = re.compile(
    rf"[A-Z][a-z]+(?:\s+(?:(?:{'|'.join(sorted(NAME_PARTICLES))})\s+)*"
    r"(?:[A-Z]['\u2019])?[A-Z](?:[a-z]*[A-Z])?[a-z]+(?:-[A-Z][a-z]+)?){1,2}(?:['\u2019]s)?"
)


def _by_key(names: frozenset[str]) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """The names that start with a capitalized word, by the first run of letters of
    that word in lower case (the word gates.lower_words() reads), then by the word,
    longest name first."""
    found: dict[str, dict[str, list[str]]] = {}
    for name in names:
        first = _CAPITALIZED.match(name)
        key = _LETTER_RUN.search(name.lower())
        if first is not None and key is not None:
            found.setdefault(key.group(), {}).setdefault(first.group(), []).append(name)
    return {
        key: tuple((w, tuple(sorted(v, key=len, reverse=True))) for w, v in words.items())
        for key, words in found.items()
    }


_KNOWN_BY_KEY = _by_key(KNOWN_ORGS)
_KNOWN_KEYS = frozenset(_KNOWN_BY_KEY)


# Known products, facilities, events and awards, by label.
_KNOWN_LABELS = {
    **{name: "FAC" for name in FACILITIES},
    **{name: "EVENT" for name in EVENTS},
    **{name: "WORK_OF_ART" for name in heads.AWARD_NAMES},
    **{name: "PRODUCT" for name in KNOWN_PRODUCTS | VERSIONED_PRODUCTS},
}


def _labelled_by_key() -> dict[str, tuple[str, ...]]:
    """Product and facility names by their first run of letters in lower case ("iphone"
    for "iPhone", "max" for "737 MAX"), longest first."""
    found: dict[str, list[str]] = {}
    for name in _KNOWN_LABELS:
        key = _LETTER_RUN.search(name.lower())
        if key is not None:
            found.setdefault(key.group(), []).append(name)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in found.items()}


_LABELLED_BY_KEY = _labelled_by_key()
_LABELLED_KEYS = frozenset(_LABELLED_BY_KEY)
# "the Lakers": a capitalized plural after "the", up to three words ("-is", "-us", "-os"
# and "-as" end singulars: "the Acropolis", "the Pegasus").
_PLURAL_NAME = re.compile(
    r"(?<=[Tt])he\s+(?P<name>(?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]*[b-hj-np-rt-z]s)\b"
    r"(?![\u2019']s|\s+[A-Z])"
)
# Plurals that name places, peoples, parties, awards, houses of parliament or events.
_NOT_SIDES = words(
    """
    alps andes rockies himalayas pyrenees appalachians balkans americas highlands
    lowlands midlands falklands hebrides azores canaries maldives bahamas seychelles
    comoros philippines netherlands olympics paralympics games oscars emmys grammys baftas
    golden ashes commons lords democrats republicans conservatives liberals socialists
    tories nationals greens communists jews muslims christians catholics protestants
    sikhs hindus buddhists kurds sunnis shias arabs palestinians israelis states islands
    mountains hills lakes falls isles territories emirates nations mondays sundays
    saturdays fridays thursdays wednesdays tuesdays
    """
)
# Only posts no office has: a "project manager" or a "team captain" is no side's.
_PLAYING_ROLES = (
    r"(?:head\s+)?(?:coach|quarterback|striker|goalkeeper|midfielder|defender|winger"
    r"|pitcher|shortstop|batsman|bowler|fly-?half|scrum-?half)"
)
_ROLE_WORDS = words(
    "coach quarterback striker goalkeeper midfielder defender winger pitcher shortstop "
    "batsman bowler half"
)
_ROLE_THEN_NAME = re.compile(rf"\s{_PLAYING_ROLES}\s+[A-Z][a-z]")
_SIDE_BEFORE = re.compile(r"(?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+$")
# Capitalized words that open a phrase before a post ("Former coach", "Interim boss").
_NOT_SIDE_WORDS = words(
    """
    former interim caretaker assistant team club head new then current ex veteran young
    rookie the a an his her their our its my your this that national women's men's
    youth reserve academy star club's
    """
)


# A name its head word makes ("Hard Rock Stadium", "Booker Prize", "St. Peter's Square",
# "the Eaton Fire"): up to three capitalized words, a saint's "St" and possessives among
# them, before a head word that says what the name is (heads.head_label). Fewer heads
# than heads.FAC_HEADS: a name is made here from nothing, and "Street", "Station" or
# "Garden" after capitals open too many ordinary phrases ("Wall Street Journal").
_NAME_HEAD_WORDS = words(
    """
    airport stadium arena bridge cathedral basilica mosque abbey palace square hospital
    infirmary museum gallery library prison racecourse fire prize marathon festival
    uprising revolution massacre war championship championships tournament
    """
)
# Heads that make an event of the name before them, the year before it in ("the 2022
# Berlin Marathon", "the Cannes Film Festival").
_EVENT_NAME_HEADS = (" Marathon", " Festival", " Championship", " Championships", " Tournament")
# A storm or an operation by its name ("Hurricane Helene", "Operation Midnight Hammer"):
# a storm's name is one word, an operation's up to three.
_STORM_NAME = re.compile(
    r"(?<![\w'\u2019.&-])(?:(?:Super\s+)?Typhoon|Hurricane|Cyclone|(?:Tropical\s+)?Storm)"
    r"\s+[A-Z][a-z]+(?![\w'\u2019-])"
    r"|(?<![\w'\u2019.&-])Operation(?:\s+[A-Z][a-z]+){1,3}(?![\w'\u2019-])"
)
_STORM_WORDS = words("typhoon hurricane cyclone storm operation")
# An event's edition by its year ("Expo 2025", "Euro 2024").
_EDITION_NAME = re.compile(r"(?<![\w-])(?:Euro|Expo|EuroBasket|AFCON|Afcon) (?:19|20)\d\d(?![\w-])")
# Heads that are common verbs and nouns too ("polls show"): looked for capitalized.
_SHOWS = (" Show", " Tour")
_NAME_HEADS = sorted([w.capitalize() for w in _NAME_HEAD_WORDS] + [w.strip() for w in _SHOWS])
_HEADED_NAME = re.compile(
    r"(?<![\w'\u2019.&-])(?:(?:St\.?|[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:['\u2019]s?)?)\s+){1,3}"
    rf"(?:{'|'.join(_NAME_HEADS)})(?![\w'\u2019-])"
)
# A name by its head word before "of" ("Revolution of Dignity", "Siege of Mariupol",
# "Bay of Bengal", "Treaty of Versailles"): up to three capitalized words after it.
_OF_NAME = re.compile(
    rf"(?<![\w'\u2019.&-])(?:{'|'.join(heads.OF_HEAD_WORDS)})\s+of\s+(?:the\s+)?"
    r"[A-Z][\w\u2019'-]*(?:\s+[A-Z][\w\u2019'-]*){0,2}"
)
_OF_HEAD_LOWER = frozenset(w.lower() for w in heads.OF_HEAD_WORDS)
# A product the model passed by, named between an owner or an article and what it is:
# "Intuitive Machines' Odysseus lander", "Japan's SLIM probe", "the Blue Moon lander".
_NAMED_GOODS = re.compile(
    r"(?:\b(?:its|their|[Tt]he|an?)|[A-Za-z.&]['\u2019]s?)\s+"
    r"(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})(?=\s+[a-z])"
)
_LOWER_AFTER_DASH = re.compile(r"-[a-z]")
# "the Sharpeville" + " massacre", "the Merseyside" + " derby": what happened, named by the
# place or body the model passed by (heads.happened_after).
_THE_NAME = re.compile(r"(?<=[Tt]he )[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*){0,2}(?= [a-z])")
# A stock ticker after a company's name ("Ford (F.N)", "Dell Technologies (DELL.N)"),
# which names the company; and a publication after its noun ("the journal Cell").
_TICKER = re.compile(r"(?<=[\w.] \()[A-Z0-9]{1,6}\.[A-Z]{1,3}(?=\))")
_NAME_BEFORE_TICKER = re.compile(
    r"(?<![\w'\u2019&.-])(?P<name>[A-Z][\w'\u2019&.-]*(?: [A-Z][\w'\u2019&.-]*){0,3}) \($"
)
# The platform once called Twitter, by the one letter news calls it: only where it is
# posted on or called a platform ("wrote on X", "the social media platform X"), not an
# X-ray, a Model X or Malcolm X.
_PLATFORM_X = re.compile(
    r"(?:\b(?:on|platform|network|site|app)\s+|(?<![\w'\u2019.&-])(?=X,?\s+\(?formerly))"
    r"X(?=['\u2019]s\b|[^\w&'\u2019-]|$)(?!\s+[A-Z])"
)
_PRESS_NAME = re.compile(
    rf"\b(?:{alternation(context.PRESS_NOUNS)})\s+"
    r"(?P<name>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2})"
)
# A UN climate conference by its number ("COP30", "COP 29"), which the model passes by.
_COP_NAME = re.compile(r"(?<![\w-])COP ?\d{1,2}(?![\w-])")
# A ship by its naval prefix ("HMS Prince of Wales", "USS Gerald R. Ford"): the
# prefix, then capitalized words, initials, "of" and "the" between them.
_SHIP_NAME = re.compile(
    rf"(?<![\w-])(?:{'|'.join(heads.SHIP_PREFIXES)})"
    r"(?:\s+(?:of|the|[A-Z]\.|[A-Z][\w'\u2019-]*)){0,4}(?<=[A-Za-z])(?<!\bof)(?<!\bthe)"
)
_SHIP_WORDS = frozenset(p.lower() for p in heads.SHIP_PREFIXES)
# Words that open a sentence or a phrase before a name, not part of it.
_NOT_NAME_OPENERS = words(
    "the a an this that these those its his her their our my your new old every each "
    "at in on to from by for of and or but as after before when while"
)


def _headed_names(paragraph: str, free: Callable[[int, int], bool]) -> list[Mention]:
    out = []
    for match in _HEADED_NAME.finditer(paragraph):
        start, end = match.span()
        text = match.group()
        while text.split(None, 1)[0].lower() in _NOT_NAME_OPENERS:
            cut = text.split(None, 1)
            if len(cut) < 2 or " " not in cut[1]:
                break
            start += len(text) - len(cut[1])
            text = cut[1]
        if text.split(None, 1)[0].lower() in _NOT_NAME_OPENERS or not free(start, end):
            continue
        if match.group().startswith("The ") and text.endswith(_SHOWS):
            continue  # "The Daily Show" is a programme (heads.head_label)
        if text.endswith(_EVENT_NAME_HEADS):
            label: str | None = "EVENT"
            year = heads.year_before(paragraph, start)
            if year is not None and free(year, start):
                start, text = year, paragraph[year:end]
        else:
            label = heads.head_label(text, "ORG")
        if label is None or label == "ORG":
            continue
        out.append(Mention(start, end, text, label))
    return out


def _named_goods(paragraph: str, free: Callable[[int, int], bool]) -> list[Mention]:
    out = []
    for match in _NAMED_GOODS.finditer(paragraph):
        start, end = match.span("name")
        text = match["name"]
        if (
            not context.noun_after(paragraph, end)
            or illness(text)
            or _LOWER_AFTER_DASH.search(text) is not None  # "Western-supplied"
            or text in KNOWN_ORGS
            or text in COUNTRIES
            or text.lower() in DEMONYMS
            or text.split()[0] in MAKERS
            or text.split()[0].lower() in _NOT_NAME_OPENERS
            or not free(start, end)
        ):
            continue
        out.append(Mention(start, end, text, "PRODUCT"))
    return out


def _of_names(paragraph: str, free: Callable[[int, int], bool]) -> list[Mention]:
    out = []
    for match in _OF_NAME.finditer(paragraph):
        start, end = match.span()
        text = match.group()
        if text.endswith(("'s", "\u2019s")):
            text, end = text[:-2], end - 2
        before = _WORD_BEFORE.search(paragraph, max(start - 24, 0), start)
        word = "" if before is None else before.group(1)
        # "Second Battle of ...": a longer name, whose start is unknown.
        if (
            word[:1].isupper()
            and word.lower() not in _NOT_NAME_OPENERS
            and word[-1] not in _CLAUSE_ENDS
        ):
            continue
        label = heads.head_label(text, "ORG")
        if label is None or label == "ORG" or _joined(paragraph, end) or not free(start, end):
            continue
        out.append(Mention(start, end, text, label))
    return out


def missed(paragraph: str, found: Sequence[Mention]) -> list[Mention]:
    """Mentions the model did not make, in text no mention in ``found`` covers."""
    taken = [(m.start, m.end) for m in found]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    out: list[Mention] = []
    shouting: bool | None = None
    # Cheapest first: most runs of capitals are a mention's start already.
    starts = {m.start for m in found}
    for match in _CAPS_RUN.finditer(paragraph):
        text = match.group()
        start, end = match.span()
        if (
            start in starts
            or len(text) > 7
            or text in _NOT_ACRONYMS
            or text in _KNOWN_LABELS  # an event or a product known by name ("WWDC")
            or not _alone_caps(paragraph, start, end)
            or _ROMAN.match(text)
            or not free(start, end)
            or _caps_next(paragraph, start, end)
        ):
            continue
        if shouting is None:
            shouting = _shouting(paragraph)
        if shouting:
            break
        # A place in capitals ("PARIS -" opening a dispatch, "UK") is the place.
        place = text in COUNTRIES or text.title() in COUNTRIES or text.title() in CITIES
        label = "GPE" if place else "ORG"
        happened = heads.event_after(paragraph, start, end, label)
        if happened is not None:  # "the BRICS summit"
            end, label, text = happened, "EVENT", paragraph[start:happened]
        out.append(Mention(start, end, text, label))
        taken.append((start, end))
    # Each paragraph's lowercase words are read once (gates.lower_words): most have no
    # nationality and no player's post, and those scans are skipped.
    lowered_words = lower_words(paragraph)
    # Known names and nationalities are looked for by the words the paragraph has: a set
    # intersection, then a find per word it shares with them (most share a few).
    for key in sorted(_KNOWN_KEYS & lowered_words):  # sorted: the same answer every run
        for first, names in _KNOWN_BY_KEY[key]:
            for start in _word_starts(paragraph, first):
                if start in starts:
                    continue
                for name in names:
                    end = start + len(name)
                    if (
                        paragraph.startswith(name, start)
                        and (not _joined(paragraph, end) or _possessive(paragraph, end))
                        and not capital_after(paragraph, end)
                        and free(start, end)
                        # "RTX" + " 5090": a product line that is a company's name too.
                        and not (name in VERSIONED_PRODUCTS and heads.version_after(paragraph, end))
                    ):
                        out.append(Mention(start, end, name, "ORG", True))
                        taken.append((start, end))
                        break
    # Longest first across keys, so "Winter Olympics" is found before "Olympics".
    known = sorted(
        (name for key in _LABELLED_KEYS & lowered_words for name in _LABELLED_BY_KEY[key]),
        key=lambda name: (-len(name), name),
    )
    for name in known:
        label = _KNOWN_LABELS[name]
        for start in _word_starts(paragraph, name):
            if start in starts:
                continue
            end = start + len(name)
            if label == "EVENT":
                end = heads.edition_end(paragraph, start, end) or end
            elif label == "PRODUCT":
                version = heads.version_after(paragraph, end)
                if version is not None:
                    end = version
                elif name in VERSIONED_PRODUCTS:
                    continue
                number = heads.number_before(paragraph, start)
                if number is not None:
                    start = number
            if (
                (_joined(paragraph, end) and not _possessive(paragraph, end))
                or capital_after(paragraph, end)
                or not free(start, end)
            ):
                continue
            out.append(Mention(start, end, paragraph[start:end], label))
            taken.append((start, end))
    if not _SHIP_WORDS.isdisjoint(lowered_words):
        for match in _SHIP_NAME.finditer(paragraph):
            if " " in match.group() and free(*match.span()):
                out.append(Mention(match.start(), match.end(), match.group(), "PRODUCT"))
                taken.append(match.span())
    if not heads.EDITION_EVENTS.isdisjoint(lowered_words):
        for match in _EDITION_NAME.finditer(paragraph):
            if free(*match.span()):
                out.append(Mention(match.start(), match.end(), match.group(), "EVENT"))
                taken.append(match.span())
    if context.has_product_nouns(paragraph):
        for mention in _named_goods(paragraph, free):
            out.append(mention)
            taken.append((mention.start, mention.end))
    if not heads.HAPPENED_WORDS.isdisjoint(lowered_words):
        for match in _THE_NAME.finditer(paragraph):
            happened = heads.happened_after(paragraph, match.start(), match.end())
            if happened is not None and free(match.start(), happened):
                text = paragraph[match.start() : happened]
                out.append(Mention(match.start(), happened, text, "EVENT"))
                taken.append((match.start(), happened))
    if "(" in paragraph:
        for match in _TICKER.finditer(paragraph):
            if free(*match.span()):
                out.append(Mention(match.start(), match.end(), match.group(), "ORG", True))
                taken.append(match.span())
            # The company it names, right before it ("De'Longhi (DLG.MI)").
            owner = _NAME_BEFORE_TICKER.search(paragraph, max(match.start() - 48, 0), match.start())
            if owner is not None and free(*owner.span("name")):
                start, end = owner.span("name")
                out.append(Mention(start, end, owner["name"], "ORG", True))
                taken.append((start, end))
    if not context.PRESS_NOUNS.isdisjoint(lowered_words):
        for match in _PRESS_NAME.finditer(paragraph):
            start, end = match.span("name")
            if free(start, end) and not capital_after(paragraph, end):
                out.append(Mention(start, end, match["name"], "ORG", True))
                taken.append((start, end))
    if "X" in paragraph and not {"on", "platform", "network", "site", "app", "formerly"}.isdisjoint(
        lowered_words
    ):
        for match in _PLATFORM_X.finditer(paragraph):
            start, end = match.end() - 1, match.end()
            if free(start, end):
                out.append(Mention(start, end, "X", "ORG", True))
                taken.append((start, end))
    if not _STORM_WORDS.isdisjoint(lowered_words):
        for match in _STORM_NAME.finditer(paragraph):
            if match.group() not in KNOWN_PRODUCTS and free(*match.span()):  # "Storm Shadow"
                out.append(Mention(match.start(), match.end(), match.group(), "EVENT"))
                taken.append(match.span())
    if "cop" in lowered_words:
        for match in _COP_NAME.finditer(paragraph):
            if free(*match.span()):
                out.append(Mention(match.start(), match.end(), match.group(), "EVENT"))
                taken.append(match.span())
    if "of" in lowered_words and not _OF_HEAD_LOWER.isdisjoint(lowered_words):
        for mention in _of_names(paragraph, free):
            out.append(mention)
            taken.append((mention.start, mention.end))
    if not _NAME_HEAD_WORDS.isdisjoint(lowered_words) or any(w in paragraph for w in _SHOWS):
        for mention in _headed_names(paragraph, free):
            out.append(mention)
            taken.append((mention.start, mention.end))
    for key in sorted(_GIVEN_LOWER & lowered_words):
        for start in _word_starts(paragraph, key.capitalize()):
            if start in starts or not free(start, start + 1):  # most are mentions already
                continue
            person = person_at(paragraph, start)
            if person is not None and free(start, start + len(person)):
                out.append(Mention(start, start + len(person), person, "PERSON"))
                taken.append((start, start + len(person)))
    for key in sorted(_DEMONYM_WORDS & lowered_words):
        word = key.capitalize()
        for start in _word_starts(paragraph, word):
            if start in starts:
                continue
            end = start + len(word)
            if _joined(paragraph, end) or capital_after(paragraph, end):
                continue
            if free(start, end):
                out.append(Mention(start, end, word, "NORP"))
                taken.append((start, end))
    if "-" in paragraph and not _DEMONYM_WORDS.isdisjoint(lowered_words):
        # "the French-Swiss border": each nationality of a compound.
        for match in _COMPOUND_NATIONALITY.finditer(paragraph):
            for part in (1, 2):
                start, end = match.span(part)
                if match[part].lower() in DEMONYMS and free(start, end):
                    out.append(Mention(start, end, match[part], "NORP"))
                    taken.append((start, end))
    for match in _PLURAL_NAME.finditer(paragraph):
        # "the"/"The" as a word ("he" found first: a literal is the cheapest scan).
        if _joined(paragraph, match.start() - 2):
            continue
        start, end = match.span("name")
        text = match["name"]
        last = text.rsplit(None, 1)[-1].lower()
        if last in _NOT_SIDES or last in DEMONYMS or last[:-1] in DEMONYMS or not free(start, end):
            continue
        fixed = entities.relabel(text, "ORG", False)
        if fixed is None or fixed[0] != text:
            continue
        out.append(Mention(start, end, text, fixed[1], fixed[1] == "ORG"))
        taken.append((start, end))
    if _ROLE_WORDS.isdisjoint(lowered_words):
        return sorted(out, key=lambda m: m.start)
    for role in _ROLE_THEN_NAME.finditer(paragraph):
        end = role.start()
        side = _SIDE_BEFORE.search(paragraph, max(end - 48, 0), end)
        if side is None:
            continue
        start, text = side.start(), side.group()
        if _joined(paragraph, start - 1):
            continue
        lowered = text.lower().split()
        if (
            lowered[0] in _NOT_SIDE_WORDS
            or not TITLE_HEADS.isdisjoint(lowered)
            or not TITLE_MODIFIERS.isdisjoint(lowered)
            or not free(start, end)
        ):
            continue
        out.append(Mention(start, end, text, "ORG", True))
        taken.append((start, end))
    return sorted(out, key=lambda m: m.start)


def _alone_caps(paragraph: str, start: int, end: int) -> bool:
    """Whether the capitals at [start, end) are a word of their own: no letter, digit or
    joining mark ("U.S.", "AT&T's", "F-35") on either side."""
    return not _joined(paragraph, start - 1) and not _joined(paragraph, end)


def person_at(paragraph: str, start: int) -> str | None:
    """The name of a person starting at ``start`` with a given name ("Jannik Sinner",
    "Ursula von der Leyen"), or None: one or two more capitalized words that no rule
    reads as an organization, a place or anything but a person's, and no longer run."""
    found = _NAME_AT.match(paragraph, start)
    if found is None:
        return None
    text = found.group()
    end = found.end()
    if paragraph.startswith(("'s", "\u2019s"), end - 2):
        text, end = text[:-2], end - 2
    elif _joined(paragraph, end) or capital_after(paragraph, end):
        return None
    lowered = [t.lower() for t in text.split()]
    if (
        not ORG_KEYWORDS.isdisjoint(lowered)
        or not EVENT_KEYWORDS.isdisjoint(lowered)
        or not TITLE_HEADS.isdisjoint(lowered[1:])
        or heads.head_label(text, "PERSON") is not None
        or lowered[-1] in _PLACE_NOUNS
        or text in KNOWN_ORGS
        or any(t in COUNTRIES or t in CITIES or t in KNOWN_ORGS for t in text.split()[1:])
    ):
        return None
    return text


def _word_starts(paragraph: str, word: str) -> list[int]:
    """Where ``word`` starts a word of the paragraph (case-sensitive)."""
    starts = []
    at = paragraph.find(word)
    while at != -1:
        if not _joined(paragraph, at - 1):
            starts.append(at)
        at = paragraph.find(word, at + len(word))
    return starts


def _possessive(paragraph: str, at: int) -> bool:
    """Whether a possessive ends the word before ``at`` ("Apple's", with either apostrophe)."""
    return paragraph.startswith(("'s", "\u2019s"), at) and not _joined(paragraph, at + 2)


def _joined(paragraph: str, at: int) -> bool:
    """Whether the character at ``at`` (if any) joins what is next to it into one word."""
    if at < 0 or at >= len(paragraph):
        return False
    char = paragraph[at]
    if char.isalnum():
        return True
    if char not in _WORD_JOINERS:
        return False
    # A full stop or an apostrophe joins only what it sits between ("U.S.", "O'Neill"),
    # not a word and the space after it (the end of a sentence, a closing quote).
    after = paragraph[at + 1 : at + 2]
    return char in "&-" or after.isalnum()


_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")


def _shouting(paragraph: str) -> bool:
    """A paragraph mostly in capitals (a headline, a shout): its capitals say nothing."""
    head = paragraph[:400]
    return len(_UPPER.findall(head)) > len(_LOWER.findall(head))


_WORD_BEFORE = re.compile(r"(\S+) +$")
_CLAUSE_ENDS = frozenset('.,;:!?)"\u201d')
_WORD_AFTER = re.compile(r" +(\S+)")


def _caps_next(paragraph: str, start: int, end: int) -> bool:
    """Whether a capitalized word, or one with a digit, is next to this one, with only
    spaces between: the capitals are part of a longer name ("Reform UK", "HMS Prince of
    Wales", "737 MAX") or of a run of capitals (a dateline, a heading), not an acronym
    of their own."""
    before = _WORD_BEFORE.search(paragraph, max(start - 24, 0), start)
    if before is not None and before.group(1)[-1] in _CLAUSE_ENDS:
        before = None  # "in Abuja. ECOWAS also": the sentence before ends there
    after = _WORD_AFTER.match(paragraph, end, end + 24)
    return any(
        m is not None and (m.group(1)[:1].isupper() or any(map(str.isdigit, m.group(1))))
        for m in (before, after)
    )


def capital_after(paragraph: str, end: int) -> bool:
    """Whether a capitalized word follows, with only spaces between ("British Airways")."""
    after = _WORD_AFTER.match(paragraph, end, end + 24)
    return after is not None and after.group(1)[:1].isupper()
