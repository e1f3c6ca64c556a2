"""The rules that find what the model passed by or mislabelled in news text: sides named
for their country or city, companies named after their founders, owners in one span with
what they own, acronyms, nationalities and sides it did not propose, and a name labelled
once found again across the article."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker.facts import possessives
from worker.facts.context import company_by_context
from worker.facts.entities import merge, relabel
from worker.facts.missed import missed
from worker.facts.propagation import propagate
from worker.facts.spans import Mention
from worker.facts.teams import is_side


def _side(paragraph: str, name: str, label: str) -> bool:
    start = paragraph.index(name)
    return is_side(paragraph, start, start + len(name), paragraph[:start], label)


@pytest.mark.parametrize(
    ("paragraph", "name", "label", "expected"),
    [
        ("Brazil coach Carlo Ancelotti recalled Neymar.", "Brazil", "GPE", True),
        ("Leeds manager Daniel Farke said it was poor.", "Leeds", "PRODUCT", True),
        ("Atletico coach Diego Simeone was sent off.", "Atletico", "PERSON", True),
        ("Leeds came from behind to beat Sunderland 3-1.", "Sunderland", "FAC", True),
        ("Japan stunned Germany 2-1 in a friendly.", "Japan", "GPE", True),
        # A person before a post with no name after it is the person.
        ("Smith coach of the year, said the league.", "Smith", "PERSON", False),
        # A player's country is no side.
        ("a 6-3 7-6 win over China's Li Yuchen", "China", "GPE", False),
        ("Japan raised rates by 25 basis points.", "Japan", "GPE", False),
        ("Germany and France signed the deal.", "Germany", "GPE", False),
    ],
)
def test_sides(paragraph: str, name: str, label: str, expected: bool) -> None:
    assert _side(paragraph, name, label) is expected


@pytest.mark.parametrize(
    ("paragraph", "name", "label", "expected"),
    [
        ("Ford (F.N) cut its profit forecast.", "Ford", "PERSON", True),
        ("Siemens raised its outlook for the year.", "Siemens", "ORG", True),
        ("Ferrero, the Italian maker of Nutella, agreed to buy it.", "Ferrero", "PERSON", True),
        ("Apple (NASDAQ: AAPL) rose.", "Apple", "PERSON", True),
        ("said analysts at Jefferies in a note", "Jefferies", "GPE", True),
        # A person speaks of "its" sales: the company's, not the person's.
        ("Jones said its sales fell.", "Jones", "PERSON", False),
        ("with Greta Gerwig praising its restraint", "Greta Gerwig", "PERSON", False),
        ("Smith, the company's founder, left.", "Smith", "PERSON", False),
        # A country acts with "its" as a country.
        ("Canada will scrap its digital tax.", "Canada", "GPE", False),
    ],
)
def test_companies_by_what_they_do(paragraph: str, name: str, label: str, expected: bool) -> None:
    start = paragraph.index(name)
    assert company_by_context(paragraph, start, start + len(name), label) is expected


def test_an_owner_and_what_it_owns_are_two_names() -> None:
    assert possessives.split("Alphabet's Google", "ORG") == (
        ("Alphabet", "ORG", 0),
        ("Google", "ORG", 11),
    )
    assert possessives.split("Britain\u2019s Keir Starmer", "PERSON") == (
        ("Britain", "GPE", 0),
        ("Keir Starmer", "PERSON", 10),
    )
    assert possessives.split("Elon Musk's xAI", "ORG") == (
        ("Elon Musk", "ORG", 0),
        ("xAI", "ORG", 12),
    )
    # Names with a possessive of their own, a lowercase remainder, other labels.
    assert possessives.split("Moody's Investors Service", "ORG") is None
    assert possessives.split("Macy's Thanksgiving Day Parade", "EVENT") is None
    assert possessives.split("Apple's shares", "ORG") is None


def _missed(paragraph: str, found: list[Mention] | None = None) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in missed(paragraph, found or [])]


def test_acronyms_the_model_passed_by() -> None:
    assert _missed("PARIS - LVMH said sales fell.") == [("PARIS", "GPE"), ("LVMH", "ORG")]
    assert _missed("ECOWAS also lifted sanctions on the junta.") == [("ECOWAS", "ORG")]
    assert _missed("a summit in Abuja. ECOWAS also met.") == [("ECOWAS", "ORG")]
    assert _missed("The CEO said GDP and VAT rose, as did EV sales.") == []
    # Part of a longer name, a model code, a heading, a numeral.
    assert _missed("Acme UK voted against it.") == []
    # (the model is a known product, not an acronym "MAX")
    assert _missed("It ordered 737 MAX models.") == [("737 MAX", "PRODUCT")]
    assert _missed("THE MARKETS FELL SHARPLY ON FRIDAY IN TOKYO") == []
    assert _missed("Henry VIII had six wives.") == []


def test_acronyms_only_where_no_mention_is() -> None:
    paragraph = "NASA said it would fly."
    assert _missed(paragraph, [Mention(0, 4, "NASA", "ORG")]) == []


def test_sides_and_bands_written_as_plurals() -> None:
    assert _missed("as the Lakers beat the Golden State Warriors 121-115") == [
        ("Lakers", "ORG"),
        ("Golden State Warriors", "ORG"),
    ]
    assert _missed("Fans of the Beatles gathered.") == [("Beatles", "ORG")]
    # Places, peoples, parties, awards, singulars ending in -s.
    assert _missed("a trek in the Alps and the Andes") == []
    assert _missed("the Democrats and the Kurds") == [("Kurds", "NORP")]  # a people, no side
    # (an award known by name, not a side)
    assert _missed("a night at the Oscars") == [("Oscars", "WORK_OF_ART")]
    # (a known facility, not a side called "the Acropolis")
    assert _missed("a visit to the Acropolis") == [("Acropolis", "FAC")]


def test_nationalities_the_model_passed_by() -> None:
    assert _missed("shares in Swiss banks and Brazilians abroad") == [
        ("Swiss", "NORP"),
        ("Brazilians", "NORP"),
    ]
    assert _missed("British Widgets cancelled flights.") == []


def test_organizations_news_names_most() -> None:
    assert _missed("Shares of Nvidia and Apple's unit rose; Reform UK and Real Madrid.") == [
        ("Nvidia", "ORG"),
        ("Apple", "ORG"),
        ("Reform UK", "ORG"),
        ("Real Madrid", "ORG"),
    ]
    # Part of a longer name, or a word of another.
    assert _missed("Nvidia Widgets and Applesauce") == []


def test_a_side_named_before_its_player() -> None:
    assert _missed("Bills quarterback Josh Allen was sacked.") == [
        ("Bills", "ORG"),
        ("Josh Allen", "PERSON"),
    ]
    assert _missed("Project manager Zxq Morimoto spoke.") == []
    assert _missed("Former coach Zxq Mourinho spoke.") == []


def _located(paragraphs: list[str], names: list[tuple[int, str, str]]) -> list:
    out = []
    for order, name, label in names:
        start = paragraphs[order].index(name)
        out.append((order, order, Mention(start, start + len(name), name, label)))
    return out


def test_a_labelled_name_is_found_again_across_the_article() -> None:
    paragraphs = [
        "Porsche cut its target, sending Porsche shares down.",
        "Holding company Porsche SE said demand at Porsche fell.",
        "Carlos Alcaraz lost. Later, Alcaraz said he was tired.",
        "Alcaraz will play again in May. Alcaraz fans cheered.",
    ]
    mentions = _located(paragraphs, [(0, "Porsche", "ORG"), (2, "Carlos Alcaraz", "PERSON")])
    found = propagate(paragraphs, [0, 1, 2, 3], mentions, 100)
    got = [(order, m.text, m.label, m.start) for order, _, m in found]
    assert got == [
        (0, "Porsche", "ORG", 0),
        (0, "Porsche", "ORG", 32),
        # "Porsche SE" is a longer name; "at Porsche" is the company again.
        (1, "Porsche", "ORG", 42),
        (2, "Carlos Alcaraz", "PERSON", 0),
        (2, "Alcaraz", "PERSON", 28),
        # A person's name opening a sentence is the person when a verb of what people do
        # follows; "Alcaraz fans" is left: any word there has a capital.
        (3, "Alcaraz", "PERSON", 0),
    ]
    assert all(paragraphs[order][m.start : m.end] == m.text for order, _, m in found)


def test_propagation_keeps_to_its_limit_and_to_failed_paragraphs() -> None:
    paragraphs = ["Acme rose. Acme fell. Acme rose.", "then Acme fell"]
    mentions = _located(paragraphs, [(0, "Acme", "ORG")])
    assert len(propagate(paragraphs, [0, 1], mentions, 2)) == 2
    assert len(propagate([paragraphs[0], ""], [0, 1], mentions, 100)) == 1
    assert len(propagate(paragraphs, [0, 1], mentions, 100)) == 2


_WORDS = st.sampled_from(
    ["Acme", "Acme SE", "acme", "Acmes", "the", "said", ".", ",", "Ford", "-", "'s", "Bo"]
)


@given(st.lists(st.lists(_WORDS, max_size=12).map(" ".join), min_size=1, max_size=4))
def test_propagated_mentions_are_exact_and_apart(paragraphs: list[str]) -> None:
    mentions = []
    for order, text in enumerate(paragraphs):
        at = text.find("Acme")
        if at != -1:
            mentions.append((order, order, Mention(at, at + 4, "Acme", "ORG")))
            break
    found = propagate(paragraphs, list(range(len(paragraphs))), mentions, 64)
    assert len(found) <= max(64, len(mentions))
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for order, index, mention in found:
        assert index == order
        assert paragraphs[order][mention.start : mention.end] == mention.text
        by_paragraph.setdefault(order, []).append((mention.start, mention.end))
    for spans in by_paragraph.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        # A plain name whose first word is a given name is a person's.
        ("Aitana Bonmati", "ORG", ("Aitana Bonmati", "PERSON")),
        ("Kylian Mbappe", "GPE", ("Kylian Mbappe", "PERSON")),
        # Unless it is a known organization, or reads as one.
        ("Louis Vuitton", "PERSON", ("Louis Vuitton", "ORG")),
        ("Morgan Stanley", "ORG", ("Morgan Stanley", "ORG")),
        ("Mark Carney Foundation", "ORG", ("Mark Carney Foundation", "ORG")),
        # Known organizations, countries and capitals whatever the model says.
        ("Nvidia", "GPE", ("Nvidia", "ORG")),
        ("Cameroon", "ORG", ("Cameroon", "GPE")),
        ("Budapest", "ORG", ("Budapest", "GPE")),
        ("Izmir", "PERSON", ("Izmir", "GPE")),
        # Rivers, regions and islands that are no state; a state or province stays GPE.
        ("Danube", "PERSON", ("Danube", "LOC")),
        ("Pilbara", "GPE", ("Pilbara", "LOC")),
        ("Sicily", "GPE", ("Sicily", "GPE")),
        # A club named after its city is left to the side rules.
        ("Leeds", "ORG", ("Leeds", "ORG")),
    ],
)
def test_names_known_without_the_model(text: str, label: str, expected: tuple[str, str]) -> None:
    assert relabel(text, label) == expected


def test_a_known_company_is_not_its_founders_surname() -> None:
    paragraph = "Porsche cut its target. Ferdinand Porsche founded it."
    mentions = [
        (0, 0, Mention(0, 7, "Porsche", "ORG", True)),
        (0, 0, Mention(24, 41, "Ferdinand Porsche", "PERSON")),
    ]
    merged = {e["text"]: e["label"] for e in merge(mentions, [paragraph])}
    assert merged == {"Porsche": "ORG", "Ferdinand Porsche": "PERSON"}
    # Without the evidence, a lone surname is the person it abbreviates.
    plain = [(0, 0, Mention(0, 7, "Porsche", "ORG")), mentions[1]]
    assert {e["text"] for e in merge(plain, [paragraph])} == {"Ferdinand Porsche"}


def test_people_the_model_passed_by_start_with_a_given_name() -> None:
    assert _missed("MELBOURNE (Reuters) - Jannik Sinner beat him") == [
        ("Reuters", "ORG"),
        ("Jannik Sinner", "PERSON"),
    ]
    assert _missed("as Ursula von der Leyen's plan and Sean O'Neill's") == [
        ("Ursula von der Leyen", "PERSON"),
        ("Sean O'Neill", "PERSON"),
    ]
    assert _missed("Mark Carney's Liberals, Mark McGrath and Anna Smith-Jones.") == [
        ("Mark Carney", "PERSON"),
        ("Mark McGrath", "PERSON"),
        ("Anna Smith-Jones", "PERSON"),
    ]
    # Places, organizations and longer runs of capitals are no one's names.
    assert _missed("at the Rose Garden, Grace Church and the Mark Carney Foundation") == []
    assert _missed("Anna Paris and Mark Nvidia") == [("Nvidia", "ORG")]
    assert _missed("Mark Carney Smith Jones spoke.") == []
