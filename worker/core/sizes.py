"""The size budget: every record the worker produces has a bound known in advance.

One setting, ``WORKER_MAX_MESSAGE_BYTES`` (the largest raw message that is
processed), fixes everything else. From it and ``WORKER_MAX_PARAGRAPHS``:

- ``article_bytes``: the largest internal article message. The paragraph
  texts and ``extra`` of an accepted input fit in its size; each paragraph
  adds its index and hash. Ingest checks the encoded message against it.
- ``record_bytes``: the largest record on any topic. It holds the article
  message plus, per paragraph, one verdict or one duplicate entry naming
  another article (whose id is at most ``MAX_ID_CHARS``), plus the bounded
  extraction output. Pending-table entries, verdict batches, clean and
  duplicate records are all smaller; every send checks it anyway.
- ``produce_bytes``: the producer's ``max_request_size``, the consumers'
  fetch size and the topics' ``max.message.bytes``: one record plus the
  record-batch framing.

A dead letter carries its original whole when that fits in
``record_bytes``; otherwise a prefix, the length and sha256 of the original,
and where it is on the raw topic, from which ``redrive`` re-reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson

from worker.core.models import Rejection

# Ids name owners in every duplicate entry and verdict, so their length is
# part of every per-paragraph bound; 256 characters hold any crawler id seen.
MAX_ID_CHARS = 256
# JSON bytes of such an id: 4 UTF-8 bytes per character at most (control
# characters, which JSON would escape to 6, are refused by the schema), quotes.
MAX_ID_JSON_BYTES = 4 * MAX_ID_CHARS + 2
# [index, "hash"] of a paragraph in the article message, or a within entry.
PARAGRAPH_OVERHEAD = 96
# One verdict (hash, index, verdict, owner id, owner index, first seen) or one
# duplicate entry of a published record ({"index", "hash", "scope", "first_seen"}).
PER_PARAGRAPH_RESULT = 160 + MAX_ID_JSON_BYTES
# Entities and facts of one article, as bounded by worker.facts limits.
EXTRACTION_BYTES = 1024 * 1024
# Fixed fields of a record (schema, ids, url of at most 16 KiB, timestamps,
# stats, request) beyond what the article message already counts.
ENVELOPE_BYTES = 64 * 1024
# Record-batch and request framing around one record, and its key.
FRAMING_BYTES = 64 * 1024
# What a truncated dead letter keeps of the original value and key: enough
# to see what the message was; the whole stays on the raw topic.
DEAD_LETTER_PREFIX_BYTES = 64 * 1024
# A dead letter's Kafka key is the original key up to this length.
MAX_KEY_BYTES = 64 * 1024

TOO_LARGE = "too_large"
OUTPUT_TOO_LARGE = "output_too_large"
OUTPUT_UNSERIALIZABLE = "output_unserializable"


@dataclass(frozen=True, slots=True)
class Limits:
    max_message_bytes: int
    max_paragraphs: int

    @property
    def article_bytes(self) -> int:
        return self.max_message_bytes + self.max_paragraphs * PARAGRAPH_OVERHEAD + ENVELOPE_BYTES

    @property
    def record_bytes(self) -> int:
        return (
            self.article_bytes
            + self.max_paragraphs * PER_PARAGRAPH_RESULT
            + EXTRACTION_BYTES
            + ENVELOPE_BYTES
        )

    @property
    def produce_bytes(self) -> int:
        return self.record_bytes + FRAMING_BYTES


def encode_bounded(value: object, limit: int) -> bytes | Rejection:
    """``value`` as JSON, or why it cannot be sent: too deep or odd to encode,
    or over ``limit`` bytes."""
    try:
        data = orjson.dumps(value)
    except (orjson.JSONEncodeError, TypeError) as exc:
        return Rejection(OUTPUT_UNSERIALIZABLE, f"cannot encode the record as JSON: {exc}"[:500])
    if len(data) > limit:
        return Rejection(OUTPUT_TOO_LARGE, f"record of {len(data)} bytes exceeds {limit}")
    return data
