"""A name the article has labelled, found again where the model passed it by.

The model decides each mention from its own sentence, and misses a company, a side or a
person's surname as often in one sentence as it finds it in the next. Once a mention of
a name is labelled, every other place the article writes that name, as a word of its
own, is a mention of it: "Porsche cut its target" in one paragraph and "Porsche said"
in another. A person's surname counts too ("Alcaraz" after "Carlos Alcaraz").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from worker.facts import heads
from worker.facts.lexicon import words
from worker.facts.spans import Mention

Located = tuple[int, int, Mention]  # (order of the paragraph, its index, the mention)

_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
# Names that are also words of the calendar or of every sentence.
_NOT_NAMES = words(
    """
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An I It He She We They
    """
)
_CAPITALIZED = re.compile(r"[A-Z]\w*")
_NAME_CHARS = frozenset("'\u2019-&.")
_SENTENCE_END = frozenset('.!?:;"\u201c\u201d')
# What a person named alone at a sentence's start does in news: says, has, is, decides.
_DOES_AFTER = re.compile(
    r"(?:['\u2019]s\b| (?:said|says|told|added|asked|called|denied|signed|announced|won|lost"
    r"|has|had|is|was|will|would|wrote|argued|insisted|warned|urged|rejected|accepted"
    r"|agreed|declined|replied|spoke|met|joined|left|took|made|became|played|scored|finished)\b)"
)


def propagate(
    texts: Sequence[str], indexes: Sequence[int], mentions: Sequence[Located], limit: int
) -> list[Located]:
    """``mentions`` and, up to ``limit`` in all, the other places ``texts`` (the analysed
    text of each paragraph, by order; "" for one that failed) write their names;
    ``indexes`` are the paragraphs' indexes, by order."""
    names = _names(texts, mentions)
    if not names or len(mentions) >= limit:
        return list(mentions)
    # Most names are written only inside the mentions found: the capitalized words of the
    # article and of its mentions, counted once, tell (a name written elsewhere has its
    # first word there too), and only the others are looked for paragraph by paragraph.
    in_text = Counter(_CAPITALIZED.findall("\n".join(texts)))
    in_mentions = Counter(_CAPITALIZED.findall("\n".join(m.text for _, _, m in mentions)))
    names = {k: v for k, v in names.items() if _more(k, in_text, in_mentions)}
    if not names:
        return list(mentions)
    taken: dict[int, list[tuple[int, int]]] = {}
    for order, _, mention in mentions:
        taken.setdefault(order, []).append((mention.start, mention.end))
    added: list[Located] = []
    budget = limit - len(mentions)
    for order, text in enumerate(texts):
        spans = taken.setdefault(order, [])
        for name, (label, firm) in names.items():
            at = text.find(name)
            while at != -1 and len(added) < budget:
                end = at + len(name)
                if _alone(text, at, end, " " in name, label == "PERSON") and not any(
                    s < end and at < e for s, e in spans
                ):
                    added.append((order, indexes[order], Mention(at, end, name, label, firm)))
                    spans.append((at, end))
                at = text.find(name, end)
    if not added:
        return list(mentions)
    return sorted([*mentions, *added], key=lambda item: (item[0], item[2].start))


def _more(name: str, in_text: Counter[str], in_mentions: Counter[str]) -> bool:
    first = _CAPITALIZED.match(name)
    return first is None or in_text[first.group()] > in_mentions[first.group()]


def _names(texts: Sequence[str], mentions: Sequence[Located]) -> dict[str, tuple[str, bool]]:
    """Each labelled name, longest first, with the label and firmness of its first
    mention; and each person's surname."""
    names: dict[str, tuple[str, bool]] = {}
    for order, _, mention in mentions:
        text, label = mention.text, mention.label
        if label not in _LABELS or texts[order][mention.start : mention.end] != text:
            continue
        if len(text) >= 3 and text[:1].isupper() and text not in _NOT_NAMES:
            names.setdefault(text, (label, mention.firm))
        short = heads.short_event_name(text) if label == "EVENT" else None
        if short is not None:
            names.setdefault(short, ("EVENT", False))
        if label == "PERSON" and " " in text:
            surname = text.rsplit(None, 1)[-1]
            if len(surname) >= 3 and surname.isalpha() and surname[:1].isupper():
                names.setdefault(surname, ("PERSON", False))
    names = {k: v for k, v in names.items() if k not in _NOT_NAMES}
    return dict(sorted(names.items(), key=lambda item: -len(item[0])))


def _alone(text: str, start: int, end: int, several: bool, person: bool = False) -> bool:
    """Whether text[start:end] is a name of its own there: whole words, not part of a
    longer run of capitalized words, and (for a single word) not opening a sentence,
    where any word has a capital, unless it is a person's name the article gave, doing
    what news has people do ("Mahama signed", "Musk's platform")."""
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in _NAME_CHARS):
        return False
    if end < len(text) and (text[end].isalnum() or text[end] in "-&"):
        return False
    after = text[end : end + 2]
    if len(after) == 2 and after[0] == " " and after[1].isupper():
        return False
    i = start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    if i == 0:
        return several or (person and _DOES_AFTER.match(text, end) is not None)
    if i < start:
        j = i
        while j > 0 and not text[j - 1].isspace():
            j -= 1
        word = text[j:i]
        if word[:1].isupper() and word[-1:].isalpha():
            return False
        if not several and word[-1:] in _SENTENCE_END:
            return person and _DOES_AFTER.match(text, end) is not None
    return True
