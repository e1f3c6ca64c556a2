"""Paragraph text made safe, without moving any offset: control characters and lone
surrogates replaced for the output, over-long runs without whitespace broken for the
tokenizer."""

from __future__ import annotations

import re

from worker.facts import limits

# Characters no output text should carry, replaced one for one (offsets do not move):
# control characters become spaces, lone surrogates (which spaCy cannot encode and JSON
# encoders refuse) the replacement character.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SAFE_TABLE: dict[int, str] = {
    **{c: " " for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]},
    **{c: "\ufffd" for c in range(0xD800, 0xE000)},
}


def sanitize(text: str) -> str:
    """text with control characters and lone surrogates replaced, same length."""
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_SAFE_TABLE)


_LONG_RUN = re.compile(rf"\S{{{limits.MAX_TOKEN_CHARS + 1},}}")


def model_text(text: str) -> str:
    """text as the model sees it: a run of more than MAX_TOKEN_CHARS characters without
    whitespace gets a space in place of every MAX_TOKEN_CHARS-th character (same length)."""
    step = limits.MAX_TOKEN_CHARS + 1
    pieces: list[str] = []
    done = 0
    for run in _LONG_RUN.finditer(text):
        for cut in range(run.start() + limits.MAX_TOKEN_CHARS, run.end(), step):
            pieces.append(text[done:cut])
            pieces.append(" ")
            done = cut + 1
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)
