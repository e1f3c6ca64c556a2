"""Names labelled by their own words (worker.facts.heads), by the words around them
(worker.facts.context) and wire datelines (worker.facts.datelines): the rules, what they
must leave alone, and the spans of grown mentions on any text."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.facts import Extractor, context
from worker.facts.context import building_by_place, company_by_context, product_by_noun
from worker.facts.datelines import dateline
from worker.facts.entities import LABELS
from worker.facts.heads import grow, head_label
from worker.facts.mentions import mentions_of


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Heathrow Airport", "ORG", "FAC"),
        ("Golden Gate Bridge", "PERSON", "FAC"),
        ("Clean Air Act", "ORG", "LAW"),
        ("Paris Agreement", "EVENT", "LAW"),
        ("European Convention on Human Rights", "ORG", "LAW"),
        ("Atacama Desert", "PERSON", "LOC"),
        ("South China Sea", "ORG", "LOC"),
        ("Mount Kenya", "PERSON", "LOC"),
        ("Gulf of Mexico", "GPE", "LOC"),
        ("Korean War", "NORP", "EVENT"),
        ("World War Two", "PRODUCT", "EVENT"),
        ("Battle of Britain", "WORK_OF_ART", "EVENT"),
        ("Typhoon Gaemi", "ORG", "EVENT"),
        ("COP29", "ORG", "EVENT"),
        ("Australian Open", "NORP", "EVENT"),
        ("British Grand Prix", "ORG", "EVENT"),
        ("Galaxy S25", "WORK_OF_ART", "PRODUCT"),
        ("Airbus A350", "ORG", "PRODUCT"),
        ("Tesla Model Y", "PERSON", "PRODUCT"),
        ("Nobel Prize", "ORG", "WORK_OF_ART"),
        ("Women's Prize for Fiction", "ORG", "WORK_OF_ART"),
        ("Stade de France", "ORG", "FAC"),
        # Buildings news names as places are facilities, as the labelled sets have them.
        ("Mount Sinai Hospital", "ORG", "FAC"),
        ("Metropolitan Museum of Art", "ORG", "FAC"),
        ("Belmarsh Prison", "ORG", "FAC"),
        ("Palisades Fire", "ORG", "EVENT"),
    ],
)
def test_head_words_name_the_kind(text: str, label: str, expected: str) -> None:
    assert head_label(text, label) == expected


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Charlotte Church", "PERSON"),  # a surname, not a building
        ("Tampa Bay", "GPE"),  # a city
        ("Mayo Clinic", "ORG"),  # an institution keeps its label
        ("Stanford University", "ORG"),
        ("Nottingham Forest", "ORG"),
        ("Bank of England", "ORG"),
        ("Ligue 1", "ORG"),  # one digit: a league, not a model
        ("Toyota 2024", "ORG"),  # a year, not a model
        ("Arsenal", "ORG"),
        ("Paris", "GPE"),
        ("Angela Merkel", "PERSON"),
    ],
)
def test_names_without_a_head_word_keep_the_model_label(text: str, label: str) -> None:
    assert head_label(text, label) is None


def _grown(paragraph: str, name: str, label: str) -> tuple[str, str] | None:
    start = paragraph.index(name)
    found = grow(paragraph, start, start + len(name), label)
    return None if found is None else (paragraph[found[0] : found[1]], found[2])


@pytest.mark.parametrize(
    ("paragraph", "name", "label", "expected"),
    [
        (
            "Flights at John F. Kennedy International Airport were delayed.",
            "John F. Kennedy",
            "PERSON",
            ("John F. Kennedy International Airport", "FAC"),
        ),
        ("a test over the Bay of Bengal, as", "Bengal", "GPE", ("Bay of Bengal", "LOC")),
        ("She won the Australian Open title.", "Australian", "NORP", ("Australian Open", "EVENT")),
        ("fires along the Paraguay River hit", "Paraguay", "GPE", ("Paraguay River", "LOC")),
        ("driving a Mercedes W15 that had", "Mercedes", "ORG", ("Mercedes W15", "PRODUCT")),
        ("the refreshed Tesla Model Y from", "Tesla Model", "PERSON", ("Tesla Model Y", "PRODUCT")),
        (
            "the Safety of Rwanda Act passed",
            "Safety of Rwanda",
            "ORG",
            ("Safety of Rwanda Act", "LAW"),
        ),
    ],
)
def test_mentions_grow_into_the_name_they_begin(
    paragraph: str, name: str, label: str, expected: tuple[str, str]
) -> None:
    assert _grown(paragraph, name, label) == expected


@pytest.mark.parametrize(
    ("paragraph", "name", "label"),
    [
        ("Arsenal 2-0 Chelsea", "Arsenal", "ORG"),  # a score
        ("Serena Williams Open", "Serena Williams", "PERSON"),
        ("beat Celtic 1 to nil", "Celtic", "ORG"),
        ("Apple 2024 results", "Apple", "ORG"),
    ],
)
def test_mentions_do_not_grow_into_numbers_or_other_words(
    paragraph: str, name: str, label: str
) -> None:
    assert _grown(paragraph, name, label) is None


@pytest.mark.parametrize(
    ("paragraph", "name", "label", "expected"),
    [
        ("its Gaganyaan crew capsule passed", "Gaganyaan", "NORP", True),
        ("approved the drug Kisunla, the agency", "Kisunla", "PERSON", True),
        ("its Rubin chips in 2026", "Rubin", "ORG", True),
        ("a Russian Kh-101 cruise missile", "Kh-101", "ORG", True),
        ("ordered 50 Boeing jets for", "Boeing", "ORG", False),  # the maker
        ("Russian missiles hit", "Russian", "NORP", False),  # a demonym
        ("a Gaza drone strike", "Gaza", "GPE", False),  # a place
        ("France missile", "France", "PERSON", False),  # a country
        ("said its voice assistant Alexa would", "Alexa", "PERSON", True),
        ("its Gemini assistant will", "Gemini", "ORG", True),  # "its": the maker's own
        ("Toyota cars sold well", "Toyota", "ORG", False),  # the maker
        ("cut the price of its EV9 in Europe", "EV9", "GPE", True),  # a maker's model code
        ("met its G20 partners", "G20", "ORG", False),  # a group, written like a code
    ],
)
def test_product_nouns_next_to_a_name(
    paragraph: str, name: str, label: str, expected: bool
) -> None:
    start = paragraph.index(name)
    assert product_by_noun(paragraph, start, start + len(name), name, label) is expected


@pytest.mark.parametrize(
    ("paragraph", "city", "agency"),
    [
        ("NAIROBI (Reuters) - Kenya's parliament", "NAIROBI", "Reuters"),
        ("TOKYO, March 3 (AP) - Japan and", "TOKYO", "AP"),
        ("NEW YORK, June 5 (AP) -- Shares", "NEW YORK", "AP"),
        ("RIO DE JANEIRO (Reuters) \u2014 Brazil", "RIO DE JANEIRO", "Reuters"),
        ("CANNES, France (AFP) - The", "CANNES", "AFP"),
        ("LONDON, Nov 3 \u2013 Prices", "LONDON", None),
        ("  KYIV (Reuters) - Ukraine", "KYIV", "Reuters"),
    ],
)
def test_datelines(paragraph: str, city: str, agency: str | None) -> None:
    found = dateline(paragraph)
    assert found is not None
    city_span, agency_span = found
    assert paragraph[slice(*city_span)] == city
    assert (agency_span and paragraph[slice(*agency_span)]) == agency


@pytest.mark.parametrize(
    "paragraph",
    [
        "UPDATE 2 (Reuters) - Shares fell",  # a slug
        "BREAKING - Shares fell",
        "WASHINGTON - Lawmakers met",  # no agency, no date: as often a slug
        "NATO said on Monday",
        "Nairobi (Reuters) - Kenya",
        "AB",
        "",
    ],
)
def test_no_dateline(paragraph: str) -> None:
    assert dateline(paragraph) is None


def test_dateline_city_and_agency_in_the_output(extractor: Extractor) -> None:
    paragraph = "FRANKFURT (Reuters) - Shares in Volkswagen slipped in Fujian province."
    found = {str(e["text"]): e for e in extractor.extract([(0, paragraph)]).entities}
    assert found["FRANKFURT"]["label"] == "GPE"
    assert found["Reuters"]["label"] == "ORG"
    # The division word is not part of the place's name, and the offsets stay exact.
    fujian = found["Fujian"]
    assert fujian["label"] == "GPE"
    for mention in fujian["mentions"]:  # type: ignore[attr-defined]
        assert paragraph[mention["start"] : mention["end"]] == "Fujian"


# Text each mention rule acts on, for the property tests here and in test_offsets.
RULE_PHRASES = [
    "NAIROBI (Reuters) -",
    "TOKYO, March 3 (AP) -",
    "John F. Kennedy International Airport",
    "Bay of Bengal",
    "Galaxy S25 smartphone",
    "Tesla Model Y",
    "its Rubin chips",
    "Clean Air Act",
    "Australian Open",
    "Fujian province",
]
_PIECES = st.sampled_from([*RULE_PHRASES, " ", "\u2019s", ","])


@st.composite
def _text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str, str]]]:
    text = " ".join(draw(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=12)))
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        label = draw(st.sampled_from(sorted(LABELS)))
        spans.append((start, end, label, text[start:end]))
    spans.sort()
    return text, spans


@settings(max_examples=300, deadline=None)
@given(_text_and_spans())
def test_grown_mentions_stay_inside_the_text_and_apart(
    case: tuple[str, list[tuple[int, int, str, str]]],
) -> None:
    text, spans = case
    found = mentions_of(text, spans)
    for mention in found:
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.label in LABELS
    for before, after in pairwise(found):
        assert before.end <= after.start


@pytest.mark.parametrize(
    ("paragraph", "name", "label", "expected"),
    [
        (
            "Three fans were taken to Glasgow Royal Infirmary after",
            "Glasgow Royal Infirmary",
            "ORG",
            True,
        ),
        ("an event at the British Library in London", "British Library", "ORG", True),
        ("Glasgow Royal Infirmary said three fans", "Glasgow Royal Infirmary", "ORG", False),
        ("researchers at Stanford University said", "Stanford University", "ORG", False),
    ],
)
def test_institutions_named_as_the_place_of_something_are_buildings(
    paragraph: str, name: str, label: str, expected: bool
) -> None:
    assert building_by_place(paragraph, paragraph.index(name), name, label) is expected


@pytest.mark.parametrize(
    ("paragraph", "name", "expected"),
    [
        (
            "England were bowled out for 142, handing New Zealand a 2-0 series win.",
            "England",
            "ORG",
        ),
        ("Celtic's 2-1 win over Scotland on Saturday", "Scotland", "ORG"),
        ("Britain and France have agreed a 2-1 split of the costs.", "France", "GPE"),
        ("France have agreed to send troops.", "France", "GPE"),  # no score near
        ("Sri Lanka beat Bangladesh by six wickets in Colombo.", "Bangladesh", "ORG"),
        ("Ghana were knocked out by Egypt in the quarter-final.", "Egypt", "ORG"),
        # "final" reads as "last" too often to be a sign of a match.
        ("Germany have reached a final agreement with Poland.", "Germany", "GPE"),
        # A side named with its game, in a story about sport.
        ("Scotland's game against Japan was called off before the World Cup.", "Scotland", "ORG"),
        ("England's clash with France in the Six Nations rugby opener.", "France", "ORG"),
        ("The Canada captain said the match against Mexico would go ahead.", "Mexico", "ORG"),
        # The same words about trade or talks are no match.
        ("Beijing's clash with Japan over islands worried investors.", "Japan", "GPE"),
    ],
)
def test_countries_as_teams(extractor: Extractor, paragraph: str, name: str, expected: str) -> None:
    found = {str(e["text"]): e["label"] for e in extractor.extract([(0, paragraph)]).entities}
    assert found.get(name) == expected, found


def test_awards_and_heads_before_names(extractor: Extractor) -> None:
    paragraph = (
        "The film won seven Oscars, and Japan beat Australia 2-1 at Stadium Australia "
        "before fans climbed Mount Kenya."
    )
    found = {str(e["text"]): e["label"] for e in extractor.extract([(0, paragraph)]).entities}
    assert found.get("Oscars") == "WORK_OF_ART", found
    assert found.get("Stadium Australia") == "FAC", found


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("HMS Prince of Wales", "ORG", "PRODUCT"),
        ("Heathrow Airport Holdings", "FAC", "ORG"),
        ("Africa Cup of Nations", "ORG", "EVENT"),
        ("Goodwood Festival of Speed", "ORG", "EVENT"),
        ("Tour de France", "ORG", "EVENT"),
        ("Switch 2", "LAW", "PRODUCT"),
        ("Article 5", "LAW", None),
        ("Category 5", "LAW", None),
        ("Safety of Rwanda Act", "ORG", "LAW"),
        ("Bank of America", "ORG", None),
        ("Cape of Good Hope", "ORG", "LOC"),
        ("Dolby Theatre", "ORG", "FAC"),
        ("Brenner Pass", "WORK_OF_ART", "LOC"),
        ("Met Gala", "FAC", "EVENT"),
    ],
)
def test_more_head_words(text: str, label: str, expected: str | None) -> None:
    assert head_label(text, label) == expected


@pytest.mark.parametrize(
    ("paragraph", "name", "label", "expected"),
    [
        ("cleared the 737 MAX to fly", "MAX", "ORG", ("737 MAX", "PRODUCT")),
        (
            "the carrier HMS Queen Elizabeth sailed",
            "Queen Elizabeth",
            "FAC",
            ("HMS Queen Elizabeth", "PRODUCT"),
        ),
        (
            "aboard HMS Queen Elizabeth on",
            "Queen Elizabeth",
            "PERSON",
            ("HMS Queen Elizabeth", "PRODUCT"),
        ),
        ("fined Meta 800 million euros", "Meta", "ORG", None),
        ("ordered 100 Airbus jets", "Airbus", "ORG", None),
    ],
)
def test_model_numbers_and_ships(
    paragraph: str, name: str, label: str, expected: tuple[str, str] | None
) -> None:
    assert _grown(paragraph, name, label) == expected


@pytest.mark.parametrize(
    ("paragraph", "name", "label", "expected"),
    [
        ("Shares in Novo Nordisk jumped 8%", "Novo Nordisk", "PERSON", True),
        ("while rival Novartis won approval", "Novartis", "NORP", True),
        ("and Maserati owner Stellantis said", "Maserati", "PERSON", True),
        ("Pixar's chief executive said", "Pixar", "PERSON", True),
        ("the drug maker Pfizer said", "Pfizer", "PERSON", True),
        ("tech giant Samsung said", "Samsung", "NORP", True),
        ("her rival Kamala Harris said", "Kamala Harris", "PERSON", False),
        ("Angela Merkel said on Monday", "Angela Merkel", "PERSON", False),
        ("shares in Apple rose", "Apple", "ORG", True),  # an organization, not a founder
    ],
)
def test_companies_by_the_words_around_them(
    paragraph: str, name: str, label: str, expected: bool
) -> None:
    start = paragraph.index(name)
    assert company_by_context(paragraph, start, start + len(name), label) is expected


_CUE_PIECES = st.sampled_from(
    [
        "Shares in",
        "drug maker",
        "tech giant",
        "shares of",
        "rival",
        "start-up",
        "owner",
        "'s chief executive",
        "board of",
        "Inc",
        "AG",
        "jets",
        "smartphones",
        "the drug",
        "defence system",
        "\u017f",  # long s: "s" to a pattern ignoring case
        "SMARTPHONE",
        "x",
        " ",
        "-",
        "2",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_CUE_PIECES, st.text(max_size=3)), max_size=10).map(" ".join))
def test_chunk_word_gates_pass_wherever_their_patterns_match(text: str) -> None:
    """The per-chunk word sets only ever skip patterns that cannot match."""
    if context._COMPANY_BEFORE.search(text) or any(
        context._COMPANY_AFTER.match(text, at) for at in range(len(text))
    ):
        assert context._has_company_words(text)
    if any(context._NOUN_AFTER.match(text, at) for at in range(len(text))) or any(
        context._NOUN_BEFORE.search(text, 0, end) for end in range(len(text) + 1)
    ):
        assert context.has_product_nouns(text)
