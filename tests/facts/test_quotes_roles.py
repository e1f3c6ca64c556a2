"""Table-driven tests of quote attribution, roles and entity relabelling (no model)."""

from __future__ import annotations

import pytest

from worker.facts.entities import merge, relabel, relabel_span
from worker.facts.quotes import find_quotes, leading_speaker, trailing_speaker
from worker.facts.roles import Mention, find_roles


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            '"The parties discussed key aspects of trade," the Belarusian Ministry of Industry'
            " stated in its report.",
            "The parties discussed key aspects of trade",
            "the Belarusian Ministry of Industry",
        ),
        (
            "\u201cThey took note of the steady progress,\u201d the ministry\u2019s press service"
            " said.",
            "They took note of the steady progress",
            "the ministry's press service",
        ),
        (
            'The minister said: "We will not accept these terms under any circumstances."',
            "We will not accept these terms under any circumstances.",
            "The minister",
        ),
        (
            "\u201cWe are ready to talk at any moment,\u201d said John Smith, chief executive of"
            " Acme.",
            "We are ready to talk at any moment",
            "John Smith",
        ),
        (
            'According to the central bank, "inflation will return to target by next year."',
            "inflation will return to target by next year.",
            "the central bank",
        ),
        (
            '"The deal is dead and buried for now," according to a senior EU official.',
            "The deal is dead and buried for now",
            "a senior EU official",
        ),
        (
            'John Smith, the company\'s CEO, said: "We are very proud of these results."',
            "We are very proud of these results.",
            "John Smith",
        ),
        (
            'Speaking at the forum, the president said: "Nobody wants a war in Europe today."',
            "Nobody wants a war in Europe today.",
            "the president",
        ),
        (
            '"We are ready to sign it tomorrow," Smith, who chairs the panel, said.',
            "We are ready to sign it tomorrow",
            "Smith",
        ),
        (
            '"We have done everything we could," the coach told reporters after the match.',
            "We have done everything we could",
            "the coach",
        ),
        (
            "\u201cThis is a historic day for our country,\u201d he said.",
            "This is a historic day for our country",
            "he",
        ),
        (
            "\u2018We don\u2019t agree with the decision at all,\u2019 the union\u2019s leader"
            " said.",
            "We don\u2019t agree with the decision at all",
            "the union's leader",
        ),
        (
            "Maria Lopez, the mayor, said: \u201cThe city has never seen flooding like this.",
            "The city has never seen flooding like this.",
            "Maria Lopez",
        ),
        (
            'According to Maria Zakharova, the ministry spokeswoman, "the talks were'
            ' constructive."',
            "the talks were constructive.",
            "Maria Zakharova",
        ),
        (
            'The senator said the bill would fail, adding: "Nobody has read all of it."',
            "Nobody has read all of it.",
            "The senator",
        ),
        (
            "\u201cWe expect demand to recover soon,\u201d the airline\u2019s finance chief,"
            " Hans-Peter Lang, told Reuters.",
            "We expect demand to recover soon",
            "Hans-Peter Lang",
        ),
        (
            'The governor said that "the economy is stronger than it has ever been."',
            "the economy is stronger than it has ever been.",
            "The governor",
        ),
        (
            'The spokesman added: "No decision has been taken on the matter yet."',
            "No decision has been taken on the matter yet.",
            "The spokesman",
        ),
    ],
)
def test_quote_and_speaker(text: str, quote: str, speaker: str) -> None:
    found = find_quotes(text)
    assert [(q.text, q.speaker) for q in found] == [(quote, speaker)]


@pytest.mark.parametrize(
    "text",
    [
        'She called the plan "a total disaster" and left.',
        "No quotation marks in this sentence at all.",
        'The film "Oppenheimer" won seven awards.',
    ],
)
def test_short_quoted_phrases_are_not_quotes(text: str) -> None:
    assert find_quotes(text) == []


