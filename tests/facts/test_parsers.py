"""Table-driven tests of the pattern finders that need no model."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker.facts.dates import find_dates, parse_date
from worker.facts.measures import find_percent, find_quantity, parse_percent, parse_quantity
from worker.facts.money import find_money, parse_money
from worker.facts.numbers import parse_number
from worker.facts.timestamps import reference_date

REF = date(2024, 11, 8)  # a Friday


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("387 million", 387e6),
        ("2.5bn", 2.5e9),
        ("40,000", 40000),
        ("forty-two", 42),
        ("1.2 trillion", 1.2e12),
        ("500 crore", 5e9),
        ("3 lakh", 3e5),
        ("twelve", 12),
        ("Rs 500", None),
        ("million", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("$387 million", 387_000_000, "USD"),
        ("€2.5bn", 2_500_000_000, "EUR"),
        ("1.2 trillion rubles", 1_200_000_000_000, "RUB"),
        ("USD 40,000", 40_000, "USD"),
        ("£3m", 3_000_000, "GBP"),
        ("¥100 billion", 100_000_000_000, "JPY"),
        ("Rs 500 crore", 5_000_000_000, "INR"),
        ("40,000 dollars", 40_000, "USD"),
        ("US$12.5 billion", 12_500_000_000, "USD"),
        ("C$300", 300, "CAD"),
        ("five million Canadian dollars", 5_000_000, "CAD"),
        ("2,000 euros", 2_000, "EUR"),
        ("EUR 3.5 million", 3_500_000, "EUR"),
        ("100 million yuan", 100_000_000, "CNY"),
        ("9.1 trillion won", 9_100_000_000_000, "KRW"),
        ("$5-billion", 5_000_000_000, "USD"),
        ("3 billion Belarusian rubles", 3_000_000_000, "BYN"),
    ],
)
def test_parse_money(text: str, value: float, unit: str) -> None:
    assert parse_money(text) == (value, unit)


@pytest.mark.parametrize(
    "text",
    ["the company won 3 races", "in 2025 prices", "$ signs", "12 percent", "rs. of the text"],
)
def test_no_money(text: str) -> None:
    assert find_money(text) == []


def test_money_range_gives_both_ends() -> None:
    values = [f.fields["value"] for f in find_money("between $1.2bn-$1.5bn this year")]
    assert values == [1_200_000_000, 1_500_000_000]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2025", "2025"),
        ("8 November 2024", "2024-11-08"),
        ("November 8, 2024", "2024-11-08"),
        ("Nov. 8, 2024", "2024-11-08"),
        ("8th of November 2024", "2024-11-08"),
        ("2024-11-08", "2024-11-08"),
        ("March 2023", "2023-03"),
        ("this year", "2024"),
        ("last year", "2023"),
        ("next year", "2025"),
        ("yesterday", "2024-11-07"),
        ("today", "2024-11-08"),
        ("tomorrow", "2024-11-09"),
        ("last Tuesday", "2024-11-05"),
        ("next Tuesday", "2024-11-12"),
        ("next month", "2024-12"),
        ("last month", "2024-10"),
        ("earlier this month", "2024-11"),
        ("two years ago", "2022"),
        ("three days ago", "2024-11-05"),
        ("this week", "2024-W45"),
        ("mid-2025", "2025"),
        ("this morning", "2024-11-08"),
        ("8 November", "2024-11-08"),
        ("May 5", "2024-05-05"),
    ],
)
def test_parse_date(text: str, value: str) -> None:
    assert parse_date(text, REF) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The vote took place on Monday.", "2024-11-04"),
        ("The parliament will vote on Monday.", "2024-11-11"),
        ("It has been held there since 2010.", "2010"),
        ("Prices rose in March.", "2024-03"),
    ],
)
def test_dates_in_sentences(text: str, value: str) -> None:
    assert [f.fields["value"] for f in find_dates(text, REF)] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "the 1990s",
        "$2025 in cash",
        "2,025 people",
        "the past year",
        "he may go",
        "2025 people",
        "the 2024-25 season",
        "35 years",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, REF) == []


def test_relative_dates_unresolved_without_reference() -> None:
    found = find_dates("this year and yesterday, but 8 November 2024 is absolute", None)
    assert [f.fields for f in found] == [
        {"type": "date", "text": "this year", "value": None, "resolved": False},
        {"type": "date", "text": "yesterday", "value": None, "resolved": False},
        {"type": "date", "text": "8 November 2024", "value": "2024-11-08"},
    ]


def test_dates_never_invent_a_month_or_day() -> None:
    values = [f.fields["value"] for f in find_dates("in 2025 and in March 2023", REF)]
    assert values == ["2025", "2023-03"]


@pytest.mark.parametrize(
    ("published", "fetched", "expected"),
    [
        ("2024-11-08T10:00:00Z", None, date(2024, 11, 8)),
        (None, "2024-11-09T23:59:59+03:00", date(2024, 11, 9)),
        ("2024-11-08", "2023-01-01T00:00:00Z", date(2024, 11, 8)),
        ("not a date", "2024-01-02T00:00:00Z", date(2024, 1, 2)),
        (None, None, None),
    ],
)
def test_reference_date(published: str | None, fetched: str | None, expected: date | None) -> None:
    assert reference_date(published, fetched) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12%", 12),
        ("12 percent", 12),
        ("3.5 per cent", 3.5),
        ("-0.4%", -0.4),
        ("twelve percent", 12),
        ("7.5 pct", 7.5),
        ("12-percent", 12),
        ("4.5pc", 4.5),
    ],
)
def test_parse_percent(text: str, value: float) -> None:
    assert parse_percent(text) == value


def test_percentage_points_are_a_quantity() -> None:
    assert find_percent("up 2.5 percentage points") == []
    assert parse_quantity("2.5 percentage points") == (2.5, "percentage point")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("300 km", 300, "km"),
        ("300-km", 300, "km"),
        ("5,000 tonnes", 5000, "t"),
        ("12 people", 12, "people"),
        ("1.5 million people", 1_500_000, "people"),
        ("200 MW", 200, "MW"),
        ("500,000 barrels per day", 500_000, "barrel/day"),
        ("48.8 degrees Celsius", 48.8, "°C"),
        ("40,000 acres", 40_000, "acre"),
        ("200 km/h", 200, "km/h"),
        ("400m", 400, "m"),
        ("Ten people", 10, "people"),
        ("491 millimetres", 491, "mm"),
    ],
)
def test_parse_quantity(text: str, value: float, unit: str) -> None:
    assert parse_quantity(text) == (value, unit)


@pytest.mark.parametrize("text", ["14 years", "3 M", "a few people", "the 5 G network"])
def test_not_quantities(text: str) -> None:
    assert find_quantity(text) == []


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_with_separators_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@given(st.text(max_size=300))
def test_finders_never_raise(text: str) -> None:
    find_money(text)
    find_dates(text, REF)
    find_dates(text, None)
    find_percent(text)
    find_quantity(text)


@pytest.mark.parametrize(
    ("published_at", "fetched_at", "expected"),
    [
        ("2024-11-08T10:00:00+03:00", None, "2024-11-08"),
        ("2024-11-08T23:30:00-05:00", None, "2024-11-08"),
        ("2024-11-08", None, "2024-11-08"),
        ("Fri, 08 Nov 2024 10:00:00 +0300", None, "2024-11-08"),
        ("not a date", "2024-01-02T00:00:00Z", "2024-01-02"),
        ("not a date", None, None),
        (None, None, None),
    ],
)
def test_reference_date_formats(
    published_at: str | None, fetched_at: str | None, expected: str | None
) -> None:

    found = reference_date(published_at, fetched_at)
    assert (found.isoformat() if found else None) == expected
