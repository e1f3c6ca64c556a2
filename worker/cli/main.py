"""The parser and the entry point: ``python -m worker COMMAND`` / ``news-worker``.

Every failure the user can cause or fix (a setting, a file, an unreachable
broker) ends as one line on stderr and a documented exit code
(worker.errors), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from aiokafka.errors import KafkaConnectionError, KafkaError

from worker import __version__
from worker.cli import commands
from worker.core.codec import REASONS
from worker.core.settings import SECRET_FIELDS, load_settings
from worker.errors import EXIT_UNREACHABLE, WorkerError, exit_code
from worker.stream.logs import configure_logging

FILES_HELP = (
    "JSONL (.jsonl or any other name), .json or .txt/.md files, or directories (default: stdin)"
)


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
    process.add_argument("files", nargs="*", help=FILES_HELP)
    process.add_argument("--no-extract", action="store_true", help="skip entity/fact extraction")
    process.add_argument("--pretty", action="store_true", help="indent the JSON output")
    process.add_argument("--quiet", action="store_true", help="no progress bar")
    process.set_defaults(handler=commands.cmd_process)

    run = sub.add_parser("run", help="run one worker replica (configured by environment)")
    run.set_defaults(handler=commands.cmd_run)

    broker = sub.add_parser("broker", help="run the embedded broker with the topics created")
    broker.add_argument("--port", type=int, default=9092, help="listen port (default 9092)")
    broker.set_defaults(handler=commands.cmd_broker)

    produce = sub.add_parser("produce", help="publish raw articles from files or stdin")
    produce.add_argument("files", nargs="*", help=FILES_HELP)
    produce.add_argument("--topic", help="target topic (default: the raw topic)")
    produce.add_argument("--quiet", action="store_true", help="no progress bar")
    produce.set_defaults(handler=commands.cmd_produce)

    consume = sub.add_parser("consume", help="print a topic's records, one JSON line each")
    consume.add_argument("topic")
    consume.add_argument("--pretty", action="store_true", help="indent the JSON output")
    consume.add_argument("--max", type=int, help="stop after exactly this many records")
    consume.add_argument(
        "--offset",
        type=commands.start_position,
        default="beginning",
        help="where to start: beginning (default), end, or an offset in every partition",
    )
    consume.add_argument(
        "--partition", type=int, action="append", default=[], help="only this partition"
    )
    consume.add_argument("--follow", action="store_true", help="keep reading; Ctrl-C to stop")
    consume.add_argument(
        "--idle", type=float, default=3.0, help="stop after this many seconds without records"
    )
    consume.add_argument("--group", help="consumer group to commit to (default: none)")
    consume.set_defaults(handler=commands.cmd_consume)

    demo = sub.add_parser("demo", help="broker + replicas + sample articles, output shown")
    demo.add_argument("--replicas", type=int, default=2)
    demo.add_argument("--no-extract", action="store_true", help="skip entity/fact extraction")
    demo.set_defaults(handler=commands.cmd_demo)

    redrive = sub.add_parser(
        "redrive", help="re-send dead letters (optionally fixed) to the raw topic"
    )
    redrive.add_argument(
        "--reason", action="append", default=[], choices=REASONS, help="only this reason"
    )
    redrive.add_argument(
        "--fixes",
        help='JSONL of {"partition", "offset", "value" | "value_b64"}: replacement values',
    )
    redrive.add_argument("--limit", type=int, help="re-send at most this many")
    redrive.add_argument("--idle", type=float, default=2.0, help="seconds of silence = end")
    redrive.add_argument("--dry-run", action="store_true", help="count, send nothing")
    redrive.set_defaults(handler=commands.cmd_redrive)

    config = sub.add_parser("config", help="print the effective settings, secrets masked")
    config.set_defaults(handler=commands.cmd_config)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        secrets = [getattr(settings, name) for name in SECRET_FIELDS]
        configure_logging(
            settings.log_level,
            settings.log_format,
            secrets=secrets,
            levels=settings.logger_levels(),
        )
        code: int = args.handler(args, settings)
    except WorkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exit_code(exc)
    except (KafkaConnectionError, KafkaError) as exc:
        print(f"error: cannot reach Kafka ({exc}); check KAFKA_BOOTSTRAP_SERVERS", file=sys.stderr)
        return EXIT_UNREACHABLE
    except KeyboardInterrupt:
        return 130
    return code
