"""The whole pipeline in one process, without a broker (``python -m worker process``).

It makes the same decisions as the Kafka worker, with the owners state in a
dict, so a user can check what the worker does with an article.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator

from worker.core.assemble import Extractor, OutputTopics, finish
from worker.core.codec import processing_error
from worker.core.dead_letters import Original, build_dead_letter
from worker.core.dedupe import claim_all
from worker.core.ingest import prepare
from worker.core.models import Claim, Owner, Position, Record, Rejection
from worker.core.settings import Settings
from worker.core.sizes import encode_bounded
from worker.core.wire import article_message, encode_article

log = logging.getLogger(__name__)


class OfflineProcessor:
    def __init__(
        self,
        settings: Settings,
        extractor: Extractor | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.extractor = extractor
        self.clock = clock
        self.owners: dict[str, Owner] = {}
        self.extraction_errors = 0
        self.limits = settings.limits
        self.topics = OutputTopics(
            settings.clean_topic, settings.duplicates_topic, settings.dead_letter_topic
        )

    def process(self, key: bytes | None, value: bytes | None, position: Position) -> Record:
        now = self.clock()
        try:
            prepared = prepare(value, self.limits)
            if isinstance(prepared, Rejection):
                return self._dead_letter(prepared, key, value, position, now)
            # The same admission and output bounds as the worker's stages.
            message = article_message(prepared, "offline", now, 1, Original.of(key, value))
            admitted = encode_article(message, self.limits)
            if isinstance(admitted, Rejection):
                return self._dead_letter(admitted, key, value, position, now)
            claims = [Claim(p.hash, p.index) for p in prepared.paragraphs]
            results = claim_all(
                self.owners, prepared.article.id, claims, now, self.settings.dedupe_window
            )
            record, errors = finish(prepared, results, self.extractor, self.topics, now)
            self.extraction_errors += errors
            encoded = encode_bounded(record.value, self.limits.record_bytes)
            if isinstance(encoded, Rejection):
                return self._dead_letter(encoded, key, value, position, now)
            return record
        except Exception as exc:  # a bug must not lose the message: dead-letter it
            log.exception("processing failed at %s", position)
            return self._dead_letter(processing_error(exc), key, value, position, now)

    def _dead_letter(
        self,
        rejection: Rejection,
        key: bytes | None,
        value: bytes | None,
        position: Position,
        now: float,
    ) -> Record:
        return build_dead_letter(
            rejection,
            Original.of(key, value),
            position,
            self.settings.dead_letter_topic,
            now,
            self.limits.record_bytes,
        )

    def process_all(self, values: Iterable[bytes]) -> Iterator[Record]:
        for offset, value in enumerate(values):
            yield self.process(None, value, Position(self.settings.raw_topic, None, offset))
