"""``python -m worker demo``: the whole product on one machine, output shown.

Starts the embedded broker and worker replicas, publishes the sample
articles, prints what downstream consumers receive, then stops everything.
"""

from __future__ import annotations

import asyncio
import tempfile
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from worker.cli.commands import message_key
from worker.cli.output import message_line
from worker.cli.readers import iter_jsonl
from worker.core.dead_letters import DEAD_LETTER_SCHEMA
from worker.core.settings import Settings
from worker.stream.admin import create_topics
from worker.stream.topics_io import read_topic, send_all
from worker.testing.broker import EmbeddedBroker
from worker.testing.replicas import Replica

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "articles.jsonl"
WIDTH = 100


def _short(text: str, width: int = WIDTH - 14) -> str:
    return textwrap.shorten(text, width=width, placeholder=" …")


def _fact_line(fact: dict[str, Any]) -> str:
    kind = fact.get("type")
    where = f"[{fact.get('paragraph')}]"
    if kind == "quote":
        return (
            f"quote {where} {fact.get('speaker')}: \u201c{_short(str(fact.get('text')), 60)}\u201d"
        )
    if kind == "role":
        extra = ", ".join(str(fact[k]) for k in ("org", "country") if fact.get(k))
        suffix = f" ({extra})" if extra else ""
        return f"role {where} {fact.get('person')}: {fact.get('role')}{suffix}"
    unit = f" {fact['unit']}" if fact.get("unit") else ""
    return f"{kind} {where} {fact.get('text')!r} = {fact.get('value')}{unit}"


def describe(topic: str, key: str | None, value: dict[str, Any], recrawl: bool = False) -> str:
    """A person-readable rendering of one output record; ``recrawl`` marks an
    article id that came out before (it keeps the paragraphs it owns)."""
    lines: list[str] = []
    schema = value.get("schema", "")
    if schema == DEAD_LETTER_SCHEMA:
        lines.append(f"DEAD LETTER  key={key}  reason={value['reason']}")
        lines.append(f"  {_short(value['detail'])}")
        lines.append(f"  original bytes kept: {len(value['value_b64']) * 3 // 4} bytes (base64)")
        return "\n".join(lines)
    stats = value["stats"]
    head = "CLEAN" if schema == "clean_article/1" else "DUPLICATE"
    again = "  (re-crawl: same id, keeps what it owns)" if recrawl else ""
    lines.append(f"{head}  {value['id']}  source={value.get('source')}{again}")
    lines.append(
        f"  {stats['paragraphs_in']} paragraphs in: {stats['kept']} kept, "
        f"{stats['dropped_within']} repeated within, {stats['dropped_across']} seen before"
    )
    for paragraph in value.get("paragraphs", []):
        lines.append(f"  keep [{paragraph['index']:>2}] {_short(paragraph['text'])}")
    for dup in value.get("duplicates", []):
        first = dup["first_seen"]
        where = "this article" if dup["scope"] == "within" else first["article_id"]
        lines.append(
            f"  drop [{dup['index']:>2}] {dup['scope']}: first in {where} [{first['index']}]"
        )
    if schema == "duplicate_article/1":
        lines.append(f"  duplicate of: {', '.join(value['duplicate_of'])}")
    entities = value.get("entities", [])
    if entities:
        shown = ", ".join(f"{e['text']} ({e['label']}, x{e['count']})" for e in entities)
        lines.extend(
            textwrap.wrap(shown, WIDTH, initial_indent="  entities: ", subsequent_indent="    ")
        )
    for fact in value.get("facts", []):
        lines.append(f"  fact {_fact_line(fact)}")
    return "\n".join(lines)


async def _collect(settings: Settings, expected: int, within: float) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    deadline = time.monotonic() + within
    topics = (settings.clean_topic, settings.duplicates_topic, settings.dead_letter_topic)
    while time.monotonic() < deadline:
        records.clear()
        for topic in topics:
            async for message in read_topic(settings, topic, idle_timeout=0.5):
                records.append(message_line(message))
        if len(records) >= expected:
            break
        await asyncio.sleep(0.5)
    return records


async def _produce(settings: Settings, values: Sequence[bytes]) -> int:
    return await send_all(settings, settings.raw_topic, [(message_key(v), v) for v in values])


def run_demo(
    replicas: int = 2, extract: bool = True, samples: Sequence[bytes] | None = None
) -> int:
    values = list(samples) if samples is not None else list(iter_jsonl(SAMPLES.open("rb")))
    with tempfile.TemporaryDirectory(prefix="worker-demo-") as tmp:
        work = Path(tmp)
        print("starting the embedded broker …", flush=True)
        with EmbeddedBroker(log_path=work / "broker.log") as broker:
            settings = Settings(
                bootstrap_servers=broker.bootstrap,
                broker_profile="embedded",
                partitions=4,
                extract=extract,
            )
            create_topics(
                broker.bootstrap,
                settings.topics(),
                configs=settings.topic_configs(),
                overrides=settings.topic_overrides(),
            )
            print(
                f"broker at {broker.bootstrap}; starting {replicas} worker replicas …", flush=True
            )
            procs = [
                Replica(
                    {**settings.to_env(), "WORKER_DATA_DIR": str(work / "data")},
                    work / f"replica-{i}.log",
                ).start()
                for i in range(replicas)
            ]
            try:
                for i, proc in enumerate(procs):
                    print(f"  replica {i} ready in {proc.wait_ready(120):.1f}s", flush=True)
                # The first article goes alone so that it is, by construction,
                # the first to claim its paragraphs.
                print(f"publishing {len(values)} sample messages to {settings.raw_topic} …\n")
                asyncio.run(_produce(settings, values[:1]))
                asyncio.run(_collect(settings, 1, 60))
                asyncio.run(_produce(settings, values[1:]))
                records = asyncio.run(_collect(settings, len(values), 60))
            finally:
                codes = [proc.terminate() for proc in procs]
            shown: set[Any] = set()
            for record in sorted(
                records,
                # Both stamps are the raw message's time: records come out in input order.
                key=lambda r: r["value"].get("processed_at") or r["value"].get("received_at") or "",
            ):
                seen_id = record["value"].get("id")
                print(f"── {record['topic']} ─────")
                recrawl = seen_id in shown
                print(describe(record["topic"], record["key"], record["value"], recrawl), "\n")
                shown.add(seen_id)
            print(
                f"{len(values)} messages in, {len(records)} records out; "
                f"replicas stopped with exit codes {codes}"
            )
            return 0 if len(records) >= len(values) and not any(codes) else 1
