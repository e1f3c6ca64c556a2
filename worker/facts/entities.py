"""Named entities from the model, cleaned up by rule and merged per article."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from worker.facts import heads, limits, possessives
from worker.facts.gazetteer import CITIES, EVENTS, FACILITIES, LOCATIONS, REGIONS
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

LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
# "Games" names a company as often as an event, unless a known series precedes it.
_GAMES_SERIES = words("olympic paralympic commonwealth asian pan winter summer youth invictus")
_PLAYER_ROLES = words(
    "substitute striker midfielder defender goalkeeper winger forward captain skipper "
    "quarterback pitcher rookie teammate playmaker batsman bowler opener"
)
_HONORIFICS = words("mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_CAPITAL_THE = re.compile(r"^The\s+\S+$")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|St)\.$")


# Acronyms and unit symbols the model tends to take for organizations.
_NOT_NAMES = words("AI GDP CEO CFO COO CTO IPO VAT EV EVs GW MW KW kW GWh MWh TWh km bn mn")
_SCORE_END = re.compile(r"(?<=\S)\s+\d{1,3}-\d{1,3}$")
_NUMBERED_LABELS = frozenset({"EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "FAC"})


def _clean_text(text: str, label: str, sentence_start: bool = True) -> str:
    return _without_counts(_clean_name(text, sentence_start), label)


def squash(text: str) -> str:
    """text with whitespace runs as one space (str.split() and re's \\s agree on what
    whitespace is) and a typographic apostrophe as "'"; same offsets for the apostrophe."""
    return " ".join(text.replace("\u2019", "'").split())


def _clean_name(text: str, sentence_start: bool) -> str:
    text = squash(text).strip(' ,;:-"()')
    # A final full stop ends the sentence, unless it ends an abbreviation ("U.S.").
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text.rstrip(". ")
    # A possessive ending; squash() left no typographic apostrophe. "Moody's" and
    # "McDonald's" are written with theirs.
    if (
        text.endswith("'s")
        and text[:-2].split()[-1:] != []
        and text[:-2].split()[-1] not in possessives.POSSESSIVE_NAMES
    ):
        text = text[:-2].rstrip()
    elif text.endswith("'"):
        text = text[:-1].rstrip()
    # "The" belongs to a name when capitalized mid-sentence ("in The Hague") or before a
    # single word ("The Hague said"); otherwise it is the article.
    if text.startswith(("the", "The")):
        keep = text.startswith("The ") and (not sentence_start or _CAPITAL_THE.match(text))
        if not keep:
            text = _LEADING_THE.sub("", text)
    rest = text.split("-", 1)[-1]
    if text.lower().startswith(("pro-", "anti-")) and (
        rest.lower() in DEMONYMS or rest.lower() in GROUP_WORDS
    ):
        # "pro-Palestinian protesters": the people named is the nationality after it.
        text = rest
    if text[:1].islower() and " " in text:
        # "liberal Democratic Party": a description before the name, no part of it.
        words = text.split()
        first = next((i for i, w in enumerate(words) if w[:1].isupper()), None)
        if first is not None and 0 < first <= 2 and words[first].lower() not in NAME_PARTICLES:
            text = " ".join(words[first:])
    return text


def _without_counts(text: str, label: str) -> str:
    # A score ends in a digit (cheap first: the search tries every position).
    if text[-1:].isdigit() and _SCORE_END.search(text):
        # A score ends no name, whatever its label ("Miami Heat 112-104").
        text = _SCORE_END.sub("", text)
    if label not in _NUMBERED_LABELS and not text.isalpha():
        # A score or count glued to a name ("Borussia Dortmund 2-0") is not part of it.
        tokens = text.split()
        while len(tokens) > 1 and any(map(str.isdigit, tokens[-1])):
            tokens.pop()
        text = " ".join(tokens)
    return text


def relabel(text: str, label: str, sentence_start: bool = True) -> tuple[str, str] | None:
    """Fix what the model gets wrong by rule; None drops the mention."""
    if label not in LABELS:  # the model's numbers, dates and money: the facts' business
        return None
    name = _clean_name(text, sentence_start)
    # A known organization's name says what it is ("Cal Fire" is a service, no fire).
    headed = None if name in KNOWN_ORGS else heads.head_label(name, label)
    if headed is not None:
        label = headed
    text = _without_counts(name, label)
    if not text or text in _NOT_NAMES:
        return None
    lower = text.lower()
    # Names are written with capitals; an all-lowercase span is a common noun.
    if lower == text:
        return None
    if headed is not None:
        return text, label
    tokens = text.split()
    lowered = [t.lower() for t in tokens]
    if label in {"GPE", "LOC", "NORP"} and len(tokens) > 1 and lowered[-1] in _BODIES:
        # "Santa Barbara County Fire Department", "Kent County Council": a place's body.
        return text, "ORG"
    if text in KNOWN_ORGS:
        return text, "ORG"
    if text in KNOWN_PRODUCTS or (len(tokens) > 1 and _versioned_product(text, tokens[0])):
        return text, "PRODUCT"
    if text in EVENTS:
        return text, "EVENT"
    if text in FACILITIES:
        return text, "FAC"
    if (text in COUNTRIES or text in CITIES or text in REGIONS) and label in {
        "ORG",
        "PERSON",
        "LOC",
        "FAC",
        "NORP",
    }:
        return text, "GPE"
    if text in LOCATIONS and label in _LOCATION_GUESSES:
        return text, "LOC"
    if label != "NORP" and (lower in DEMONYMS or lower in GROUP_WORDS) and len(tokens) == 1:
        return text, "NORP"
    if label in {
        "ORG",
        "FAC",
        "PERSON",
        "PRODUCT",
        "WORK_OF_ART",
        "LOC",
        "GPE",
        "LAW",
    } and _is_event(tokens, lowered):
        return text, "EVENT"
    if (
        len(tokens) > 2
        and lowered[0] in _PLAYER_ROLES
        and tokens[0][:1].isupper()
        and plain_name(" ".join(tokens[1:]))
    ):
        # "Substitute Mikel Oyarzabal", "Striker Harry Kane": a sentence opens with the
        # player's post, which is no part of the name.
        return " ".join(tokens[1:]), "PERSON"
    if label == "PERSON" or (label in _NAMED_GUESSES and _given_name_first(text, tokens)):
        return _person(tokens, lowered)
    return text, label


# Last words that make a place's name a public body's.
_BODIES = words(
    """
    department ministry council agency authority commission committee police government
    administration bureau office service board assembly parliament
    """
)


def _versioned_product(text: str, first: str) -> bool:
    """A known product's name and its version, nothing else ("Xbox Series X", "Galaxy
    S25 Ultra")."""
    return (first in KNOWN_PRODUCTS or first in VERSIONED_PRODUCTS) and heads.version_after(
        text, len(first)
    ) == len(text)


