from __future__ import annotations

import subprocess
import sys
from typing import Any

import orjson

from tests.helpers import ROOT, SCHEMA_FOR_TOPIC, SEED_FILE, assert_valid
from worker.core.models import Position
from worker.core.offline import OfflineProcessor
from worker.core.settings import Settings


def run_process(*args: str, stdin: bytes = b"") -> list[dict[str, Any]]:
    proc = subprocess.run(
        [sys.executable, "-m", "worker", "process", "--no-extract", *args],
        input=stdin,
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    return [orjson.loads(line) for line in proc.stdout.splitlines()]


def test_seed_through_the_command_line() -> None:
    [record] = run_process(str(SEED_FILE))
    assert record["topic"] == "articles.clean"
    assert record["key"] == "seed_article"
    value = record["value"]
    assert_valid("clean_article", value)
    assert value["stats"] == {
        "paragraphs_in": 12,
        "kept": 7,
        "dropped_within": 5,
        "dropped_across": 0,
    }
    assert [p["index"] for p in value["paragraphs"]] == [0, 1, 2, 3, 4, 5, 11]
    assert value["paragraphs"][-1]["text"] == "Source: sputnik.by"
    assert value["source"] == "sputnik.by"
    dups = [(d["index"], d["scope"], d["first_seen"]) for d in value["duplicates"]]
    assert dups == [
        (i + 5, "within", {"article_id": "seed_article", "index": i}) for i in range(1, 6)
    ]


def test_across_inputs_first_seen_wins() -> None:
    seed = SEED_FILE.read_text(encoding="utf-8").splitlines()
    a = {"id": "A", "url": "https://a.example/1", "body": "\n".join(seed[:6])}
    b = {"id": "B", "url": "https://b.example/1", "body": "\n".join([*seed[1:4], "New text."])}
    c = {"id": "C", "url": "https://c.example/1", "body": "\n".join(reversed(seed[:6]))}
    stdin = b"\n".join(orjson.dumps(x) for x in (a, b, c, a)) + b"\nnot json\n"
    records = run_process(stdin=stdin)
    assert [r["topic"] for r in records] == [
        "articles.clean",
        "articles.clean",
        "articles.duplicates",
        "articles.clean",
        "articles.dead-letter",
    ]
    for record in records:
        assert_valid(SCHEMA_FOR_TOPIC[record["topic"]], record["value"])
    b_out = records[1]["value"]
    assert [p["text"] for p in b_out["paragraphs"]] == ["New text."]
    assert [(d["index"], d["scope"], d["first_seen"]) for d in b_out["duplicates"]] == [
        (i, "across", {"article_id": "A", "index": i + 1}) for i in range(3)
    ]
    assert records[2]["value"]["duplicate_of"] == ["A"]
    # A re-crawl of A keeps what A owns: same content as the first record.
    first, again = records[0]["value"], records[3]["value"]
    assert {**first, "processed_at": None} == {**again, "processed_at": None}
    assert records[4]["value"]["reason"] == "invalid_json"


def test_window_expiry_makes_a_paragraph_new_again() -> None:
    now = [1000.0]
    processor = OfflineProcessor(Settings(dedupe_window=60.0), clock=lambda: now[0])
    article = orjson.dumps({"id": "A", "body": "Shared paragraph."})
    other = orjson.dumps({"id": "B", "body": "Shared paragraph."})
    assert processor.process(None, article, Position()).topic == "articles.clean"
    now[0] += 59
    assert processor.process(None, other, Position()).topic == "articles.duplicates"
    now[0] += 1
    assert processor.process(None, other, Position()).topic == "articles.clean"


def test_json_file_with_an_array_and_a_directory(tmp_path: Any) -> None:
    (tmp_path / "batch.json").write_bytes(
        orjson.dumps([{"id": "1", "body": "x"}, {"id": "2", "body": "y"}])
    )
    (tmp_path / "note.txt").write_text("z\n", encoding="utf-8")
    records = run_process(str(tmp_path))
    assert [r["key"] for r in records] == ["1", "2", "note"]


class CountingExtractor:
    def __init__(self) -> None:
        self.calls = 0

    def extract(self, paragraphs: Any, *, published_at: Any = None, fetched_at: Any = None) -> Any:
        from worker.facts import ExtractionResult

        self.calls += 1
        return ExtractionResult(entities=[], facts=[], errors=0)


def test_extraction_runs_only_for_english_or_untagged_articles() -> None:
    extractor = CountingExtractor()
    processor = OfflineProcessor(Settings(), extractor=extractor)
    for i, language in enumerate(["en", "en-GB", "EN_us", None, "", "ru", "de-AT", "fr"]):
        raw = {"id": f"a{i}", "body": f"Paragraph {i}.", "language": language}
        processor.process(None, orjson.dumps(raw), Position())
    assert extractor.calls == 5