def test_open_quote_runs_to_paragraph_end() -> None:
    (quote,) = find_quotes("\u201cWe will keep building factories and hiring people here")
    assert quote.open_ended and quote.speaker is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The minister addressed the crowd. She said:", "She"),
        ("In a statement, the ministry's press service said:", "the ministry's press service"),
        ("Later the governor told reporters:", "the governor"),
        ("The talks ended without agreement.", None),
    ],
)
def test_trailing_speaker(text: str, speaker: str | None) -> None:
    assert trailing_speaker(text) == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("said Maria Lopez, a spokeswoman for the firm.", "Maria Lopez"),
        ("The minister said this at a press conference on Friday.", "The minister"),
        ("\u2014 said the head of the delegation.", "the head of the delegation"),
        ('"Another quote," he said.', None),
        ("Prices rose sharply in the second quarter.", None),
    ],
)
def test_leading_speaker(text: str, speaker: str | None) -> None:
    assert leading_speaker(text) == speaker


def _mentions(text: str, people: list[str], others: list[tuple[str, str]] = []) -> list[Mention]:  # noqa: B006
    found = []
    for name in people:
        start = text.index(name)
        found.append(Mention(start, start + len(name), name, "PERSON"))
    for name, label in others:
        start = text.index(name)
        found.append(Mention(start, start + len(name), name, label))
    return found


@pytest.mark.parametrize(
    ("text", "people", "others", "expected"),
    [
        (
            "Belarusian Minister of Industry Aleksandr Yefimov met the delegation.",
            ["Aleksandr Yefimov"],
            [],
            [("Aleksandr Yefimov", "Minister of Industry", None, "Belarus")],
        ),
        (
            "He met Russian Minister of Industry and Trade Anton Alikhanov in Minsk.",
            ["Anton Alikhanov"],
            [],
            [("Anton Alikhanov", "Minister of Industry and Trade", None, "Russia")],
        ),
        (
            "The meeting was attended by Alexander Rogozhnik, who now serves as Belarus'"
            " Ambassador of Russia.",
            ["Alexander Rogozhnik"],
            [],
            [("Alexander Rogozhnik", "Ambassador", None, "Belarus")],
        ),
        (
            "Jane Doe, the chief executive of Acme Corp, said profits rose.",
            ["Jane Doe"],
            [("Acme Corp", "ORG")],
            [("Jane Doe", "chief executive", "Acme Corp", None)],
        ),
        (
            "Microsoft CEO Satya Nadella spoke on Monday.",
            ["Satya Nadella"],
            [("Microsoft", "ORG")],
            [("Satya Nadella", "CEO", "Microsoft", None)],
        ),
        (
            "President Joe Biden signed the bill.",
            ["Joe Biden"],
            [],
            [("Joe Biden", "President", None, None)],
        ),
        (
            "Yesterday former prime minister Boris Johnson spoke.",
            ["Boris Johnson"],
            [],
            [("Boris Johnson", "prime minister", None, None)],
        ),
        (
            "Jane Doe, chief economist at ING, said inflation would fall.",
            ["Jane Doe"],
            [("ING", "ORG")],
            [("Jane Doe", "chief economist", "ING", None)],
        ),
        (
            "The minister of finance, Christian Lindner, rejected the calls.",
            ["Christian Lindner"],
            [],
            [("Christian Lindner", "minister of finance", None, None)],
        ),
        (
            "Chinese Foreign Minister Wang Yi arrived in Berlin.",
            ["Wang Yi"],
            [],
            [("Wang Yi", "Foreign Minister", None, "China")],
        ),
        ("The deal was led by Tom Ford, who runs the firm.", ["Tom Ford"], [], []),
        ("Anna Berg and Tom Ford met in Oslo.", ["Anna Berg", "Tom Ford"], [], []),
    ],
)
def test_roles(
    text: str,
    people: list[str],
    others: list[tuple[str, str]],
    expected: list[tuple[str, str, str | None, str | None]],
) -> None:
    found = find_roles(text, _mentions(text, people, others))
    got = [
        (f.fields["person"], f.fields["role"], f.fields.get("org"), f.fields.get("country"))
        for f in found
    ]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        (
            "the INNOPROM International Industrial Trade Fair",
            "ORG",
            ("INNOPROM International Industrial Trade Fair", "EVENT"),
        ),
        ("the World Economic Forum", "ORG", ("World Economic Forum", "EVENT")),
        ("G20 summit", "ORG", ("G20 summit", "EVENT")),
        ("Paris Olympics", "GPE", ("Paris Olympics", "EVENT")),
        ("Epic Games", "ORG", ("Epic Games", "ORG")),
        ("Commonwealth Games", "ORG", ("Commonwealth Games", "EVENT")),
        ("Belarus", "ORG", ("Belarus", "GPE")),
        ("Russia's", "GPE", ("Russia", "GPE")),
        ("Ministry of Defence", "PERSON", ("Ministry of Defence", "ORG")),
        ("President Emmanuel Macron", "PERSON", ("Emmanuel Macron", "PERSON")),
        ("Mr Smith", "PERSON", ("Smith", "PERSON")),
        ("Belarusian", "PERSON", ("Belarusian", "NORP")),
        ("minister", "PERSON", None),
        ("March 2023", "DATE", None),
        ("$5 million", "MONEY", None),
    ],
)
def test_relabel(text: str, label: str, expected: tuple[str, str] | None) -> None:
    assert relabel(text, label) == expected


