"""Products named by a model code ("Airbus A350-900", "the 737 MAX 8", "Tesla Model Y"),
and the codes of other things written the same way ("COVID-19", "CO2", "Q3", "M25"),
which stay what they are."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker.facts import code_shapes, model_codes
from worker.facts.mentions import Span, mentions_of
from worker.facts.spans import Mention


def _spans(paragraph: str, *model: tuple[str, str]) -> list[Span]:
    """What the model proposed: each (text, label) at its first place in the paragraph."""
    out = []
    for text, label in model:
        start = paragraph.index(text)
        out.append((start, start + len(text), label, text))
    return sorted(out)


def _products(paragraph: str, *model: tuple[str, str]) -> list[str]:
    found = mentions_of(paragraph, _spans(paragraph, *model))
    return [m.text for m in found if m.label == "PRODUCT"]


@pytest.mark.parametrize(
    ("paragraph", "model", "expected"),
    [
        # The model splits a code into a number and an organization.
        (
            "Boeing's 737 MAX 8, which uses a different door plug, was not affected.",
            [("Boeing", "ORG"), ("737", "CARDINAL"), ("MAX", "ORG"), ("8", "CARDINAL")],
            ["737 MAX 8"],
        ),
        # The maker's name joins its model's.
        (
            "IndiGo placed an order for 30 Airbus A350-900 wide-body jets.",
            [("IndiGo", "ORG"), ("Airbus", "ORG"), ("A350", "PRODUCT")],
            ["Airbus A350-900"],
        ),
        (
            "Germany's first Lockheed Martin F-35A fighter jets arrived.",
            [("Germany", "GPE"), ("Lockheed", "ORG"), ("Martin", "PRODUCT")],
            ["Lockheed Martin F-35A"],
        ),
        ("Qantas replaced a Boeing 787 on the route.", [("Qantas", "ORG")], ["Boeing 787"]),
        # A launch verb, an owner, a product noun, a tier or a plural says it is a model.
        ("OpenAI released GPT-5.5 on Thursday.", [("OpenAI", "ORG")], ["GPT-5.5"]),
        ("Demand for its ID.4 crossover weakened.", [], ["ID.4"]),
        ("The automaker recalled 400,000 F-150 Lightning pickups.", [], ["F-150 Lightning"]),
        ("Hanwha will build K9 howitzers in Poland.", [("Hanwha", "ORG")], ["K9"]),
        ("Ukraine shot down a Russian Kh-101 over Kyiv.", [("Russian", "NORP")], ["Kh-101"]),
        ("Patients took the pill CT-996 for a year.", [], ["CT-996"]),
        ("It burns less fuel than the older 737-800s in the fleet.", [], ["737-800s"]),
        ("Deliveries of 787 Dreamliner jets resumed.", [], ["787 Dreamliner"]),
        ("Apple's M4 processor and its A18 chip are faster.", [("Apple", "ORG")], ["M4", "A18"]),
        ("Sales of the BMW X5 rose.", [("BMW", "ORG")], ["BMW X5"]),
        # A model named after "Model", its maker's name before it.
        ("Sales of the Model 3 and the Tesla Model Y slowed.", [], ["Model 3", "Tesla Model Y"]),
        # A maker, a model's capitalized name and what it is; two of them joined by "and".
        (
            "Ukraine may buy 150 Saab Gripen E fighter jets.",
            [("Ukraine", "GPE"), ("Saab Gripen", "ORG")],
            ["Saab Gripen E"],
        ),
        (
            "GM is recalling Chevrolet Silverado and GMC Sierra pickups.",
            [("GM", "ORG"), ("Chevrolet", "ORG"), ("GMC Sierra", "ORG")],
            ["Chevrolet Silverado", "GMC Sierra"],
        ),
    ],
)
def test_models_named_by_a_code(
    paragraph: str, model: list[tuple[str, str]], expected: list[str]
) -> None:
    assert _products(paragraph, *model) == expected


@pytest.mark.parametrize(
    ("paragraph", "model"),
    [
        ("COVID-19 vaccines and CO2 emissions were discussed by G7 partners.", []),
        ("Traffic on the M25 motorway and the A1 road stopped; the U21 side lost.", []),
        ("Apple's Q3 revenue rose and its H1 sales and its FY2025 guidance beat forecasts.", []),
        ("The Miami Heat beat the Boston Celtics 112-104 on Tuesday.", [("Miami Heat", "ORG")]),
        ("Ford 150 jobs, Boeing 300 workers and Meta 800 million euros.", []),
        ("K-12 schools and Article 5 and the H5N1 bird flu and PM2.5 levels.", []),
        ("Tesla CEO Elon Musk said Toyota Motor and Samsung Electronics rose.", []),
        ("Kristen Bell and Michael Dell toured Ford Field and Porsche AG.", []),
        # A maker's name before a name is no model by itself, nor before a company's
        # word with a product noun after it.
        ("Volvo Cars and Samsung Biologics hired; the Sony Music label sold.", []),
        ("Hyundai Motor cars and Samsung Electronics chips and Volvo Cars trucks sold.", []),
        ("Azerbaijan's COP29 and Britain's HS2 and India's T20 side.", []),
        ("The 2024 election, the 747 jobs and their 500 stores.", []),
        # The model's products that are codes of something else are dropped.
        (
            "CO2 emissions rose in Q3 on the A1.",
            [("CO2", "PRODUCT"), ("Q3", "PRODUCT"), ("A1", "PRODUCT")],
        ),
    ],
)
def test_codes_of_other_things_are_no_products(
    paragraph: str, model: list[tuple[str, str]]
) -> None:
    assert _products(paragraph, *model) == []


def test_a_code_does_not_override_an_event_or_a_law() -> None:
    paragraph = "Talks at COP29 and under Section 230 released F-35 jets."
    found = [
        Mention(9, 14, "COP29", "EVENT"),
        Mention(25, 36, "Section 230", "LAW"),
    ]
    kept = model_codes.with_model_codes(paragraph, found)
    assert [(m.text, m.label) for m in kept] == [
        ("COP29", "EVENT"),
        ("Section 230", "LAW"),
        ("F-35", "PRODUCT"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A350-900", True),
        ("GPT-4o", True),
        ("ID.4", True),
        ("F/A-18", True),
        ("Hayabusa2", True),
        ("Sentinel-2C", True),
        ("K9", False),  # a short code: a maker or a product noun makes it a model
        ("F-16", True),
        ("COVID-19", False),
        ("G7", False),
        ("G-20", False),
        ("Q3", False),
        ("M25", False),
        ("U21", False),
        ("K-12", False),
        ("FY2025", False),
        ("Euro2024", False),
        ("CO2", False),
    ],
)
def test_the_shape_of_a_model_code(text: str, expected: bool) -> None:
    assert code_shapes.model_code(text) is expected


_TOKENS = [
    "Boeing",
    "Airbus",
    "737",
    "MAX",
    "8",
    "A350-900",
    "its",
    "the",
    "released",
    "GPT-4o",
    "jets",
    "howitzers",
    "K9",
    "COVID-19",
    "CO2",
    "Q3",
    "Nintendo",
    "DS",
    "Model",
    "3",
    "Lockheed",
    "Martin",
    "F-35A",
    "Lightning",
    ",",
    ".",
    "and",
    "737-800s",
    "Ford",
    "150",
]


@given(st.lists(st.sampled_from(_TOKENS), max_size=14), st.data())
def test_code_products_are_exact_spans_apart(tokens: list[str], data: st.DataObject) -> None:
    paragraph = " ".join(tokens)
    # Whatever the model proposed before: a few words of the paragraph, any label.
    found: list[Mention] = []
    at = 0
    for token in tokens:
        start = paragraph.index(token, at)
        at = start + len(token)
        if data.draw(st.booleans()):
            label = data.draw(st.sampled_from(["ORG", "PRODUCT", "GPE", "EVENT", "CARDINAL"]))
            found.append(Mention(start, at, token, label))
    spans = model_codes.model_codes(paragraph, found)
    assert spans == sorted(spans)
    for (_, end), (next_start, _) in itertools.pairwise(spans):
        assert end <= next_start
    for start, end in spans:
        assert 0 <= start < end <= len(paragraph)
        assert paragraph[start:end] == paragraph[start:end].strip()
    kept = model_codes.with_model_codes(paragraph, found)
    for mention in kept:
        assert paragraph[mention.start : mention.end] == mention.text
    for first, second in itertools.pairwise(kept):
        assert first.start <= second.start
