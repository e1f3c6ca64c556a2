"""The shape of a model code ("A350-900", "GPT-4o", "K9", "737-800s") and the codes of
other things written the same way ("COVID-19", "G7", "CO2", "Q3", "M25", "U21", "K-12"),
read by the rules that make products of codes (worker.facts.model_codes,
worker.facts.context)."""

from __future__ import annotations

import re

from worker.facts.lexicon import words

# One word that is a model code: letters then digits ("A350-900", "F-35A", "GPT-4o",
# "GPT-5.5", "ID.4", "Kh-101", "F/A-18"), a word then a number ("Hayabusa2",
# "Sentinel-2C"), a model number with its variant ("737-800s", "737-8200"), or a model
# number alone ("787"), which needs its maker before it or its tier after it.
# The two lookaheads first: most places in a text are no capital or digit, and most
# capitalized words hold no digit (a third of the scan's time).
CODE = re.compile(
    r"(?=[A-Z1-9])(?=[\w./-]{0,21}\d)(?<![\w./&'\u2019$\u00a3\u20ac-])"
    r"(?P<code>(?P<prefix>[A-Z](?:/[A-Z])?[A-Za-z]{0,3}|[A-Z][a-z]{2,19})(?P<dash>[-.]?)\d{1,4}"
    r"(?:[-.]\d{1,4})?[A-Za-z]{0,3}"
    r"|(?P<variant>[1-9]\d{2}-\d{3,4})(?P<plural>s?)"
    r"|(?P<number>[1-9]\d{2}))"
    r"(?![\w/&%-]|[.,]\d)"
)
# Prefixes that are no product's: illnesses and compounds, parts of a year, flights,
# numbered rules and grades.
_NOT_PREFIXES = frozenset(
    p.lower()
    for p in words(
        """
        COVID SARS MERS HIV GLP IL PD CO NO SO PM CH Type Phase Stage Level Class Grade
        Category Cat Article Section Title Chapter Room Gate Terminal Flight Route FY MH
        BA AA UA DL LH AF EK QR Top Vision Euro Web Gen Tier Year Week Day Group COP HS
        """
    )
)
# A single letter before one or two digits and no dash is a model only with its maker's
# name before it or a product noun after it ("BMW X5", "M4 processor"; not "the M25",
# "A1", "G7", "Q3", "H1", "U21", "F1", "K2", "T20"): short_code(). With a dash, any
# letter but those of groups, quarters, sides and grades ("F-16", "B-52", "J-20"; not
# "G-20", "U-17", "K-12").
_DASH_NOT_LETTERS = frozenset("GPEQHUK")
_YEAR = re.compile(r"(?:19|20)\d\d")
GROUP_LETTERS = frozenset("GPEQHU")


def is_code(match: re.Match[str]) -> bool:
    """Whether a CODE match has the shape of a model's code, not of a disease, a group,
    a quarter, a road, a side or a grade."""
    code, prefix = match["code"], match["prefix"]
    if prefix is None:  # a model number: "737-800s" here, "787" only with a cue
        return True
    digits = sum(c.isdigit() for c in code)
    if len(prefix) > 1:
        # A year after a word is no model ("Euro2024", "Vision2030").
        return prefix.lower() not in _NOT_PREFIXES and not (
            prefix.isalpha() and digits == 4 and _YEAR.search(code) is not None
        )
    if digits >= 3:
        return True
    return bool(match["dash"]) and prefix not in _DASH_NOT_LETTERS


def short_code(match: re.Match[str]) -> bool:
    """Whether a CODE match that is_code() refuses is one letter and one or two digits
    that its maker's name before it or a product noun right after it can still make a
    model ("BMW X5", "M4 processor"): not a group's, a quarter's, a half-year's or a
    side's letter."""
    prefix = match["prefix"]
    return (
        prefix is not None
        and len(prefix) == 1
        and not match["dash"]
        and prefix not in GROUP_LETTERS
        and sum(c.isdigit() for c in match["code"]) <= 2
    )


def model_code(text: str) -> bool:
    """Whether ``text`` is one model code, whole."""
    match = CODE.fullmatch(text)
    return match is not None and match["number"] is None and is_code(match)


# Illnesses named before what protects from them ("the Covid-19 vaccines", "an Ebola
# vaccine"): no product's name.
_ILLNESSES = words(
    """
    covid covid-19 sars-cov-2 ebola mpox measles malaria polio cholera dengue zika rsv hiv
    influenza flu h5n1 marburg hepatitis tuberculosis
    """
)


def illness(text: str) -> bool:
    """Whether a name is an illness's ("Covid-19", "Ebola"), or opens with its code."""
    lowered = text.lower()
    return lowered in _ILLNESSES or lowered.split("-", 1)[0] in _NOT_PREFIXES
