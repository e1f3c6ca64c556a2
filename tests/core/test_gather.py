from __future__ import annotations

from worker.core.gather import Gathering
from worker.core.pending import PendingEntry, entry_key, is_done
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


KEY = entry_key("raw:0:1", "a")


def test_an_article_complete_within_one_batch_writes_only_its_marker() -> None:
    table = CountingTable()
    g = Gathering(table.lookup, 1.0)
    for message in (verdicts(0), article(), verdicts(1)):
        g.apply(message)
    assert [c.key for c in g.completed] == [KEY]
    assert g.writes() == {KEY: PendingEntry(created=1.0, done=1.0)}
    assert table.reads == 1


def test_parts_across_batches_are_stored_then_marked_done_once() -> None:
    table = CountingTable()
    first = Gathering(table.lookup, 1.0)
    first.apply(article())
    first.apply(verdicts(0))
    puts = first.writes()
    assert list(puts) == [KEY] and not is_done(puts[KEY])
    table.update(puts)
    second = Gathering(table.lookup, 2.0)
    second.apply(verdicts(1))
    assert second.writes() == {KEY: PendingEntry(created=1.0, done=2.0)}
    assert len(second.completed) == 1


def test_a_part_replayed_after_completion_changes_nothing() -> None:
    table = CountingTable()
    g = Gathering(table.lookup, 1.0)
    for message in (article(expected=1), verdicts(0), verdicts(0)):
        g.apply(message)
    assert len(g.completed) == 1
    table.update(g.writes())
    # In a later batch, as after a rebalance: each part again, and all of them.
    for replay in ([verdicts(0)], [article(expected=1)], [article(expected=1), verdicts(0)]):
        later = Gathering(table.lookup, 9.0)
        for message in replay:
            later.apply(message)
        assert later.completed == [] and later.writes() == {}


def test_an_error_completes_the_request() -> None:
    g = Gathering(lambda key: None, 1.0)
    g.apply(VerdictBatch("raw:0:1", "a", 0, [], "KeyError: 'x'"))
    [done] = g.completed
    assert done.entry.error == "KeyError: 'x'"
