"""From the model's entity spans to a chunk's mentions: relabelled by rule, titles and
surname particles handled, people recognised in lists of names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from worker.facts import (
    context,
    datelines,
    entities,
    heads,
    limits,
    missed,
    model_codes,
    product_lists,
    teams,
    titles,
    world_places,
)
from worker.facts.gazetteer import CITIES, REGIONS
from worker.facts.given_names import GIVEN_NAMES
from worker.facts.known_in_place import with_known_names
from worker.facts.known_names import KNOWN_ORGS
from worker.facts.lexicon import COUNTRIES, NAME_PARTICLES, words
from worker.facts.spans import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A dateline dash ("WASHINGTON (Reuters) - The ...") opens a sentence too.
_SENTENCE_MARKS = frozenset('.!?:\u201c\u201d"')
_DASHES = frozenset("-\u2013\u2014")
# A surname after its particles (lexicon.NAME_PARTICLES), where the model tends to cut
# the name ("Erik ten" + "Hag").
_NAME_PARTICLE = re.compile(rf" (?:(?:{'|'.join(sorted(NAME_PARTICLES))}) )+[A-Z][\w'\u2019-]+")
# A name the model cut after a particle, lowercase or not ("Alexis Mac" + "Allister").
_TRAILING_PARTICLES = NAME_PARTICLES | words(
    "Mac Van Von De Di Da Del Della Le La Abu Bin Ibn Al El"
)
_SURNAME_AFTER = re.compile(r" [A-Z][\w'\u2019-]+")
_DIGIT = re.compile(r"\d")
_AND_TITLE = re.compile(r" and [A-Z][\w-]*$")
# An office's title, capitalized, after a department's word ("Health" + " Secretary"); not
# "chief executive", which follows company names ("Procter and Gamble chief executive").
_TITLE_AFTER = re.compile(
    r" (?:Secretary|Minister|Commissioner|Ambassador|Envoy|Chancellor|Governor|Mayor|Senator)\b"
)
_LIST_GAP = re.compile(r",\s*|\s+and\s+|,\s+and\s+")
# What title_word() reads after a mention: the next word (title heads are short words).
_NEXT_WORD_CHARS = 128
# What person_after_title() reads before a mention.
_TITLE_BEFORE_CHARS = 40

Span = tuple[int, int, str, str]


def spans_of(doc: Doc, text: str | None = None) -> list[Span]:
    """(start, end, label, text) of the doc's entities, the text read from text when given
    (the doc may have been made from model_text(text))."""
    if text is None:
        return [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    spans: list[Span] = []
    for entity in doc.ents:
        start, end = entity.start_char, entity.end_char
        spans.append((start, end, entity.label_, text[start:end]))
    return spans


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether text[:pos] ends a sentence: nothing but spaces before pos, or spaces after a
    sentence mark, or after a dash that follows a space. Walks back over spaces only, so
    one mention costs the space run before it, not the whole text before it."""
    i = pos
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == 0:
        return True
    mark = text[i - 1]
    if mark in _SENTENCE_MARKS:
        return True
    return mark in _DASHES and i >= 2 and text[i - 2].isspace()


