"""Running the model and the fact finders over an article's kept paragraphs."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from worker.facts import dates, entities, measures, money, quotes, roles
from worker.facts.spans import Found, Mention

log = logging.getLogger(__name__)

BATCH_SIZE = 256
_PRONOUNS = frozenset({"he", "she", "him", "her"})
# Money wins over a percent or quantity on the same characters, and those over a date.
_PRIORITY = {"money": 0, "percent": 1, "quantity": 2, "date": 3}
# A dateline dash ("WASHINGTON (Reuters) - The ...") opens a sentence too.
_SENTENCE_START = re.compile(r"(?:^|[.!?:\u201c\u201d\"]\s*|\s[-\u2013\u2014]\s*)\s*$")
# Lowercase particles inside surnames ("Erik ten Hag", "Ursula von der Leyen"), which
# the model tends to cut the name at.
_NAME_PARTICLE = re.compile(
    r" (?:(?:van|von|de|der|den|ten|ter|da|di|du|del|della|dos|das|le|la|bin|ibn|al|el) )+"
    r"[A-Z][\w'\u2019-]+"
)
_LIST_GAP = re.compile(r",\s*|\s+and\s+|,\s+and\s+")
_NAMED_WITH_YEARS = frozenset({"EVENT", "ORG", "PRODUCT", "LAW", "WORK_OF_ART", "FAC"})


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """Contract-shaped output for one article.

    entities: {text, label, count, paragraphs}, sorted by first paragraph, then text.
    facts: typed facts with the caller's paragraph index, in paragraph order.
    errors: paragraphs whose extraction failed; they contribute nothing.
    """

    entities: list[dict[str, object]]
    facts: list[dict[str, object]]
    errors: int


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article for Extractor.extract_many: (index, text) paragraphs and its dates."""

    paragraphs: Sequence[tuple[int, str]]
    published_at: str | None = None
    fetched_at: str | None = None


@dataclass(slots=True)
class _Paragraph:
    index: int
    text: str
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Found] = field(default_factory=list)
    quotes: list[quotes.Quote] = field(default_factory=list)
    failed: bool = False


Span = tuple[int, int, str, str]


def spans_of(doc: Doc) -> list[Span]:
    return [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]


def mentions_of(paragraph: str, spans: Sequence[Span]) -> list[Mention]:
    found: list[Mention] = []
    for span_start, _, span_label, span_text in spans:
        opens = _SENTENCE_START.search(paragraph[:span_start]) is not None
        for text, label, offset in entities.relabel_span(span_text, span_label, opens):
            start = span_start + offset
            if entities.title_word(text, paragraph[start + len(text) :]):
                continue
            if entities.person_after_title(paragraph[:start], text, label):
                label = "PERSON"
            end = start + len(text)
            if label == "PERSON":
                particle = _NAME_PARTICLE.match(paragraph, end)
                if particle is not None:
                    end = particle.end()
                    text = paragraph[start:end]
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


def typed_facts(
    text: str, spans: Sequence[Span], ref: date | None, mentions: Sequence[Mention] = ()
) -> list[Found]:
    candidates = money.find_money(text) + measures.find_percent(text)
    candidates += measures.find_quantity(text)
    # A year inside a name ("the Paris 2024 Olympics") does not date anything.
    names = [(m.start, m.end) for m in mentions if m.label in _NAMED_WITH_YEARS]
    candidates += [
        d
        for d in dates.find_dates(text, ref)
        if not any(s <= d.start and d.end <= e for s, e in names)
    ]
    found_money = [(c.start, c.end) for c in candidates if c.fields["type"] == "money"]
    for start, end, label, span_text in spans:
        # The model sometimes sees amounts the patterns miss ("a million dollars").
        if label != "MONEY" or any(s < end and start < e for s, e in found_money):
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
    for item in candidates:
        if any(item.start < k.end and k.start < item.end for k in kept):
            continue
        kept.append(item)
    kept.sort(key=lambda f: f.start)
    return kept


