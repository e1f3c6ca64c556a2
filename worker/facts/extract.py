"""Running the model and the fact finders over an article's kept paragraphs.

The work per article is bounded (see worker.facts.limits): at most MAX_ARTICLE_CHARS
characters are analysed, paragraph by paragraph, each in chunks of at most
MAX_CHUNK_CHARS cut at sentence or word boundaries (offsets stay relative to the
paragraph); the model sees at most MAX_ARTICLE_TOKENS tokens of an article, in batches
of at most MAX_BATCH_TOKENS, inside a spaCy memory zone, and an article whose time budget
is spent has its remaining chunks skipped. The output is capped in count and in JSON
bytes.
"""

from __future__ import annotations

import bisect
import contextlib
import logging
import math
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, cast

import orjson
from spacy.language import Language
from spacy.tokens import Doc

from worker.facts import dates, entities, limits, measures, money, quotes, roles
from worker.facts.spans import Found, Mention, Occupancy

log = logging.getLogger(__name__)

# Most chunks in one NER batch (limits.MAX_BATCH_TOKENS bounds their tokens too).
BATCH_SIZE = 256
_PRONOUNS = frozenset({"he", "she", "him", "her"})
# Money wins over a percent or quantity on the same characters, and those over a date.
_PRIORITY = {"money": 0, "percent": 1, "quantity": 2, "date": 3}
# A dateline dash ("WASHINGTON (Reuters) - The ...") opens a sentence too.
_SENTENCE_MARKS = frozenset('.!?:\u201c\u201d"')
_DASHES = frozenset("-\u2013\u2014")
# Lowercase particles inside surnames ("Erik ten Hag", "Ursula von der Leyen"), which
# the model tends to cut the name at.
_NAME_PARTICLE = re.compile(
    r" (?:(?:van|von|de|der|den|ten|ter|da|di|du|del|della|dos|das|le|la|bin|ibn|al|el) )+"
    r"[A-Z][\w'\u2019-]+"
)
_LIST_GAP = re.compile(r",\s*|\s+and\s+|,\s+and\s+")
_NAMED_WITH_YEARS = frozenset({"EVENT", "ORG", "PRODUCT", "LAW", "WORK_OF_ART", "FAC"})
# What title_word() reads after a mention: the next word (title heads are short words).
_NEXT_WORD_CHARS = 128
# What person_after_title() reads before a mention.
_TITLE_BEFORE_CHARS = 40
# Where a chunk may be cut: after a sentence end (and closing quotes or brackets).
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")

# Characters no output text should carry, replaced one for one (offsets do not move):
# control characters become spaces, lone surrogates (which spaCy cannot encode and JSON
# encoders refuse) the replacement character.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SAFE_TABLE: dict[int, str] = {
    **{c: " " for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]},
    **{c: "\ufffd" for c in range(0xD800, 0xE000)},
}
_JSON_CONTROL = re.compile("[\x00-\x1f]")


def sanitize(text: str) -> str:
    """text with control characters and lone surrogates replaced, same length."""
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_SAFE_TABLE)


_LONG_RUN = re.compile(rf"\S{{{limits.MAX_TOKEN_CHARS + 1},}}")


