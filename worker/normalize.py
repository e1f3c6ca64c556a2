"""Normalization of paragraph text for hashing.

Two paragraphs that a reader would call the same must normalize to the same
string: crawlers re-encode pages, swap quote styles, insert NBSPs and
zero-width joiners, and CMSs turn hyphens into dashes.
"""

from __future__ import annotations

import html
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


def normalize(text: str) -> str:
    """HTML character references decoded, NFKC, quote/dash variants unified,
    invisibles removed, case-folded, whitespace (any Unicode space) collapsed.

    References are decoded because some crawlers leave ``&amp;`` or ``&nbsp;``
    in extracted text and others do not; the paragraph is the same.
    """
    if "&" in text:
        text = html.unescape(text)
    folded = unicodedata.normalize("NFKC", text).translate(_TABLE).casefold()
    return " ".join(folded.split())
