"""Bounding Lexbor's work on a page before it is parsed for real.

Lexbor's tree builder is linear on real pages but not on every input. Its scope
checks walk the stack of open elements once per tag (``<div>`` x 200k took
128 s), formatting elements left open are re-created inside every later block
(``<b id=N><p>x`` x 2k built 2 million elements out of 27 KB), each option of a
select re-runs the selectedness steps, and an element's attributes are
deduplicated pairwise (100k attributes on one tag took 35 s). So the page is
first fed to Lexbor's own tree builder in small chunks while the parser's state
is watched between chunks, stopping as soon as one of the bounds below is
crossed (worker.core.paragraphs then splits it with the linear fallback).
"""

from __future__ import annotations

import ctypes
import logging
import re
from functools import cache
from itertools import islice

from selectolax.lexbor import LexborDocumentOptions

from worker.core.lexbor_abi import (
    ATTR_NEXT,
    CHUNK_LENGTH,
    CHUNK_SIZE,
    SIGNATURES,
    SIZE,
    TOKEN_ATTR_FIRST,
    TOKEN_ATTR_LAST,
    TOKENIZER_MRAW,
    TOKENIZER_TREE,
    TREE_DOCUMENT,
    TREE_TOKENIZER,
    ProbeUnavailableError,
    Run,
    pointer_at,
)

log = logging.getLogger(__name__)

# Bounds on what Lexbor may build for one page; the probe checks them after
# every chunk it feeds.
#
# Scope checks walk the stack of open elements once per tag, so a tag costs up
# to this many steps. Real pages nest well under 100 deep; Blink stops nesting
# at 512 too.
MAX_OPEN_ELEMENTS = 512
# Formatting elements (b, i, font, a...) that are left open are scanned for every
# new one and re-created in every later block. Real pages keep a handful open.
MAX_ACTIVE_FORMATTING = 128
# Lexbor compares each attribute of an element with all earlier ones, so a tag
# costs the square of its attribute count; real tags carry a few dozen at most.
# A tag that is still open between chunks may have this many so far.
MAX_PENDING_ATTRIBUTES = 128
# Every node is walked in Python afterwards, at 1-2 us a node. 64 MiB of
# Lexbor's pools is some 400 thousand nodes (about 150 bytes each), several
# times what the markup of a 4 MB news page makes; hostile pages get there with
# nodes no tag asked for (re-created formatting elements, copied attributes).
# The page's own text and attribute values are allowed on top.
MAX_DOM_BYTES = 64 * 1024 * 1024
# Bytes fed to the probe between two checks: within one chunk the parser opens
# at most ~85 elements and completes tags of at most 128 attributes (each takes
# two bytes or more), so nothing can run away before the next check.
PROBE_CHUNK_BYTES = 256
# Pages with more tags than this skip the tree builder when the probe cannot run
# (a selectolax build whose Lexbor it does not recognise): the builder's worst
# case grows with the square of the tag count.
UNPROBED_MAX_TAGS = 1000

# Lexbor's mutation events make each <option> re-run the selectedness steps over
# the options before it (20k options: 1-3 s, 40k: 6-14 s). Pages with more options
# than this are parsed without events, which only leaves <selectedcontent>
# empty; it sits inside a skipped <select> anyway.
MAX_EVENTFUL_OPTIONS = 2000

_WITHOUT_EVENTS = int(LexborDocumentOptions.WO_EVENTS)
_OPTION_TAG = re.compile("<option", re.IGNORECASE | re.ASCII)


