"""An article's ExtractionResult built from its analysed paragraphs: facts in paragraph
order, entities merged, both capped in count, field length and JSON bytes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import orjson

from worker.facts import entities, limits
from worker.facts.articles import ArticleState, ExtractionResult
from worker.facts.attribution import attribute_quotes
from worker.facts.code_families import with_code_families
from worker.facts.propagation import propagate

_JSON_CONTROL = re.compile("[\x00-\x1f]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def finish(state: ArticleState) -> ExtractionResult:
    paragraphs = state.paragraphs
    errors = sum(p.failed for p in paragraphs)
    quote_facts = attribute_quotes(paragraphs)
    facts: list[dict[str, object]] = []
    for position, paragraph in enumerate(paragraphs):
        items = sorted(paragraph.facts + quote_facts[position], key=lambda f: f.start)
        facts.extend(
            {**item.fields, "paragraph": paragraph.index, "start": item.start, "end": item.end}
            for item in items
        )
    mentions = [(order, p.index, m) for order, p in enumerate(paragraphs) for m in p.mentions]
    seen = [p.seen() if not p.failed else "" for p in paragraphs]
    indexes = [p.index for p in paragraphs]
    mentions = propagate(seen, indexes, mentions, limits.MAX_MENTIONS)
    mentions = with_code_families(seen, indexes, mentions, limits.MAX_MENTIONS)
    sources = [_encodable(p.source or p.text) for p in paragraphs]
    merged = entities.merge(mentions[: limits.MAX_MENTIONS], sources)
    kept_entities, dropped_entities = _bounded(
        merged, limits.MAX_ENTITIES, limits.MAX_ENTITY_BYTES, _bound_entity
    )
    kept_facts, dropped_facts = _bounded(
        facts, limits.MAX_FACTS, limits.MAX_FACT_BYTES, _bound_fact
    )
    return ExtractionResult(
        kept_entities,
        kept_facts,
        errors,
        skipped_chars=state.skipped_chars,
        timed_out=state.timed_out,
        dropped_entities=dropped_entities,
        dropped_facts=dropped_facts,
    )


def _encodable(text: str) -> str:
    """The published text mention texts are cut from: exact, control characters included
    (JSON escapes them), but lone surrogates, which no JSON encoder writes, read as
    U+FFFD (one for one, so offsets hold)."""
    if text.isascii() or _LONE_SURROGATE.search(text) is None:
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


def _bounded(
    items: Sequence[dict[str, object]],
    max_count: int,
    max_bytes: int,
    bound: Callable[[dict[str, object]], dict[str, object] | None],
) -> tuple[list[dict[str, object]], int]:
    """The items, in order, while at most max_count and their JSON array max_bytes."""
    fitted = [bound(item) for item in items]
    whole = [item for item in fitted if item is not None]
    if len(whole) <= max_count and _fast_bytes(whole) <= max_bytes:
        return whole, len(fitted) - len(whole)
    kept: list[dict[str, object]] = []
    size = 2  # []
    for item in whole:
        cost = json_bytes(item) + (1 if kept else 0)
        if len(kept) >= max_count or size + cost > max_bytes:
            # The output stays a prefix in order: once full, everything after is dropped.
            break
        kept.append(item)
        size += cost
    return kept, len(fitted) - len(kept)


def _fast_bytes(items: list[dict[str, object]]) -> int:
    """An upper bound on json_bytes(items), in one C call: orjson's size, plus room for
    json.dumps writing a float a byte or two longer ("1e+16" for orjson's "1e16")."""
    try:
        return len(orjson.dumps(items)) + 8 * len(items)
    except (TypeError, ValueError):
        return json_bytes(items)


def _bound_entity(entity: dict[str, object]) -> dict[str, object] | None:
    text = entity.get("text")
    if not isinstance(text, str) or len(text) > limits.MAX_ENTITY_CHARS:
        return None
    return entity


def _bound_fact(fact: dict[str, object]) -> dict[str, object] | None:
    """The fact with its quote text shortened, or None when a field is too long."""
    if fact.get("type") != "quote":  # most facts: no text to shorten
        for value in fact.values():
            if isinstance(value, str) and len(value) > limits.MAX_FIELD_CHARS:
                return None
        return fact
    bounded = fact
    for key, value in fact.items():
        if not isinstance(value, str):
            continue
        if key == "text" and fact.get("type") == "quote":
            short = shorten(value, limits.MAX_QUOTE_CHARS)
            if short is not value:
                # A copy: the caller's fact stays as it was.
                bounded = {**bounded, key: short}
        elif len(value) > limits.MAX_FIELD_CHARS:
            return None
    return bounded


def shorten(text: str, limit: int) -> str:
    """text cut to at most limit characters, at a space when there is one, ending in …."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    if cut < limit // 2:
        cut = limit - 1
    return text[:cut].rstrip() + "\u2026"


def json_bytes(value: object) -> int:
    """Bytes of value as compact UTF-8 JSON (orjson, or json.dumps with
    ensure_ascii=False and separators=(",", ":")); exact but for floats, which count 24
    bytes, the longest a finite double takes ("-2.2250738585072014e-308")."""
    if isinstance(value, str):
        return _str_bytes(value)
    if isinstance(value, dict):
        inner = sum(_str_bytes(str(k)) + 1 + json_bytes(v) for k, v in value.items())
        return 1 + inner + max(len(value), 1)
    if isinstance(value, list | tuple):
        return 1 + sum(json_bytes(v) for v in value) + max(len(value), 1)
    if value is None or value is True:
        return 4
    if value is False:
        return 5
    if isinstance(value, int):
        # str() of a huge int is slow (and limited); digits < bits / 3 + 1.
        return len(str(value)) if value.bit_length() <= 64 else value.bit_length() // 3 + 2
    if isinstance(value, float):
        return 24
    return json_bytes(str(value))


def _str_bytes(text: str) -> int:
    size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    size += 2 + text.count('"') + text.count("\\")
    if not text.isprintable():
        # \n \t \r \b \f take two bytes, other control characters six (\u00XX).
        for control in _JSON_CONTROL.findall(text):
            size += 1 if control in "\n\t\r\b\f" else 5
    return size