# Labels the model gives a river, a region or an island it does not know ("Danube" as a
# person, "Pilbara" as a place with a government).
_LOCATION_GUESSES = frozenset({"PERSON", "ORG", "GPE", "FAC", "NORP", "PRODUCT", "WORK_OF_ART"})
# Labels the model gives a person's name it reads as something else ("Aitana Bonmati" as
# an organization, "Kylian Mbappe" as a place).
_NAMED_GUESSES = frozenset({"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"})


# A model's number ("787", "A380" is a code): three or four digits, no year.
_MODEL_NUMBER = re.compile(r"(?!19\d\d|20\d\d)[1-9]\d{2,3}")


def operated_model(text: str) -> tuple[tuple[str, str, int], ...] | None:
    """A country's or an operator's aircraft named in one span with it ("U.S. F-35B",
    "Air India Boeing 787"): the owner and the model, each a mention of its own; else
    None. The model is a code, or a maker's name and a code."""
    tokens = text.split()
    if len(tokens) < 2 or not (
        heads.MODEL_CODE.match(tokens[-1]) is not None or _MODEL_NUMBER.fullmatch(tokens[-1])
    ):
        return None
    for cut in range(1, min(3, len(tokens) - 1) + 1):
        owner = " ".join(tokens[:cut])
        model = tokens[cut:]
        if len(model) > 2 or (len(model) == 2 and model[0] not in MAKERS):
            continue
        if owner in COUNTRIES:
            label = "GPE"
        elif owner in KNOWN_ORGS and owner not in MAKERS:
            label = "ORG"
        else:
            continue
        name = " ".join(model)
        at = text.find(model[0], len(owner))
        if not text.endswith(name):
            return None
        return ((owner, label, 0), (name, "PRODUCT", at))
    return None


