"""Extraction over a batch of articles with one loaded model: planning, NER over the
batched chunks inside a spaCy memory zone, the rule layers over each chunk's doc, and
one result per article whatever fails."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc

from worker.facts import limits, quotes, roles
from worker.facts.articles import ArticleInput, ArticleState, Chunk, ExtractionResult, Paragraph
from worker.facts.batching import Batch, batches
from worker.facts.chunking import plan
from worker.facts.mentions import mentions_of, spans_of
from worker.facts.output import finish
from worker.facts.spans import Found, Mention
from worker.facts.typed_facts import typed_facts

# The extraction logs under one name, the extractor's, whichever module it is in: one
# logger to filter or silence.
log = logging.getLogger("worker.facts.extract")


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
        states: list[ArticleState | None] = []
        queue: list[Chunk] = []
        for position, article in enumerate(articles):
            try:
                state, chunks = plan(article, position)
            except Exception:
                log.exception("planning fact extraction failed for a whole article")
                states.append(None)
                continue
            states.append(state)
            queue.extend(chunks)
        with self._memory_zone():
            for batch in batches(self.nlp, queue, states, self.time_budget, self._clock):
                self._analyse(batch, states)
        results: list[ExtractionResult] = []
        for article, planned in zip(articles, states, strict=True):
            try:
                if planned is None:
                    raise RuntimeError("article was not planned")
                results.append(finish(planned))
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

    def _analyse(self, batch: Batch, states: list[ArticleState | None]) -> None:
        docs = self._docs([doc for _, doc in batch])
        for (chunk, _), doc in zip(batch, docs, strict=True):
            state = states[chunk.article]
            assert state is not None
            paragraph = state.paragraphs[chunk.position]
            if paragraph.failed:
                continue
            if doc is None:
                paragraph.fail()
                continue
            try:
                _rules(chunk, doc, state.ref, paragraph)
            except Exception:
                log.exception("fact extraction failed on paragraph %d", paragraph.index)
                paragraph.fail()

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


def _rules(chunk: Chunk, doc: Doc, ref: date | None, paragraph: Paragraph) -> None:
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
    if shift == 0:  # a paragraph's first chunk, and most paragraphs have one
        paragraph.mentions += mentions
        paragraph.facts += facts
        paragraph.quotes += found
    else:
        paragraph.mentions += [
            Mention(m.start + shift, m.end + shift, m.text, m.label, m.firm) for m in mentions
        ]
        paragraph.facts += [Found(f.start + shift, f.end + shift, f.fields) for f in facts]
        paragraph.quotes += [replace(q, start=q.start + shift, end=q.end + shift) for q in found]
    paragraph.analysed = chunk.offset + len(text)
