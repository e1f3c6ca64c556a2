"""Who said each quote of an article: speakers carried over between paragraphs, pronouns
and surnames resolved to the full name of a person named before."""

from __future__ import annotations

import bisect
import logging
from collections.abc import Sequence

from worker.facts import quotes
from worker.facts.articles import Paragraph
from worker.facts.spans import Found

# The extraction logs under one name, the extractor's, whichever module it is in: one
# logger to filter or silence.
log = logging.getLogger("worker.facts.extract")

_PRONOUNS = frozenset({"he", "she", "him", "her"})


class People:
    """Persons named in an article, in order, for resolving pronouns and surnames in
    O(log n) per speaker (a list of everyone named before each quote was quadratic)."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
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


def attribute_quotes(paragraphs: list[Paragraph]) -> list[list[Found]]:
    """Quote facts per paragraph, with speakers carried over from neighbouring paragraphs."""
    out: list[list[Found]] = [[] for _ in paragraphs]
    people = People(paragraphs)
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
