"""Job titles held by named people: 'Russian President X', 'X, chief executive of Y'."""

from __future__ import annotations

import re
from collections.abc import Sequence

from worker.facts.gates import lower_words
from worker.facts.lexicon import (
    COUNTRIES,
    DEMONYMS,
    FORMER_WORDS,
    ORG_KEYWORDS,
    PORTFOLIOS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    words,
)
from worker.facts.limits import ROLE_CONTEXT_CHARS
from worker.facts.spans import Found, Mention

_CONNECTORS = frozenset({"of", "and", "for", "the", "&"})
_FORMER_OR_CONNECTORS = FORMER_WORDS | _CONNECTORS
_POSSESSIVE_END = re.compile(r"(?:'s|\u2019s|s'|s\u2019)$")
# A word ending in one of these ends the run of title words before a name.
_CLAUSE_END_MARKS = frozenset(',;:()\u201c\u201d"!?')
# The most words a title before a name runs to.
_TITLE_WORDS = 9
_RELATIVE_CLAUSE = re.compile(r"(?:who|which|whose|that|whom)\b")
_BEFORE_TITLE = re.compile(r"\b(?:by|with|from|and|that|as|to|said|says)\s+")
# Matched in place at the end of the name (no "^": match(text, pos) anchors it), and with
# bounded repetition, so reading the title after a name costs a bounded amount.
_APPOSITIVE_AFTER = re.compile(
    r"\s*,\s*(?:who\s+(?:now\s+|currently\s+|also\s+|then\s+|previously\s+)?"
    r"(?:serves|served|is|was|works|worked|has\s+served|had\s+served|acts|acted)\s+as\s+)?"
    r"(?P<phrase>[^,;:()\u201c\u201d\"\u2014\u2013]{2,90}?)\s*(?=[,;:)\u201c\u201d\"\u2014\u2013]|\.(?:\s|$)|$)"
)
_PHRASE_CHARS = 90
_APPOSITIVE_BEFORE = re.compile(
    rf"(?P<phrase>[^,;:()\u201c\u201d\"\u2014\u2013.]{{2,{_PHRASE_CHARS}}}?)\s*,\s*$"
)
_POSSESSOR = re.compile(r"^(?P<owner>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)(?:'s|\u2019s|'|\u2019)\s+")
_ARTICLE = re.compile(r"^(?:the|a|an|its|his|her|their)\s+", re.I)


_SENTENCE_OPENERS = words(
    """
    yesterday today tomorrow meanwhile however earlier later also then now last this on in
    at after before when while and but so thus still monday tuesday wednesday thursday
    friday saturday sunday
    """
)


def _is_title_word(word: str) -> bool:
    return word.lower().strip(".") in TITLE_HEADS


def _country_of(words: str) -> str | None:
    key = words.lower().replace("\u2019", "'").rstrip("'s").strip()
    if key in DEMONYMS:
        return DEMONYMS[key]
    cleaned = words.replace("\u2019", "'").removesuffix("'s").removesuffix("'").strip()
    if cleaned in COUNTRIES:
        return cleaned
    return None


def split_title(words: list[str]) -> tuple[str | None, str | None, str | None]:
    """Words before a name ('Russian', 'Minister', 'of', 'Trade') -> (role, org, country)."""
    while words and words[0].lower() in _FORMER_OR_CONNECTORS:
        words = words[1:]
    heads = [i for i, w in enumerate(words) if _is_title_word(w)]
    if not heads:
        return None, None, None
    start = heads[0]
    # Lowercase words right before the head qualify it ("technical lead"); capitalized ones
    # are modifiers only when known ("Foreign Minister"), else an employer or a country.
    # An organization word or a possessive ends the title: "works council | head",
    # "the bank's | chief economist".
    while start > 0 and (
        words[start - 1].lower() in TITLE_MODIFIERS
        or (
            words[start - 1].islower()
            and words[start - 1] not in FORMER_WORDS
            and words[start - 1] not in ORG_KEYWORDS
            and not _POSSESSIVE_END.search(words[start - 1])
        )
    ):
        start -= 1
    while start < len(words) and words[start].lower() in FORMER_WORDS:
        start += 1
    role_words = words[start:]
    while role_words and role_words[-1].lower() in _CONNECTORS:
        role_words = role_words[:-1]
    qualifier = [w for w in words[:start] if w.lower() not in _FORMER_OR_CONNECTORS]
    if not role_words:
        return None, None, None
    org = country = None
    if qualifier:
        text = " ".join(qualifier)
        country = _country_of(text)
        if country is None and all(w[:1].isupper() for w in qualifier):
            org = text.removesuffix("'s").removesuffix("\u2019s")
    return " ".join(role_words), org, country


def _context_before(text: str, end: int) -> str:
    """At most ROLE_CONTEXT_CHARS characters before end, from a word start: a title is a
    few words, and reading the whole text back for every name would be quadratic."""
    start = max(end - ROLE_CONTEXT_CHARS, 0)
    segment = text[start:end]
    if start > 0 and not text[start - 1].isspace():
        # The window starts inside a word; that word is not read.
        cut = segment.find(" ")
        segment = segment[cut + 1 :] if cut >= 0 else ""
    return segment


def _words_before(text: str, end: int) -> list[str]:
    """Title-like words running back from end: capitalized words, title words, connectors."""
    segment = _context_before(text, end).rstrip()
    words: list[str] = []
    # The loop reads at most _TITLE_WORDS words from the end: the rest is not split.
    for word in reversed(segment.rsplit(" ", _TITLE_WORDS)):
        bare = word.strip()
        # A final full stop may end an abbreviation ("Gen."), other marks end a clause.
        if not bare or bare[-1] in _CLAUSE_END_MARKS:
            break
        lowered = bare.lower()
        if (
            bare[:1].isupper()
            or lowered in TITLE_HEADS
            or lowered in TITLE_MODIFIERS
            or lowered in FORMER_WORDS
            or lowered in _CONNECTORS
        ):
            words.append(bare)
            if len(words) >= _TITLE_WORDS:
                break
            continue
        break
    words.reverse()
    # A sentence-initial article or connector is never part of a title.
    while words and words[0].lower() in _CONNECTORS:
        words = words[1:]
    return words


