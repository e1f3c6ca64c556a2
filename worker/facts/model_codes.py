"""Products named by a model code: "Airbus A350-900", "the 737 MAX 8", "F-150 Lightning
pickups", "OpenAI released GPT-4o", "its ID.4 crossover", "Chinese J-20 fighters".

The small model reads such codes as numbers, splits them ("737" CARDINAL + "MAX" ORG) or
passes them by, and no list can hold every model of every maker. A code's shape alone
says little (COVID-19, G7, CO2, FY2025, U21 and M25 look the same), so a code is a
product only with a cue next to it: its maker's name before it, which joins the name as
OntoNotes writes it ("Boeing 757"); an owner ("its", "whose", "Russian", "Sony's"); a
product noun after or before it ("K9 howitzers", "the pill CT-996"); a launch verb
before it ("released GPT-5.5"); or a model's tier after it ("737 MAX"). What the model
made of the same words gives way, unless it is an event, a law or a facility."""

from __future__ import annotations

import re
from collections.abc import Sequence

from worker.facts import context
from worker.facts.code_shapes import CODE, is_code, short_code
from worker.facts.dates import MONTHS
from worker.facts.gates import lower_words
from worker.facts.heads import NUMBER_FOLLOWERS, TIERS
from worker.facts.known_names import KNOWN_ORGS
from worker.facts.known_products import KNOWN_PRODUCTS
from worker.facts.lexicon import (
    COUNTRIES,
    DEMONYMS,
    ORG_KEYWORDS,
    words,
)
from worker.facts.makers import MAKERS
from worker.facts.spans import Mention, Occupancy, in_place_of

_TWO_WORD_MAKERS = frozenset(m for m in MAKERS if " " in m)

_OWNER_BEFORE = re.compile(
    r"(?:\b(?:its|their|whose)|['\u2019]s)\s+(?:(?:new|latest|first|upcoming|next|own|flagship"
    r"|older|newest|cheaper|cheapest|top|best-selling)\s+)?$"
)
_LAUNCH_BEFORE = re.compile(
    r"\b(?:released|releases|release|launched|launches|launch|unveiled|unveils|unveil"
    r"|introduced|introduces|debuted|debuts|rolled\s+out|rolls\s+out|shipped|ships)"
    r"\s+(?:(?:the|a|an|its|their)\s+)?(?:(?:new|latest|first|upcoming)\s+)?$"
)
# A model's tier after its code, and the tier's number ("737" + " MAX 8", "A350" + " XWB").
_TIER_AFTER = re.compile(rf"\s+(?:{TIERS}|XWB|EV)(?:\s+\d{{1,2}})?(?![\w-])")
# Capitalized words after a code that are part of its name ("F-150 Lightning",
# "F/A-18 Super Hornet", "737-8200 Gamechanger"): at most two, and no day, month,
# place, people or known organization.
_NAME_WORD_AFTER = re.compile(r"\s+(?P<word>[A-Z][a-z]+)(?![\w'\u2019&.-]|\.[A-Za-z])")
_NOT_NAME_WORDS = words(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An And Or But In On At "
    "For To From With By Of As"
) | frozenset(m.capitalize() for m in MONTHS)
# "Model 3", "Model Y": a model named by a digit or a letter after "Model".
_MODEL_WORD = re.compile(r"(?<![\w-])Model\s+[A-Z0-9](?![\w'\u2019-]|[.,]\d)")
# An amount after a name ("Meta 800 million"); a plural after it is _counted()'s.
_COUNTED = re.compile(rf"\s+(?i:{NUMBER_FOLLOWERS})\b")
# The product noun right after a short code ("M4 processor"; not "M4 motorway").
_NOUN_RIGHT_AFTER = re.compile(rf"\s+(?:{context.PRODUCT_NOUNS})\b", re.I)
_SPACES_BEFORE = re.compile(r"\s+$")
_PLURAL_AFTER = re.compile(r"\s+[a-z]+s\b")
# Labels a code's product mention does not override.
_KEPT_LABELS = frozenset({"EVENT", "LAW", "FAC"})
_OWNER_LABELS = frozenset({"ORG", "GPE", "NORP"})


