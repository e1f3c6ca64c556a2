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
from worker.facts.heads import NUMBER_FOLLOWERS, TIERS
from worker.facts.known_names import KNOWN_ORGS
from worker.facts.known_products import KNOWN_PRODUCTS
from worker.facts.lexicon import (
    COUNTRIES,
    DEMONYMS,
    words,
)
from worker.facts.spans import Mention, Occupancy, in_place_of

# Makers whose name joins their model's ("Boeing 757", "Lockheed Martin F-35A"): the
# makers of aircraft, cars, weapons, devices and AI models. An airline or a buyer before
# a code is an owner, not part of the name ("a Qantas A380").
MAKERS = words(
    """
    Airbus Boeing Embraer Bombardier Comac Cessna Gulfstream Dassault Saab Sukhoi MiG
    Tupolev Ilyushin Antonov Mitsubishi Kawasaki Lockheed Northrop Raytheon Leonardo
    Sikorsky Bell Textron Rheinmetall Hanwha Hyundai Kia Toyota Lexus Honda Nissan Mazda
    Subaru Suzuki Ford Chevrolet Chevy GMC Cadillac Jeep Dodge Chrysler Tesla Rivian
    Lucid BMW Audi Mercedes Mercedes-Benz Porsche Volkswagen VW Skoda SEAT Cupra Renault
    Peugeot Citroen Fiat Volvo Polestar Jaguar Ferrari Lamborghini Maserati McLaren
    Bentley BYD Geely Nio NIO Xpeng XPeng Zeekr Xiaomi Huawei Apple Samsung Google Sony
    Nintendo Microsoft Nokia Motorola OnePlus Oppo Vivo Honor Lenovo Dell HP Asus Acer
    Nvidia AMD Intel Qualcomm Arm OpenAI Anthropic Meta Alibaba DeepSeek Mistral DJI
    Canon Nikon Fujifilm Panasonic LG Dyson SpaceX Rolls-Royce Siemens Alstom
    """
) | {"Lockheed Martin", "Northrop Grumman", "General Dynamics", "Land Rover", "Aston Martin"}
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
        and (maker is not None or _NOUN_RIGHT_AFTER.match(paragraph, end) is not None)
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
    if not candidates and not named:
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
    firms = {(m.start, m.end) for m in found if m.label in {"ORG", "PERSON"}}
    for start, end in named:
        if taken.free(start, end) and kept.free(start, end) and (start, end) not in firms:
            taken.claim(start, end)
            out.append((start, end))
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
