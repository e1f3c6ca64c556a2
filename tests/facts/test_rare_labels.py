"""The rules for the labels the model proposes least: products known by name and their
versions, products in a list after what they are, titles of works in quotation marks,
events with their year, facilities known by name or by their head word, ports and
ships."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker.facts import heads, possessives, product_lists, titles
from worker.facts.entities import relabel, relabel_span
from worker.facts.mentions import mentions_of
from worker.facts.missed import missed
from worker.facts.spans import Mention


def _found(paragraph: str) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in missed(paragraph, [])]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Sales of the Taycan fell.", [("Taycan", "PRODUCT")]),
        ("The new iPhone 16 Pro ships on Friday.", [("iPhone 16 Pro", "PRODUCT")]),
        ("It unveiled the Galaxy S25 Ultra.", [("Galaxy S25 Ultra", "PRODUCT")]),
        ("Prices of the Xbox Series X rose.", [("Xbox Series X", "PRODUCT")]),
        ("Boeing delivered a 787 Dreamliner.", [("787 Dreamliner", "PRODUCT")]),
        (
            "Doctors prescribed Wegovy and Mounjaro.",
            [("Wegovy", "PRODUCT"), ("Mounjaro", "PRODUCT")],
        ),
        ("Flights from Heathrow were cancelled.", [("Heathrow", "FAC")]),
        ("Pilgrims began the Hajj on Friday.", [("Hajj", "EVENT")]),
        ("HMS Prince of Wales sailed.", [("HMS Prince of Wales", "PRODUCT")]),
        ("The USS Gerald R. Ford and the INS said.", [("USS Gerald R. Ford", "PRODUCT")]),
        ("Talks at COP30 and COP 29 stalled.", [("COP30", "EVENT"), ("COP 29", "EVENT")]),
        # An event known by name in capitals is no acronym of an organization, and the
        # longest known name is found first.
        ("Apple spoke at WWDC and CES.", [("WWDC", "EVENT"), ("CES", "EVENT")]),
        ("She skated at the Winter Olympics.", [("Winter Olympics", "EVENT")]),
        # A marathon or a festival by its head word, the year before it in; an edition
        # by its year.
        ("Kipchoge won the 2022 Berlin Marathon.", [("2022 Berlin Marathon", "EVENT")]),
        ("Expo 2025 opened and Euro 2024 ended.", [("Expo 2025", "EVENT"), ("Euro 2024", "EVENT")]),
        ("She won an Emmy for it.", [("Emmy", "WORK_OF_ART")]),
        # A given name is no award.
        ("Oscar Piastri won.", []),
        # A name that needs its version is no product alone.
        ("The Galaxy beat the Sounders.", []),
        ("Switch sides, he said.", []),
        # A longer name of something else is left alone ("Windows Server" is not known).
        ("Windows Server prices rose.", []),
    ],
)
def test_products_facilities_events_and_awards_known_by_name(
    paragraph: str, expected: list[tuple[str, str]]
) -> None:
    # Acronyms and known organizations are other rules' (test_names).
    assert [f for f in _found(paragraph) if f[1] not in {"PERSON", "ORG"}] == expected


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Mounjaro", "PERSON", ("Mounjaro", "PRODUCT")),
        ("Starliner", "ORG", ("Starliner", "PRODUCT")),
        ("Galaxy S25 Ultra", "WORK_OF_ART", ("Galaxy S25 Ultra", "PRODUCT")),
        ("Anfield", "PERSON", ("Anfield", "FAC")),
        ("Port of Rotterdam", "LOC", ("Port of Rotterdam", "FAC")),
        ("Sistine Chapel", "ORG", ("Sistine Chapel", "FAC")),
        ("Eurovision Song Contest", "WORK_OF_ART", ("Eurovision Song Contest", "EVENT")),
        ("Hajj", "PERSON", ("Hajj", "EVENT")),
        ("Operation Sindoor", "FAC", ("Operation Sindoor", "EVENT")),
        ("Storm Daniel", "ORG", ("Storm Daniel", "EVENT")),
        ("London Marathon", "LAW", ("London Marathon", "EVENT")),
        ("Republican National Convention", "ORG", ("Republican National Convention", "EVENT")),
        ("Euro 2024", "LAW", ("Euro 2024", "EVENT")),
        # A known product keeps its label whatever head word it opens with.
        ("Storm Shadow", "ORG", ("Storm Shadow", "PRODUCT")),
        ("Champions Trophy", "WORK_OF_ART", ("Champions Trophy", "EVENT")),
        ("Eras Tour", "ORG", ("Eras Tour", "EVENT")),
        ("Paris Air Show", "ORG", ("Paris Air Show", "EVENT")),
        # An organization's tour and a programme keep their labels.
        ("PGA Tour", "ORG", ("PGA Tour", "ORG")),
        ("The Daily Show", "WORK_OF_ART", ("The Daily Show", "WORK_OF_ART")),
        # A versioned name with something after its version is not the product.
        ("Galaxy S25 team", "ORG", ("Galaxy S25 team", "ORG")),
        ("Kennedy Space Center", "ORG", ("Kennedy Space Center", "FAC")),
        ("Rosyth Dockyard", "ORG", ("Rosyth Dockyard", "FAC")),
        # An agency named a centre stays one.
        ("National Hurricane Center", "ORG", ("National Hurricane Center", "ORG")),
    ],
)
def test_relabelled_by_name(text: str, label: str, expected: tuple[str, str]) -> None:
    assert relabel(text, label, False) == expected


@pytest.mark.parametrize(
    ("paragraph", "end", "expected"),
    [
        ("iPhone 16 Pro sold", 6, "iPhone 16 Pro"),
        ("Falcon 9 rocket", 6, "Falcon 9"),
        ("Xbox Series S and", 4, "Xbox Series S"),
        ("Galaxy S25 Edge.", 6, "Galaxy S25 Edge"),
        ("iOS 18, though", 3, "iOS 18"),
        ("Mate 70 has sold", 4, "Mate 70"),
        # Scores, decimals, thousands and units are no versions.
        ("Arsenal 2-1 win", 7, None),
        ("Apple 2.5 percent", 5, None),
        ("Apple 2,500 jobs", 5, None),
        ("Tesla 5% lower", 5, None),
    ],
)
def test_versions_after_a_name(paragraph: str, end: int, expected: str | None) -> None:
    found = heads.version_after(paragraph, end)
    assert (None if found is None else paragraph[:found]) == expected


@pytest.mark.parametrize(
    ("paragraph", "name", "label", "expected"),
    [
        ("SpaceX flew a Falcon 9 on Monday.", "Falcon", "ORG", "Falcon 9"),
        ("more Boeing 737 MAX 8 jets", "Boeing", "ORG", "Boeing 737 MAX 8"),
        ("the Airbus A350 Ultra on order", "Airbus", "ORG", "Airbus A350 Ultra"),
        ("German Leopard 2 tanks", "Leopard", "PERSON", "Leopard 2"),
        # After a name the model found, a small number and a plural is a count.
        ("Google 10 years ago", "Google", "ORG", None),
        ("Nvidia 3 goals", "Nvidia", "ORG", None),
        ("said Smith 2 days later", "Smith", "PERSON", None),
        # Roads, terminals and rounds are numbered too.
        ("Traffic on Route 66 stalled.", "Route", "ORG", None),
        # What happened at a place is an event of its name; for a name the model took
        # for an organization, only what nature does.
        ("since the Srebrenica massacre in", "Srebrenica", "GPE", "Srebrenica massacre"),
        ("the 1999 Izmit earthquake killed", "Izmit", "ORG", "Izmit earthquake"),
        ("after the Hamas massacre of", "Hamas", "ORG", None),
        ("Expo 2025 opened", "Expo", "EVENT", "Expo 2025"),
        ("a visit to London Fashion Week on", "London Fashion", "ORG", "London Fashion Week"),
    ],
)
def test_a_version_grows_a_model_mention(
    paragraph: str, name: str, label: str, expected: str | None
) -> None:
    start = paragraph.index(name)
    grown = heads.grow(paragraph, start, start + len(name), label)
    assert (None if grown is None else paragraph[grown[0] : grown[1]]) == expected


def test_a_year_before_an_event_is_part_of_its_name() -> None:
    paragraph = "Fans flew in for the 2026 World Cup on Friday."
    start = paragraph.index("World Cup")
    grown = heads.grow(paragraph, start, start + len("World Cup"), "EVENT")
    assert grown is not None and paragraph[grown[0] : grown[1]] == "2026 World Cup"
    # A year that is part of something else is not taken ("in 2,026 World Cup"?).
    other = "Sales of 12,2026 World Cup shirts"
    start = other.index("World Cup")
    assert heads.grow(other, start, start + len("World Cup"), "EVENT") is None


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ('Sean Baker\'s "Anora" won the top prize.', ["Anora"]),
        ("the novel \u201cHuman Acts\u201d, about the uprising", ["Human Acts"]),
        ('Her album "Cowboy Carter" and the single "Texas Hold \'Em".', ["Cowboy Carter"]),
        ('the film "The Tree of Life" in 2011', ["The Tree of Life"]),
        ('a painting titled "Untitled (Elmar)" sold', ["Untitled (Elmar)"]),
        # A work noun in an apposition after it, or before it across a comma.
        ('talking about "Knife", his memoir of surviving', ["Knife"]),
        ('a new racing game, "Mario Kart World", bundled', ["Mario Kart World"]),
        # Two capitalized words or more in quotes are a title without a cue.
        ('"Deadpool & Wolverine" took in $205 million.', ["Deadpool & Wolverine"]),
        ('analysts expect "Sea of Thieves" to sell', ["Sea of Thieves"]),
        # A name given to something is no work, nor is one word without a cue.
        ('He called it "Liberation Day" on Wednesday.', []),
        ('the so-called "Big Beautiful Bill" passed', []),
        ('the strikes, "Operation Midnight Hammer", hit', []),
        ('sales of "Twisters" rose', []),
        # A quoted sentence is no title.
        ('The film "was a triumph," she said.', []),
        ('the book "A Tale," he said', []),
    ],
)
def test_quoted_titles_with_a_cue(paragraph: str, expected: list[str]) -> None:
    assert [paragraph[s:e] for s, e in titles.quoted_titles(paragraph)] == expected


def test_a_title_replaces_the_mentions_inside_it() -> None:
    paragraph = 'Sean Baker\'s "Emilia Perez" won.'
    person = paragraph.index("Emilia")
    found = [
        Mention(0, 10, "Sean Baker", "PERSON"),
        Mention(person, person + 12, "Emilia Perez", "PERSON"),
    ]
    out = titles.with_titles(paragraph, found)
    assert [(m.text, m.label) for m in out] == [
        ("Sean Baker", "PERSON"),
        ("Emilia Perez", "WORK_OF_ART"),
    ]


@given(st.text(alphabet=st.sampled_from("ab A\"\u201c\u201d's,.film Title of"), max_size=80))
def test_titles_are_exact_spans_between_quotes(paragraph: str) -> None:
    for start, end in titles.quoted_titles(paragraph):
        assert 0 < start < end < len(paragraph)
        assert paragraph[start - 1] in '"\u201c' and paragraph[end] in '"\u201d'
        assert paragraph[start:end] == paragraph[start:end].strip()


@given(
    st.lists(
        st.sampled_from(
            ["iPhone", "16", "Pro", "Heathrow", "Galaxy", "S25", "Wegovy", "the", "787", "-", "'s"]
        ),
        max_size=12,
    )
)
def test_known_names_are_exact_and_apart(tokens: list[str]) -> None:
    paragraph = " ".join(tokens)
    found = missed(paragraph, [])
    for m in found:
        assert paragraph[m.start : m.end] == m.text
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


def test_mentions_of_a_paragraph_use_the_rules_together() -> None:
    # Spans as the model might give them: the title as a person, the product missed.
    paragraph = 'In the film "Anora", a Taycan crosses the 2026 World Cup city.'
    anora = paragraph.index("Anora")
    cup = paragraph.index("World Cup")
    spans = [(anora, anora + 5, "PERSON", "Anora"), (cup, cup + 9, "EVENT", "World Cup")]
    out = {(m.text, m.label) for m in mentions_of(paragraph, spans)}
    assert {("Anora", "WORK_OF_ART"), ("Taycan", "PRODUCT"), ("2026 World Cup", "EVENT")} <= out


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Hard Rock Stadium in Miami hosts it.", [("Hard Rock Stadium", "FAC")]),
        ("She won the Booker Prize on Tuesday.", [("Booker Prize", "WORK_OF_ART")]),
        ("Crowds filled St. Peter's Square.", [("St. Peter's Square", "FAC")]),
        ("Patients at Guy's Hospital waited.", [("Guy's Hospital", "FAC")]),
        ("Firefighters fought the Eaton Fire overnight.", [("Eaton Fire", "EVENT")]),
        # The word that opens the sentence is no part of the name.
        ("The Booker Prize went to her.", [("Booker Prize", "WORK_OF_ART")]),
        # A head word alone, or after a lowercase word, is no name.
        ("The Museum said so. A new Hospital opened.", []),
        # Universities and schools are institutions: the model's business.
        ("Stanford University said so.", []),
    ],
)
def test_names_by_their_head_word(paragraph: str, expected: list[tuple[str, str]]) -> None:
    assert [f for f in _found(paragraph) if f[1] != "PERSON"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guy's Hospital", None),
        ("King's College Hospital", None),
        ("St. Peter's Square", None),
        # An owner before a name of its own is still split off.
        ("Britain's Heathrow Airport", ("Britain", "Heathrow Airport")),
        ("Alphabet's Google", ("Alphabet", "Google")),
    ],
)
def test_a_possessive_inside_a_buildings_name_is_no_owner(
    text: str, expected: tuple[str, str] | None
) -> None:
    parts = possessives.split(text, "ORG")
    assert (None if parts is None else (parts[0][0], parts[1][0])) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("demand for hybrids such as the Prius and the RAV4 rose", ["Prius", "RAV4"]),
        ("The company also sells Sprite, Fanta and Powerade.", ["Sprite", "Fanta", "Powerade"]),
        (
            "The maker of Listerine mouthwash, Neutrogena sunscreen and Band-Aid bandages said",
            ["Listerine", "Neutrogena", "Band-Aid"],
        ),
        ("cheaper models such as the BYD Dolphin and the Seagull", ["BYD Dolphin", "Seagull"]),
        # Companies in a list are companies; a brand is its company's name too.
        ("Companies such as Apple and Google fell.", []),
        ("brands such as Gucci and Prada", []),
        # A company's goods named by the company: the company stays one.
        ("TSMC makes Apple's chips and sells Nvidia chips.", []),
        ("It makes cars in Ohio.", []),
    ],
)
def test_products_listed_after_what_they_are(paragraph: str, expected: list[str]) -> None:
    assert [paragraph[s:e] for s, e in product_lists.listed_products(paragraph)] == expected


@given(st.text(alphabet=st.sampled_from("ab A B1 ,.'-such as the and models sells"), max_size=90))
def test_listed_products_are_exact_spans_apart(paragraph: str) -> None:
    spans = product_lists.listed_products(paragraph)
    for start, end in spans:
        assert 0 <= start < end <= len(paragraph)
        assert paragraph[start:end] == paragraph[start:end].strip()
        assert paragraph[start].isupper()
    for a, b in itertools.pairwise(sorted(spans)):
        assert a[1] <= b[0]


def test_a_ship_stays_a_ship_beside_company_words() -> None:
    # "carrier" reads as an airline's word; the naval prefix says it is a ship.
    paragraph = "The aircraft carrier USS Gerald R. Ford returned to port."
    start = paragraph.index("USS")
    spans = [(start, start + 18, "PERSON", "USS Gerald R. Ford")]
    assert [(m.text, m.label) for m in mentions_of(paragraph, spans)] == [
        ("USS Gerald R. Ford", "PRODUCT")
    ]


def test_a_known_organization_is_not_its_head_word() -> None:
    assert relabel("Cal Fire", "ORG", False) == ("Cal Fire", "ORG")
    assert relabel("Park Fire", "ORG", False) == ("Park Fire", "EVENT")


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Kenyan Hellen Obiri", "PERSON", [("Kenyan", "NORP", 0), ("Hellen Obiri", "PERSON", 7)]),
        (
            "Belgian Remco Evenepoel",
            "ORG",
            [("Belgian", "NORP", 0), ("Remco Evenepoel", "PERSON", 8)],
        ),
        # A company named after a nationality keeps its name.
        ("British Airways", "ORG", [("British Airways", "ORG", 0)]),
        ("Swiss Re", "ORG", [("Swiss Re", "ORG", 0)]),
    ],
)
def test_a_nationality_before_a_name_is_a_mention_of_its_own(
    text: str, label: str, expected: list[tuple[str, str, int]]
) -> None:
    assert relabel_span(text, label, False) == expected


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Santa Barbara County Fire Department", "GPE", "ORG"),
        ("Kent County Council", "GPE", "ORG"),
        # A bank is no body's word: the West Bank stays a place (the gazetteer's LOC).
        ("West Bank", "GPE", "LOC"),
        ("Oscar", "PERSON", "WORK_OF_ART"),
        ("Oscar Piastri", "PERSON", "PERSON"),
    ],
)
def test_bodies_and_awards_by_their_words(text: str, label: str, expected: str) -> None:
    fixed = relabel(text, label, False)
    assert fixed is not None and fixed[1] == expected