def _maker_before(paragraph: str, start: int) -> int | None:
    """Where the maker's name right before ``start`` starts (only spaces between), else
    None: the last one or two words before it looked up, no pattern tried at each place."""
    before = paragraph[max(start - 24, 0) : start]
    stripped = before.rstrip()
    tokens = stripped.split()
    if len(stripped) == len(before) or not tokens:
        return None
    base = start - len(before)
    if len(tokens) >= 2 and f"{tokens[-2]} {tokens[-1]}" in _TWO_WORD_MAKERS:
        at = base + stripped.rfind(tokens[-2], 0, len(stripped) - len(tokens[-1]))
    elif tokens[-1] in MAKERS:
        at = base + len(stripped) - len(tokens[-1])
    else:
        return None
    # A word the window cut is no maker's name ("XBoeing").
    return at if at == 0 or paragraph[at - 1].isspace() else None


def _extent(paragraph: str, end: int, names: frozenset[int]) -> int:
    """Where the name that starts with a code ending at ``end`` ends: a tier ("737" +
    " MAX 8"), then up to two capitalized words of the name."""
    tier = _TIER_AFTER.match(paragraph, end)
    if tier is not None:
        end = tier.end()
    # A name the model found after the code (``names``: where each starts) is its own
    # ("a Boeing 737 Alaska Airlines flight").
    for _ in range(2):
        word = _NAME_WORD_AFTER.match(paragraph, end)
        if word is None or word.start("word") in names:
            break
        text = word["word"]
        if (
            text in _NOT_NAME_WORDS
            or text in KNOWN_ORGS
            or text in COUNTRIES
            or text.lower() in DEMONYMS
        ):
            break
        end = word.end()
    return end


def _counted(paragraph: str, end: int) -> bool:
    """Whether a number ending at ``end`` counts what follows it: a scale, unit or
    currency, or a plural no product noun names ("150 jobs", not "757 jets")."""
    if _COUNTED.match(paragraph, end) is not None:
        return True
    plural = _PLURAL_AFTER.match(paragraph, end)
    return plural is not None and not context.product_noun_near(paragraph, end, end)


def _named_model(paragraph: str, end: int) -> bool:
    """Whether a tier or a known product's name follows a model number ("737" + " MAX",
    "787" + " Dreamliner")."""
    if _TIER_AFTER.match(paragraph, end) is not None:
        return True
    word = _NAME_WORD_AFTER.match(paragraph, end)
    return word is not None and word["word"] in KNOWN_PRODUCTS


def _possible(paragraph: str, match: re.Match[str], maker: int | None) -> bool:
    """Whether a code's shape, and its maker or the words after it, leave it a model: the
    cheap half of the tests, before anything is built for the paragraph (most numbers in
    a text are counts: "300 people")."""
    end = match.end()
    if match["number"] is not None:
        return maker is not None or _named_model(paragraph, end)
    return is_code(match) or (
        short_code(match)
        and (
            maker is not None
            or _NOUN_RIGHT_AFTER.match(paragraph, end) is not None
            # "its S4 electric air taxi", "K2 Black Panther tanks", "the R2, a smaller
            # sport utility vehicle"
            or context.noun_after(paragraph, extent := _extent(paragraph, end, frozenset()))
            or context.noun_in_apposition(paragraph, extent)
        )
    )


