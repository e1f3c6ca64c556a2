"""Hostile input: extraction stays bounded in work and output, whatever the text.

The extractor under test has no time budget, so what keeps these tests fast is the
algorithms and the character/token caps, not the deadline: a quadratic path coming back
would run into the pytest timeouts (minutes), far from the seconds these take. Nothing
here asserts wall-clock time; the bounds asserted are structural (counts, lengths,
bytes, offsets, tokens per batch).
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worker.facts import ArticleInput, ExtractionResult, Extractor, limits, pipeline
from worker.facts.articles import Paragraph
from worker.facts.attribution import People
from worker.facts.chunking import chunk_bounds
from worker.facts.dates import find_dates
from worker.facts.measures import find_percent, find_quantity
from worker.facts.mentions import _opens_sentence
from worker.facts.money import find_money, parse_money
from worker.facts.numbers import as_number, parse_number, parse_plain
from worker.facts.output import json_bytes, shorten
from worker.facts.quotes import find_quotes, leading_speaker, trailing_speaker
from worker.facts.roles import find_roles
from worker.facts.safe_text import model_text, sanitize
from worker.facts.scoring import DEFAULT_SET, load_set
from worker.facts.spans import Mention, Occupancy
from worker.facts.typed_facts import _Containers

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "clean_article.schema.json"
PUBLISHED = "2024-11-08T10:00:00Z"
REF = date(2024, 11, 8)
LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Linda", "David", "Anna", "Tom"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Berg", "Hughes", "Chen"]


@pytest.fixture(scope="module")
def bounded(extractor: Extractor) -> Extractor:
    """The session's model, without a time budget: only the algorithms bound the work."""
    return Extractor(extractor._pipeline.nlp, time_budget=None)


@pytest.fixture(scope="module")
def validators() -> tuple[Any, Any]:
    properties = json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"]
    return (
        jsonschema.Draft202012Validator(properties["entities"]),
        jsonschema.Draft202012Validator(properties["facts"]),
    )


def prose() -> list[str]:
    return [str(row["text"]) for row in load_set(DEFAULT_SET)]


def prose_of(chars: int) -> str:
    """Dev-set sentences run together into one text of exactly chars characters."""
    out: list[str] = []
    size = 0
    for sentence in itertools.cycle(prose()):
        out.append(sentence)
        size += len(sentence) + 1
        if size >= chars:
            break
    return " ".join(out)[:chars]


def names(count: int, sep: str) -> str:
    rnd = random.Random(1)
    return sep.join(f"{rnd.choice(FIRST)} {rnd.choice(LAST)}" for _ in range(count))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def check_mentions(entity: dict[str, object], published: dict[int, str]) -> None:
    """An entity's mentions: exact slices of their paragraphs' published text (lone
    surrogates read as U+FFFD), in its paragraphs, capped, and in text order."""
    mentions = entity["mentions"]
    assert isinstance(mentions, list) and mentions
    count = entity["count"]
    assert isinstance(count, int)
    assert len(mentions) == min(count, limits.MAX_ENTITY_MENTIONS)
    assert {m["paragraph"] for m in mentions} <= set(entity["paragraphs"])  # type: ignore[arg-type]
    for mention in mentions:
        assert set(mention) == {"paragraph", "start", "end", "text"}
        text = published[mention["paragraph"]]
        start, end = mention["start"], mention["end"]
        assert 0 <= start < end <= len(text)
        assert text[start:end] == mention["text"]
        assert mention["text"].strip() == mention["text"]


