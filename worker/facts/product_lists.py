"""Products named in a list after what they are: "hybrids such as the Prius and the
RAV4", "the maker of Listerine mouthwash, Neutrogena sunscreen and Band-Aid bandages",
"also sells Sprite, Fanta and Powerade". The small model reads such brand names as
people, organizations or works, or passes them by; the words before the list say they
are products, whatever the names are.

Brands as such ("brands such as Gucci") are left alone: a fashion house's name is its
company's too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from worker.facts.gates import lower_words
from worker.facts.known_names import KNOWN_ORGS
from worker.facts.lexicon import words
from worker.facts.spans import Mention, in_place_of

# Kinds of goods a list of products follows ("models such as", "drinks including").
_GOODS = words(
    """
    model models car cars vehicle vehicles hybrid hybrids suv suvs sedan sedans truck
    trucks phone phones smartphone smartphones handset handsets device devices console
    consoles laptop laptops tablet tablets drink drinks beverage beverages soda sodas beer
    beers snack snacks cereal cereals drug drugs medicine medicines vaccine vaccines pill
    pills treatment treatments product products jet jets aircraft plane planes chip chips
    gadget gadgets cigarette cigarettes chocolate chocolates coffee coffees sweets
    confectionery razor razors soap soaps lotion lotions cosmetics lager lagers spirits
    """
)
_GOODS_CUE = "|".join(sorted(_GOODS, key=len, reverse=True))
# What opens the list: a kind of goods then "such as", "including" or "like"; or "the
# maker of", "sells", "makes".
_CUE = re.compile(
    rf"\b(?i:(?:{_GOODS_CUE})\s+(?:such\s+as|including|like)"
    r"|(?:maker|makers|producer|seller)\s+of"
    r"|(?:also\s+)?(?:sells|makes|produces))\s+(?=(?:the\s+)?[A-Z])"
)
# One item: "the" at most, a capitalized name of up to four words (a version or model
# code among them: "Atto 3"), and at most one lowercase noun after it ("Neutrogena
# sunscreen"), which is no part of the name.
_ITEM = re.compile(
    r"(?:the\s+)?(?P<name>[A-Z][\w&'\u2019.-]*(?:\s+(?:[A-Z][\w&'\u2019.-]*|\d{1,4}[A-Za-z]?)){0,3})"
    r"(?:\s+[a-z]+(?=\s*(?:,|\band\b|\bor\b|[.;:)]|$)))?"
)
_OWNER = re.compile(r"['\u2019]s\b")
_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_MAX_ITEMS = 8


# The words a cue needs: a kind of goods with a list word, or a maker's word.
_LIST_WORDS = words("such including like")
_MAKER_WORDS = words("maker makers producer seller sells makes produces")


def listed_products(paragraph: str) -> list[tuple[int, int]]:
    """[start, end) of each product name in a list after a cue."""
    # Most paragraphs have no cue: their words say so for a fraction of one regex scan.
    present = lower_words(paragraph)
    if present.isdisjoint(_MAKER_WORDS) and (
        present.isdisjoint(_LIST_WORDS) or present.isdisjoint(_GOODS)
    ):
        return []
    out: list[tuple[int, int]] = []
    for cue in _CUE.finditer(paragraph):
        at = cue.end()
        for _ in range(_MAX_ITEMS):
            item = _ITEM.match(paragraph, at)
            if item is None:
                break
            name = item["name"].rstrip(".'\u2019")
            if _OWNER.search(name) or name in KNOWN_ORGS:
                # "makes Apple's chips", "sells Nvidia chips": a company's goods, named by
                # the company, which stays one.
                break
            start = item.start("name")
            out.append((start, start + len(name)))
            separator = _SEPARATOR.match(paragraph, item.end())
            if separator is None:
                break
            at = separator.end()
    return out


def with_listed_products(paragraph: str, found: Sequence[Mention]) -> list[Mention]:
    """``found`` with each listed product a PRODUCT mention: the mentions inside its
    name give way to it."""
    return in_place_of(paragraph, found, listed_products(paragraph), "PRODUCT")