class Pipeline:
    """Extraction over batches of articles with one loaded model."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def run(self, articles: Sequence[ArticleInput]) -> list[ExtractionResult]:
        texts = [text for article in articles for _, text in article.paragraphs]
        docs = self._docs(texts)
        results: list[ExtractionResult] = []
        for article in articles:
            batch = [next(docs) for _ in article.paragraphs]
            try:
                results.append(self._article(article, batch))
            except Exception:
                # Per-paragraph guards should catch everything; if not, the article still
                # goes out, without facts, with every paragraph counted as failed.
                log.exception("fact extraction failed for a whole article")
                results.append(ExtractionResult([], [], len(article.paragraphs)))
        return results

    def _docs(self, texts: list[str]) -> Iterator[Doc | None]:
        try:
            return iter(list(self.nlp.pipe(texts, batch_size=BATCH_SIZE)))
        except Exception:
            log.exception("batched NER failed; retrying paragraph by paragraph")
        return iter([self._one(text) for text in texts])

    def _one(self, text: str) -> Doc | None:
        try:
            return self.nlp(text)
        except Exception:
            log.exception("NER failed on a paragraph of %d characters", len(text))
            return None

    def _article(self, article: ArticleInput, docs: list[Doc | None]) -> ExtractionResult:
        ref = dates.reference_date(article.published_at, article.fetched_at)
        paragraphs: list[_Paragraph] = []
        for (index, text), doc in zip(article.paragraphs, docs, strict=True):
            paragraph = _Paragraph(index, text, failed=doc is None)
            if doc is not None:
                try:
                    spans = spans_of(doc)
                    paragraph.mentions = mentions_of(text, spans)
                    paragraph.facts = typed_facts(text, spans, ref, paragraph.mentions)
                    paragraph.facts += [f for f in roles.find_roles(text, paragraph.mentions)]
                    paragraph.quotes = quotes.find_quotes(text)
                except Exception:
                    log.exception("fact extraction failed on paragraph %d", index)
                    paragraph = _Paragraph(index, text, failed=True)
            paragraphs.append(paragraph)
        errors = sum(p.failed for p in paragraphs)
        quote_facts = _attribute_quotes(paragraphs)
        facts: list[dict[str, object]] = []
        for position, paragraph in enumerate(paragraphs):
            items = sorted(paragraph.facts + quote_facts[position], key=lambda f: f.start)
            facts.extend({**item.fields, "paragraph": paragraph.index} for item in items)
        merged = entities.merge(
            (order, p.index, m) for order, p in enumerate(paragraphs) for m in p.mentions
        )
        return ExtractionResult(merged, facts, errors)


def _attribute_quotes(paragraphs: list[_Paragraph]) -> list[list[Found]]:
    """Quote facts per paragraph, with speakers carried over from neighbouring paragraphs."""
    out: list[list[Found]] = [[] for _ in paragraphs]
    people: list[tuple[int, int, str]] = [
        (position, m.start, m.text)
        for position, p in enumerate(paragraphs)
        for m in p.mentions
        if m.label == "PERSON"
    ]
    carried: str | None = None
    for position, paragraph in enumerate(paragraphs):
        if paragraph.failed:
            carried = None
            continue
        try:
            previous_speaker: str | None = None
            for quote in paragraph.quotes:
                speaker = quote.speaker
                if speaker is None and quote.start <= 2:
                    speaker = carried
                if speaker is None and position + 1 < len(paragraphs):
                    following = paragraphs[position + 1]
                    if not following.failed and quotes.is_whole_quote(paragraph.text, quote):
                        speaker = quotes.leading_speaker(following.text)
                if speaker is None:
                    speaker = previous_speaker
                speaker = _resolve(speaker, people, position, quote.start)
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
                carried = quotes.trailing_speaker(paragraph.text)
                if carried is not None:
                    carried = _resolve(carried, people, position, len(paragraph.text))
        except Exception:
            log.exception("quote attribution failed on paragraph %d", paragraph.index)
            out[position] = []
            paragraph.failed = True
            carried = None
    return out


def _resolve(
    speaker: str | None, people: list[tuple[int, int, str]], position: int, offset: int
) -> str | None:
    """'he'/'she' -> the last person named before; a surname -> the full name."""
    if speaker is None:
        return None
    before = [name for p, start, name in people if (p, start) < (position, offset)]
    if speaker.lower() in _PRONOUNS:
        return before[-1] if before else speaker
    if " " not in speaker:
        for name in reversed(before):
            if name.split()[-1] == speaker:
                return name
    return speaker