def model_text(text: str) -> str:
    """text as the model sees it: a run of more than MAX_TOKEN_CHARS characters without
    whitespace gets a space in place of every MAX_TOKEN_CHARS-th character (same length)."""
    step = limits.MAX_TOKEN_CHARS + 1
    pieces: list[str] = []
    done = 0
    for run in _LONG_RUN.finditer(text):
        for cut in range(run.start() + limits.MAX_TOKEN_CHARS, run.end(), step):
            pieces.append(text[done:cut])
            pieces.append(" ")
            done = cut + 1
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """Contract-shaped output for one article.

    entities: {text, label, count, paragraphs}, sorted by first paragraph, then text.
    facts: typed facts with the caller's paragraph index, in paragraph order.
    errors: paragraphs whose extraction failed; they contribute nothing.
    skipped_chars: characters of the paragraphs that were not analysed: past
        MAX_ARTICLE_CHARS or MAX_ARTICLE_TOKENS, or after the time budget ran out.
    timed_out: the article's time budget ran out before all of it was analysed.
    dropped_entities, dropped_facts: found but not reported, over the count, length or
        byte caps of worker.facts.limits.
    """

    entities: list[dict[str, object]]
    facts: list[dict[str, object]]
    errors: int
    skipped_chars: int = 0
    timed_out: bool = False
    dropped_entities: int = 0
    dropped_facts: int = 0


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article for Extractor.extract_many: (index, text) paragraphs and its dates."""

    paragraphs: Sequence[tuple[int, str]]
    published_at: str | None = None
    fetched_at: str | None = None


@dataclass(slots=True)
class _Paragraph:
    index: int
    # The part planned for analysis, sanitized; `analysed` of it was analysed.
    text: str
    analysed: int = 0
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Found] = field(default_factory=list)
    quotes: list[quotes.Quote] = field(default_factory=list)
    failed: bool = False
    # (person, role) pairs already reported: one role fact per pair and paragraph.
    roles: set[tuple[str, str]] = field(default_factory=set)

    def seen(self) -> str:
        """The analysed text."""
        return self.text if self.analysed == len(self.text) else self.text[: self.analysed]


@dataclass(slots=True)
class _Chunk:
    article: int
    position: int
    offset: int
    text: str
    last: bool


@dataclass(slots=True)
class _Article:
    paragraphs: list[_Paragraph]
    ref: date | None
    skipped_chars: int
    deadline: float | None = None
    timed_out: bool = False
    tokens: int = 0


Span = tuple[int, int, str, str]


def spans_of(doc: Doc, text: str | None = None) -> list[Span]:
    """(start, end, label, text) of the doc's entities, the text read from text when given
    (the doc may have been made from model_text(text))."""
    if text is None:
        return [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    return [(e.start_char, e.end_char, e.label_, text[e.start_char : e.end_char]) for e in doc.ents]


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether text[:pos] ends a sentence: nothing but spaces before pos, or spaces after a
    sentence mark, or after a dash that follows a space. Walks back over spaces only, so
    one mention costs the space run before it, not the whole text before it."""
    i = pos
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == 0:
        return True
    mark = text[i - 1]
    if mark in _SENTENCE_MARKS:
        return True
    return mark in _DASHES and i >= 2 and text[i - 2].isspace()


def mentions_of(paragraph: str, spans: Sequence[Span]) -> list[Mention]:
    found: list[Mention] = []
    for span_start, _, span_label, span_text in spans:
        opens = _opens_sentence(paragraph, span_start)
        for text, label, offset in entities.relabel_span(span_text, span_label, opens):
            start = span_start + offset
            after = start + len(text)
            if entities.title_word(text, paragraph[after : after + _NEXT_WORD_CHARS]):
                continue
            before = paragraph[max(start - _TITLE_BEFORE_CHARS, 0) : start]
            if entities.person_after_title(before, text, label):
                label = "PERSON"
            end = start + len(text)
            if label == "PERSON":
                particle = _NAME_PARTICLE.match(paragraph, end)
                if particle is not None:
                    end = particle.end()
                    text = paragraph[start:end]
            # A "name" this long is a run of capitalized words, not a name.
            if len(text) > limits.MAX_ENTITY_CHARS:
                continue
            found.append(Mention(start, end, text, label))
    return _people_in_lists(paragraph, found)


def _people_in_lists(paragraph: str, found: list[Mention]) -> list[Mention]:
    """A two- or three-word name listed among people ("David Baker, Demis Hassabis and
    John Jumper") is a person too, whatever the model labelled it."""
    fixed = list(found)
    for i, mention in enumerate(found):
        if mention.label not in {"ORG", "GPE", "NORP"}:
            continue
        if not entities.plain_name(mention.text):
            continue
        neighbours = []
        if i > 0 and _LIST_GAP.fullmatch(paragraph[found[i - 1].end : mention.start]):
            neighbours.append(found[i - 1].label)
        if i + 1 < len(found) and _LIST_GAP.fullmatch(paragraph[mention.end : found[i + 1].start]):
            neighbours.append(found[i + 1].label)
        if neighbours and all(label == "PERSON" for label in neighbours):
            fixed[i] = Mention(mention.start, mention.end, mention.text, "PERSON")
    return fixed


