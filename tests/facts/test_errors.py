"""A paragraph that breaks a stage costs that paragraph's facts, never the article."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from worker.facts import ArticleInput, ExtractionResult, Extractor, money, quotes

GOOD = "Acme Corp paid $5 million to settle the case in Berlin on 3 May 2024."
BAD = "This paragraph trips the money finder: BOOM."


def _explode_on_boom(original):  # type: ignore[no-untyped-def]
    def finder(text: str, *args: object):  # type: ignore[no-untyped-def]
        if "BOOM" in text:
            raise RuntimeError("finder failed")
        return original(text, *args)

    return finder


def test_failing_stage_costs_one_paragraph(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(money, "find_money", _explode_on_boom(money.find_money))
    result = extractor.extract([(0, GOOD), (3, BAD)])
    assert result.errors == 1
    assert {f["paragraph"] for f in result.facts} == {0}
    assert any(f["type"] == "money" and f["value"] == 5_000_000 for f in result.facts)
    assert all(3 not in e["paragraphs"] for e in result.entities)  # type: ignore[operator]


def test_failing_quote_stage_is_counted(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quotes, "find_quotes", _explode_on_boom(quotes.find_quotes))
    result = extractor.extract([(0, GOOD), (1, BAD)])
    assert result.errors == 1


class _BrokenNER:
    """Stands in for the model and fails on one paragraph, in batches and alone."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def pipe(self, texts, batch_size: int = 0):  # type: ignore[no-untyped-def]
        if any("BOOM" in t for t in texts):
            raise ValueError("model failed")
        return self.nlp.pipe(texts)

    def __call__(self, text: str):  # type: ignore[no-untyped-def]
        if "BOOM" in text:
            raise ValueError("model failed")
        return self.nlp(text)


def test_failing_model_costs_one_paragraph(extractor: Extractor) -> None:
    broken = Extractor(_BrokenNER(extractor._pipeline.nlp))  # type: ignore[arg-type]
    results = broken.extract_many(
        [ArticleInput([(0, GOOD), (1, BAD)]), ArticleInput([(4, GOOD)], "2024-05-05T00:00:00Z")]
    )
    assert [r.errors for r in results] == [1, 0]
    assert results[1].facts and all(f["paragraph"] == 4 for f in results[1].facts)


def test_empty_and_odd_input(extractor: Extractor) -> None:
    assert extractor.extract([]).facts == []
    result = extractor.extract([(0, ""), (1, "\u201c"), (2, '"'), (3, "   ")], published_at="bad")
    assert result.errors == 0


def test_batched_equals_one_by_one(extractor: Extractor) -> None:
    articles = [
        ArticleInput([(0, GOOD)], "2024-05-05T00:00:00Z"),
        ArticleInput(
            [(2, "Shares in Tesla rose 4% yesterday, said analyst Dan Ives.")],
            None,
            "2024-05-06T00:00:00Z",
        ),
    ]
    batched = extractor.extract_many(articles)
    single = [
        extractor.extract(a.paragraphs, published_at=a.published_at, fetched_at=a.fetched_at)
        for a in articles
    ]
    assert batched == single


def test_article_level_failure_still_returns(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from worker.facts import entities

    def broken_merge(*_: object) -> list[dict[str, object]]:
        raise RuntimeError("merge failed")

    monkeypatch.setattr(entities, "merge", broken_merge)
    result = extractor.extract([(0, GOOD), (1, GOOD)])
    assert result == ExtractionResult([], [], 2)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("abc XYZ019$€£%.,;:\"\u201c\u201d\u2018\u2019'-\n")),
            max_size=120,
        ),
        max_size=4,
    )
)
def test_extract_never_raises(extractor: Extractor, texts: list[str]) -> None:
    result = extractor.extract(list(enumerate(texts)), published_at="2024-01-01T00:00:00Z")
    assert result.errors == 0