def _given_name_first(text: str, tokens: list[str]) -> bool:
    """A plain name of two or three words whose first is a given name: a person's."""
    return tokens[0] in GIVEN_NAMES and plain_name(text)


def given_name_first(text: str) -> bool:
    """_given_name_first() of a mention's text."""
    return _given_name_first(text, text.split())


_NAME_LABELS = frozenset({"ORG", "FAC", "EVENT", "LAW", "PRODUCT", "LOC"})
_DIVISIONS = words("province region state county district prefecture oblast governorate")
_TITLE_BEFORE = re.compile(r"(?:^|\s)(?P<title>[\w-]+),?\s+$")


def title_word(text: str, after: str) -> bool:
    """'Defense' in 'Defense Secretary Lloyd Austin' qualifies a title, it is no name."""
    if " " in text or text.lower() not in TITLE_MODIFIERS:
        return False
    following = after.split(maxsplit=1)
    return bool(following) and following[0].lower().strip(",.") in TITLE_HEADS


def plain_name(text: str) -> bool:
    """Two or three capitalized words with no organization word and no country."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 3 or not all(t[:1].isupper() for t in tokens):
        return False
    lowered = [t.lower().strip(".") for t in tokens]
    return (
        ORG_KEYWORDS.isdisjoint(lowered)
        and EVENT_KEYWORDS.isdisjoint(lowered)
        and (text not in COUNTRIES)
    )


# The labels person_after_title() can turn into PERSON.
TITLED_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "PRODUCT"})


def person_after_title(before: str, text: str, label: str) -> bool:
    """A name right after a title ("Chancellor Olaf Scholz") is a person, whatever the model
    labelled it, unless the name itself reads as an organization or a place."""
    if label not in TITLED_LABELS:
        return False
    # The name's own words first: most names are one word, and then nothing is searched.
    tokens = text.split()
    if not 2 <= len(tokens) <= 4 or not all(t[:1].isupper() for t in tokens):
        return False
    match = _TITLE_BEFORE.search(before[-40:])
    if match is None or match.group("title").lower() not in TITLE_HEADS:
        return False
    lowered = [t.lower().strip(".") for t in tokens]
    return ORG_KEYWORDS.isdisjoint(lowered) and text not in COUNTRIES


def relabel_span(text: str, label: str, sentence_start: bool = True) -> list[tuple[str, str, int]]:
    """relabel() with the offset of the kept text inside the span, for mentions.

    A span whose head word is lowercase ("the Belarusian ministry") is a description, not
    a name; a demonym at its start is still a NORP mention.
    """
    return list(_relabelled_span(text, label, sentence_start))


# News names the same people, places and organizations again and again, within an article
# and across articles: the answer for a span depends on nothing but its text, label and
# place, and costs microseconds of string work, so the answers of the last spans are kept.
@lru_cache(maxsize=4096)
def _relabelled_span(
    text: str, label: str, sentence_start: bool
) -> tuple[tuple[str, str, int], ...]:
    if label in {"PERSON", "ORG"}:
        # "Kenyan Hellen Obiri", "Belgian Remco Evenepoel": a nationality before the name,
        # as sports and wire copy write it, is a mention of its own. An organization's
        # span is a person's only with a given name after it ("British Airways" stays).
        first, _, rest = text.partition(" ")
        if (
            rest[:1].isupper()
            and first[:1].isupper()
            and first.lower() in DEMONYMS
            and (label == "PERSON" or _given_name_first(rest, rest.split()))
        ):
            at = len(text) - len(rest)
            named = _relabelled_span(rest, "PERSON", False)
            return ((first, "NORP", 0), *((n, lab, at + offset) for n, lab, offset in named))
    places = _known_places_listed(text)
    if places is not None:
        return places
    operated = operated_model(text)
    if operated is not None:
        return operated
    person, of, place = text.partition(" of ")
    place = place.removeprefix("the ")
    if of and place in COUNTRIES and _given_name_first(person, person.split()):
        # "Aryna Sabalenka of Belarus": a player and her country.
        return ((person, "PERSON", 0), (place, "GPE", len(text) - len(place)))
    first, dash, second = text.partition("-")
    if dash and first.lower() in DEMONYMS and second.lower() in DEMONYMS:
        # "Hungarian-British writer": two nationalities, each a mention.
        return ((first, "NORP", 0), (second, "NORP", len(first) + 1))
    parts = possessives.split(text, label)
    if parts is not None:
        (owner, owner_label, _), (owned, owned_label, offset) = parts
        return _relabelled_span(owner, owner_label, sentence_start) + tuple(
            (name, new_label, offset + at)
            for name, new_label, at in _relabelled_span(owned, owned_label, False)
        )
    fixed = relabel(text, label, sentence_start)
    if fixed is None:
        return ()
    name, new_label = fixed
    tokens = name.split()
    if (
        new_label in _NAME_LABELS
        and len(tokens) > 1
        and tokens[-1].isalpha()
        and tokens[-1].islower()
    ):
        first = tokens[0]
        if first.lower() in DEMONYMS:
            return ((first, "NORP", max(text.find(first), 0)),)
        return ()
    if new_label == "GPE" and len(tokens) > 1 and tokens[-1] in _DIVISIONS:
        # "Fujian province": the place is "Fujian"; the lowercase word says what it is.
        name = " ".join(tokens[:-1])
    return ((name, new_label, max(text.find(name), 0)),)


_LIST_SEPARATOR = re.compile(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def _known_places_listed(text: str) -> tuple[tuple[str, str, int], ...] | None:
    """Each place of a span the model made of a list of them ("Kyiv, Kharkiv and Odesa"
    as one organization), when every item is a country or city known by name; else None."""
    if "," not in text and " and " not in text and " or " not in text:
        return None
    out = []
    at = 0
    for separator in [*_LIST_SEPARATOR.finditer(text), None]:
        end = len(text) if separator is None else separator.start()
        item = text[at:end]
        if item not in COUNTRIES and item not in CITIES and item not in REGIONS:
            return None
        out.append((item, "GPE", at))
        if separator is not None:
            at = separator.end()
    return tuple(out) if len(out) > 1 else None


_EVENTS_INSIDE = frozenset({"olympics", "olympiad", "expo"})


def _is_event(tokens: list[str], lowered: list[str]) -> bool:
    last = lowered[-1]
    if last == "games":
        # "the Commonwealth Games", "the Los Angeles Games", "the Asian Games"; not "Epic
        # Games" or "Rockstar Games", companies.
        if len(lowered) < 2:
            return False
        host = " ".join(tokens[:-1])
        return (
            lowered[-2] in _GAMES_SERIES
            or lowered[-2] in DEMONYMS
            or host in CITIES
            or host in COUNTRIES
        )
    if last in EVENT_KEYWORDS:
        return len(lowered) > 1 or last in {"olympics", "expo"}
    # "the 2024 Summer Olympics in Paris" style names keep the keyword inside.
    return not _EVENTS_INSIDE.isdisjoint(lowered)


def _person(tokens: list[str], lowered: list[str]) -> tuple[str, str] | None:
    if not ORG_KEYWORDS.isdisjoint(lowered):
        return " ".join(tokens), "ORG"
    # A title or honorific swallowed by the span is not part of the name.
    while tokens and (
        lowered[0] in TITLE_HEADS or lowered[0] in TITLE_MODIFIERS or lowered[0] in _HONORIFICS
    ):
        tokens, lowered = tokens[1:], lowered[1:]
    if not tokens:
        return None
    if any(map(str.isdigit, "".join(tokens))):
        return None
    if not any(t[:1].isupper() for t in tokens):
        return None
    if len(tokens) == 1 and lowered[0] in DEMONYMS:
        return tokens[0], "NORP"
    return " ".join(tokens), "PERSON"


@dataclass(slots=True)
class _Entity:
    text: str
    label: str
    count: int = 0
    paragraphs: set[int] = field(default_factory=set)
    mentions: list[dict[str, object]] = field(default_factory=list)


_SURNAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "FAC"})


def merge(
    mentions: Iterable[tuple[int, int, Mention]], sources: Sequence[str] | None = None
) -> list[dict[str, object]]:
    """(order, paragraph index, mention) -> contract entities, one per name.

    A lone surname counts toward the full name it abbreviates in the same article. Each
    entity lists its first MAX_ENTITY_MENTIONS mentions as {paragraph, start, end, text},
    text being sources[order][start:end] (the mention's own text without sources).
    """
    items = sorted(mentions, key=lambda item: (item[0], item[2].start))
    full_names: dict[str, str] = {}
    event_names: dict[str, str] = {}
    for _, _, mention in items:
        parts = mention.text.split()
        if mention.label == "PERSON" and len(parts) > 1:
            full_names.setdefault(parts[-1], mention.text)
        elif mention.label == "EVENT":
            short = heads.short_event_name(mention.text)
            if short is not None:
                event_names.setdefault(short, mention.text)
    named: list[tuple[int, int, Mention, str, str]] = []
    votes: dict[str, dict[str, int]] = {}
    for order, paragraph, mention in items:
        text, label = mention.text, mention.label
        # The model often mislabels a surname on its own ("Verstappen" as ORG); once the
        # article has named the person in full, the surname is that person.
        if " " not in text and text in full_names and label in _SURNAME_LABELS and not mention.firm:
            text, label = full_names[text], "PERSON"
        elif text in event_names and not mention.firm:
            # "Maria" after "Hurricane Maria" is the storm, not a person.
            text, label = event_names[text], "EVENT"
        named.append((order, paragraph, mention, text, label))
        counts = votes.setdefault(text, {})
        counts[label] = counts.get(label, 0) + 1
    merged: dict[tuple[str, str], _Entity] = {}
    for order, paragraph, mention, text, label in named:
        # A name's mentions take its most frequent label, the first seen of those tied,
        # except where a rule is sure of one mention's: a country and its team ("a typhoon
        # bore down on Japan", "Scotland's game against Japan") are two entities.
        counts = votes[text]
        majority = max(counts, key=counts.__getitem__)
        key = (text, label if mention.firm and label != majority else majority)
        entity = merged.get(key)
        if entity is None:
            entity = merged[key] = _Entity(*key)
        entity.count += 1
        entity.paragraphs.add(paragraph)
        if len(entity.mentions) < limits.MAX_ENTITY_MENTIONS:
            exact = mention.text if sources is None else sources[order][mention.start : mention.end]
            entity.mentions.append(
                {"paragraph": paragraph, "start": mention.start, "end": mention.end, "text": exact}
            )
    ordered = sorted(merged.values(), key=lambda e: (min(e.paragraphs), e.text, e.label))
    return [
        {
            "text": e.text,
            "label": e.label,
            "count": e.count,
            "paragraphs": sorted(e.paragraphs),
            "mentions": e.mentions,
        }
        for e in ordered
    ]