def mentions_of(paragraph: str, spans: Sequence[Span]) -> list[Mention]:
    found: list[Mention] = []
    cues = context.cues_of(paragraph)
    for span_start, _, span_label, span_text in spans:
        if span_label not in entities.LABELS:
            continue
        opens = _opens_sentence(paragraph, span_start)
        for text, label, offset in entities.relabel_span(span_text, span_label, opens):
            first, last = raw_extent(span_text, text, offset)
            start, end = span_start + first, span_start + last
            # A title word is one word: the text after it is cut only for one.
            if " " not in text and entities.title_word(
                text, paragraph[end : end + _NEXT_WORD_CHARS]
            ):
                continue
            firm = False
            before = paragraph[max(start - _TITLE_BEFORE_CHARS, 0) : start]
            if (
                label in entities.TITLED_LABELS
                and text not in KNOWN_ORGS  # "left to coach Real Madrid"
                and entities.person_after_title(before, text, label)
            ):
                label = "PERSON"
            elif teams.is_side(paragraph, start, end, before, label):
                label, firm = "ORG", True
            side_end = teams.side_name_end(paragraph, end, label)
            grown = None if side_end is not None else heads.grow(paragraph, start, end, label)
            if side_end is not None:
                end, label, firm = side_end, "ORG", True
                text = entities.squash(paragraph[start:end])
            elif grown is not None:
                start, end, label = grown
                text = entities.squash(paragraph[start:end])
            elif (cues.places and (kind := context.place_by_kind(paragraph, start, label))) or (
                kind := context.place_by_noun(paragraph, end, label, cues)
            ):
                label, firm = kind, True
            elif not firm and world_places.place_by_preposition(paragraph, start, text, label):
                label = "GPE"
            elif cues.feasts and context.feast_by_verb(paragraph, start, text, label):
                label = "EVENT"
            elif cues.press and context.press_by_noun(paragraph, start, label):
                label, firm = "ORG", True
            elif cues.events and context.event_by_owner(paragraph, start, end, label):
                label = "EVENT"
            elif (
                context.product_by_noun(paragraph, start, end, text, label)
                or (cues.ships and context.ship_by_article(paragraph, start, text, label))
                or (cues.demand and context.product_by_demand(paragraph, start, end, text, label))
            ):
                label = "PRODUCT"
            elif context.building_by_place(paragraph, start, text, label):
                label = "FAC"
            elif (
                (label != "ORG" or " " not in text)
                and not heads.ship_name(text)
                # A product's version is no company's name ("Pixel 9 Pro Fold at its ...").
                and not (label == "PRODUCT" and _DIGIT.search(text))
                # "make Greg Abel chief executive": a person's full name stays a person's.
                and not (label == "PERSON" and entities.given_name_first(text))
                and context.company_by_context(paragraph, start, end, label)
            ):
                # An organization is asked only as a word that can be a surname.
                label, firm = "ORG", True
            if label == "PERSON":
                particle = _NAME_PARTICLE.match(paragraph, end)
                if particle is None and text.rsplit(None, 1)[-1] in _TRAILING_PARTICLES:
                    # "Ursula von der" + "Leyen": the model cut the name after them.
                    particle = _SURNAME_AFTER.match(paragraph, end)
                if particle is not None:
                    end = particle.end()
                    text = paragraph[start:end]
                start, end, text = _whole_name(paragraph, start, end, text)
            elif (
                label in _NAME_PART_GUESSES
                and not firm
                and " " not in text
                and text not in _PLACES_AND_FIRMS
            ):
                # "Novak" + " Djokovic", "Curtis" + "Sliwa": the model took one word of a
                # person's name for a firm or a place.
                whole = _whole_name(paragraph, start, end, text)
                if whole[2] != text:
                    start, end, text = whole
                    label = "PERSON"
            if label == "ORG" and " and " in text:
                cut = _AND_TITLE.search(text)
                if cut is not None and _TITLE_AFTER.match(paragraph, end):
                    # "British Medical Association and Health" + " Secretary Wes
                    # Streeting": the model ran on into a title's first word.
                    end -= len(text) - cut.start()
                    text = text[: cut.start()]
            # A "name" this long is a run of capitalized words, not a name.
            if len(text) > limits.MAX_ENTITY_CHARS:
                continue
            # A known organization is no namesake's surname ("Porsche" beside "Ferdinand
            # Porsche").
            firm = firm or (label == "ORG" and text in KNOWN_ORGS)
            operated = entities.operated_model(text) if label == "PRODUCT" else None
            if operated is not None and text == paragraph[start:end]:
                # "Air India" + " Boeing 787", grown from the model's "Air India Boeing".
                for name, name_label, at in operated:
                    found.append(
                        Mention(start + at, start + at + len(name), name, name_label, False)
                    )
                continue
            found.append(Mention(start, end, text, label, firm))
    kept = model_codes.with_model_codes(
        paragraph,
        product_lists.with_listed_products(
            paragraph,
            with_known_names(
                paragraph,
                titles.with_titles(paragraph, _with_dateline(paragraph, _without_overlaps(found))),
            ),
        ),
    )
    more = missed.missed(paragraph, kept)
    if more:
        kept = sorted(kept + more, key=lambda m: m.start)
    return _people_in_lists(paragraph, kept)