def test_the_is_kept_only_inside_names() -> None:
    assert relabel("The Hague", "GPE", sentence_start=False) == ("The Hague", "GPE")
    assert relabel("The Hague", "GPE", sentence_start=True) == ("The Hague", "GPE")
    assert relabel("the Hague", "GPE", sentence_start=False) == ("Hague", "GPE")
    assert relabel("The Bank of England", "ORG", sentence_start=True) == (
        "Bank of England",
        "ORG",
    )


def test_description_is_not_a_name() -> None:
    assert relabel_span("the Belarusian ministry", "ORG") == [("Belarusian", "NORP", 4)]
    assert relabel_span("the regional council", "ORG") == []


def test_merge_counts_surnames_toward_full_names() -> None:
    merged = merge(
        [
            (0, 3, Mention(0, 10, "John Smith", "PERSON")),
            (0, 3, Mention(20, 26, "Berlin", "GPE")),
            (1, 7, Mention(5, 10, "Smith", "PERSON")),
            (1, 7, Mention(12, 18, "Berlin", "ORG")),
            (1, 7, Mention(30, 36, "Berlin", "GPE")),
        ]
    )
    assert [{k: v for k, v in e.items() if k != "mentions"} for e in merged] == [
        {"text": "Berlin", "label": "GPE", "count": 3, "paragraphs": [3, 7]},
        {"text": "John Smith", "label": "PERSON", "count": 2, "paragraphs": [3, 7]},
    ]
    assert merged[1]["mentions"] == [
        {"paragraph": 3, "start": 0, "end": 10, "text": "John Smith"},
        {"paragraph": 7, "start": 5, "end": 10, "text": "Smith"},
    ]


def test_surname_the_model_mislabelled_joins_the_person() -> None:
    merged = merge(
        [
            (0, 0, Mention(0, 14, "Max Verstappen", "PERSON")),
            (1, 2, Mention(0, 10, "Verstappen", "ORG")),
        ]
    )
    assert merged == [
        {
            "text": "Max Verstappen",
            "label": "PERSON",
            "count": 2,
            "paragraphs": [0, 2],
            "mentions": [
                {"paragraph": 0, "start": 0, "end": 14, "text": "Max Verstappen"},
                {"paragraph": 2, "start": 0, "end": 10, "text": "Verstappen"},
            ],
        }
    ]


def test_name_listed_among_people_is_a_person() -> None:
    from worker.facts.mentions import _people_in_lists

    text = "The prize went to David Baker, Demis Hassabis and John Jumper at Google DeepMind."
    found = [
        Mention(text.index(n), text.index(n) + len(n), n, label)
        for n, label in [
            ("David Baker", "PERSON"),
            ("Demis Hassabis", "ORG"),
            ("John Jumper", "PERSON"),
            ("Google DeepMind", "ORG"),
        ]
    ]
    labels = [m.label for m in _people_in_lists(text, found)]
    assert labels == ["PERSON", "PERSON", "PERSON", "ORG"]