class _Probe:
    def __init__(self, library_path: str) -> None:
        if ctypes.sizeof(ctypes.c_void_p) != 8:
            raise ProbeUnavailableError("the probe knows 64-bit layouts only")
        try:
            lib = ctypes.CDLL(library_path)
            for name, (restype, argtypes) in SIGNATURES.items():
                function = getattr(lib, name)
                function.restype = restype
                function.argtypes = argtypes
        except (OSError, AttributeError) as exc:
            raise ProbeUnavailableError(f"lexbor symbols: {exc}") from exc
        self.lib = lib
        self._self_test()

    def _self_test(self) -> None:
        lib = self.lib
        run = Run(lib)
        try:
            # Fields next to the ones read by offset, checked against accessors
            # before anything is read through a pointer found by offset.
            layout = {
                "tree.tkz_ref": pointer_at(run.tree + TREE_TOKENIZER) == run.tokenizer,
                "tree.document": pointer_at(run.tree + TREE_DOCUMENT) == run.document,
                "tokenizer.tree": pointer_at(run.tokenizer + TOKENIZER_TREE)
                == (lib.lxb_html_tokenizer_tree_noi(run.tokenizer) or 0),
                "tokenizer.mraw": pointer_at(run.tokenizer + TOKENIZER_MRAW)
                == (lib.lxb_html_tokenizer_mraw_noi(run.tokenizer) or 0),
            }
            _require(layout)
            run.attach()
            _require(
                {
                    "tree.open_elements": run.open_elements != 0
                    and lib.lexbor_array_length_noi(run.open_elements) == run.depth.value,
                    "tree.active_formatting": run.active_formatting != 0
                    and lib.lexbor_array_length_noi(run.active_formatting) == run.formatting.value,
                    "mraw.mem": len(run.arenas) == len(run.mems) == 2,
                }
            )
            for arena in run.arenas:
                newest = arena.newest.value or 0
                count, length = arena.chunks()
                _require(
                    {
                        "mem.chunk": newest != 0
                        and lib.lexbor_mem_current_size_noi(arena.mem)
                        == SIZE.from_address(newest + CHUNK_SIZE).value
                        >= 1024
                        and lib.lexbor_mem_current_length_noi(arena.mem)
                        == SIZE.from_address(newest + CHUNK_LENGTH).value,
                        "mem.chunk_length": count
                        == length
                        == lib.lexbor_mem_chunk_length_noi(arena.mem),
                    }
                )
            # A document whose stack, formatting list and pending tag are known.
            fed = _feed_bytes(run, b"<div><div><b>x<i a b c")
            token = run.token.value or 0
            first = pointer_at(token + TOKEN_ATTR_FIRST) if token else 0
            tail = first
            for _ in range(10):
                following = pointer_at(tail + ATTR_NEXT) if tail else 0
                if not following:
                    break
                tail = following
            last = pointer_at(token + TOKEN_ATTR_LAST) if token else 0
            sample = (run.depth.value, run.formatting.value, run.pending_attributes(10))
            _require({"sample": fed and sample == (5, 1, 3) and last == tail != 0})
            _require({"token done": _feed_bytes(run, b">") and run.pending_attributes(10) == 0})
        finally:
            run.close()

    def exceeded(self, data: bytes, options: int) -> str | None:
        """The first bound the parse of ``data`` with ``options`` crosses, or None."""
        run = Run(self.lib, options)
        try:
            run.attach()
            held = ctypes.c_char_p(data)  # points into ``data`` and keeps it alive
            base = ctypes.cast(held, ctypes.c_void_p).value or 0
            size = len(data)
            # The text pool holds the page's text and attribute values once;
            # only copies (of re-created elements) count against the bound.
            max_bytes = MAX_DOM_BYTES + size
            process, parser = self.lib.lxb_html_parse_chunk_process, run.parser
            depth, formatting, token = run.depth, run.formatting, run.token
            newest = [arena.newest for arena in run.arenas]
            seen = [view.value for view in newest]
            step = PROBE_CHUNK_BYTES
            for offset in range(0, size, step):
                # The loop runs every 256 bytes: checks that cost a call come
                # after cheap ones that show whether they can have changed.
                if process(parser, base + offset, min(step, size - offset)) != 0:
                    return "the parser failed"
                if depth.value > MAX_OPEN_ELEMENTS:
                    return f"more than {MAX_OPEN_ELEMENTS} open elements"
                if formatting.value > MAX_ACTIVE_FORMATTING:
                    return f"more than {MAX_ACTIVE_FORMATTING} active formatting elements"
                if [view.value for view in newest] != seen:
                    seen = [view.value for view in newest]
                    if sum(arena.size() for arena in run.arenas) > max_bytes:
                        return f"more than {MAX_DOM_BYTES >> 20} MiB of nodes"
                current = token.value
                if (
                    current
                    and pointer_at(current + TOKEN_ATTR_FIRST)
                    and run.pending_attributes(MAX_PENDING_ATTRIBUTES) > MAX_PENDING_ATTRIBUTES
                ):
                    return f"a tag with more than {MAX_PENDING_ATTRIBUTES} attributes"
            return None
        finally:
            run.close()


def _require(checks: dict[str, bool]) -> None:
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        raise ProbeUnavailableError(f"unexpected lexbor layout: {', '.join(failed)}")


def _feed_bytes(run: Run, data: bytes) -> bool:
    held = ctypes.c_char_p(data)
    return run.feed(ctypes.cast(held, ctypes.c_void_p).value or 0, len(data))


@cache
def _probe() -> _Probe | None:
    import selectolax.lexbor

    try:
        return _Probe(str(selectolax.lexbor.__file__))
    except ProbeUnavailableError as exc:
        log.warning(
            "HTML parser probe unavailable (%s): pages over %d tags are split as text",
            exc,
            UNPROBED_MAX_TAGS,
        )
        return None


def parser_bound_exceeded(html: str, options: int | None = None) -> str | None:
    """Which of the parser's bounds ``html`` would cross, or None when it fits.

    ``options`` are the Lexbor document options it is parsed with (by default
    those ``split_html`` would choose).
    """
    probe = _probe()
    if probe is None:
        if html.count("<") > UNPROBED_MAX_TAGS:
            return f"more than {UNPROBED_MAX_TAGS} tags and no probe"
        return None
    if options is None:
        options = parse_options(html)
    # The same bytes selectolax parses: it drops lone surrogates.
    return probe.exceeded(html.encode("utf-8", "ignore"), options)


def parse_options(html: str) -> int:
    # Counts no further than one past the limit.
    options = sum(1 for _ in islice(_OPTION_TAG.finditer(html), MAX_EVENTFUL_OPTIONS + 1))
    return _WITHOUT_EVENTS if options > MAX_EVENTFUL_OPTIONS else 0