def _prefix_role(text: str, person: Mention, names: frozenset[str]) -> dict[str, object] | None:
    words = _words_before(text, person.start)
    if not words or (not _is_title_word(words[-1]) and words[-1].lower() not in PORTFOLIOS):
        return None
    role, org, country = split_title(words)
    if role is None:
        return None
    # Capitalized words before a title name the employer when the model saw a name there
    # ("Microsoft CEO"); otherwise they are part of the title ("Business Secretary"),
    # unless they only open the sentence ("Yesterday President").
    if org is not None and org not in names:
        if org.lower() not in _SENTENCE_OPENERS and " " not in org:
            role = f"{org} {role}"
        org = None
    return _role(person, role, org, country)


def _phrase_role(phrase: str) -> tuple[str, str | None, str | None] | None:
    """'Belarus' Ambassador of Russia' -> ('Ambassador', None, 'Belarus')."""
    phrase = _ARTICLE.sub("", phrase.strip())
    owner: str | None = None
    match = _POSSESSOR.match(phrase)
    if match:
        owner = match.group("owner")
        phrase = phrase[match.end() :]
    words = phrase.split()
    if not words or len(words) > 12:
        return None
    heads = [i for i, w in enumerate(words) if _is_title_word(w)]
    if not heads:
        return None
    # The role ends at the first "of/at/for/with X" whose object is not a portfolio.
    end = len(words)
    tail_org: str | None = None
    for i in range(heads[0] + 1, len(words)):
        if words[i].lower() in {"of", "at", "for", "with", "to", "in", "from"}:
            obj = words[i + 1 :]
            obj_words = [w.lower() for w in obj]
            if words[i].lower() == "of" and obj_words and all(w in PORTFOLIOS for w in obj_words):
                break
            end = i
            tail_org = _ARTICLE.sub("", " ".join(obj)).strip() or None
            break
    role, org, country = split_title(words[:end])
    if role is None:
        return None
    if owner:
        owner_country = _country_of(owner)
        if owner_country:
            country = country or owner_country
        elif org is None:
            org = owner
    if tail_org:
        tail_country = _country_of(tail_org)
        if tail_country:
            country = country or tail_country
        elif org is None and tail_org[:1].isupper():
            org = tail_org
    return role, org, country


def _after_role(text: str, person: Mention, names: frozenset[str]) -> dict[str, object] | None:
    match = _APPOSITIVE_AFTER.match(text, person.end)
    if not match:
        return None
    # A relative clause other than "who serves as" describes events, not a title.
    if _RELATIVE_CLAUSE.match(match.group("phrase")):
        return None
    if len(match.group("phrase").split()) > 8:
        return None
    parsed = _phrase_role(match.group("phrase"))
    if parsed is None:
        return None
    return _role(person, *parsed)


def _before_role(text: str, person: Mention, names: frozenset[str]) -> dict[str, object] | None:
    context = _context_before(text, person.start)
    # The pattern ends in a comma before the name; most names have none, and then the
    # search (every start in the window) is skipped.
    if not context.rstrip().endswith(","):
        return None
    match = _APPOSITIVE_BEFORE.search(context, appositive_before_from(context))
    if not match:
        return None
    phrase = match.group("phrase")
    # Only the noun phrase right before the comma: "... by the company's chief executive,"
    tail = _BEFORE_TITLE.split(phrase)[-1]
    parsed = _phrase_role(tail)
    if parsed is None:
        return None
    return _role(person, *parsed)


def appositive_before_from(context: str) -> int:
    """Where _APPOSITIVE_BEFORE.search(context) can first match, for a context that ends
    in a comma and spaces: the phrase ends at most at the spaces before that comma and is
    at most _PHRASE_CHARS long. The search would try every start in the context, each
    with every phrase length."""
    comma = len(context.rstrip()) - 1
    return max(len(context[:comma].rstrip()) - _PHRASE_CHARS, 0)


def _role(person: Mention, role: str, org: str | None, country: str | None) -> dict[str, object]:
    fields: dict[str, object] = {"type": "role", "person": person.text, "role": role}
    if org:
        fields["org"] = org
    if country:
        fields["country"] = country
    return fields


# Every role is found by a title word (or a portfolio before the name), a word of its own:
# its first run of letters is one of the chunk's lower_words, and a chunk without any has
# no role to find (tests/facts/test_gates.py).
_TITLE_RUNS = frozenset(
    run[0] for run in (re.findall("[a-z]+", w) for w in TITLE_HEADS | PORTFOLIOS) if run
)


def find_roles(text: str, mentions: Sequence[Mention]) -> list[Found]:
    people = [m for m in mentions if m.label == "PERSON"]
    if not people or _TITLE_RUNS.isdisjoint(lower_words(text)):
        return []
    found: list[Found] = []
    seen: set[tuple[str, str]] = set()
    names = frozenset(m.text for m in mentions if m.label != "PERSON")
    for person in people:
        for finder in (_prefix_role, _after_role, _before_role):
            fields = finder(text, person, names)
            if fields is None:
                continue
            key = (str(fields["person"]), str(fields["role"]).lower())
            if key in seen:
                continue
            seen.add(key)
            found.append(Found(person.start, person.end, fields))
    return found
