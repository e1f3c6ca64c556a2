"""Coverage-guided fuzzing of the first stage: raw message bytes to prepare().

Every input goes through ``worker.ingest.prepare`` twice and must come out as
a ``PreparedArticle`` or a ``Rejection`` whose reason is one of
``worker.codec.REASONS``; nothing may raise. First the fuzzer's bytes are the
message value as they are (the seed corpus is JSON articles, which libFuzzer
mutates); then they are read as a recipe for a JSON-ish article (ids, urls,
``body`` and ``html`` fields of tag soup, references, odd characters, repeated
runs that cross the parser's bounds), sometimes truncated, re-encoded or with a
byte order mark.

Run with atheris (``pip install atheris``; 3.0.0 is what this was written on)::

    python tests/fuzz/fuzz_ingest.py -atheris_runs=100000 tests/fuzz/corpus
    python tests/fuzz/fuzz_ingest.py --ci          # 20k runs over the corpus
    python tests/fuzz/fuzz_ingest.py -max_total_time=600 /tmp/corpus tests/fuzz/corpus

Other libFuzzer flags pass through (``-timeout=S`` reports an input slower than S
seconds as a failure, ``-max_len=N``, ``-jobs=N``...). The first corpus directory
collects new inputs; when that is ``tests/fuzz/corpus`` itself a scratch
directory is put in front, so the seed corpus stays small. A failing input is
written to ``crash-<sha1>`` (or ``timeout-``/``oom-``) in the working directory;
replay it with ``python tests/fuzz/fuzz_ingest.py crash-<sha1>``.

100k inputs take about 3 minutes on a 2-core machine (some 550 inputs a second,
each through prepare() twice, with coverage instrumentation of ``worker``).

Without atheris, ``tests/fuzz/test_fuzz_smoke.py`` runs the same ``check`` over
the corpus and a few thousand inputs built from a seeded ``random.Random``.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Protocol

import orjson

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"

# Inputs of a --ci run: about 50 s on a 2-core machine.
CI_RUNS = 20_000
# Small enough that too_large is reachable, large enough for real pages.
MAX_MESSAGE_BYTES = 256 * 1024
MAX_PARAGRAPHS = 400
# Upper bound of a generated article's markup, in pieces and characters.
MAX_PIECES = 48
MAX_MARKUP_CHARS = 32 * 1024

TAGS = (
    "p", "div", "span", "b", "i", "a", "em", "font", "nobr", "article", "section", "main",
    "nav", "header", "footer", "aside", "ul", "ol", "li", "dl", "dd", "dt", "table", "tr",
    "td", "th", "caption", "h1", "h2", "pre", "blockquote", "br", "hr", "img", "input",
    "select", "option", "optgroup", "selectedcontent", "button", "form", "label", "template",
    "script", "style", "title", "textarea", "xmp", "plaintext", "noscript", "iframe",
    "object", "svg", "math", "foreignObject", "desc", "mi", "body", "head", "html",
    "frameset", "ruby", "rt", "figure", "x-widget",
)  # fmt: skip
ATTRIBUTES = (
    "", " class=ad", ' class="article-body"', " id=nav", " hidden", ' aria-hidden="true"',
    ' role="main"', ' role="navigation"', ' itemprop="articleBody"', " title='a>b'",
    ' data-x="', " a b c d e f", " selected", " x=&amp;", "/",
)  # fmt: skip
SPECIALS = (
    "&amp;", "&nbsp;", "&#0;", "&#1;", "&#x10FFFF;", "&#xD800;", "&#99999999999;", "&notin",
    "&ampx", "&", "<", ">", '"', "'", "<!--", "-->", "--!>", "<![CDATA[", "]]>", "</",
    "<?", "<!DOCTYPE html>", "\x00", "\r\n", "\u2028", "\u202e", "\u200f", "\ufeff",
    "\u00ad", "\ufdfa", "\u2019", "\u201c", "\u2014", "\ud800", "\udfff", "\U0001f600",
    "Source: sputnik.by", "\n", " ",
)  # fmt: skip
URLS = ("https://example.com/a", "http://[::1", "not a url", "https://x.y/p?q=1#f", "")


class Source(Protocol):
    """Where an input's choices come from: the fuzzer's bytes, or a seeded RNG."""

    def number(self, low: int, high: int) -> int: ...

    def text(self, max_chars: int) -> str: ...

    def data(self, max_bytes: int) -> bytes: ...


class AtherisSource:
    def __init__(self, data: bytes) -> None:
        import atheris  # type: ignore[import-untyped]

        self.provider = atheris.FuzzedDataProvider(data)

    def number(self, low: int, high: int) -> int:
        return int(self.provider.ConsumeIntInRange(low, high))

    def text(self, max_chars: int) -> str:
        return str(self.provider.ConsumeUnicode(max_chars))

    def data(self, max_bytes: int) -> bytes:
        return bytes(self.provider.ConsumeBytes(max_bytes))


class RandomSource:
    # Code point ranges to draw text from: ASCII, controls, Latin-1, Hebrew and
    # Arabic, CJK, specials and surrogates, astral planes.
    RANGES = (
        (0x20, 0x7E), (0x00, 0x1F), (0x80, 0xFF), (0x0590, 0x06FF), (0x4E00, 0x4FFF),
        (0xD800, 0xDFFF), (0xFFF0, 0xFFFF), (0x10000, 0x10FFFF),
    )  # fmt: skip

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def number(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    WEIGHTS = (60, 5, 8, 8, 8, 2, 3, 6)

    def text(self, max_chars: int) -> str:
        rng = self.rng
        ((low, high),) = rng.choices(self.RANGES, self.WEIGHTS)
        return "".join(chr(rng.randint(low, high)) for _ in range(rng.randint(0, max_chars)))

    def data(self, max_bytes: int) -> bytes:
        return self.rng.randbytes(self.rng.randint(0, max_bytes))


def markup(source: Source) -> str:
    """Tag soup, with runs long enough to cross the parser's bounds now and then."""
    pieces: list[str] = []
    size = 0
    for _ in range(source.number(0, MAX_PIECES)):
        kind = source.number(0, 9)
        if kind <= 2:
            tag = TAGS[source.number(0, len(TAGS) - 1)]
            attrs = ATTRIBUTES[source.number(0, len(ATTRIBUTES) - 1)]
            piece = f"<{tag}{attrs}>" if kind < 2 else f"</{tag}>"
        elif kind <= 4:
            piece = source.text(40)
        elif kind <= 6:
            piece = SPECIALS[source.number(0, len(SPECIALS) - 1)]
        elif kind == 7:
            piece = f"<{source.text(12)}>"
        else:
            # A short run repeated: deep nesting, floods of paragraphs or options.
            run = "".join(
                f"<{TAGS[source.number(0, len(TAGS) - 1)]}>" for _ in range(source.number(1, 3))
            )
            piece = run * source.number(1, 700 if kind == 8 else 40)
        if size + len(piece) > MAX_MARKUP_CHARS:
            break
        pieces.append(piece)
        size += len(piece)
    return "".join(pieces)


