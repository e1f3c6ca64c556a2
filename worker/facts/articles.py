"""The records of one article's extraction: what comes in (ArticleInput), what goes out
(ExtractionResult), and the working state in between (its paragraphs, their chunks).

Plain data with no spaCy import, so that code handling results need not load the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from worker.facts.quotes import Quote
from worker.facts.spans import Found, Mention


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """Contract-shaped output for one article.

    entities: {text, label, count, paragraphs, mentions}, sorted by first paragraph, then
        text; mentions: [{paragraph, start, end, text}], the first
        limits.MAX_ENTITY_MENTIONS of them, text[start:end] of that paragraph's text.
    facts: typed facts with the caller's paragraph index and their [start, end) in it,
        in paragraph order.
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
class Paragraph:
    index: int
    # The part planned for analysis, sanitized; `analysed` of it was analysed.
    text: str
    analysed: int = 0
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Found] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    failed: bool = False
    # (person, role) pairs already reported: one role fact per pair and paragraph.
    roles: set[tuple[str, str]] = field(default_factory=set)
    # The paragraph's text as given (and published), unsanitized: what mention and fact
    # offsets index, and what a mention's exact text is cut from (same length as text
    # up to where text ends: sanitizing replaces characters one for one).
    source: str = ""

    def seen(self) -> str:
        """The analysed text."""
        return self.text if self.analysed == len(self.text) else self.text[: self.analysed]

    def fail(self) -> None:
        """Drops what the paragraph found: a failed paragraph contributes nothing, not
        part of its facts."""
        self.failed = True
        self.mentions, self.facts, self.quotes = [], [], []


@dataclass(slots=True)
class Chunk:
    """A piece of one paragraph for the model: article and position index the batch's
    ArticleStates and their paragraphs; offset is where text starts in the paragraph."""

    article: int
    position: int
    offset: int
    text: str
    last: bool


@dataclass(slots=True)
class ArticleState:
    paragraphs: list[Paragraph]
    ref: date | None
    skipped_chars: int
    deadline: float | None = None
    timed_out: bool = False
    tokens: int = 0
