"""Feeding the model: chunks tokenized and grouped into NER batches of at most
BATCH_SIZE chunks and MAX_BATCH_TOKENS tokens, each article held to MAX_ARTICLE_TOKENS
tokens and to its time budget."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from worker.facts import limits
from worker.facts.articles import ArticleState, Chunk
from worker.facts.safe_text import model_text

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The extraction logs under one name, the extractor's, whichever module it is in: one
# logger to filter or silence.
log = logging.getLogger("worker.facts.extract")

# Most chunks in one NER batch (limits.MAX_BATCH_TOKENS bounds their tokens too).
BATCH_SIZE = 256

Batch = list[tuple[Chunk, "Doc | str"]]


def batches(
    nlp: Language,
    queue: list[Chunk],
    states: list[ArticleState | None],
    time_budget: float | None,
    clock: Callable[[], float],
) -> Iterator[Batch]:
    """Tokenized chunks in order, in batches of at most BATCH_SIZE chunks and
    MAX_BATCH_TOKENS tokens. An article's clock starts at its first chunk; its chunks
    after its deadline, or past MAX_ARTICLE_TOKENS, are skipped.

    Lazy on purpose: the clock is read as each chunk comes up, so the time spent
    analysing the batches before it counts against its article's budget.
    """
    batch: Batch = []
    tokens = 0
    for chunk in queue:
        state = states[chunk.article]
        if state is None:
            continue
        paragraph = state.paragraphs[chunk.position]
        now = clock()
        if state.deadline is None:
            state.deadline = math.inf if time_budget is None else now + time_budget
        elif now >= state.deadline:
            state.timed_out = True
            state.skipped_chars += len(chunk.text)
            continue
        room = limits.MAX_ARTICLE_TOKENS - state.tokens
        if room <= 0 or paragraph.failed:
            state.skipped_chars += len(chunk.text) if room <= 0 else 0
            continue
        try:
            chunk, doc = _tokenize(nlp, chunk, room, state)
        except Exception:
            log.exception("tokenizing failed on paragraph %d", paragraph.index)
            paragraph.fail()
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


def _tokenize(
    nlp: Language, chunk: Chunk, room: int, state: ArticleState
) -> tuple[Chunk, Doc | str]:
    """The chunk's doc, made by the tokenizer alone, cut to at most room tokens.

    A model without make_doc (a test double) gets the text, counted a token a char.
    """
    make_doc: Any = getattr(nlp, "make_doc", None)
    if make_doc is None:
        return chunk, model_text(chunk.text)
    doc: Doc = make_doc(model_text(chunk.text))
    if len(doc) <= room:
        return chunk, doc
    cut = doc[room].idx
    state.skipped_chars += len(chunk.text) - cut
    # Nothing after this cut is analysed, even if the shorter text makes fewer tokens.
    state.tokens = limits.MAX_ARTICLE_TOKENS
    short = Chunk(chunk.article, chunk.position, chunk.offset, chunk.text[:cut], False)
    return short, make_doc(model_text(short.text))
