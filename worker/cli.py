"""Command line: ``python -m worker COMMAND``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import orjson
from aiokafka.errors import KafkaConnectionError

from worker import __version__
from worker.assemble import Extractor
from worker.codec import REASONS
from worker.errors import WorkerError
from worker.logs import configure_logging
from worker.settings import SECRET_FIELDS, Settings, load_settings


def load_extractor(settings: Settings, enabled: bool = True) -> Extractor | None:
    """The NLP extractor, loaded once per process, unless extraction is off."""
    if not (enabled and settings.extract):
        return None
    from worker.facts import Extractor as FactExtractor

    return FactExtractor()


def cmd_process(args: argparse.Namespace, settings: Settings) -> int:
    from worker.inputs import iter_jsonl, iter_paths
    from worker.offline import OfflineProcessor

    processor = OfflineProcessor(settings, extractor=load_extractor(settings, not args.no_extract))
    values = iter_paths(Path(p) for p in args.files) if args.files else iter_jsonl(sys.stdin.buffer)
    option = orjson.OPT_INDENT_2 if args.pretty else 0
    out = sys.stdout.buffer
    for record in processor.process_all(values):
        line = {
            "topic": record.topic,
            "key": None if record.key is None else record.key.decode("utf-8", "backslashreplace"),
            "value": record.value,
        }
        out.write(orjson.dumps(line, option=option) + b"\n")
    out.flush()
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from worker.app import run_worker

    return run_worker(settings, load_extractor(settings))


def cmd_broker(args: argparse.Namespace, settings: Settings) -> int:
    from worker.broker import run_broker_forever

    return run_broker_forever(args.port, settings.topics(), settings.topic_configs())


def cmd_produce(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from tqdm import tqdm

    from worker.inputs import iter_jsonl, iter_paths
    from worker.tools import produce

    values = list(
        iter_paths(Path(p) for p in args.files) if args.files else iter_jsonl(sys.stdin.buffer)
    )
    with tqdm(total=len(values), unit="msg", disable=args.quiet, file=sys.stderr) as bar:
        sent = asyncio.run(produce(settings, values, args.topic, lambda n: bar.update(n)))
    print(f"sent {sent} messages to {args.topic or settings.raw_topic}", file=sys.stderr)
    return 0


def cmd_consume(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from worker.tools import consume, write_record

    count = asyncio.run(
        consume(
            settings,
            args.topic,
            idle_timeout=args.idle,
            limit=args.max,
            group=args.group,
            on_record=lambda record: write_record(record, args.pretty),
        )
    )
    print(f"read {count} messages from {args.topic}", file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from worker.demo import run_demo

    return run_demo(replicas=args.replicas, extract=not args.no_extract)


def cmd_redrive(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from worker.redrive import load_fixes, redrive

    fixes = None
    if args.fixes:
        with open(args.fixes, "rb") as stream:
            fixes = load_fixes(stream)
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
    return 0


def cmd_config(args: argparse.Namespace, settings: Settings) -> int:
    limits = settings.limits
    shown = {
        **settings.masked(),
        # Derived from max_message_bytes and max_paragraphs (worker.sizes).
        "derived": {
            "article_bytes": limits.article_bytes,
            "record_bytes": limits.record_bytes,
            "produce_bytes": limits.produce_bytes,
            "topic_configs": settings.topic_configs(),
        },
    }
    sys.stdout.buffer.write(orjson.dumps(shown, option=orjson.OPT_INDENT_2) + b"\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m worker",
        description="Clean, deduplicate and enrich news articles on Kafka.",
    )
    parser.add_argument("--version", action="version", version=f"news-worker {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    process = sub.add_parser(
        "process", help="run the pipeline offline on files or stdin; JSONL records out"
    )
    process.add_argument("files", nargs="*", help="JSONL, .json or .txt files (default: stdin)")
    process.add_argument("--no-extract", action="store_true", help="skip entity/fact extraction")
    process.add_argument("--pretty", action="store_true", help="indent the JSON output")
    process.set_defaults(handler=cmd_process)

    run = sub.add_parser("run", help="run one worker replica (configured by environment)")
    run.set_defaults(handler=cmd_run)

    broker = sub.add_parser("broker", help="run the embedded broker with the topics created")
    broker.add_argument("--port", type=int, default=9092, help="listen port (default 9092)")
    broker.set_defaults(handler=cmd_broker)

    produce = sub.add_parser("produce", help="publish raw articles from files or stdin")
    produce.add_argument("files", nargs="*", help="JSONL, .json or .txt files (default: stdin)")
    produce.add_argument("--topic", help="target topic (default: the raw topic)")
    produce.add_argument("--quiet", action="store_true", help="no progress bar")
    produce.set_defaults(handler=cmd_produce)

    consume = sub.add_parser("consume", help="print a topic's records from the beginning")
    consume.add_argument("topic")
    consume.add_argument("--pretty", action="store_true", help="indent the JSON output")
    consume.add_argument("--max", type=int, help="stop after this many records")
    consume.add_argument(
        "--idle", type=float, default=3.0, help="stop after this many seconds without records"
    )
    consume.add_argument("--group", help="consumer group to commit to (default: none)")
    consume.set_defaults(handler=cmd_consume)

    demo = sub.add_parser("demo", help="broker + replicas + sample articles, output shown")
    demo.add_argument("--replicas", type=int, default=2)
    demo.add_argument("--no-extract", action="store_true", help="skip entity/fact extraction")
    demo.set_defaults(handler=cmd_demo)

    redrive = sub.add_parser(
        "redrive", help="re-send dead letters (optionally fixed) to the raw topic"
    )
    redrive.add_argument(
        "--reason",
        action="append",
        default=[],
        choices=REASONS,
        help="only this reason (repeatable)",
    )
    redrive.add_argument(
        "--fixes",
        help='JSONL of {"partition", "offset", "value" | "value_b64"}: replacement values',
    )
    redrive.add_argument("--limit", type=int, help="re-send at most this many")
    redrive.add_argument("--idle", type=float, default=2.0, help="seconds of silence = end")
    redrive.add_argument("--dry-run", action="store_true", help="count, send nothing")
    redrive.set_defaults(handler=cmd_redrive)

    config = sub.add_parser("config", help="print the effective settings, secrets masked")
    config.set_defaults(handler=cmd_config)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        secrets = [getattr(settings, name) for name in SECRET_FIELDS]
        configure_logging(settings.log_level, settings.log_format, secrets=secrets)
        code: int = args.handler(args, settings)
    except WorkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KafkaConnectionError as exc:
        print(f"error: cannot reach Kafka ({exc}); check KAFKA_BOOTSTRAP_SERVERS", file=sys.stderr)
        return 3
    return code
