"""Whole-article behaviour: quotes across paragraphs, pronouns, indices as given."""

from __future__ import annotations

from worker.facts import Extractor


def _quotes(result_facts: list[dict[str, object]]) -> list[tuple[str, object, object]]:
    return [
        (str(f["text"])[:24], f["speaker"], f["paragraph"])
        for f in result_facts
        if f["type"] == "quote"
    ]


def test_speaker_named_in_the_paragraph_before(extractor: Extractor) -> None:
    result = extractor.extract(
        [
            (3, "Finance Minister Anna Berg spoke to parliament on Tuesday. She said:"),
            (4, "\u201cWe will balance the budget by 2027 without raising taxes.\u201d"),
        ],
        published_at="2024-05-09T10:00:00Z",
    )
    assert _quotes(result.facts) == [("We will balance the budg", "Anna Berg", 4)]


def test_speaker_named_in_the_paragraph_after(extractor: Extractor) -> None:
    result = extractor.extract(
        [
            (0, '"Nobody expected the vote to be this close, and nobody is celebrating."'),
            (1, "said Tom Hughes, the party's campaign director."),
        ]
    )
    assert _quotes(result.facts) == [("Nobody expected the vote", "Tom Hughes", 0)]


def test_quote_running_over_paragraphs_keeps_its_speaker(extractor: Extractor) -> None:
    result = extractor.extract(
        [
            (0, "Maria Lopez, the mayor, said: \u201cThe city has never seen flooding like this."),
            (1, "\u201cWe are asking every resident in the low districts to leave tonight.\u201d"),
        ]
    )
    assert [q[1] for q in _quotes(result.facts)] == ["Maria Lopez", "Maria Lopez"]


def test_pronoun_and_surname_speakers_resolve_to_the_named_person(
    extractor: Extractor,
) -> None:
    result = extractor.extract(
        [
            (0, "Chief executive Laura Chen announced the results on Monday."),
            (1, '"These are the best numbers in our history," she said.'),
            (2, '"We will hire another 2,000 engineers next year," Chen added.'),
        ],
        published_at="2024-02-06T10:00:00Z",
    )
    assert [q[1] for q in _quotes(result.facts)] == ["Laura Chen", "Laura Chen"]


def test_paragraph_indices_are_the_callers(extractor: Extractor) -> None:
    result = extractor.extract(
        [(7, "Oil rose 3% to $82 a barrel in London."), (12, "Oil fell in London.")]
    )
    assert {f["paragraph"] for f in result.facts} == {7}
    london = next(e for e in result.entities if e["text"] == "London")
    assert london["paragraphs"] == [7, 12] and london["count"] == 2
