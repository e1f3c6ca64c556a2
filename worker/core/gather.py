"""One batch of assembly messages applied to the pending entries.

Each key is looked up at most once per batch and has at most one new state
after it: an incomplete entry (which the assembly stage holds in memory, see
worker.stream.pending_view.PendingView) or, when the last part arrived, its done
marker (which the stage stores once the article's records are acknowledged).
A part that finds a done marker was replayed after its article completed and
changes nothing. The result does not depend on where batch boundaries fall:
an entry completes when its last part arrives, whichever batch that is, and
its parts are merged the same way (worker.core.pending).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from worker.core import pending as entries
from worker.core.pending import PendingEntry
from worker.core.wire import ArticleMessage, VerdictBatch


@dataclass(frozen=True, slots=True)
class Completed:
    key: str
    request: str
    entry: PendingEntry


@dataclass
class Gathering:
    """``lookup`` reads a key's entry from the table (None when absent)."""

    lookup: Callable[[str], PendingEntry | None]
    seen: float
    completed: list[Completed] = field(default_factory=list)
    # The entry each changed key holds after the batch.
    _entries: dict[str, PendingEntry] = field(default_factory=dict)

    def _current(self, key: str) -> PendingEntry | None:
        if key in self._entries:
            return self._entries[key]
        return self.lookup(key)

    def apply(self, message: ArticleMessage | VerdictBatch) -> str:
        """Apply one message; returns the pending key it belongs to."""
        key = entries.entry_key(message.request, message.article_id)
        entry = self._current(key)
        if entries.is_done(entry):
            return key
        try:
            if isinstance(message, ArticleMessage):
                entry = entries.with_article(entry, message, self.seen)
            else:
                entry = entries.with_verdicts(entry, message, self.seen)
        except Exception as exc:  # a malformed part completes the request as a dead letter
            entry = entries.failed(entry, f"{type(exc).__name__}: {exc}")
        if entries.is_complete(entry):
            self.completed.append(Completed(key, message.request, entry))
            self._entries[key] = entries.completed(entry, self.seen)
        else:
            self._entries[key] = entry
        return key

    def writes(self) -> dict[str, PendingEntry]:
        """The entries to put in the table: each changed key once."""
        return dict(self._entries)
