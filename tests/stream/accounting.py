"""Accounting checks shared by the stream tests: every input out, nothing by two ids."""

from __future__ import annotations

import random
from collections import defaultdict

import orjson

from tests.helpers import SCHEMA_FOR_TOPIC, assert_valid
from worker.testing.cluster import Cluster, Output, article


def by_topic_name(c: Cluster, record: Output) -> str:
    names = {
        c.settings.clean_topic: "articles.clean",
        c.settings.duplicates_topic: "articles.duplicates",
        c.settings.dead_letter_topic: "articles.dead-letter",
    }
    return names[record.topic]


def validate(c: Cluster, records: list[Output]) -> None:
    for record in records:
        assert_valid(SCHEMA_FOR_TOPIC[by_topic_name(c, record)], record.value)


def overlapping_articles(count: int, seed: int) -> tuple[list[tuple[bytes, bytes]], set[str]]:
    """Articles built from a small shared pool of paragraphs, so most repeat others."""
    rng = random.Random(seed)
    pool = [
        f"Shared paragraph number {i} about the {rng.choice(['port', 'mine', 'bank'])}."
        for i in range(400)
    ]
    messages = []
    for i in range(count):
        paragraphs = rng.sample(pool, rng.randint(2, 7))
        if rng.random() < 0.5:
            paragraphs.append(f"Unique paragraph of article {i}.")
        if rng.random() < 0.2:
            paragraphs.append(paragraphs[0])  # repeated within
        messages.append(article(f"art-{i}", paragraphs))
    texts = {t for _, v in messages for t in orjson.loads(v)["body"].split("\n")}
    return messages, texts


def check_accounting(
    c: Cluster, records: list[Output], ids: set[bytes], bad_keys: set[bytes], exactly_once: bool
) -> None:
    s = c.settings
    per_key: dict[bytes | None, list[Output]] = defaultdict(list)
    for record in records:
        per_key[record.key].append(record)
    assert set(per_key) == ids | bad_keys
    for key, outs in per_key.items():
        if exactly_once:
            assert len(outs) == 1, (key, [o.topic for o in outs])
        # A re-sent record is identical to the first one.
        assert all(o.topic == outs[0].topic and o.value == outs[0].value for o in outs), key
    publishers: dict[str, set[str]] = defaultdict(set)
    for record in records:
        if record.topic == s.clean_topic:
            for paragraph in record.value["paragraphs"]:
                publishers[paragraph["hash"]].add(record.value["id"])
    shared = {h: ids_ for h, ids_ in publishers.items() if len(ids_) > 1}
    assert not shared, f"{len(shared)} paragraphs published by two article ids"


def published_texts(c: Cluster, records: list[Output]) -> set[str]:
    return {
        p["text"]
        for r in records
        if r.topic == c.settings.clean_topic
        for p in r.value["paragraphs"]
    }