def _cued(paragraph: str, match: re.Match[str], owners: frozenset[int]) -> bool:
    """Whether the words around a code say it is a product; ``owners`` holds where each
    organization, place or people the model found ends."""
    start, end = match.span()
    if match["number"] is not None:  # a number alone is a model only by what follows
        return _named_model(paragraph, end)
    if match["plural"] or match["code"] in KNOWN_PRODUCTS:  # "the older 737-800s"
        return True
    before = paragraph[max(start - 40, 0) : start]
    if (
        _OWNER_BEFORE.search(before)
        or _LAUNCH_BEFORE.search(before)
        or _TIER_AFTER.match(paragraph, end) is not None
        or context.product_noun_near(paragraph, start, end)
        or context.noun_in_apposition(paragraph, _extent(paragraph, end, frozenset()))
    ):
        return True
    # A country's, people's or company's code ("Russian Kh-101", "a Qantas A380"); a
    # score after a side's name ("the Miami Heat 112-104") is none.
    if match["variant"] is not None:
        return False
    spaces = _SPACES_BEFORE.search(paragraph, max(start - 8, 0), start)
    return spaces is not None and spaces.start() in owners


def model_codes(paragraph: str, found: Sequence[Mention]) -> list[tuple[int, int]]:
    """[start, end) of each product named by a model code, its maker's name in it.
    Linear in the paragraph and the mentions: each is looked up, never scanned for."""
    candidates = [
        (match, maker)
        for match in CODE.finditer(paragraph)
        if _possible(paragraph, match, maker := _maker_before(paragraph, match.start()))
    ]
    named = named_models(paragraph)
    made = maker_models(paragraph, lower_words(paragraph))
    if not candidates and not named and not made:
        return []  # most paragraphs: nothing below is built for them
    owners = frozenset(m.end for m in found if m.label in _OWNER_LABELS)
    names = frozenset(m.start for m in found if m.label != "PRODUCT")
    # What a code's name may not take or cut: an event, a law or a facility; and what
    # it need not find again: a product as long as it or longer.
    kept = Occupancy(len(paragraph))
    products = Occupancy(len(paragraph))
    for m in found:
        if m.label in _KEPT_LABELS:
            kept.claim(m.start, m.end)
        elif m.label == "PRODUCT":
            products.claim(m.start, m.end)
    taken = Occupancy(len(paragraph))
    out: list[tuple[int, int]] = []
    for match, maker in candidates:
        start, code_end = match.span()
        if maker is None and not _cued(paragraph, match, owners):
            continue
        if maker is not None and match["number"] is not None and _counted(paragraph, code_end):
            continue  # "Meta 800 million", "Ford 150 jobs": an amount after a name
        if maker is not None:
            start = maker
        end = _extent(paragraph, code_end, names)
        if not taken.free(start, end) or not kept.free(start, end):
            continue
        if products.covered(start, end):
            continue  # a product already, as long as this or longer
        taken.claim(start, end)
        out.append((start, end))
    # "Model S" the model found as a name is left as it is; a maker's model before a
    # product noun is a product whatever the model said ("GMC Sierra pickups").
    firms = {(m.start, m.end) for m in found if m.label in {"ORG", "PERSON"}}
    for start, end in named:
        if taken.free(start, end) and kept.free(start, end) and (start, end) not in firms:
            taken.claim(start, end)
            out.append((start, end))
    for start, end in made:
        if taken.free(start, end) and kept.free(start, end) and not products.covered(start, end):
            taken.claim(start, end)
            out.append((start, end))
    return sorted(out)


# A maker, then the capitalized words of a model's name, then what it is: "Saab Gripen E
# fighter jets", "Chevrolet Silverado and GMC Sierra pickups". Without the noun the words
# after a maker name its companies as often ("Volvo Cars", "Samsung Biologics").
_NAMED_AFTER_MAKER = re.compile(r"(?:\s+(?:[A-Z][\w-]*|\d{1,2}[a-z]{0,2})(?![\w'\u2019&.-])){1,3}")
_AND_MAKER = re.compile(r"\s+(?:and|or)\s+(?=[A-Z])")


def _makers_by_key() -> dict[str, tuple[str, ...]]:
    """The makers by their first word in lower case (a word gates.lower_words reads)."""
    found: dict[str, list[str]] = {}
    for maker in sorted(MAKERS):
        found.setdefault(maker.split()[0].lower(), []).append(maker)
    return {key: tuple(names) for key, names in found.items()}


