"""Word lists as regex alternations that re reads in one pass.

Python's re tries the arms of an alternation one after the other: a pattern holding the
hundred units or fifty currency names costs a hundred literal comparisons at every place
it is tried. The same words as a prefix tree ("k(?:m(?:/h)?|g|nots)") cost one comparison
per character read. The tree prefers the longer word wherever two share a beginning,
which is the order of the longest-first alternation it replaces, so a pattern matches
the same text with either (tests/facts/test_alternation.py checks this).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""
_Trie = dict[str, "_Trie"]


def longest_first(words: Iterable[str], *, space: str | None = None) -> str:
    """The plain alternation: the words escaped, longest first, "|"-joined; a space in a
    word reads as the pattern space when given."""
    arms = [re.escape(w) for w in sorted(set(words), key=len, reverse=True)]
    if space is not None:
        arms = [arm.replace(r"\ ", space) for arm in arms]
    return "|".join(arms)


def alternation(words: Iterable[str], *, space: str | None = None, fold: bool = False) -> str:
    """A pattern (no group of its own) that matches what longest_first(words, space=...)
    matches, and prefers the same word. fold=True for a pattern used ignoring case: the
    words are lowered first, so two spellings of one word share their branch (otherwise
    "Ab" in an earlier branch could win over "abc" in a later one)."""
    trie: _Trie = {}
    for word in words:
        if not word:
            raise ValueError("an empty word would match everywhere")
        node = trie
        for char in word.lower() if fold else word:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not trie:
        raise ValueError("no words")
    return _pattern(trie, space)


def _pattern(node: _Trie, space: str | None) -> str:
    arms = [_char(char, space) + _pattern(child, space) for char, child in node.items() if char]
    if not arms:
        return ""
    body = arms[0] if len(arms) == 1 else "(?:" + "|".join(arms) + ")"
    if _END not in node:
        return body
    # Greedy "?": the longer words below this node are tried before the word ending here.
    return f"(?:{body})?"


def _char(char: str, space: str | None) -> str:
    if char == " " and space is not None:
        return space
    return re.escape(char)
