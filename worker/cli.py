"""Command line: ``python -m worker COMMAND``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import orjson

from worker.assemble import Extractor
from worker.errors import WorkerError
from worker.settings import Settings, load_settings


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


def cmd_config(args: argparse.Namespace, settings: Settings) -> int:
    sys.stdout.buffer.write(orjson.dumps(settings.masked(), option=orjson.OPT_INDENT_2) + b"\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m worker",
        description="Clean, deduplicate and enrich news articles on Kafka.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    process = sub.add_parser(
        "process", help="run the pipeline offline on files or stdin; JSONL records out"
    )
    process.add_argument("files", nargs="*", help="JSONL, .json or .txt files (default: stdin)")
    process.add_argument("--no-extract", action="store_true", help="skip entity/fact extraction")
    process.add_argument("--pretty", action="store_true", help="indent the JSON output")
    process.set_defaults(handler=cmd_process)

    config = sub.add_parser("config", help="print the effective settings, secrets masked")
    config.set_defaults(handler=cmd_config)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        code: int = args.handler(args, settings)
    except WorkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return code