_NAME_PART_GUESSES = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT"})
_PLACES_AND_FIRMS = COUNTRIES | CITIES | REGIONS | KNOWN_ORGS
_GIVEN_BEFORE = re.compile(r"(?<![\w'\u2019.&-])([A-Z][a-z]+)\s$")


def _whole_name(paragraph: str, start: int, end: int, text: str) -> tuple[int, int, str]:
    """A person's name with the given name or the surname the model left out: "Lionel"
    before "Messi", "Kavanaugh" after "Brett" (missed.person_at reads what may follow a
    given name), else the mention as it is."""
    if " " not in text:
        before = _GIVEN_BEFORE.search(paragraph, max(start - 20, 0), start)
        if before is not None and before.group(1) in GIVEN_NAMES:
            whole = missed.person_at(paragraph, before.start(1))
            if whole is not None and before.start(1) + len(whole) == end:
                return before.start(1), end, whole
        if text in GIVEN_NAMES:
            whole = missed.person_at(paragraph, start)
            if whole is not None and len(whole) > len(text):
                return start, start + len(whole), whole
    return start, end, text


def _without_overlaps(found: list[Mention]) -> list[Mention]:
    """The mentions in text order, each dropped that overlaps one kept before it (a grown
    mention can reach into the next one: "Kennedy" + "International Airport")."""
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda m: (m.start, -m.end)):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _with_dateline(paragraph: str, found: list[Mention]) -> list[Mention]:
    """A dateline's city as a place and its agency as an organization, in place of what
    the model made of them."""
    spans = datelines.dateline(paragraph)
    if spans is None:
        return found
    city, agency = spans
    opening = [Mention(city[0], city[1], paragraph[city[0] : city[1]], "GPE")]
    if agency is not None:
        opening.append(Mention(agency[0], agency[1], paragraph[agency[0] : agency[1]], "ORG"))
    taken = [(m.start, m.end) for m in opening]
    rest = [m for m in found if not any(m.start < e and s < m.end for s, e in taken)]
    return sorted(opening + rest, key=lambda m: m.start)


def raw_extent(span_text: str, name: str, offset: int) -> tuple[int, int]:
    """[start, end) of name in span_text, exact: the cleaned name may have its whitespace
    collapsed and a typographic apostrophe read as "'" (entities.relabel), so its length
    is not always that of the characters it covers."""
    if span_text.startswith(name, offset):
        return offset, offset + len(name)
    pattern = r"\s+".join(re.escape(t).replace("'", "['\u2019]") for t in name.split())
    found = re.search(pattern, span_text) if pattern else None
    if found is not None:
        return found.start(), found.end()
    return offset, min(offset + len(name), len(span_text))


def _people_in_lists(paragraph: str, found: list[Mention]) -> list[Mention]:
    """A two- or three-word name listed among people ("David Baker, Demis Hassabis and
    John Jumper") is a person too, whatever the model labelled it."""
    fixed = list(found)
    last = len(found) - 1
    for i, mention in enumerate(found):
        if mention.label not in {"ORG", "GPE", "NORP"}:
            continue
        # Cheap first: every listed neighbour must be a person, so one must be.
        if not (
            (i > 0 and found[i - 1].label == "PERSON")
            or (i < last and found[i + 1].label == "PERSON")
        ):
            continue
        if mention.firm or mention.text in KNOWN_ORGS or not entities.plain_name(mention.text):
            continue
        neighbours = []
        if i > 0 and _LIST_GAP.fullmatch(paragraph[found[i - 1].end : mention.start]):
            neighbours.append(found[i - 1].label)
        if i + 1 < len(found) and _LIST_GAP.fullmatch(paragraph[mention.end : found[i + 1].start]):
            neighbours.append(found[i + 1].label)
        if neighbours and all(label == "PERSON" for label in neighbours):
            fixed[i] = Mention(mention.start, mention.end, mention.text, "PERSON")
    return fixed