_MAKERS_BY_KEY = _makers_by_key()
_MAKER_KEYS = frozenset(_MAKERS_BY_KEY)
# Words that end a company's name, not a model's ("Hyundai Motor", "Meta Platforms").
_COMPANY_NAME_WORDS = frozenset(w.capitalize() for w in ORG_KEYWORDS) | words(
    """
    Motor Cars Trucks Electronics Biologics Energy Financial Capital Aerospace Defence
    Defense Aviation Automotive Platforms Semiconductor Semiconductors Cloud Research
    Labs Health Pharma Entertainment Studios Games Mobility Marine Rail Power Robotics
    """
)


def _model_words(paragraph: str, end: int) -> int | None:
    """Where the capitalized words of a model's name after a maker's name ending at
    ``end`` end, or None: no company's word, place, people, month or known organization
    among them."""
    found = _NAMED_AFTER_MAKER.match(paragraph, end)
    if found is None:
        return None
    for word in found.group().split():
        if (
            word in _COMPANY_NAME_WORDS
            or word in _NOT_NAME_WORDS
            or word in KNOWN_ORGS
            or word in MAKERS
            or word in COUNTRIES
            or word.lower() in DEMONYMS
        ):
            return None
    return found.end()


def maker_models(paragraph: str, lowered: frozenset[str]) -> list[tuple[int, int]]:
    """[start, end) of each model named by its maker and capitalized words before a
    product noun ("Saab Gripen E fighter jets"), or before another such name and one
    ("Chevrolet Silverado and GMC Sierra pickups"); ``lowered`` is the paragraph's
    lowercase words (gates.lower_words)."""
    if not context.has_product_nouns(paragraph):
        return []
    keys = _MAKER_KEYS & lowered
    spans: list[tuple[int, int]] = []
    for maker in (m for key in keys for m in _MAKERS_BY_KEY[key]):
        at = paragraph.find(maker)
        while at != -1:
            after = at + len(maker)
            if at == 0 or not (paragraph[at - 1].isalnum() or paragraph[at - 1] in "-&"):
                end = _model_words(paragraph, after)
                if end is not None:
                    spans.append((at, end))
            at = paragraph.find(maker, after)
    out: list[tuple[int, int]] = []
    follows: int | None = None  # the start of the last name kept, read from the end
    for start, end in sorted(spans, reverse=True):
        joined = _AND_MAKER.match(paragraph, end)
        if context.noun_after(paragraph, end) or (joined is not None and joined.end() == follows):
            out.append((start, end))
            follows = start
    return sorted(out)


def named_models(paragraph: str) -> list[tuple[int, int]]:
    """[start, end) of each model named by a digit or a letter after "Model" ("Model 3",
    "Tesla Model Y"), its maker's name in it."""
    out: list[tuple[int, int]] = []
    if "Model" not in paragraph:
        return out
    for match in _MODEL_WORD.finditer(paragraph):
        start = match.start()
        maker = _maker_before(paragraph, start)
        out.append((start if maker is None else maker, match.end()))
    return out


def with_model_codes(paragraph: str, found: Sequence[Mention]) -> list[Mention]:
    """``found`` with each product named by a model code a PRODUCT mention: the mentions
    inside its name give way to it. A product the model made of a code of something else
    ("CO2", "Q3", "A1", "K-12") is dropped."""
    kept = [
        m
        for m in found
        if m.label != "PRODUCT"
        or not _other_code(m.text)
        or _NOUN_RIGHT_AFTER.match(paragraph, m.end) is not None
    ]
    return in_place_of(paragraph, kept, model_codes(paragraph, kept), "PRODUCT")


def _other_code(text: str) -> bool:
    match = CODE.fullmatch(text)
    return match is not None and match["prefix"] is not None and not is_code(match)
