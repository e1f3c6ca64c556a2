"""Known organizations and events of several words in place of what the model made of
their words.

The model often splits such a name at a word it knows as something else: "Alternative
for" + "Germany" (GPE), "France" (GPE) + "Unbowed" (PERSON), "Reform" + "UK", or runs one
into the name before it ("the Highlands, Network Rail"). Where the paragraph holds the
whole name of a known organization (known_names.KNOWN_ORGS) or event ("Paris-Roubaix",
gazetteer.EVENTS), it is one ORG or EVENT mention: the
mentions inside it give way, and one that runs into it from outside keeps what lies
outside. A mention that holds the whole name and more is left alone ("Lockheed Martin
F-35A" is a product, "Democratic Party of Japan" a longer name)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from worker.facts import heads
from worker.facts.gates import lower_words
from worker.facts.gazetteer import EVENTS
from worker.facts.known_names import KNOWN_ORGS
from worker.facts.missed import capital_after
from worker.facts.spans import Mention

_LETTER_RUN = re.compile(r"[a-z]+")
# What may be left of a mention cut at a known name: a name again, not "the" or a comma.
_KEPT_REST = re.compile(r"[A-Z][\w'\u2019.&-]*(?:\s+[A-Z][\w'\u2019.&-]*)*")
_NEXT_OPENS = re.compile(r"[\s,;:.!?)\"'\u2019\u201d-]|$")


def _several_words_by_key() -> dict[str, tuple[tuple[str, str], ...]]:
    """The known names of two words or more, with their label, by the first run of letters
    of their first word in lower case (a word gates.lower_words reads), longest first."""
    found: dict[str, list[tuple[str, str]]] = {}
    named = [(n, "ORG") for n in KNOWN_ORGS] + [(n, "EVENT") for n in EVENTS]
    for name, label in named:
        key = _LETTER_RUN.search(name.lower())
        if (" " in name or "-" in name) and key is not None and name[:1].isupper():
            found.setdefault(key.group(), []).append((name, label))
    return {k: tuple(sorted(v, key=lambda n: (-len(n[0]), n[0]))) for k, v in found.items()}


_BY_KEY = _several_words_by_key()
_KEYS = frozenset(_BY_KEY)


def _occurrences(paragraph: str) -> list[tuple[int, int, str]]:
    """[start, end) of each known name written as a whole: no letter, digit or joining
    mark before it, nothing joined after it but a possessive, no capitalized word next
    (a longer name: "Network Rail Scotland"); the longest wins where two overlap."""
    spans: list[tuple[int, int, str]] = []
    for key in sorted(_KEYS & lower_words(paragraph)):
        for name, label in _BY_KEY[key]:
            at = paragraph.find(name)
            while at != -1:
                end = at + len(name)
                before = paragraph[at - 1] if at else " "
                if (
                    not (before.isalnum() or before in "&-.'\u2019")
                    and _NEXT_OPENS.match(paragraph, end) is not None
                    and not capital_after(paragraph, end)
                ):
                    spans.append((at, end, label))
                at = paragraph.find(name, at + 1)
    kept: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, label))
    return kept


def with_known_names(paragraph: str, found: Sequence[Mention]) -> list[Mention]:
    """``found`` with each known organization's whole name one firm ORG mention, and each
    known event's one EVENT mention."""
    if _KEYS.isdisjoint(lower_words(paragraph)):
        return list(found)
    names = _occurrences(paragraph)
    if not names:
        return list(found)
    out = list(found)
    for start, end, label in names:
        if any(m.start <= start and end <= m.end for m in out):
            continue  # the name as a mention already, or inside a longer one
        kept: list[Mention] = []
        for m in out:
            if m.end <= start or end <= m.start:
                kept.append(m)
            elif m.start < start:
                kept.extend(_rest(paragraph, m, m.start, start))
            elif end < m.end:
                kept.extend(_rest(paragraph, m, end, m.end))
            # else: inside the name, which takes its place
        event = heads.event_after(paragraph, start, end, "ORG") if label == "ORG" else None
        if event is not None:  # "the European Parliament" + " elections"
            kept = [m for m in kept if m.end <= start or event <= m.start]
            kept.append(Mention(start, event, paragraph[start:event], "EVENT"))
        else:
            kept.append(Mention(start, end, paragraph[start:end], label, label == "ORG"))
        out = sorted(kept, key=lambda m: m.start)
    return out


def _rest(paragraph: str, mention: Mention, start: int, end: int) -> list[Mention]:
    """What is left of a mention outside a known name, when that is a name of its own
    ("Highlands" of "the Highlands, Network Rail")."""
    rest = paragraph[start:end].strip(" ,;:-\u2013\u2014")
    if rest.lower().startswith("the "):
        rest = rest[4:]
    if not rest or _KEPT_REST.fullmatch(rest) is None or rest.endswith((" and", " or")):
        return []
    at = paragraph.find(rest, start, end)
    return [Mention(at, at + len(rest), rest, mention.label, mention.firm)]
