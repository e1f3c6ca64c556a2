"""What each command does; the parser is in worker.cli.main."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Never

import orjson
from tqdm import tqdm

from worker.cli.output import message_line, record_line, write_line
from worker.cli.readers import iter_jsonl, iter_paths
from worker.core.assemble import Extractor
from worker.core.settings import Settings
from worker.errors import EXIT_OK, InputError

# Inputs longer than this get a progress bar on a terminal.
PROGRESS_AFTER = 100


def load_extractor(settings: Settings, enabled: bool = True) -> Extractor | None:
    """The NLP extractor, loaded once per process, unless extraction is off."""
    if not (enabled and settings.extract):
        return None
    from worker.facts import Extractor as FactExtractor

    return FactExtractor()


def _inputs(files: list[str]) -> Iterator[bytes]:
    return iter_paths(Path(p) for p in files) if files else iter_jsonl(sys.stdin.buffer)


def _bar(total: int | None, quiet: bool) -> tqdm[Never]:
    # Never into a pipe or a log file: a progress bar is for a person watching.
    shown = not quiet and sys.stderr.isatty() and (total is None or total > PROGRESS_AFTER)
    return tqdm(total=total, unit="msg", disable=not shown, file=sys.stderr)


def message_key(value: bytes) -> bytes | None:
    """Crawler-style key: the article id when the value is an article with one."""
    try:
        data = orjson.loads(value)
    except orjson.JSONDecodeError:
        return None
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return str(data["id"]).encode()
    return None


def cmd_process(args: argparse.Namespace, settings: Settings) -> int:
    from worker.core.offline import OfflineProcessor

    values = list(_inputs(args.files))
    processor = OfflineProcessor(settings, extractor=load_extractor(settings, not args.no_extract))
    counts: dict[str, int] = {}
    with _bar(len(values), args.quiet) as bar:
        for record in processor.process_all(values):
            write_line(record_line(record.topic, record.key, record.value), args.pretty)
            counts[record.topic] = counts.get(record.topic, 0) + 1
            bar.update(1)
    summary = ", ".join(f"{n} to {topic}" for topic, n in sorted(counts.items())) or "nothing"
    print(f"processed {len(values)} messages: {summary}", file=sys.stderr)
    return EXIT_OK


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from worker.stream.run import run_worker

    return run_worker(settings)


def cmd_broker(args: argparse.Namespace, settings: Settings) -> int:
    from worker.testing.broker import run_broker_forever

    return run_broker_forever(
        args.port, settings.topics(), settings.topic_configs(), settings.topic_overrides()
    )


def cmd_produce(args: argparse.Namespace, settings: Settings) -> int:
    from worker.stream.topics_io import send_all

    values = list(_inputs(args.files))
    topic = args.topic or settings.raw_topic
    with _bar(len(values), args.quiet) as bar:
        pairs = [(message_key(v), v) for v in values]
        sent = asyncio.run(send_all(settings, topic, pairs, progress=bar.update))
    print(f"sent {sent} messages to {topic}", file=sys.stderr)
    return EXIT_OK


def start_position(text: str) -> str | int:
    if text in ("beginning", "end"):
        return text
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be beginning, end or an offset") from None


async def _consume(args: argparse.Namespace, settings: Settings) -> int:
    from worker.stream.topics_io import read_topic

    count = 0
    try:
        async for message in read_topic(
            settings,
            args.topic,
            idle_timeout=args.idle,
            limit=args.max,
            start=args.offset,
            partitions=args.partition or None,
            follow=args.follow,
            group=args.group,
        ):
            write_line(message_line(message), args.pretty)
            count += 1
    except LookupError as exc:
        raise InputError(str(exc)) from None
    return count


def cmd_consume(args: argparse.Namespace, settings: Settings) -> int:
    count = asyncio.run(_consume(args, settings))
    print(f"read {count} messages from {args.topic}", file=sys.stderr)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from worker.cli.demo import run_demo

    return run_demo(replicas=args.replicas, extract=not args.no_extract)


def cmd_redrive(args: argparse.Namespace, settings: Settings) -> int:
    from worker.core.redrive_plan import load_fixes
    from worker.stream.redrive import redrive

    fixes = None
    if args.fixes:
        try:
            with open(args.fixes, "rb") as stream:
                fixes = load_fixes(stream)
        except OSError as exc:
            raise InputError(f"cannot read {args.fixes}: {exc.strerror or exc}") from None
    sent = asyncio.run(
        redrive(
            settings,
            reasons=set(args.reason) or None,
            fixes=fixes,
            limit=args.limit,
            idle_timeout=args.idle,
            dry_run=args.dry_run,
        )
    )
    verb = "would re-send" if args.dry_run else "re-sent"
    print(f"{verb} {sent} dead letters to {settings.raw_topic}", file=sys.stderr)
    return EXIT_OK


def cmd_config(args: argparse.Namespace, settings: Settings) -> int:
    limits = settings.limits
    shown = {
        **settings.masked(),
        "environment": settings.described(),
        # Derived from max_message_bytes and max_paragraphs (worker.core.sizes).
        "derived": {
            "article_bytes": limits.article_bytes,
            "record_bytes": limits.record_bytes,
            "produce_bytes": limits.produce_bytes,
            "topic_configs": settings.topic_configs(),
            "topic_overrides": settings.topic_overrides(),
        },
    }
    write_line(shown, pretty=True)
    return EXIT_OK