class _Containers:
    """Whether a span lies inside one of a set of spans, in O(log n) per question."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # _reach[i]: the furthest end among the first i + 1 spans by start.
        self._reach: list[int] = []
        for _, end in ordered:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def contain(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._reach[i] >= end


def typed_facts(
    text: str, spans: Sequence[Span], ref: date | None, mentions: Sequence[Mention] = ()
) -> list[Found]:
    candidates = money.find_money(text) + measures.find_percent(text)
    candidates += measures.find_quantity(text)
    # A year inside a name ("the Paris 2024 Olympics") does not date anything.
    names = _Containers([(m.start, m.end) for m in mentions if m.label in _NAMED_WITH_YEARS])
    candidates += [d for d in dates.find_dates(text, ref) if not names.contain(d.start, d.end)]
    found_money = Occupancy(len(text))
    for c in candidates:
        if c.fields["type"] == "money":
            found_money.claim(c.start, c.end)
    for start, end, label, span_text in spans:
        # The model sometimes sees amounts the patterns miss ("a million dollars").
        if label != "MONEY" or not found_money.free(start, end):
            continue
        parsed = money.parse_money(span_text)
        if parsed is not None:
            value, unit = parsed
            fields: dict[str, object] = {
                "type": "money",
                "text": span_text,
                "value": value,
                "unit": unit,
            }
            candidates.append(Found(start, end, fields))
    candidates.sort(key=lambda f: (_PRIORITY[str(f.fields["type"])], f.start, -f.end))
    kept: list[Found] = []
    taken = Occupancy(len(text))
    for item in candidates:
        if not taken.free(item.start, item.end):
            continue
        kept.append(item)
        taken.claim(item.start, item.end)
    kept.sort(key=lambda f: f.start)
    return kept


def _boundary(text: str, limit: int, floor: int) -> int:
    """Where to cut text at or before limit (and after floor): after the last sentence end
    in text[floor:limit], else after its last space, else at limit."""
    cut = None
    for match in _SENTENCE_END.finditer(text, floor, limit):
        cut = match.end()
    if cut is not None:
        return cut
    for i in range(limit - 1, floor - 1, -1):
        if text[i].isspace():
            return i + 1
    return limit


def chunk_bounds(text: str, size: int = limits.MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """[start, end) pieces of text, each at most size characters, cut at boundaries."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = _boundary(text, start + size, start + size // 2)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _plan(article: ArticleInput, position: int) -> tuple[_Article, list[_Chunk]]:
    """The article's paragraphs cut to MAX_ARTICLE_CHARS in all, and their chunks."""
    remaining = limits.MAX_ARTICLE_CHARS
    paragraphs: list[_Paragraph] = []
    chunks: list[_Chunk] = []
    skipped = 0
    for number, (index, text) in enumerate(article.paragraphs):
        keep = len(text)
        if keep > remaining:
            keep = _boundary(text, remaining, max(remaining - limits.MAX_CHUNK_CHARS // 2, 0))
            remaining = 0  # what is analysed stays a prefix of the article
        else:
            remaining -= keep
        skipped += len(text) - keep
        planned = sanitize(text[:keep] if keep < len(text) else text)
        paragraphs.append(_Paragraph(index, planned))
        if keep == 0 and text:
            continue
        bounds = chunk_bounds(planned)
        for i, (start, end) in enumerate(bounds):
            piece = planned[start:end] if (start, end) != (0, len(planned)) else planned
            chunks.append(_Chunk(position, number, start, piece, i == len(bounds) - 1))
    ref = dates.reference_date(article.published_at, article.fetched_at)
    return _Article(paragraphs, ref, skipped), chunks


class Pipeline:
    """Extraction over batches of articles with one loaded model.

    time_budget: seconds per article (limits.ARTICLE_TIME_BUDGET_SECONDS), None for none.
    clock: the monotonic clock the budget is measured with.
    """

    def __init__(
        self,
        nlp: Language,
        *,
        time_budget: float | None = limits.ARTICLE_TIME_BUDGET_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.nlp = nlp
        self.time_budget = time_budget
        self._clock = clock

    def run(self, articles: Sequence[ArticleInput]) -> list[ExtractionResult]:
        states: list[_Article | None] = []
        queue: list[_Chunk] = []
        for position, article in enumerate(articles):
            try:
                state, chunks = _plan(article, position)
            except Exception:
                log.exception("planning fact extraction failed for a whole article")
                states.append(None)
                continue
            states.append(state)
            queue.extend(chunks)
        with self._memory_zone():
            for batch in self._batches(queue, states):
                self._analyse(batch, states)
        results: list[ExtractionResult] = []
        for article, planned in zip(articles, states, strict=True):
            try:
                if planned is None:
                    raise RuntimeError("article was not planned")
                results.append(_finish(planned))
            except Exception:
                # Per-paragraph guards should catch everything; if not, the article still
                # goes out, without facts, with every paragraph counted as failed.
                log.exception("fact extraction failed for a whole article")
                results.append(ExtractionResult([], [], len(article.paragraphs)))
        return results

    def _memory_zone(self) -> contextlib.AbstractContextManager[object]:
        """Once the vocabulary holds MAX_MODEL_STRINGS strings, a zone that frees the
        strings this call adds: a long-running worker does not grow with every new word
        it sees. Before, no zone: ordinary words stay, and so does the tokenizer's cache."""
        zone: Any = getattr(self.nlp, "memory_zone", None)
        strings: Any = getattr(getattr(self.nlp, "vocab", None), "strings", None)
        if zone is None or strings is None or len(strings) < limits.MAX_MODEL_STRINGS:
            return contextlib.nullcontext()
        return cast("contextlib.AbstractContextManager[object]", zone())

    def _batches(
        self, queue: list[_Chunk], states: list[_Article | None]
    ) -> Iterator[list[tuple[_Chunk, Doc | str]]]:
        """Tokenized chunks in order, in batches of at most BATCH_SIZE chunks and
        MAX_BATCH_TOKENS tokens. An article's clock starts at its first chunk; its chunks
        after its deadline, or past MAX_ARTICLE_TOKENS, are skipped."""
        batch: list[tuple[_Chunk, Doc | str]] = []
        tokens = 0
        for chunk in queue:
            state = states[chunk.article]
            if state is None:
                continue
            paragraph = state.paragraphs[chunk.position]
            now = self._clock()
            if state.deadline is None:
                budget = self.time_budget
                state.deadline = math.inf if budget is None else now + budget
            elif now >= state.deadline:
                state.timed_out = True
                state.skipped_chars += len(chunk.text)
                continue
            room = limits.MAX_ARTICLE_TOKENS - state.tokens
            if room <= 0 or paragraph.failed:
                state.skipped_chars += len(chunk.text) if room <= 0 else 0
                continue
            try:
                chunk, doc = self._tokenize(chunk, room, state)
            except Exception:
                log.exception("tokenizing failed on paragraph %d", paragraph.index)
                _fail(paragraph)
                continue
            size = len(doc)
            state.tokens += size
            if batch and (len(batch) >= BATCH_SIZE or tokens + size > limits.MAX_BATCH_TOKENS):
                yield batch
                batch, tokens = [], 0
            batch.append((chunk, doc))
            tokens += size
        if batch:
            yield batch

    def _tokenize(self, chunk: _Chunk, room: int, state: _Article) -> tuple[_Chunk, Doc | str]:
        """The chunk's doc, made by the tokenizer alone, cut to at most room tokens.

        A model without make_doc (a test double) gets the text, counted a token a char.
        """
        make_doc: Any = getattr(self.nlp, "make_doc", None)
        if make_doc is None:
            return chunk, model_text(chunk.text)
        doc: Doc = make_doc(model_text(chunk.text))
        if len(doc) <= room:
            return chunk, doc
        cut = doc[room].idx
        state.skipped_chars += len(chunk.text) - cut
        # Nothing after this cut is analysed, even if the shorter text makes fewer tokens.
        state.tokens = limits.MAX_ARTICLE_TOKENS
        short = _Chunk(chunk.article, chunk.position, chunk.offset, chunk.text[:cut], False)
        return short, make_doc(model_text(short.text))

    def _analyse(
        self, batch: list[tuple[_Chunk, Doc | str]], states: list[_Article | None]
    ) -> None:
        docs = self._docs([doc for _, doc in batch])
        for (chunk, _), doc in zip(batch, docs, strict=True):
            state = states[chunk.article]
            assert state is not None
            paragraph = state.paragraphs[chunk.position]
            if paragraph.failed:
                continue
            if doc is None:
                _fail(paragraph)
                continue
            try:
                _rules(chunk, doc, state.ref, paragraph)
            except Exception:
                log.exception("fact extraction failed on paragraph %d", paragraph.index)
                _fail(paragraph)

    def _docs(self, inputs: list[Doc | str]) -> list[Doc | None]:
        try:
            return list(self.nlp.pipe(inputs, batch_size=len(inputs)))
        except Exception:
            log.exception("batched NER failed; retrying chunk by chunk")
        return [self._one(item) for item in inputs]

    def _one(self, item: Doc | str) -> Doc | None:
        try:
            return self.nlp(item)
        except Exception:
            log.exception(
                "NER failed on a chunk of %d characters",
                len(item.text if isinstance(item, Doc) else item),
            )
            return None


def _fail(paragraph: _Paragraph) -> None:
    paragraph.failed = True
    paragraph.mentions, paragraph.facts, paragraph.quotes = [], [], []


def _rules(chunk: _Chunk, doc: Doc, ref: date | None, paragraph: _Paragraph) -> None:
    """The rule layers over one chunk; what they find joins its paragraph, shifted."""
    text = chunk.text
    spans = spans_of(doc, text)
    mentions = mentions_of(text, spans)
    facts = typed_facts(text, spans, ref, mentions)
    for role in roles.find_roles(text, mentions):
        key = (str(role.fields["person"]), str(role.fields["role"]).lower())
        if key not in paragraph.roles:
            paragraph.roles.add(key)
            facts.append(role)
    found = quotes.find_quotes(text)
    if found and found[-1].open_ended and not chunk.last:
        # Open to the end of the chunk, not of the paragraph: nothing carries over.
        found[-1] = replace(found[-1], open_ended=False)
    shift = chunk.offset
    paragraph.mentions += [
        Mention(m.start + shift, m.end + shift, m.text, m.label) for m in mentions
    ]
    paragraph.facts += [Found(f.start + shift, f.end + shift, f.fields) for f in facts]
    paragraph.quotes += [replace(q, start=q.start + shift, end=q.end + shift) for q in found]
    paragraph.analysed = chunk.offset + len(text)


def _finish(state: _Article) -> ExtractionResult:
    paragraphs = state.paragraphs
    errors = sum(p.failed for p in paragraphs)
    quote_facts = _attribute_quotes(paragraphs)
    facts: list[dict[str, object]] = []
    for position, paragraph in enumerate(paragraphs):
        items = sorted(paragraph.facts + quote_facts[position], key=lambda f: f.start)
        facts.extend({**item.fields, "paragraph": paragraph.index} for item in items)
    mentions = [(order, p.index, m) for order, p in enumerate(paragraphs) for m in p.mentions]
    merged = entities.merge(mentions[: limits.MAX_MENTIONS])
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
    bounded = dict(fact)
    for key, value in fact.items():
        if not isinstance(value, str):
            continue
        if key == "text" and fact.get("type") == "quote":
            bounded[key] = shorten(value, limits.MAX_QUOTE_CHARS)
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


class _People:
    """Persons named in an article, in order, for resolving pronouns and surnames in
    O(log n) per speaker (a list of everyone named before each quote was quadratic)."""

    def __init__(self, paragraphs: Sequence[_Paragraph]) -> None:
        people = sorted(
            ((position, m.start), m.text)
            for position, p in enumerate(paragraphs)
            for m in p.mentions
            if m.label == "PERSON"
        )
        self._keys = [key for key, _ in people]
        self._names = [name for _, name in people]
        self._surnames: dict[str, tuple[list[tuple[int, int]], list[str]]] = {}
        for key, name in people:
            parts = name.split()
            if parts:
                keys, names = self._surnames.setdefault(parts[-1], ([], []))
                keys.append(key)
                names.append(name)

    def resolve(self, speaker: str | None, position: int, offset: int) -> str | None:
        """'he'/'she' -> the last person named before; a surname -> the full name."""
        if speaker is None:
            return None
        if speaker.lower() in _PRONOUNS:
            count = bisect.bisect_left(self._keys, (position, offset))
            return self._names[count - 1] if count else speaker
        if " " not in speaker and speaker in self._surnames:
            keys, names = self._surnames[speaker]
            count = bisect.bisect_left(keys, (position, offset))
            if count:
                return names[count - 1]
        return speaker


def _attribute_quotes(paragraphs: list[_Paragraph]) -> list[list[Found]]:
    """Quote facts per paragraph, with speakers carried over from neighbouring paragraphs."""
    out: list[list[Found]] = [[] for _ in paragraphs]
    people = _People(paragraphs)
    carried: str | None = None
    for position, paragraph in enumerate(paragraphs):
        if paragraph.failed:
            carried = None
            continue
        try:
            text = paragraph.seen()
            previous_speaker: str | None = None
            for quote in paragraph.quotes:
                speaker = quote.speaker
                if speaker is None and quote.start <= 2:
                    speaker = carried
                if speaker is None and position + 1 < len(paragraphs):
                    following = paragraphs[position + 1]
                    if not following.failed and quotes.is_whole_quote(text, quote):
                        speaker = quotes.leading_speaker(following.seen())
                if speaker is None:
                    speaker = previous_speaker
                speaker = people.resolve(speaker, position, quote.start)
                previous_speaker = speaker
                fields: dict[str, object] = {
                    "type": "quote",
                    "text": quote.text,
                    "speaker": speaker,
                }
                out[position].append(Found(quote.start, quote.end, fields))
            last = paragraph.quotes[-1] if paragraph.quotes else None
            if last is not None and last.open_ended:
                carried = previous_speaker
            else:
                carried = quotes.trailing_speaker(text)
                if carried is not None:
                    carried = people.resolve(carried, position, len(text))
        except Exception:
            log.exception("quote attribution failed on paragraph %d", paragraph.index)
            out[position] = []
            paragraph.failed = True
            carried = None
    return out


class Extractor:
    """Extracts entities and typed facts from an article's kept paragraphs.

    The model is loaded and verified once, when the extractor is built; one extractor
    per process serves every article. time_budget is the wall-clock seconds one article
    may take (limits.ARTICLE_TIME_BUDGET_SECONDS; None: no deadline).
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        time_budget: float | None = limits.ARTICLE_TIME_BUDGET_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if nlp is None:
            from worker.facts.model import load_model

            nlp = load_model()
        self._pipeline = Pipeline(nlp, time_budget=time_budget, clock=clock)

    def extract(
        self,
        paragraphs: Sequence[tuple[int, str]],
        *,
        published_at: str | None = None,
        fetched_at: str | None = None,
    ) -> ExtractionResult:
        """Entities and facts of (index, text) paragraphs; never raises on bad text."""
        article = ArticleInput(list(paragraphs), published_at, fetched_at)
        return self._pipeline.run([article])[0]

    def extract_many(self, articles: Sequence[ArticleInput]) -> list[ExtractionResult]:
        """extract() for several articles, with the model run over all their paragraphs."""
        return self._pipeline.run(articles)