def field_value(source: Source, texts: tuple[str, ...]) -> Any:
    choice = source.number(0, 19)
    if choice == 0:
        return None
    if choice == 1:
        return source.number(-5, 5)
    if choice == 2:
        return [source.text(5)]
    if choice <= 5:
        return source.text(30)
    return texts[source.number(0, len(texts) - 1)]


def article(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if source.number(0, 7):
        data["id"] = field_value(source, ("a-1", "b", "c-3", "d", "  ", "", "x" * 1100))
    if source.number(0, 1):
        data["url"] = field_value(source, URLS)
    for name in ("title", "source", "language", "published_at", "fetched_at"):
        if source.number(0, 5) == 0:
            data[name] = field_value(source, ("", "en", "2024-11-08T10:00:00Z", "x" * 70))
    body, html = source.number(0, 4), source.number(0, 4)
    if body:
        data["body"] = markup(source) if body > 1 else field_value(source, ("", " \n "))
    if html:
        data["html"] = markup(source) if html > 1 else field_value(source, ("", "<p>x</p>"))
    if source.number(0, 7) == 0:
        data[source.text(8)] = {"nested": [source.text(8), source.number(0, 9)]}
    return data


def encode(source: Source, data: dict[str, Any]) -> bytes:
    how = source.number(0, 15)
    try:
        value = orjson.dumps(data)
    except TypeError:  # lone surrogates: orjson refuses them
        value = json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
    if how == 1:
        value = json.dumps(data).encode()  # \\ud800-style escapes
    elif how == 2:
        value = b"\xef\xbb\xbf" + value
    elif how == 3 and value:
        value = value[: source.number(0, len(value) - 1)]
    elif how == 4 and value:
        at = source.number(0, len(value) - 1)
        value = value[:at] + source.data(4) + value[at + 1 :]
    elif how == 5:
        value = b"[" + value + b"]" if source.number(0, 1) else b"  \n"
    return value


def build_input(source: Source) -> bytes:
    """A message value: an article built from ``source``'s choices."""
    return encode(source, article(source))


def check(value: bytes) -> None:
    """prepare() on ``value`` must return, with a result of the documented shape."""
    from worker.core.codec import REASONS, Limits
    from worker.core.ingest import prepare
    from worker.core.models import PreparedArticle, Rejection

    result = prepare(value, Limits(MAX_MESSAGE_BYTES, MAX_PARAGRAPHS))
    if isinstance(result, Rejection):
        if result.reason not in REASONS:
            raise AssertionError(f"unknown reason {result.reason!r}: {result.detail!r}")
        if not isinstance(result.detail, str):
            raise AssertionError(f"detail is {type(result.detail).__name__}")
        return
    if not isinstance(result, PreparedArticle):
        raise AssertionError(f"prepare returned {type(result).__name__}")
    if not 0 < result.paragraphs_in <= MAX_PARAGRAPHS:
        raise AssertionError(f"{result.paragraphs_in} paragraphs")
    for paragraph in result.paragraphs:
        if not paragraph.text or len(paragraph.hash) != 32:
            raise AssertionError(f"bad paragraph {paragraph!r}")


def test_one_input(data: bytes) -> None:
    # The bytes as a message (the seed corpus is JSON), then as a recipe.
    check(data)
    check(build_input(AtherisSource(data)))


def fuzzer_arguments(argv: list[str]) -> list[str]:
    """libFuzzer's arguments: ``--ci`` expanded, and a scratch directory in
    front of the seed corpus so that new inputs never land in the repository."""
    if "--ci" in argv:
        argv = [a for a in argv if a != "--ci"]
        argv += [f"-atheris_runs={CI_RUNS}", "-timeout=30", "-rss_limit_mb=4096", str(CORPUS)]
    directories = [i for i, a in enumerate(argv) if i and not a.startswith("-")]
    if directories and Path(argv[directories[0]]).resolve() == CORPUS:
        scratch = tempfile.mkdtemp(prefix="fuzz-ingest-")
        print(f"fuzz_ingest: new inputs go to {scratch}", file=sys.stderr)
        argv = [*argv[: directories[0]], scratch, *argv[directories[0] :]]
    return argv


def main(argv: list[str]) -> None:
    import atheris

    sys.path.insert(0, str(HERE.parent.parent))
    argv = fuzzer_arguments(argv)
    with atheris.instrument_imports(include=["worker"]):
        import worker.core.codec
        import worker.core.ingest  # noqa: F401
    started = time.monotonic()
    atheris.Setup(argv, test_one_input)
    try:
        atheris.Fuzz()
    finally:
        print(f"fuzz_ingest: {time.monotonic() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