def check(
    result: ExtractionResult,
    paragraphs: Sequence[tuple[int, str]],
    validators: tuple[Any, Any] | None = None,
) -> ExtractionResult:
    """Every bound of worker.facts.limits holds, and the output is well formed."""
    indices = {index for index, _ in paragraphs}
    texts = {index: sanitize(text) for index, text in paragraphs}
    published = {index: _LONE_SURROGATE.sub("\ufffd", text) for index, text in paragraphs}
    total = sum(len(text) for _, text in paragraphs)
    assert result.errors == 0
    assert 0 <= result.skipped_chars <= total
    assert result.skipped_chars >= total - limits.MAX_ARTICLE_CHARS
    assert len(result.entities) <= limits.MAX_ENTITIES
    assert len(result.facts) <= limits.MAX_FACTS
    entity_bytes = len(orjson.dumps(result.entities))
    fact_bytes = len(orjson.dumps(result.facts))
    assert entity_bytes <= limits.MAX_ENTITY_BYTES
    assert fact_bytes <= limits.MAX_FACT_BYTES
    assert entity_bytes + fact_bytes <= limits.MAX_EXTRACTION_BYTES
    compact = {"ensure_ascii": False, "separators": (",", ":")}
    assert len(json.dumps(result.facts, **compact).encode()) <= limits.MAX_FACT_BYTES  # type: ignore[arg-type]
    assert json_bytes(result.entities) >= entity_bytes
    assert sum(e["count"] for e in result.entities) <= limits.MAX_MENTIONS  # type: ignore[misc]
    for entity in result.entities:
        text = entity["text"]
        assert isinstance(text, str) and 0 < len(text) <= limits.MAX_ENTITY_CHARS
        assert entity["label"] in LABELS
        listed = entity["paragraphs"]
        assert isinstance(listed, list) and listed == sorted(set(listed))
        assert set(listed) <= indices
        check_mentions(entity, published)
    for fact in result.facts:
        assert fact["paragraph"] in indices
        start, end = fact["start"], fact["end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert 0 <= start < end <= len(texts[fact["paragraph"]])  # type: ignore[index]
        for key, value in fact.items():
            if isinstance(value, float):
                assert math.isfinite(value)
            if isinstance(value, str):
                cap = limits.MAX_QUOTE_CHARS if fact["type"] == "quote" else limits.MAX_FIELD_CHARS
                assert len(value) <= cap, (key, len(value))
        text = fact.get("text")
        if fact["type"] in {"money", "percent", "quantity", "date"}:
            assert isinstance(text, str) and text in texts[fact["paragraph"]]  # type: ignore[index]
            assert texts[fact["paragraph"]][start:end] == text  # type: ignore[index]
    # Every text is sanitized but a mention's, which is the published text's own
    # characters (control characters included; check_mentions checks it).
    bare = [{k: v for k, v in e.items() if k != "mentions"} for e in result.entities]
    for value in _strings([bare, result.facts]):
        assert value == sanitize(value), "control characters or lone surrogates in the output"
    if validators is not None:
        validators[0].validate(result.entities)
        validators[1].validate(result.facts)
    return result


def run(
    bounded: Extractor, paragraphs: Sequence[tuple[int, str]], validators: tuple[Any, Any]
) -> ExtractionResult:
    return check(bounded.extract(paragraphs, published_at=PUBLISHED), paragraphs, validators)


# One test per hostile input measured through the pipeline (each used to take minutes,
# or gigabytes, or to empty the article).


@pytest.mark.timeout(60)
def test_capitalised_names_in_a_row(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    paragraphs = [(0, names(10_000, " "))]  # 20k capitalised words
    result = run(bounded, paragraphs, validators)
    assert result.entities and any(e["label"] == "PERSON" for e in result.entities)
    assert result.skipped_chars > 0


@pytest.mark.timeout(60)
def test_same_weekday_repeated(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    result = run(bounded, [(0, "Monday " * 50_000)], validators)
    assert len(result.facts) == limits.MAX_FACTS and result.dropped_facts > 0
    assert {f["type"] for f in result.facts} == {"date"}
    assert {f["value"] for f in result.facts} == {"2024-11-04"}


@pytest.mark.timeout(60)
def test_bare_opening_quote_marks(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    result = run(bounded, [(0, "\u201c" * 50_000)], validators)
    assert result.facts == [] and result.entities == []


@pytest.mark.timeout(60)
def test_x_said_repeated(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    run(bounded, [(0, "X said " * 20_000)], validators)


@pytest.mark.timeout(60)
def test_opening_quote_marks_in_prose(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    result = run(bounded, [(0, "\u201cthe talks went on " * 50_000)], validators)
    assert all(f["type"] == "quote" for f in result.facts)


@pytest.mark.timeout(90)
def test_valid_4mb_article(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    sentences = itertools.cycle(prose())
    paragraphs: list[tuple[int, str]] = []
    size = 0
    while size < 4_000_000:
        text = next(sentences)
        paragraphs.append((len(paragraphs), text))
        size += len(text)
    result = run(bounded, paragraphs, validators)
    assert result.skipped_chars >= size - limits.MAX_ARTICLE_CHARS
    assert result.entities and len(result.facts) == limits.MAX_FACTS
    # What is analysed is what the first paragraphs alone give.
    analysed = 0
    prefix: list[tuple[int, str]] = []
    for index, text in paragraphs:
        analysed += len(text)
        if analysed > limits.MAX_ARTICLE_CHARS:
            break
        prefix.append((index, text))
    alone = bounded.extract(prefix, published_at=PUBLISHED)
    assert result.facts == alone.facts


@pytest.mark.timeout(60)
@pytest.mark.parametrize("chars", [200_000, 999_000])
def test_ordinary_prose_as_one_paragraph(
    bounded: Extractor, validators: tuple[Any, Any], chars: int
) -> None:
    result = run(bounded, [(0, prose_of(chars))], validators)
    assert result.skipped_chars >= chars - limits.MAX_ARTICLE_CHARS
    kinds = {f["type"] for f in result.facts}
    assert {"money", "date", "percent", "role"} <= kinds
    assert {"PERSON", "ORG", "GPE"} <= {e["label"] for e in result.entities}


@pytest.mark.timeout(60)
def test_straight_double_quotes_in_prose(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    result = run(bounded, [(0, '"the talks went on ' * 50_000)], validators)
    assert result.facts and all(f["type"] == "quote" for f in result.facts)


@pytest.mark.timeout(60)
def test_quote_then_said_repeated(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    text = '"We will never accept these terms," ' + "said " * 20_000
    result = run(bounded, [(0, text)], validators)
    assert [f["text"] for f in result.facts if f["type"] == "quote"] == [
        "We will never accept these terms"
    ]


@pytest.mark.timeout(60)
def test_list_of_person_names(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    result = run(bounded, [(0, names(20_000, ", "))], validators)
    assert {e["label"] for e in result.entities} >= {"PERSON"}


@pytest.mark.timeout(60)
def test_president_x_repeated(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    text = "President Joe Biden met President Emmanuel Macron. " * 5_000
    result = run(bounded, [(0, text)], validators)
    roles = {(f["person"], f["role"]) for f in result.facts if f["type"] == "role"}
    assert ("Joe Biden", "President") in roles


@pytest.mark.timeout(60)
def test_paragraph_over_a_million_characters(
    bounded: Extractor, validators: tuple[Any, Any]
) -> None:
    # Beyond spaCy's max_length this paragraph's entities and facts used to be empty.
    result = run(bounded, [(0, prose_of(1_200_000))], validators)
    assert result.entities and result.facts


@pytest.mark.timeout(60)
def test_dollar_then_100k_digits(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    paragraphs = [
        (0, "Acme Corp paid $5 million to settle the case in Berlin on 3 May 2024."),
        (1, "It paid $" + "9" * 400 + " and 1" + "0" * 400 + "% more, then $7 billion."),
        (2, "$" + "9" * 99_000),
    ]
    result = run(bounded, paragraphs, validators)
    facts = {(f["type"], f["value"], f["paragraph"]) for f in result.facts}
    assert ("money", 5_000_000, 0) in facts and ("date", "2024-05-03", 0) in facts
    assert ("money", 7_000_000_000, 1) in facts
    assert not any(f["paragraph"] == 2 for f in result.facts)


CRAFTED = {
    # Each is aimed at a pattern that used to scan back or forward over the whole text.
    "speaker before a quote": "a " * 20_000 + '"we will win this war now" ' + "b " * 20_000,
    "speaker after each quote": '"one two three four" said ' * 4_000,
    "according to": "according to " * 10_000 + '"one two three four"',
    "adding": "The senator said the bill would fail" + ", adding" * 10_000 + ': "a b c d"',
    "trailing intro": "he said " * 20_000 + ":",
    "sentence start": (". " + " " * 2_000 + "Paris ") * 40,
    "digits with separators": "1," * 40_000 + " dollars " + "$1 " * 20_000,
    "percent and quantities": "12 percent 300 km " * 10_000,
    "dates": "in " * 20_000 + "8 of " * 10_000 + "last Monday will " * 3_000,
    "month words": "May May May " * 10_000,
    "roles": ("Minister " * 300 + "Anna Berg, " + "chief " * 40 + ", ") * 20,
    "appositive": ("Tom Ford, the " + "chief " * 80 + "of Acme, ") * 100,
    "possessives": ("Acme" + "'s" * 500 + " chief executive Anna Berg. ") * 20,
    "name particles": "Erik " + "van " * 30_000 + "Hag",
    "single quotes": "\u2018" + "don\u2019t " * 20_000,
    "open tail": " \u201c" * 30_000 + "x",
    "model codes": "Russian Kh-101 Boeing 737 MAX its ID.4 F-16 jets Model 3 " * 1_000,
    "code-like words": "A350-" * 20_000 + " COVID-19 G7 " * 5_000,
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_inputs_crafted_against_the_patterns(
    bounded: Extractor, validators: tuple[Any, Any], name: str
) -> None:
    run(bounded, [(0, CRAFTED[name])], validators)


@pytest.mark.timeout(60)
def test_giant_words(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    paragraphs = [
        (0, "x" * 30_000 + " Angela Merkel visited Paris on Monday."),
        (1, "(" * 30_000 + "a" + ")" * 30_000),
        (2, "-".join(["a"] * 10_000) + " $5 million"),
    ]
    result = run(bounded, paragraphs, validators)
    assert "Paris" in {e["text"] for e in result.entities}


@pytest.mark.timeout(60)
def test_nul_and_control_characters(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    controls = "".join(chr(c) for c in [*range(32), 0x7F, 0x85, 0x9F])
    paragraphs = [
        (0, controls * 2_000),
        (1, "Angela\x00Merkel met Emmanuel Macron in Paris\x07 on 3 May 2024 \x1b[31m."),
    ]
    result = run(bounded, paragraphs, validators)
    assert "Paris" in {e["text"] for e in result.entities}
    assert any(f.get("value") == "2024-05-03" for f in result.facts)


@pytest.mark.timeout(60)
def test_lone_surrogates(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    paragraphs = [
        (0, "Angela Merkel visited \ud800 Paris on Monday \udfff."),
        (1, "\udc00" * 20_000),
        (2, "Acme Corp paid $5 million in Berlin."),
    ]
    result = run(bounded, paragraphs, validators)
    assert {"Paris", "Berlin"} <= {str(e["text"]) for e in result.entities}
    orjson.dumps([result.entities, result.facts])  # encodable: no surrogates left


@pytest.mark.timeout(60)
def test_rtl_and_mixed_scripts(bounded: Extractor, validators: tuple[Any, Any]) -> None:
    mixed = (
        "\u202e\u0634\u0631\u0643\u0629 \u05e9\u05dc\u05d5\u05dd "
        "\u041c\u043e\u0441\u043a\u0432\u0430 Paris \u6771\u4eac "
        "\u200f$5 million \u202c\u2066x\u2069 "
    )
    result = run(bounded, [(0, mixed * 3_000), (1, "Olaf Scholz met Emmanuel Macron.")], validators)
    assert any(f["type"] == "money" and f["value"] == 5_000_000 for f in result.facts)


# The mechanisms behind the bounds.


def _capture_states(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    states: list[Any] = []
    finish = pipeline.finish

    def spy(state: Any) -> ExtractionResult:
        states.append(state)
        return finish(state)

    monkeypatch.setattr(pipeline, "finish", spy)
    return states


@pytest.mark.timeout(60)
def test_offsets_stay_relative_to_the_paragraph(
    bounded: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    filler = "The talks went on for hours without any result. " * 400  # ~20k: 2+ chunks
    late = (
        "Chinese Foreign Minister Wang Yi arrived in Berlin on 3 May 2024. "
        "Acme Corp paid $5 million to settle the case. "
        '"We will not accept these terms under any circumstances," said John Smith. '
        '"We are very proud of these results this year," he said. '
    )
    text = filler + late + filler + late
    states = _capture_states(monkeypatch)
    result = check(bounded.extract([(4, text)], published_at=PUBLISHED), [(4, text)])
    (paragraph,) = states[0].paragraphs
    assert len(chunk_bounds(text)) > 3 and paragraph.analysed == len(text)
    for mention in paragraph.mentions:
        assert text[mention.start : mention.end] == mention.text
    for found in paragraph.facts:
        if found.fields["type"] != "role":
            assert text[found.start : found.end] == found.fields["text"]
    for quote in paragraph.quotes:
        assert text[quote.start] == '"' and text[quote.end - 1] == '"'
    roles = [(f["person"], f["role"]) for f in result.facts if f["type"] == "role"]
    assert roles.count(("Wang Yi", "Foreign Minister")) == 1  # one per (person, role)
    speakers = [f["speaker"] for f in result.facts if f["type"] == "quote"]
    assert speakers == ["John Smith"] * 4  # "he" resolved with paragraph offsets
    money = [f for f in result.facts if f["type"] == "money"]
    assert [f["value"] for f in money] == [5_000_000, 5_000_000]


def test_chunks_cover_the_text_at_boundaries() -> None:
    text = prose_of(95_000) + " " + "x" * 25_000 + " tail"
    bounds = chunk_bounds(text)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    for (_, end), (start, _) in itertools.pairwise(bounds):
        assert end == start
    for start, end in bounds:
        assert 0 < end - start <= limits.MAX_CHUNK_CHARS
        # Cut after whitespace (a sentence end when there is one), or inside the giant word.
        assert end == len(text) or text[end - 1].isspace() or text[end - 1] == "x"
    assert chunk_bounds("") == [(0, 0)] and chunk_bounds("short") == [(0, 5)]


@pytest.mark.timeout(60)
def test_article_character_cap(bounded: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = prose_of(60_000), prose_of(60_000)
    paragraphs = [(0, first), (1, second), (2, "Acme Corp paid $5 million in Berlin.")]
    states = _capture_states(monkeypatch)
    result = check(bounded.extract(paragraphs), paragraphs)
    analysed = [p.analysed for p in states[0].paragraphs]
    assert analysed[0] == 60_000 and 0 < analysed[1] <= 40_000 and analysed[2] == 0
    assert sum(analysed) <= limits.MAX_ARTICLE_CHARS
    assert result.skipped_chars == sum(len(t) for _, t in paragraphs) - sum(analysed)
    assert second[analysed[1] - 1].isspace()  # cut at a boundary
    assert {f["paragraph"] for f in result.facts} <= {0, 1}
    assert not result.timed_out


class _Spy:
    """The model, recording what each NER batch is given."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.vocab = nlp.vocab
        self.batches: list[list[Any]] = []

    def make_doc(self, text: str) -> Any:
        return self.nlp.make_doc(text)

    def pipe(self, docs: Any, batch_size: int) -> Any:
        docs = list(docs)
        self.batches.append(docs)
        return self.nlp.pipe(docs, batch_size=batch_size)

    def __call__(self, doc: Any) -> Any:
        return self.nlp(doc)

    def memory_zone(self) -> Any:
        return self.nlp.memory_zone()


@pytest.mark.timeout(60)
def test_model_work_is_bounded_in_tokens(extractor: Extractor) -> None:
    spy = _Spy(extractor._pipeline.nlp)
    dense = Extractor(spy, time_budget=None)  # type: ignore[arg-type]
    # One-character tokens: 80k characters are 40k tokens.
    paragraphs = [(0, "x" * 5_000 + " " + "\u201c" * 5_000 + "$" * 5_000), (1, "a " * 40_000)]
    result = dense.extract(paragraphs)
    tokens = [sum(len(doc) for doc in batch) for batch in spy.batches]
    assert max(tokens) <= limits.MAX_BATCH_TOKENS
    assert sum(tokens) <= limits.MAX_ARTICLE_TOKENS
    longest = max(len(t.text) for batch in spy.batches for doc in batch for t in doc)
    assert longest <= limits.MAX_TOKEN_CHARS
    assert longest == limits.MAX_TOKEN_CHARS  # the run of x, cut in pieces
    assert result.skipped_chars > 0 and result.errors == 0


def test_model_text_breaks_long_runs_in_place() -> None:
    for text in ["a" * 100, "a" * 101, "x " + "$" * 1_000 + " y", "\u201c" * 333, "ok"]:
        seen = model_text(text)
        assert len(seen) == len(text)
        assert max(len(w) for w in seen.split(" ")) <= limits.MAX_TOKEN_CHARS
        assert all(a == b or b == " " for a, b in zip(text, seen, strict=True))
    assert model_text("no long words here") == "no long words here"


@pytest.mark.timeout(60)
def test_time_budget_stops_an_article_between_chunks(extractor: Extractor) -> None:
    ticks = itertools.count()
    slow = Extractor(extractor._pipeline.nlp, time_budget=2.5, clock=lambda: float(next(ticks)))
    paragraphs = [(0, prose_of(30_000)), (1, "Acme Corp paid $5 million in Berlin.")]
    result = check(slow.extract(paragraphs, published_at=PUBLISHED), paragraphs)
    # The clock reads 0 at the first chunk, 1, 2 at the next: the fourth is past 2.5 s.
    assert result.timed_out and result.skipped_chars > 0
    assert {f["paragraph"] for f in result.facts} == {0}
    second = slow.extract([(0, "Acme Corp paid $5 million in Berlin.")])
    assert not second.timed_out and second.facts  # every article has its own budget


def test_extractor_has_a_time_budget_by_default(extractor: Extractor) -> None:
    assert extractor._pipeline.time_budget == limits.ARTICLE_TIME_BUDGET_SECONDS
    assert Extractor(extractor._pipeline.nlp)._pipeline.time_budget is not None


@pytest.mark.timeout(60)
def test_output_byte_budget_and_caps(bounded: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    text = " ".join(
        f"Acme Corp paid ${n} million in {city} on {n % 28 + 1} May 2024."
        for n, city in zip(range(1, 400), itertools.cycle(["Berlin", "Paris", "London"]))
    )
    full = bounded.extract([(0, text)])
    monkeypatch.setattr(limits, "MAX_FACT_BYTES", 5_000)
    monkeypatch.setattr(limits, "MAX_ENTITIES", 1)
    small = bounded.extract([(0, text)])
    assert len(orjson.dumps(small.facts)) <= 5_000 < len(orjson.dumps(full.facts))
    assert small.facts == full.facts[: len(small.facts)]  # a prefix, in order
    assert small.dropped_facts == len(full.facts) - len(small.facts) > 0
    assert len(full.entities) > 1 and full.dropped_entities == 0
    assert small.entities == full.entities[:1]
    assert small.dropped_entities == len(full.entities) - 1


def test_long_fields_are_shortened_or_dropped(bounded: Extractor) -> None:
    long_quote = " ".join(["word"] * 600)
    paragraphs = [
        (0, f'"{long_quote}," said John Smith.'),
        (1, "The vote is on 8" + " " * 300 + "November 2024, and on 9 November 2024."),
    ]
    result = check(bounded.extract(paragraphs), paragraphs)
    (quote,) = [f for f in result.facts if f["type"] == "quote"]
    assert len(str(quote["text"])) <= limits.MAX_QUOTE_CHARS
    assert str(quote["text"]).endswith("\u2026") and quote["speaker"] == "John Smith"
    assert [f["value"] for f in result.facts if f["paragraph"] == 1] == ["2024-11-09"]
    assert result.dropped_facts == 1
    assert shorten("abc def", 5) == "abc\u2026" and shorten("abcdefgh", 5) == "abcd\u2026"


@pytest.mark.timeout(60)
def test_memory_zone_keeps_the_vocabulary_bounded(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    nlp = extractor._pipeline.nlp
    monkeypatch.setattr(limits, "MAX_MODEL_STRINGS", 0)  # the vocabulary counts as full
    rnd = random.Random(7)
    before = len(nlp.vocab.strings)
    for _ in range(3):
        words = " ".join(f"Zq{rnd.getrandbits(64):x}" for _ in range(2_000))
        result = extractor.extract([(0, words)])
        assert result.errors == 0
    assert len(nlp.vocab.strings) == before


def test_importing_the_parsers_does_not_import_spacy() -> None:
    code = (
        "import sys\n"
        "import worker.facts, worker.facts.limits, worker.facts.money, worker.facts.dates\n"
        "import worker.facts.measures, worker.facts.numbers, worker.facts.quotes\n"
        "import worker.facts.roles, worker.facts.entities\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
        "assert worker.facts.MAX_EXTRACTION_BYTES == worker.facts.limits.MAX_EXTRACTION_BYTES\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


def test_limits_are_consistent() -> None:
    assert limits.MAX_EXTRACTION_BYTES == limits.MAX_ENTITY_BYTES + limits.MAX_FACT_BYTES
    assert limits.MAX_CHUNK_CHARS <= limits.MAX_ARTICLE_CHARS
    assert limits.MAX_BATCH_TOKENS <= limits.MAX_ARTICLE_TOKENS
    assert limits.MAX_ENTITY_CHARS <= limits.MAX_FIELD_CHARS <= limits.MAX_QUOTE_CHARS
    assert 0 < limits.ARTICLE_TIME_BUDGET_SECONDS <= 10


# The pure parsers (no model) on big hostile text, and their numeric edge cases.


@pytest.mark.timeout(30)
def test_numeric_overflow_is_a_skipped_fact() -> None:
    assert parse_number("9" * 400) is None and parse_plain("9" * 400) is None
    assert parse_number("1" + "0" * 308) is None  # float overflow: inf
    assert parse_number("9" * 60 + " trillion") is None
    assert find_money("$" + "9" * 100_000) == []
    assert find_percent("1" + "0" * 400 + "%") == [] and find_quantity("9" * 400 + " km") == []
    assert parse_money("$1e400") is None
    with pytest.raises(ValueError):
        as_number(math.inf)
    assert parse_money("$5 million") == (5_000_000, "USD")


FINDER_ONLY = {
    "weekdays": "Monday " * 30_000,
    "people list": ", ".join(["Anna Berg"] * 20_000),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(CRAFTED) + sorted(FINDER_ONLY))
def test_pattern_finders_on_crafted_text(name: str) -> None:
    # Unchunked, 200k characters: the old finders took from seconds to minutes on these.
    text = CRAFTED.get(name) or FINDER_ONLY[name]
    big = text * max(1, 200_000 // len(text))
    find_money(big)
    find_percent(big)
    find_quantity(big)
    find_dates(big, REF)
    for quote in find_quotes(big):
        assert big[quote.start] in '\u201c\u2018"' and quote.end <= len(big)
    trailing_speaker(big)
    leading_speaker(big)
    step = 11 if name == "people list" else 997
    people = [Mention(i, i + 9, "Anna Berg", "PERSON") for i in range(0, len(big) - 9, step)]
    find_roles(big, people)


# The linear-time rewrites answer exactly what the pairwise loops they replace did.

_OLD_SENTENCE_START = re.compile(r"(?:^|[.!?:\u201c\u201d\"]\s*|\s[-\u2013\u2014]\s*)\s*$")
intervals = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)), max_size=25)


@given(intervals, intervals)
def test_occupancy_is_the_overlap_loop(
    taken: list[tuple[int, int]], asked: list[tuple[int, int]]
) -> None:
    occupancy = Occupancy(60)
    kept: list[tuple[int, int]] = []
    for start, length in taken:
        end = start + length + 1
        free = not any(s < end and start < e for s, e in kept)
        assert occupancy.free(start, end) == free
        if free:
            occupancy.claim(start, end)
            kept.append((start, end))
    for start, length in asked:
        end = start + length + 1
        assert occupancy.free(start, end) == (not any(s < end and start < e for s, e in kept))


@given(intervals, intervals)
def test_containers_is_the_containment_loop(
    names: list[tuple[int, int]], asked: list[tuple[int, int]]
) -> None:
    boxes = [(s, s + n) for s, n in names]
    containers = _Containers(boxes)
    for start, length in asked:
        end = start + length
        assert containers.contain(start, end) == any(s <= start and end <= e for s, e in boxes)


@given(st.text(st.sampled_from(list(' \t\n\u00a0.!?:\u201c\u201d"-\u2013\u2014aZ,')), max_size=12))
def test_sentence_start_is_the_old_pattern(prefix: str) -> None:
    text = prefix + "Name"
    assert _opens_sentence(text, len(prefix)) == bool(_OLD_SENTENCE_START.search(prefix))


def _old_resolve(
    speaker: str | None, people: list[tuple[int, int, str]], position: int, offset: int
) -> str | None:
    if speaker is None:
        return None
    before = [name for p, start, name in people if (p, start) < (position, offset)]
    if speaker.lower() in {"he", "she", "him", "her"}:
        return before[-1] if before else speaker
    if " " not in speaker:
        for name in reversed(before):
            if name.split()[-1] == speaker:
                return name
    return speaker


people_names = st.sampled_from(["Anna Berg", "Tom Berg", "Berg", "Li Chen", "Chen", "Jo"])
speakers = st.sampled_from(["he", "She", "Berg", "Chen", "Jo", "Ann Lee", None])


@given(
    st.lists(st.lists(st.tuples(st.integers(0, 50), people_names), max_size=5), max_size=5),
    st.lists(st.tuples(speakers, st.integers(0, 5), st.integers(0, 60)), max_size=10),
)
def test_people_resolve_as_before(
    mentions: list[list[tuple[int, str]]], asked: list[tuple[str | None, int, int]]
) -> None:
    paragraphs = []
    people: list[tuple[int, int, str]] = []
    for position, found in enumerate(mentions):
        ordered = sorted(set(found))
        paragraph = Paragraph(position, "")
        paragraph.mentions = [Mention(s, s + len(n), n, "PERSON") for s, n in ordered]
        paragraphs.append(paragraph)
        people += [(position, s, n) for s, n in ordered]
    resolver = People(paragraphs)
    for speaker, position, offset in asked:
        expected = _old_resolve(speaker, people, position, offset)
        assert resolver.resolve(speaker, position, offset) == expected


printable = st.characters(exclude_categories=["Cs"])
hostile_chars = st.characters(categories=["Cs", "Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "So"])
pieces = st.sampled_from(
    ["$", "€5", "%", '"', "\u201c", "\u201d", "\u2018", "\u2019", " said ", "Monday", ", ",
     "President ", "Anna Berg", "1,000", "9" * 70, ". ", "\n", " of ", "May 2024", "\u202e"]
)  # fmt: skip
hostile_text = st.lists(st.one_of(printable, hostile_chars, pieces), max_size=120).map("".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(hostile_text, max_size=4))
def test_extraction_never_raises_and_keeps_its_caps(bounded: Extractor, texts: list[str]) -> None:
    paragraphs = list(enumerate(texts))
    result = bounded.extract(paragraphs, published_at=PUBLISHED)
    check(result, paragraphs)
    orjson.dumps([result.entities, result.facts])


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_finders_never_raise_on_any_text(text: str) -> None:
    for found in find_money(text) + find_percent(text) + find_quantity(text):
        value = found.fields["value"]
        assert isinstance(value, int | float) and math.isfinite(value)
    find_dates(text, None)
    find_quotes(text)
    trailing_speaker(text)
    leading_speaker(text)
    safe = sanitize(text)
    assert len(safe) == len(text) and safe == sanitize(safe)
    assert json_bytes(safe) == len(orjson.dumps(safe))


def test_batched_articles_keep_separate_caps(bounded: Extractor) -> None:
    heavy = ArticleInput([(0, "Monday " * 20_000)], PUBLISHED)
    light = ArticleInput([(0, "Acme Corp paid $5 million in Berlin on Monday.")], PUBLISHED)
    results = bounded.extract_many([heavy, light, heavy])
    assert len(results[0].facts) == limits.MAX_FACTS == len(results[2].facts)
    assert results[1] == bounded.extract(light.paragraphs, published_at=PUBLISHED)
