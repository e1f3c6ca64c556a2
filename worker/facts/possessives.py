"""One span the model made of an owner and what it owns: "Alphabet's Google", "McLaren's
Lando Norris", "Britain's Keir Starmer". Both are names, of different things."""

from __future__ import annotations

import re

from worker.facts.lexicon import COUNTRIES, words

_OWNED = re.compile(r"['\u2019]s\s+(?=\S*[A-Z])")
# Names with a possessive of their own, written as one: "Moody's Investors Service".
POSSESSIVE_NAMES = words(
    "McDonald Moody Sotheby Christie Macy Kellogg Domino Lloyd Wendy Dunkin Denny "
    "Sainsbury Levi Harrod Bloomingdale Dillard Lowe Kohl Hardee Carl Nathan Reese"
)
# The labels a split applies to: an owner of a person, a company, a building or a product.
_SPLIT_LABELS = frozenset({"ORG", "PERSON", "FAC", "PRODUCT"})
# Words that, right after the possessive, make it part of one name: a building or a prize
# named after a person or a saint ("Guy's Hospital", "St. Peter's Square", "King's
# College Hospital", "Women's Prize for Fiction"), where "Britain's Heathrow Airport"
# is an owner and a name of its own.
_NAMED_FOR = words(
    "hospital infirmary college museum gallery library square cathedral basilica church "
    "chapel abbey palace bridge park gate prize award cup inn wharf"
)


def split(text: str, label: str) -> tuple[tuple[str, str, int], tuple[str, str, int]] | None:
    """(owner, its label, offset) and (owned, its label, offset) of a span made of both,
    or None. The owner is a country (GPE) or else an organization; the owned keeps the
    span's label."""
    if label not in _SPLIT_LABELS:
        return None
    found = _OWNED.search(text)
    if found is None:
        return None
    owner = text[: found.start()]
    if not owner[:1].isupper() or owner.split()[-1] in POSSESSIVE_NAMES:
        return None
    owned = text[found.end() :]
    if owned.split(None, 1)[0].lower() in _NAMED_FOR:
        return None
    owner_label = "GPE" if owner in COUNTRIES else "ORG"
    return (owner, owner_label, 0), (owned, label, found.end())
