"""A crawler-side producer: raw articles (JSON) to the worker's raw topic.

    KAFKA_BOOTSTRAP_SERVERS=localhost:9094 python examples/crawler_producer.py articles.jsonl
    cat articles.jsonl | python examples/crawler_producer.py

It reads the same environment variables as the worker (``KAFKA_BOOTSTRAP_SERVERS``,
``WORKER_RAW_TOPIC``, ``WORKER_MAX_MESSAGE_BYTES``, ``WORKER_BROKER_PROFILE``, the
``KAFKA_SECURITY_*``/``KAFKA_SASL_*``/``KAFKA_SSL_*`` ones), so both always talk
about the same topic with the same bounds. Needs the worker package installed
(``pip install .``) for its settings and the raw-article schema.

What it does that a crawler should do too:

* **Key = article id** (else its url): every version of an article lands on one
  partition, so a re-crawl is processed after the version before it, and the
  latest version wins in ``articles.clean``. "First seen" means first
  *processed*: a copy on another partition can be processed before its original
  (always so when both wait in a backlog). When the original must be the one
  that keeps the shared paragraphs, key its copies like it (``key=``), or send
  it first while the worker is caught up.
* **acks=all**, and on a real cluster an idempotent producer: an acknowledged
  article is on every in-sync replica, and a retry never writes it twice.
* **Bounds of the worker**: an article over ``WORKER_MAX_MESSAGE_BYTES`` would only
  be dead-lettered as ``too_large``, and one that breaks the raw-article schema as
  ``schema``; both are refused here, before anything is sent. The producer's
  request size is the worker's largest record (``Settings().limits.produce_bytes``),
  which is also the topics' ``max.message.bytes``.
* **Batching**: a short linger and gzip (always available, no extra library) for
  throughput; the consumer side decompresses transparently.

Prints one JSON line per article sent (key, partition, offset). Exit code 0 when
every article was acknowledged, 1 when an article was refused (nothing is sent
then), 2 for a bad setting, 3 when the broker cannot be reached.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TextIO

import jsonschema
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError, KafkaError

from worker.core.codec import load_schema
from worker.core.settings import Settings, load_settings
from worker.errors import ConfigError
from worker.stream.security import client_kwargs

__all__ = [
    "RejectedArticle",
    "Sent",
    "article_key",
    "make_producer",
    "produce_articles",
    "producer_options",
]


class Sent(NamedTuple):
    key: bytes
    partition: int
    offset: int


class RejectedArticle(ValueError):
    """An article the worker would dead-letter; nothing was sent."""

    def __init__(self, index: int, reason: str, detail: str) -> None:
        super().__init__(f"article {index}: {reason}: {detail}")
        self.index = index
        self.reason = reason
        self.detail = detail


def article_key(article: Mapping[str, Any]) -> bytes:
    """The record key: the article's id, else its url (the worker derives the id
    from the url then, so the same url always lands on the same partition)."""
    for field in ("id", "url"):
        value = article.get(field)
        if isinstance(value, str) and value.strip():
            return value.strip().encode("utf-8")
    raise ValueError("an article needs a non-empty id or url")


def producer_options(settings: Settings) -> dict[str, Any]:
    """The aiokafka producer settings a crawler wants (connection and security aside)."""
    return {
        "acks": "all",
        # The embedded test broker has no idempotent producers (InitProducerId
        # fails there); every real Kafka cluster has them.
        "enable_idempotence": settings.broker_profile == "kafka",
        # The worker's largest record, also the topics' max.message.bytes.
        "max_request_size": settings.limits.produce_bytes,
        "linger_ms": 20,
        "compression_type": "gzip",
        "request_timeout_ms": 30_000,
    }


def make_producer(settings: Settings, **overrides: Any) -> AIOKafkaProducer:
    """An aiokafka producer for the cluster ``settings`` name (call ``start()``)."""
    return AIOKafkaProducer(
        **client_kwargs(settings), **{**producer_options(settings), **overrides}
    )


def _encode(
    articles: Iterable[Mapping[str, Any]],
    settings: Settings,
    validator: jsonschema.protocols.Validator | None,
    key: Callable[[Mapping[str, Any]], bytes],
) -> list[tuple[bytes, bytes]]:
    records = []
    for index, article in enumerate(articles):
        if validator is not None:
            error = jsonschema.exceptions.best_match(validator.iter_errors(article))
            if error is not None:
                where = "/".join(str(p) for p in error.absolute_path) or "(root)"
                raise RejectedArticle(index, "schema", f"{where}: {error.message}")
        value = json.dumps(article, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if len(value) > settings.max_message_bytes:
            raise RejectedArticle(
                index,
                "too_large",
                f"{len(value)} bytes exceeds WORKER_MAX_MESSAGE_BYTES={settings.max_message_bytes}",
            )
        records.append((key(article), value))
    return records


async def produce_articles(
    articles: Iterable[Mapping[str, Any]],
    *,
    settings: Settings | None = None,
    topic: str | None = None,
    validate: bool = True,
    key: Callable[[Mapping[str, Any]], bytes] = article_key,
) -> list[Sent]:
    """Send ``articles`` (in order) to the raw topic and wait until every one is
    acknowledged; where each one went. Settings default to the environment's.

    ``key`` picks each record's key (default: :func:`article_key`). A crawler that
    knows an article is a syndicated copy can key it like its original (e.g. by
    canonical url): one partition, so the original is processed first."""
    settings = settings or load_settings()
    topic = topic or settings.raw_topic
    validator = None
    if validate:
        schema = load_schema("raw_article")
        validator = jsonschema.Draft202012Validator(schema)
    records = _encode(articles, settings, validator, key)
    producer = make_producer(settings)
    try:
        await producer.start()
        futures = [await producer.send(topic, key=key, value=value) for key, value in records]
        metadata = await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return [Sent(key, m.partition, m.offset) for (key, _), m in zip(records, metadata, strict=True)]


def read_jsonl(stream: TextIO) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(stream, 1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {number}: {exc}") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="JSONL files (default: stdin)")
    parser.add_argument(
        "--no-validate", action="store_true", help="send without checking the raw-article schema"
    )
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        articles: list[dict[str, Any]] = []
        if args.files:
            for path in args.files:
                with path.open(encoding="utf-8") as fh:
                    articles.extend(read_jsonl(fh))
        else:
            articles.extend(read_jsonl(sys.stdin))
        sent = asyncio.run(
            produce_articles(articles, settings=settings, validate=not args.no_validate)
        )
    except ConfigError as exc:
        print(f"crawler_producer: {exc}", file=sys.stderr)
        return 2
    except KafkaConnectionError as exc:
        print(f"crawler_producer: {exc}: check KAFKA_BOOTSTRAP_SERVERS", file=sys.stderr)
        return 3
    except (OSError, ValueError, KafkaError) as exc:
        print(f"crawler_producer: {exc}", file=sys.stderr)
        return 1
    for record in sent:
        print(
            json.dumps(
                {
                    "key": record.key.decode(),
                    "partition": record.partition,
                    "offset": record.offset,
                }
            )
        )
    print(f"sent {len(sent)} articles to {settings.raw_topic}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
