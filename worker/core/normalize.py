"""Normalization of paragraph text for hashing.

Two paragraphs that a reader would call the same must normalize to the same
string: crawlers re-encode pages, swap quote styles, insert NBSPs and
zero-width joiners, and CMSs turn hyphens into dashes.

Cost is linear in the text, but NFKC can make text 18 times longer (U+FDFA,
one character, is 18 characters of Arabic), so the steps after it avoid
per-character work where they can: a 4 MB paragraph of U+FDFA took 3.1 s and
now takes about 1.7 s, nearly all of it in NFKC itself.
"""

from __future__ import annotations

import html
import re
import unicodedata

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u0060\u00b4\u02bc\u02b9\uff07"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e\u301f\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u2e3a\u2e3b"
# Format characters that are invisible in rendered text.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"

_TABLE: dict[int, str | None] = {
    **{ord(c): "'" for c in _SINGLE_QUOTES},
    **{ord(c): '"' for c in _DOUBLE_QUOTES},
    **{ord(c): "-" for c in _DASHES},
    **{ord(c): None for c in _INVISIBLE},
}
_MAPPED_CHARS = _SINGLE_QUOTES + _DOUBLE_QUOTES + _DASHES + _INVISIBLE
_MAPPED = re.compile("[" + re.escape(_MAPPED_CHARS) + "]")
# Text is mapped in blocks of this many characters (see _unify).
_BLOCK = 65536
# Whitespace that " ".join(text.split()) would change: other than a single
# space between words. Text NFKC expanded is mostly single spaces between
# words, so it is looked for before anything is rebuilt.
_ODD_WHITESPACE = re.compile(r"[^\S ]")
_WHITESPACE_RUN = re.compile(r"\s{2,}|[^\S ]")


def _unify(text: str) -> str:
    """``text.translate(_TABLE)``, at a cost that follows the mapped characters.

    translate looks up every character, some 40-60 ns each: most of
    normalizing a paragraph with a few curly quotes, and 1.5 s for the 23
    million characters NFKC makes of 4 MB of U+FDFA. Here each mapped
    character present in a block is replaced with str.replace, a fast scan;
    at most len(_TABLE) of them. ASCII text can only hold the backtick.
    """
    if text.isascii():
        return text.replace("`", "'") if "`" in text else text
    if _MAPPED.search(text) is None:
        return text
    parts = []
    for start in range(0, len(text), _BLOCK):
        block = text[start : start + _BLOCK]
        for char in set(_MAPPED.findall(block)):
            block = block.replace(char, _TABLE[ord(char)] or "")
        parts.append(block)
    return "".join(parts)


def _odd_whitespace(text: str) -> bool:
    """Any whitespace but the space? A search for each ASCII candidate (memchr, written
    out: a generator's overhead was most of it) is a fraction of one regex pass; other
    text is printable unless it holds a space of another kind (or a control character),
    which str.isprintable() answers in one C loop."""
    if (
        "\n" in text
        or "\t" in text
        or "\r" in text
        or "\x0b" in text
        or "\x0c" in text
        or "\x1c" in text
        or "\x1d" in text
        or "\x1e" in text
        or "\x1f" in text
    ):
        return True
    if text.isascii() or text.isprintable():
        return False
    return _ODD_WHITESPACE.search(text) is not None


def _collapse(text: str) -> str:
    """``" ".join(text.split())``, without splitting text that needs nothing."""
    if "  " in text or text.startswith(" ") or text.endswith(" ") or _odd_whitespace(text):
        return _WHITESPACE_RUN.sub(" ", text).strip()
    return text


def normalize(text: str) -> str:
    """HTML character references decoded, NFKC, quote/dash variants unified,
    invisibles removed, case-folded, whitespace (any Unicode space) collapsed.

    References are decoded because some crawlers leave ``&amp;`` or ``&nbsp;``
    in extracted text and others do not; the paragraph is the same.
    """
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text)
    return _collapse(_unify(text).casefold())
