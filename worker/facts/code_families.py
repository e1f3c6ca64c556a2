"""Models of one family named by their codes: once an article names a product by a code
("the Volvo EX30", "its SU7 Ultra electric sedan"), its other codes of the same shape are
that maker's other models ("the larger EX90", "the standard SU7"), cue or not. Codes of
the letters that name groups, quarters and grades ("G7", "Q3", "H1") never make a family.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from worker.facts.code_shapes import CODE, GROUP_LETTERS
from worker.facts.spans import Mention

Located = tuple[int, int, Mention]  # (order of the paragraph, its index, the mention)
_DIGITS = re.compile(r"\d+")


def _family(match: re.Match[str]) -> tuple[str, str, int] | None:
    """A code's letters, dash and number of digits ("EX30" and "EX90": ("EX", "", 2)); None
    for a model number or a code of one letter that names a group or a quarter."""
    prefix = match["prefix"]
    if prefix is None or (len(prefix) == 1 and prefix in GROUP_LETTERS):
        return None
    digits = _DIGITS.search(match["code"], len(prefix))
    return None if digits is None else (prefix, match["dash"], len(digits.group()))


def with_code_families(
    texts: Sequence[str], indexes: Sequence[int], mentions: Sequence[Located], limit: int
) -> list[Located]:
    """``mentions`` and, up to ``limit`` in all, each code of the family of a product
    code the article names, where no mention is (``texts``: the analysed text of each
    paragraph, by order; ``indexes``: their indexes)."""
    families = set()
    for _, _, mention in mentions:
        if mention.label == "PRODUCT":
            for word in mention.text.split():  # "Volvo EX30", "SU7 Ultra"
                code = CODE.fullmatch(word)
                family = None if code is None else _family(code)
                if family is not None:
                    families.add(family)
    if not families or len(mentions) >= limit:
        return list(mentions)
    taken: dict[int, list[tuple[int, int]]] = {}
    for order, _, mention in mentions:
        taken.setdefault(order, []).append((mention.start, mention.end))
    added: list[Located] = []
    for order, text in enumerate(texts):
        spans = taken.setdefault(order, [])
        for match in CODE.finditer(text):
            start, end = match.span()
            if len(mentions) + len(added) >= limit:
                break
            if _family(match) in families and not any(s < end and start < e for s, e in spans):
                added.append((order, indexes[order], Mention(start, end, match.group(), "PRODUCT")))
                spans.append((start, end))
    if not added:
        return list(mentions)
    return sorted([*mentions, *added], key=lambda item: (item[0], item[2].start))
