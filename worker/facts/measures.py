"""Percentages and measured quantities: a number with a unit."""

from __future__ import annotations

import re
from collections.abc import Iterator

from worker.facts.alternation import alternation
from worker.facts.gates import fold, matches_from
from worker.facts.numbers import NUMBER, as_number, number_starts, parse_number
from worker.facts.spans import Found

_SIGN = re.compile(r"[-\u2212\u2013]")
_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[a-z]", re.I)
_PERCENT = re.compile(
    rf"(?<![\w.,])(?P<sign>[-\u2212\u2013]\s?)?(?P<num>{NUMBER})(?:\s?%|[\s-]?(?:percent|per\s+cent|pct|pc)\b)"
    r"(?!\s+points?\b)",
    re.I,
)

# Canonical unit per spelling. Counts of people are quantities too (unit is the noun),
# since casualty and headcount figures are among the facts readers look for.
UNITS: dict[str, str] = {
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometer": "km",
    "miles": "mi",
    "mile": "mi",
    "m": "m",
    "metres": "m",
    "meters": "m",
    "metre": "m",
    "meter": "m",
    "cm": "cm",
    "centimetres": "cm",
    "centimeters": "cm",
    "mm": "mm",
    "millimetres": "mm",
    "millimeters": "mm",
    "feet": "ft",
    "ft": "ft",
    "foot": "ft",
    "inches": "in",
    "kg": "kg",
    "kilograms": "kg",
    "kilogrammes": "kg",
    "grams": "g",
    "g": "g",
    "tonnes": "t",
    "tonne": "t",
    "tons": "t",
    "ton": "t",
    "metric tons": "t",
    "lb": "lb",
    "lbs": "lb",
    "barrels per day": "barrel/day",
    "bpd": "barrel/day",
    "barrels": "barrel",
    "barrel": "barrel",
    "bcm": "bcm",
    "cubic metres": "m3",
    "cubic meters": "m3",
    "litres": "l",
    "liters": "l",
    "gallons": "gal",
    "hectares": "ha",
    "ha": "ha",
    "acres": "acre",
    "square kilometres": "km2",
    "square kilometers": "km2",
    "sq km": "km2",
    "square metres": "m2",
    "square meters": "m2",
    "square feet": "sq ft",
    "kw": "kW",
    "mw": "MW",
    "gw": "GW",
    "kwh": "kWh",
    "mwh": "MWh",
    "gwh": "GWh",
    "twh": "TWh",
    "megawatts": "MW",
    "gigawatts": "GW",
    "km/h": "km/h",
    "mph": "mph",
    "knots": "kn",
    "degrees celsius": "°C",
    "°c": "°C",
    "degrees fahrenheit": "°F",
    "°f": "°F",
    "percentage points": "percentage point",
    "percentage point": "percentage point",
    "teu": "TEU",
    "people": "people",
    "persons": "people",
    "civilians": "civilians",
    "residents": "residents",
    "workers": "workers",
    "employees": "employees",
    "jobs": "jobs",
    "passengers": "passengers",
    "soldiers": "soldiers",
    "troops": "troops",
    "migrants": "migrants",
    "refugees": "refugees",
    "children": "children",
    "students": "students",
    "patients": "patients",
    "visitors": "visitors",
    "spectators": "spectators",
    "fans": "fans",
    "households": "households",
    "homes": "homes",
    "vehicles": "vehicles",
    "cars": "cars",
    "flights": "flights",
    "doses": "doses",
}

_UNIT_ALT = alternation(UNITS, space=r"\s+", fold=True)
_CASE_SENSITIVE = {"m", "g", "ha", "ft", "lb", "cm", "mm", "km"}
_QUANTITY = re.compile(
    rf"(?<![\w.,$€£¥])(?P<num>{NUMBER})(?:\s|-|\u00a0)?(?P<unit>(?i:{_UNIT_ALT}))(?![\w/])",
)


def _reportable(value: float) -> int | float | None:
    """as_number(value), or None for a value no fact may carry (inf, nan)."""
    try:
        return as_number(value)
    except (ArithmeticError, ValueError):
        return None


def scan_percent(text: str) -> Iterator[re.Match[str]]:
    """_PERCENT.finditer(text), tried only where it can match (worker.facts.gates): with a
    number and a percent sign or word, at the number or the sign before it."""
    folded = fold(text)
    if not ("%" in text or "pc" in folded or ("cent" in folded and "per" in folded)):
        return iter(())
    numbers = number_starts(folded)
    if not numbers:
        return iter(())
    starts = sorted([*numbers, *(m.start() for m in _SIGN.finditer(text))])
    return matches_from(_PERCENT, text, starts)


def scan_quantity(text: str) -> Iterator[re.Match[str]]:
    """_QUANTITY.finditer(text), tried at the numbers only."""
    return matches_from(_QUANTITY, text, number_starts(fold(text)))


def find_percent(text: str) -> list[Found]:
    found: list[Found] = []
    for match in scan_percent(text):
        value = parse_number(match.group("num"))
        if value is None:
            continue
        if match.group("sign"):
            value = -value
        number = _reportable(value)
        if number is None:
            continue
        found.append(
            Found(
                match.start(),
                match.end(),
                {"type": "percent", "text": match.group(0), "value": number},
            )
        )
    return found


def find_quantity(text: str) -> list[Found]:
    found: list[Found] = []
    for match in scan_quantity(text):
        raw_unit = match.group("unit")
        key = _SPACES.sub(" ", raw_unit.lower())
        # Short symbols ("m", "g") are only units when written as symbols, not words.
        if key in _CASE_SENSITIVE and raw_unit != key:
            continue
        number = match.group("num")
        value = parse_number(number)
        if value is None:
            continue
        if key == "m" and _LETTER.search(number):
            continue
        reported = _reportable(value)
        if reported is None:
            continue
        found.append(
            Found(
                match.start(),
                match.end(),
                {
                    "type": "quantity",
                    "text": match.group(0),
                    "value": reported,
                    "unit": UNITS[key],
                },
            )
        )
    return found


def parse_percent(text: str) -> int | float | None:
    items = find_percent(text.strip())
    if len(items) != 1:
        return None
    value = items[0].fields["value"]
    assert isinstance(value, int | float)
    return value


def parse_quantity(text: str) -> tuple[int | float, str] | None:
    items = find_quantity(text.strip())
    if len(items) != 1:
        return None
    value = items[0].fields["value"]
    unit = items[0].fields["unit"]
    assert isinstance(value, int | float) and isinstance(unit, str)
    return value, unit
