"""Paragraphs from HTML's token stream alone, in linear time: the fallback for
pages that would make the parser exceed its bounds (worker.core.html_probe)."""

from __future__ import annotations

import re
from html import unescape

from worker.core.html_rules import BLOCKS, SKIP, is_boilerplate_attributes

# ---------------------------------------------------------------------------
# The fallback: paragraphs from the token stream alone, in linear time.
#
# Tokens follow the HTML tokenizer's rules for tags, comments and raw text, so
# no markup leaks into paragraphs; there is no tree, so no article scope, and
# elements closed only implicitly stay open. Paragraphs break at block tags and
# <br>; skipped and boilerplate elements drop everything up to their end tag.

_WS = "\t\n\f\r "
# A start or end tag from its "<" to its ">" (or the end of the input, where an
# unfinished tag swallows the rest). Attribute values in quotes may hold ">".
# Every quantifier is possessive, so matching is linear.
_TAG = re.compile(
    rf"<(/?)([A-Za-z][^{_WS}/>]*+)"
    rf"((?:[{_WS}]++|/(?!>)"
    rf"|[^{_WS}/>][^{_WS}/>=]*+[{_WS}]*+"
    rf"(?:=[{_WS}]*+(?:\"[^\"]*+(?:\"|\Z)|'[^']*+(?:'|\Z)|[^{_WS}>\"'][^{_WS}>]*+|(?=>)|\Z)"
    rf"|(?!=)))*+)"
    r"(/?)(?:>|\Z)"
)
# The next piece of markup: a comment opening, a bogus comment ("<!", "<?" and
# "</" before anything but a letter), or a tag. A "<" before anything else is text.
_MARKUP_TOKEN = re.compile(r"<!--|<[!?]|</>|</(?![A-Za-z])|" + _TAG.pattern)
_ATTRIBUTE = re.compile(
    rf"([^{_WS}/>][^{_WS}/>=]*+)[{_WS}]*+"
    rf"(?:=[{_WS}]*+(?:\"([^\"]*+)\"?|'([^']*+)'?|([^{_WS}>]*+)))?"
)
_ATTRIBUTE_HINT = re.compile("hidden|role|class|id", re.IGNORECASE)
_COMMENT_END = re.compile("--!?>")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Elements whose content the tokenizer reads as text up to their end tag; those
# not skipped keep it as paragraph text.
_RAW_TEXT = ("script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title")
_RAW_TEXT_END = {
    name: re.compile(rf"</{name}(?=[{_WS}/>])", re.IGNORECASE | re.ASCII) for name in _RAW_TEXT
}
_VOID = frozenset(
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image",
        "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    }
)  # fmt: skip
# <head> is left out: its end tag is optional, and its children are skipped anyway.
_FALLBACKSKIP = SKIP - _VOID - {"head"}


def _attributes(source: str) -> dict[str, str | None]:
    attrs: dict[str, str | None] = {}
    for match in _ATTRIBUTE.finditer(source):
        name = match.group(1).translate(_ASCII_LOWER)
        if name not in attrs:
            value = next((v for v in match.group(2, 3, 4) if v is not None), None)
            attrs[name] = None if value is None else unescape(value)
    return attrs


def split_markup_as_text(html: str) -> list[str]:
    """Paragraphs of ``html`` taken from its tokens, without building a tree."""
    if not html.isascii():
        try:
            html.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: dropped, as selectolax does
            html = html.encode("utf-8", "ignore").decode("utf-8")
    out: list[str] = []
    buffer: list[str] = []
    skipping: str | None = None  # the outermost skipped element still open
    skip_depth = 0
    size = len(html)
    pos = 0

    def flush() -> None:
        if buffer:
            text = " ".join("".join(buffer).split())
            buffer.clear()
            if text:
                out.append(text)

    def add(text: str, decode: bool = True) -> None:
        if skipping is None and text:
            if decode and "&" in text:
                text = unescape(text)
            buffer.append(text.replace("\x00", ""))

    search = _MARKUP_TOKEN.search
    while pos < size:
        match = search(html, pos)
        if match is None:
            add(html[pos:])
            break
        start = match.start()
        if start > pos:
            add(html[pos:start])
        pos = match.end()
        closing, name, attr_source, self_closing = match.groups()
        if name is None:  # not a tag
            token = match.group()
            if token == "<!--":
                if html.startswith(">", pos):
                    pos += 1
                elif html.startswith("->", pos):
                    pos += 2
                else:
                    end = _COMMENT_END.search(html, pos)
                    pos = end.end() if end else size
            elif token == "</>":
                pass  # nothing at all
            elif token == "</" and pos >= size:
                add(token)
            else:  # a bogus comment, up to the next ">"
                end_at = html.find(">", pos)
                pos = end_at + 1 if end_at >= 0 else size
            continue
        name = name.lower() if name.isascii() else name.translate(_ASCII_LOWER)
        if name in BLOCKS or name == "br":
            flush()
        if closing:
            if name == skipping:
                skip_depth -= 1
                if skip_depth == 0:
                    skipping = None
            continue
        if name in _RAW_TEXT_END:
            end = _RAW_TEXT_END[name].search(html, pos)
            stop = end.start() if end else size
            if name not in _FALLBACKSKIP:
                add(html[pos:stop], decode=False)
            pos = stop
            continue
        if name == "plaintext":
            add(html[pos:], decode=False)
            break
        if name in _VOID or self_closing:
            continue
        if skipping is None:
            if name in _FALLBACKSKIP or (
                _ATTRIBUTE_HINT.search(attr_source)
                and is_boilerplate_attributes(_attributes(attr_source))
            ):
                skipping, skip_depth = name, 1
        elif name == skipping:
            skip_depth += 1
    flush()
    return out
