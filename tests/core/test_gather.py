from __future__ import annotations

from worker.core.gather import Gathering
from worker.core.pending import PendingEntry, entry_key
from worker.core.wire import ArticleMessage, RawSummary, VerdictBatch

RAW = RawSummary(None, None, 3, "0" * 64)


def article(request: str = "raw:0:1", expected: int = 2) -> ArticleMessage:
    return ArticleMessage(request, "a", 5.0, expected, RAW, {"article": {}})


def verdicts(batch: int, request: str = "raw:0:1") -> VerdictBatch:
    return VerdictBatch(request, "a", batch, [["h", 0, "new", "a", 0, 5.0]])


class CountingTable(dict[str, PendingEntry]):
    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def lookup(self, key: str) -> PendingEntry | None:
        self.reads += 1
        return self.get(key)


def test_an_article_complete_within_one_batch_never_touches_the_table() -> None:
    table = CountingTable()
    g = Gathering(table.lookup, 1.0)
    for message in (verdicts(0), article(), verdicts(1)):
        g.apply(message)
    assert [c.key for c in g.completed] == [entry_key("raw:0:1", "a")]
    assert g.writes() == ({}, [])
    assert table.reads == 1


def test_parts_across_batches_are_stored_then_deleted_once() -> None:
    table = CountingTable()
    first = Gathering(table.lookup, 1.0)
    first.apply(article())
    first.apply(verdicts(0))
    puts, deletes = first.writes()
    assert list(puts) == [entry_key("raw:0:1", "a")] and deletes == []
    table.update(puts)
    second = Gathering(table.lookup, 2.0)
    second.apply(verdicts(1))
    assert second.writes() == ({}, [entry_key("raw:0:1", "a")])
    assert len(second.completed) == 1


def test_a_replayed_part_after_completion_starts_a_new_entry() -> None:
    table = CountingTable()
    g = Gathering(table.lookup, 1.0)
    for message in (article(expected=1), verdicts(0), verdicts(0)):
        g.apply(message)
    assert len(g.completed) == 1
    puts, _ = g.writes()
    # The late copy waits as an entry of its own, which the stale sweep drops.
    assert list(puts) == [entry_key("raw:0:1", "a")]
    assert puts[entry_key("raw:0:1", "a")].article is None


def test_an_error_completes_the_request() -> None:
    g = Gathering(lambda key: None, 1.0)
    g.apply(VerdictBatch("raw:0:1", "a", 0, [], "KeyError: 'x'"))
    [done] = g.completed
    assert done.entry.error == "KeyError: 'x'"
