"""Mention and fact offsets are exact on real and odd text: unicode, control characters,
lone surrogates, paragraphs long enough to be cut in chunks, names repeated past the
per-entity cap (a Hypothesis property over the whole extractor)."""

from __future__ import annotations

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.facts.test_heads import RULE_PHRASES
from tests.facts.test_hostile import check
from worker.facts import Extractor, limits
from worker.facts.scoring import DEFAULT_SET, load_set

_REAL = [str(row["text"]) for row in load_set(DEFAULT_SET)]
_NAMES = [
    "Angela Merkel",
    "Olaf Scholz",
    "Reuters",
    "Goldman Sachs",
    "Paris",
    "the European Union",
    "Jos\u00e9 Mar\u00eda Aznar",
    "Zo\u00eb Kravitz",
    "Mu\u0308ller",
    "\u5317\u4eac",
    "Bj\u00f6rk",
    "O\u2019Neill",
    "Erik ten Hag",
    *RULE_PHRASES,
]
_ODD = st.sampled_from(
    ["\x00", "\x07", "\x1f", "\x85", "\u2028", "\t", "\n", "  ", "\ud800", "\U0001f600", "\u200b"]
)
_WORDS = st.sampled_from(
    [*_NAMES, "said", "met", "in", "on Monday", "$5 million", "3.2%", "\u201cWe won,\u201d", ","]
)
_PIECE = st.one_of(_WORDS, _ODD, st.text(max_size=8), st.sampled_from(_REAL))


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(_PIECE, min_size=1, max_size=30))
    text = " ".join(pieces)
    if draw(st.booleans()):
        # Long enough to be cut into chunks (limits.MAX_CHUNK_CHARS), with a name near
        # every cut.
        real = draw(st.sampled_from(_REAL))
        repeat = limits.MAX_CHUNK_CHARS // max(len(real), 1) + draw(st.integers(1, 40))
        text = " ".join([text] + [real] * repeat)
    return text


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(paragraph(), min_size=1, max_size=4))
def test_offsets_are_exact(extractor: Extractor, texts: list[str]) -> None:
    paragraphs = [(3 * i + 1, text) for i, text in enumerate(texts)]
    check(extractor.extract(paragraphs), paragraphs)


def test_offsets_on_the_dev_set(extractor: Extractor) -> None:
    import json

    from tests.facts.test_contract import SCHEMA

    properties = json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"]
    validators = (
        jsonschema.Draft202012Validator(properties["entities"]),
        jsonschema.Draft202012Validator(properties["facts"]),
    )
    for text in _REAL:
        check(extractor.extract([(0, text)]), [(0, text)], validators)


def test_repeated_name_is_capped_but_counted(extractor: Extractor) -> None:
    name = "Angela Merkel"
    text = " ".join(f"{name} spoke." for _ in range(limits.MAX_ENTITY_MENTIONS + 20))
    result = check(extractor.extract([(0, text)]), [(0, text)])
    merkel = next(e for e in result.entities if e["text"] == name)
    assert merkel["count"] == limits.MAX_ENTITY_MENTIONS + 20
    mentions = merkel["mentions"]
    assert isinstance(mentions, list) and len(mentions) == limits.MAX_ENTITY_MENTIONS
    assert [m["start"] for m in mentions] == [i * (len(name) + 8) for i in range(len(mentions))]


def test_typographic_apostrophe_and_odd_spaces_keep_exact_offsets(extractor: Extractor) -> None:
    text = "Officials said Conor O\u2019Neill met Angela\x00Merkel and Olaf  Scholz in Berlin."
    result = check(extractor.extract([(5, text)]), [(5, text)])
    slices = {m["text"] for e in result.entities for m in e["mentions"]}  # type: ignore[attr-defined]
    assert "Berlin" in slices
    assert all(text.find(s) >= 0 for s in slices)
