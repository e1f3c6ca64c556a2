"""Precision, recall and F1 of the extractor on a hand-labelled set of paragraphs.

Run as ``python -m worker.facts.scoring [set.jsonl ...]`` (default: the dev set). Each
line of a set is one paragraph:
{"text", "published_at"?, "entities": [{"text", "label"}], "facts": [...]}.

Entities are scored by mention: each distinct mention text in a paragraph, with the label
of the entity it counts toward, against the labelled mention texts of that paragraph.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from worker.facts.articles import ArticleInput, ExtractionResult

_FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "facts"
DEFAULT_SET = _FIXTURES / "devset.jsonl"
# Entity-only labelled paragraphs (no "facts" key: their facts are not scored): more dev
# text to tune on, and the frozen held-out part, scored only to report, never tuned on.
ENTITY_DEV_SET = _FIXTURES / "devset_entities.jsonl"
HELDOUT_SET = _FIXTURES / "heldout.jsonl"
# Entity-only sets rich in the rarer labels (FAC, EVENT, PRODUCT, LOC, WORK_OF_ART, LAW):
# one to tune on, one frozen.
LABEL_DEV_SET = _FIXTURES / "devset_labels.jsonl"
# Entity-only, to tune on: products and organizations named after people and places.
PRODUCT_DEV_SET = _FIXTURES / "devset_labels2.jsonl"
HELDOUT_LABELS_SET = _FIXTURES / "heldout_labels.jsonl"
# Entity-only, to tune on: sports, markets, politics, courts, science and wire stories
# written for the ORG / GPE / PERSON confusions (sides, founders' companies, capitals).
NEWS_DEV_SET = _FIXTURES / "devset_labels3.jsonl"
# Frozen, the same sections in the proportions of general news, written by an annotator
# who saw neither the rules nor their output.
HELDOUT_NEWS_SET = _FIXTURES / "heldout_news.jsonl"
# Entity-only, rich in the labels the model proposes least (PRODUCT, WORK_OF_ART, EVENT,
# FAC) among the usual ones: one to tune on, one frozen, written apart by an annotator who
# saw neither the rules nor their output.
RARE_DEV_SET = _FIXTURES / "devset_rare.jsonl"
HELDOUT_RARE_SET = _FIXTURES / "heldout_rare.jsonl"
# Entity-only, to tune on: events of every kind (sports, politics, wars, disasters,
# festivals, conferences, holy days), a quarter of them beside an organization or place of
# a like name.
EVENT_DEV_SET = _FIXTURES / "devset_events.jsonl"
# Entity-only, to tune on: products of every kind (phones, cars, aircraft, weapons, ships,
# medicines, software, games, food and drink), with and without their maker's name, as
# codes, plurals and ordinary words, written by an annotator who saw neither the rules
# nor their output.
PRODUCT_NAMES_DEV_SET = _FIXTURES / "devset_products.jsonl"
# Entity-only, to tune on, each scored once before any rule was tuned on it: general news
# in its usual proportions (a quarter wire stories), and events of every kind again, with
# other events and stories than devset_events, both by annotators who saw neither the
# rules nor their output.
NEWS2_DEV_SET = _FIXTURES / "devset_news2.jsonl"
EVENT2_DEV_SET = _FIXTURES / "devset_events2.jsonl"
# Entity-only, to tune on, scored once before any rule was tuned on it: events and
# products of every section (sports, markets, courts, science, defence, elections,
# disasters, culture, diplomacy), a sixth of them wire stories, by an annotator who saw
# neither the rules nor their output.
EVENT3_DEV_SET = _FIXTURES / "devset_events3.jsonl"
# Entity-only, to tune on, scored once before any rule was tuned on it: general news in
# its usual proportions, names from every region, by an annotator who saw neither the
# rules nor their output.
NEWS3_DEV_SET = _FIXTURES / "devset_news3.jsonl"
QUOTE_PREFIX = 25


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Scores:
    entities: dict[str, Tally] = field(default_factory=dict)
    facts: dict[str, Tally] = field(default_factory=dict)

    def entity_total(self) -> Tally:
        return _total(self.entities.values())

    def fact_total(self) -> Tally:
        return _total(self.facts.values())


def _total(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for t in tallies:
        total.tp += t.tp
        total.fp += t.fp
        total.fn += t.fn
    return total


def norm(text: object) -> str:
    value = str(text).replace("\u2019", "'").replace("\u2018", "'")
    value = value.replace("\u201c", '"').replace("\u201d", '"')
    value = re.sub(r"\s+", " ", value).strip(" .,\"'").lower()
    return re.sub(r"^the ", "", value)


def _number(value: object) -> str:
    return f"{float(str(value)):.6g}"


def fact_key(fact: Mapping[str, object]) -> tuple[str, Hashable]:
    kind = str(fact["type"])
    if kind == "money":
        return kind, (_number(fact["value"]), fact["unit"])
    if kind == "percent":
        return kind, _number(fact["value"])
    if kind == "quantity":
        return kind, (_number(fact["value"]), norm(fact.get("unit")))
    if kind == "date":
        return kind, fact["value"]
    if kind == "role":
        return kind, (norm(fact["person"]), norm(fact["role"]))
    if kind == "quote":
        return kind, norm(fact["text"])[:QUOTE_PREFIX]
    return kind, norm(fact.get("text"))


def _speaker_matches(found: object, gold: object) -> bool:
    """Speakers match when one names the other: 'Donald Tusk' in 'Prime Minister Donald Tusk'."""
    if found is None or gold is None:
        return found is gold
    a, b = norm(found), norm(gold)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return re.search(rf"(?:^|\W){re.escape(short)}(?:$|\W)", long) is not None


def _match(
    found: Sequence[Mapping[str, object]], gold: Sequence[Mapping[str, object]], scores: Scores
) -> None:
    remaining = list(gold)
    for item in found:
        kind, key = fact_key(item)
        tally = scores.facts.setdefault(kind, Tally())
        for index, candidate in enumerate(remaining):
            if fact_key(candidate) != (kind, key):
                continue
            if kind == "quote" and not _speaker_matches(item.get("speaker"), candidate["speaker"]):
                continue
            tally.tp += 1
            del remaining[index]
            break
        else:
            tally.fp += 1
    for candidate in remaining:
        scores.facts.setdefault(str(candidate["type"]), Tally()).fn += 1


def _match_entities(
    found: Sequence[Mapping[str, object]], gold: Sequence[Mapping[str, object]], scores: Scores
) -> None:
    found_keys = Counter((norm(e["text"]), str(e["label"])) for e in found)
    gold_keys = Counter((norm(e["text"]), str(e["label"])) for e in gold)
    for key in set(found_keys) | set(gold_keys):
        tally = scores.entities.setdefault(key[1], Tally())
        both = min(found_keys[key], gold_keys[key])
        tally.tp += both
        tally.fp += found_keys[key] - both
        tally.fn += gold_keys[key] - both


def load_set(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def articles_of(rows: Sequence[Mapping[str, object]]) -> list[ArticleInput]:
    return [
        ArticleInput([(0, str(row["text"]))], _opt(row.get("published_at")), None) for row in rows
    ]


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def score(rows: Sequence[Mapping[str, object]], results: Sequence[ExtractionResult]) -> Scores:
    scores = Scores()
    for row, result in zip(rows, results, strict=True):
        gold_entities = row.get("entities", [])
        gold_facts = row.get("facts", [])
        assert isinstance(gold_entities, list) and isinstance(gold_facts, list)
        # Both sides as sets of (normalized mention text, label): "WASHINGTON" in a
        # dateline and "Washington" later are one mention, whichever side lists them
        # apart; a surname after the full name is a mention of its own ("Smith" after
        # "John Smith"), as the words written, under the label of the person it names.
        found = {
            (norm(m["text"]), e["label"]): {"text": m["text"], "label": e["label"]}
            for e in result.entities
            for m in _mentions_of(e)
        }
        gold = {(norm(e["text"]), e["label"]): e for e in gold_entities}
        _match_entities(list(found.values()), list(gold.values()), scores)
        if "facts" in row:  # entity-only rows leave facts unscored
            _match(result.facts, gold_facts, scores)
    return scores


def _mentions_of(entity: Mapping[str, object]) -> list[Mapping[str, object]]:
    """An entity's mentions as written; the entity's own text where none are listed."""
    mentions = entity.get("mentions")
    if isinstance(mentions, list) and mentions:
        return mentions
    return [entity]


def table(scores: Scores) -> str:
    lines = [
        "| kind | label / type | P | R | F1 | TP | FP | FN |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind, tallies, total in (
        ("entity", scores.entities, scores.entity_total()),
        ("fact", scores.facts, scores.fact_total()),
    ):
        for name in sorted(tallies):
            lines.append(_row(kind, name, tallies[name]))
        lines.append(_row(kind, "**all**", total))
    return "\n".join(lines)


def _row(kind: str, name: str, t: Tally) -> str:
    return (
        f"| {kind} | {name} | {t.precision:.2f} | {t.recall:.2f} | {t.f1:.2f} "
        f"| {t.tp} | {t.fp} | {t.fn} |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    from worker.facts import Extractor

    args = list(sys.argv[1:] if argv is None else argv)
    paths = [Path(a) for a in args] or [DEFAULT_SET]
    extractor = Extractor()
    for path in paths:
        rows = load_set(path)
        results = extractor.extract_many(articles_of(rows))
        print(f"{path.name} ({len(rows)} paragraphs)\n{table(score(rows, results))}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
