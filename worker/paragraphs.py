"""Splitting article bodies into paragraphs: plain text and HTML.

Hostile pages
-------------
Lexbor's tree builder is linear on real pages but not on every input. Its scope
checks walk the stack of open elements once per tag (``<div>`` x 200k took
128 s), formatting elements left open are re-created inside every later block
(``<b id=N><p>x`` x 2k built 2 million elements out of 27 KB), each option of a
select re-runs the selectedness steps, and an element's attributes are
deduplicated pairwise (100k attributes on one tag took 35 s).

So before a page is parsed for real, ``_Probe`` feeds it to Lexbor's own tree
builder in small chunks and watches the parser's state between chunks, stopping
as soon as one of the bounds below is crossed. A page that crosses one is split
by ``_split_markup_as_text``, a linear tag stripper, instead. A page within the
bounds is parsed exactly as before, so its paragraphs do not change.
"""

from __future__ import annotations

import ctypes
import logging
import re
from collections.abc import Mapping
from functools import cache
from html import unescape
from itertools import islice

from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser, LexborNode

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

# Elements whose text starts and ends a paragraph.
_BLOCKS = frozenset(
    {
        "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt",
        "td", "th", "div", "section", "article", "main", "body", "ul", "ol", "dl", "table",
        "tr", "address", "center", "details", "summary", "hgroup",
    }
)  # fmt: skip
# Elements that never hold article text.
_SKIP = frozenset(
    {
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
        "form", "button", "iframe", "svg", "select", "option", "textarea", "input", "label",
        "canvas", "video", "audio", "object", "embed", "figure", "head", "title", "meta",
        "link", "dialog", "menu", "_comment",
    }
)  # fmt: skip
_BOILERPLATE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"}
)
# Class/id words that mark page furniture rather than article text.
_BOILERPLATE_WORDS = frozenset(
    {
        "cookie", "cookies", "consent", "gdpr", "share", "sharing", "social", "newsletter",
        "subscribe", "subscription", "related", "recommended", "advert", "advertisement",
        "ads", "ad", "promo", "sponsored", "breadcrumb", "breadcrumbs", "comments",
        "comment", "sidebar", "menu", "nav", "navbar", "navigation", "footer", "popup",
        "modal", "paywall", "toolbar", "skip", "widget", "banner", "outbrain", "taboola",
        "trending", "popular", "recirc", "recirculation", "pagination", "pager", "byline",
        "caption", "disclaimer",
    }
)  # fmt: skip
# One of those words, whole: between runs of whitespace, "_" or "-" (or the ends).
# Searching instead of splitting keeps a megabyte-long class attribute cheap.
_BOILERPLATE_WORD = re.compile(
    r"(?<![^\s_\-])(?:"
    + "|".join(sorted(_BOILERPLATE_WORDS, key=len, reverse=True))
    + r")(?![^\s_\-])"
)
_MAIN_SELECTORS = ('[itemprop="articleBody"]', "main", '[role="main"]', "body")


# Closing block tags or line breaks: markup, not prose that mentions a tag.
_MARKUP = re.compile(r"</(?:p|div|li|h[1-6]|blockquote|td|article|section)\s*>|<br\s*/?>", re.I)


def looks_like_html(body: str) -> bool:
    """Whether a ``body`` that should be plain text is really an HTML fragment.

    Crawlers that lose track of which field they fill do send markup as body;
    splitting it on line breaks would keep tags in the text.
    """
    return _MARKUP.search(body) is not None


def split_text(body: str) -> list[str]:
    """Paragraphs of a plain-text body: one per line, trimmed, blanks dropped."""
    return [line.strip() for line in body.splitlines() if line.strip()]


def split_html(html: str) -> list[str]:
    """Paragraphs of an HTML page or fragment, in document order.

    The article's own container is preferred over the whole page so that
    teasers and menus around it are not mistaken for paragraphs. A page that
    would make the parser exceed its bounds is split as text between tags.
    """
    options = _parse_options(html)
    if parser_bound_exceeded(html, options) is not None:
        return _split_markup_as_text(html)
    tree = LexborHTMLParser(html, options=options)
    scope = _article_scope(tree)
    if scope is None:
        return []
    return _collect_blocks(scope)


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
        options = _parse_options(html)
    # The same bytes selectolax parses: it drops lone surrogates.
    return probe.exceeded(html.encode("utf-8", "ignore"), options)


def _parse_options(html: str) -> int:
    # Counts no further than one past the limit.
    options = sum(1 for _ in islice(_OPTION_TAG.finditer(html), MAX_EVENTFUL_OPTIONS + 1))
    return _WITHOUT_EVENTS if options > MAX_EVENTFUL_OPTIONS else 0


def _article_scope(tree: LexborHTMLParser) -> LexborNode | None:
    articles = [a for a in tree.css("article") if not _is_boilerplate(a)]
    if len(articles) == 1:
        return articles[0]
    if articles:
        if tree.css_first("article article") is None:
            # None nested: each paragraph is counted once, by Lexbor's selectors.
            return max(articles, key=_paragraph_text_length)
        lengths = _paragraph_text_lengths(tree, articles)
        return max(articles, key=lambda a: lengths[a.mem_id])
    for selector in _MAIN_SELECTORS:
        node = tree.css_first(selector)
        if node is not None:
            return node
    return tree.root


def _paragraph_text_length(node: LexborNode) -> int:
    return sum(len(p.text(deep=True)) for p in node.css("p"))


def _paragraph_text_lengths(tree: LexborHTMLParser, articles: list[LexborNode]) -> dict[int, int]:
    """``_paragraph_text_length`` of each article, by ``mem_id``, in one walk.

    Asking each article in turn costs articles x paragraphs when articles nest,
    as they can hundreds deep. One walk that keeps a running total of paragraph
    text gives every article its total as a difference.
    """
    wanted = {a.mem_id for a in articles}
    lengths: dict[int, int] = {}
    total = 0
    # (node, -1) enters a node; (article, total at its start) leaves it.
    stack: list[tuple[LexborNode, int]] = [] if tree.root is None else [(tree.root, -1)]
    while stack:
        node, start = stack.pop()
        if start >= 0:
            lengths[node.mem_id] = total - start
            continue
        if node.tag == "p":
            total += len(node.text(deep=True))
        if node.mem_id in wanted:
            stack.append((node, total))
        stack.extend((child, -1) for child in reversed(list(node.iter())))
    for article in articles:
        if article.mem_id not in lengths:  # not reachable by child links
            lengths[article.mem_id] = _paragraph_text_length(article)
    return lengths


def _is_boilerplate(node: LexborNode) -> bool:
    return _is_boilerplate_attributes(node.attributes)


def _is_boilerplate_attributes(attrs: Mapping[str, str | None]) -> bool:
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    role = (attrs.get("role") or "").strip().lower()
    if role in _BOILERPLATE_ROLES:
        return True
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return _BOILERPLATE_WORD.search(names) is not None


def _collect_blocks(scope: LexborNode) -> list[str]:
    # Iterative walk: crawled pages can nest deeper than Python's recursion limit.
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            text = " ".join("".join(buffer).split())
            buffer.clear()
            if text:
                out.append(text)

    # The scope itself is never judged as boilerplate: a <body class="nav-open">
    # still holds the article.
    stack: list[tuple[LexborNode, bool]] = [
        (child, False) for child in reversed(list(scope.iter(include_text=True)))
    ]
    while stack:
        node, closing = stack.pop()
        if closing:
            flush()
            continue
        tag = node.tag or ""
        if tag == "-text":
            buffer.append(node.text_content or "")
            continue
        if tag in _SKIP or tag.startswith("!") or _is_boilerplate(node):
            continue
        if tag == "br":
            flush()
            continue
        if tag in _BLOCKS:
            flush()
            stack.append((node, True))
        children = list(node.iter(include_text=True))
        stack.extend((child, False) for child in reversed(children))
    flush()
    return out


# ---------------------------------------------------------------------------
# The probe: Lexbor's tree builder run chunk by chunk through its C API.
#
# selectolax has no way to bound a parse, but its extension module exports
# Lexbor's symbols, and Lexbor has a chunked parser. Its accessors cover the
# parser, tokenizer, document and arrays; the fields it has none for are read at
# these offsets (x86-64 and aarch64 layouts; Lexbor treats them as ABI). The
# self-test checks every one against the accessors and a known document first.
_TREE_TOKENIZER = 0  # lxb_html_tree_t.tkz_ref
_TREE_DOCUMENT = 8  # lxb_html_tree_t.document
_TREE_OPEN_ELEMENTS = 32  # lxb_html_tree_t.open_elements
_TREE_ACTIVE_FORMATTING = 40  # lxb_html_tree_t.active_formatting
_ARRAY_LENGTH = 16  # lexbor_array_t.length
_TOKENIZER_MRAW = 56  # lxb_html_tokenizer_t.mraw
_TOKENIZER_TOKEN = 64  # lxb_html_tokenizer_t.token
_TOKENIZER_TREE = 96  # lxb_html_tokenizer_t.tree
_TOKEN_ATTR_FIRST = 32  # lxb_html_token_t.attr_first
_TOKEN_ATTR_LAST = 40  # lxb_html_token_t.attr_last
_ATTR_NEXT = 56  # lxb_html_token_attr_t.next
_MRAW_MEM = 0  # lexbor_mraw_t.mem
_MEM_CHUNK = 0  # lexbor_mem_t.chunk, the newest, where allocation goes on
_MEM_CHUNK_FIRST = 8  # lexbor_mem_t.chunk_first
_MEM_CHUNK_LENGTH = 24  # lexbor_mem_t.chunk_length
_CHUNK_LENGTH = 8  # lexbor_mem_chunk_t.length
_CHUNK_SIZE = 16  # lexbor_mem_chunk_t.size
_CHUNK_PREV = 32  # lexbor_mem_chunk_t.prev

_P = ctypes.c_void_p
_SIZE = ctypes.c_size_t
_STATUS = ctypes.c_uint
_SIGNATURES: dict[str, tuple[type | None, list[type]]] = {
    "lxb_html_parser_create": (_P, []),
    "lxb_html_parser_init": (_STATUS, [_P]),
    "lxb_html_parser_destroy": (_P, [_P]),
    "lxb_html_parser_tree_noi": (_P, [_P]),
    "lxb_html_parser_tokenizer_noi": (_P, [_P]),
    "lxb_html_parser_dom_opt_set_noi": (None, [_P, ctypes.c_uint]),
    "lxb_html_parse_chunk_begin": (_P, [_P]),
    "lxb_html_parse_chunk_process": (_STATUS, [_P, _P, _SIZE]),
    "lxb_html_parse_chunk_end": (_STATUS, [_P]),
    "lxb_html_document_destroy": (_P, [_P]),
    "lxb_html_document_mraw_noi": (_P, [_P]),
    "lxb_html_document_mraw_text_noi": (_P, [_P]),
    "lxb_html_tokenizer_tree_noi": (_P, [_P]),
    "lxb_html_tokenizer_mraw_noi": (_P, [_P]),
    "lexbor_array_length_noi": (_SIZE, [_P]),
    "lexbor_mem_chunk_length_noi": (_SIZE, [_P]),
    "lexbor_mem_current_length_noi": (_SIZE, [_P]),
    "lexbor_mem_current_size_noi": (_SIZE, [_P]),
}


class ProbeUnavailableError(RuntimeError):
    """This selectolax's Lexbor is not the one the probe was written against."""


def _pointer_at(address: int) -> int:
    return ctypes.c_void_p.from_address(address).value or 0


class _Arena:
    """Bytes taken by one of the document's memory pools (nodes, or text and
    attribute values). Pools only grow, by chunks appended to a list."""

    def __init__(self, mem: int) -> None:
        self.mem = mem
        self.newest = ctypes.c_void_p.from_address(mem + _MEM_CHUNK)
        self.seen = 0
        self.total = 0

    def size(self) -> int:
        """Bytes of all chunks so far; only chunks added since the last call are read."""
        newest = self.newest.value or 0
        if newest != self.seen:
            chunk = newest
            while chunk and chunk != self.seen:
                self.total += _SIZE.from_address(chunk + _CHUNK_SIZE).value
                chunk = _pointer_at(chunk + _CHUNK_PREV)
            self.seen = newest
        return self.total

    def chunks(self) -> tuple[int, int]:
        """(chunks found from the newest back to the first, chunk_length)."""
        count, chunk = 0, self.newest.value or 0
        first = _pointer_at(self.mem + _MEM_CHUNK_FIRST)
        while chunk:
            count += 1
            if chunk == first:
                break
            chunk = _pointer_at(chunk + _CHUNK_PREV)
        return count, _SIZE.from_address(self.mem + _MEM_CHUNK_LENGTH).value


class _Run:
    """One chunked parse, with live views of the fields the bounds are about."""

    def __init__(self, lib: ctypes.CDLL, options: int = 0) -> None:
        self.lib = lib
        self.document = 0
        self.parser = lib.lxb_html_parser_create() or 0
        if not self.parser:
            raise MemoryError("lexbor parser")
        if lib.lxb_html_parser_init(self.parser) != 0:
            self.close()
            raise MemoryError("lexbor parser")
        lib.lxb_html_parser_dom_opt_set_noi(self.parser, options)
        self.document = lib.lxb_html_parse_chunk_begin(self.parser) or 0
        if not self.document:
            self.close()
            raise MemoryError("lexbor document")
        self.tree = lib.lxb_html_parser_tree_noi(self.parser) or 0
        self.tokenizer = lib.lxb_html_parser_tokenizer_noi(self.parser) or 0
        if not (self.tree and self.tokenizer):
            self.close()
            raise ProbeUnavailableError("lexbor parser without tree or tokenizer")

    def attach(self) -> None:
        """Views of the fields read by offset; only once the layout is known good."""
        self.open_elements = _pointer_at(self.tree + _TREE_OPEN_ELEMENTS)
        self.active_formatting = _pointer_at(self.tree + _TREE_ACTIVE_FORMATTING)
        self.depth = _SIZE.from_address(self.open_elements + _ARRAY_LENGTH)
        self.formatting = _SIZE.from_address(self.active_formatting + _ARRAY_LENGTH)
        self.mems = []
        for mraw in (
            self.lib.lxb_html_document_mraw_noi(self.document) or 0,
            self.lib.lxb_html_document_mraw_text_noi(self.document) or 0,
        ):
            self.mems.append(_pointer_at(mraw + _MRAW_MEM) if mraw else 0)
        self.arenas = [_Arena(mem) for mem in self.mems if mem]
        self.token = ctypes.c_void_p.from_address(self.tokenizer + _TOKENIZER_TOKEN)

    def feed(self, address: int, size: int) -> bool:
        status: int = self.lib.lxb_html_parse_chunk_process(self.parser, address, size)
        return status == 0

    def pending_attributes(self, limit: int) -> int:
        """Attributes of the tag being read (up to ``limit`` + 1 are counted)."""
        token = self.token.value
        attr = _pointer_at(token + _TOKEN_ATTR_FIRST) if token else 0
        count = 0
        while attr and count <= limit:
            count += 1
            attr = _pointer_at(attr + _ATTR_NEXT)
        return count

    def close(self) -> None:
        lib = self.lib
        if self.document:
            lib.lxb_html_parse_chunk_end(self.parser)
            lib.lxb_html_document_destroy(self.document)
            self.document = 0
        if self.parser:
            lib.lxb_html_parser_destroy(self.parser)
            self.parser = 0


class _Probe:
    def __init__(self, library_path: str) -> None:
        if ctypes.sizeof(ctypes.c_void_p) != 8:
            raise ProbeUnavailableError("the probe knows 64-bit layouts only")
        try:
            lib = ctypes.CDLL(library_path)
            for name, (restype, argtypes) in _SIGNATURES.items():
                function = getattr(lib, name)
                function.restype = restype
                function.argtypes = argtypes
        except (OSError, AttributeError) as exc:
            raise ProbeUnavailableError(f"lexbor symbols: {exc}") from exc
        self.lib = lib
        self._self_test()

    def _self_test(self) -> None:
        lib = self.lib
        run = _Run(lib)
        try:
            # Fields next to the ones read by offset, checked against accessors
            # before anything is read through a pointer found by offset.
            layout = {
                "tree.tkz_ref": _pointer_at(run.tree + _TREE_TOKENIZER) == run.tokenizer,
                "tree.document": _pointer_at(run.tree + _TREE_DOCUMENT) == run.document,
                "tokenizer.tree": _pointer_at(run.tokenizer + _TOKENIZER_TREE)
                == (lib.lxb_html_tokenizer_tree_noi(run.tokenizer) or 0),
                "tokenizer.mraw": _pointer_at(run.tokenizer + _TOKENIZER_MRAW)
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
                        == _SIZE.from_address(newest + _CHUNK_SIZE).value
                        >= 1024
                        and lib.lexbor_mem_current_length_noi(arena.mem)
                        == _SIZE.from_address(newest + _CHUNK_LENGTH).value,
                        "mem.chunk_length": count
                        == length
                        == lib.lexbor_mem_chunk_length_noi(arena.mem),
                    }
                )
            # A document whose stack, formatting list and pending tag are known.
            fed = _feed_bytes(run, b"<div><div><b>x<i a b c")
            token = run.token.value or 0
            first = _pointer_at(token + _TOKEN_ATTR_FIRST) if token else 0
            tail = first
            for _ in range(10):
                following = _pointer_at(tail + _ATTR_NEXT) if tail else 0
                if not following:
                    break
                tail = following
            last = _pointer_at(token + _TOKEN_ATTR_LAST) if token else 0
            sample = (run.depth.value, run.formatting.value, run.pending_attributes(10))
            _require({"sample": fed and sample == (5, 1, 3) and last == tail != 0})
            _require({"token done": _feed_bytes(run, b">") and run.pending_attributes(10) == 0})
        finally:
            run.close()

    def exceeded(self, data: bytes, options: int) -> str | None:
        """The first bound the parse of ``data`` with ``options`` crosses, or None."""
        run = _Run(self.lib, options)
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
                    and _pointer_at(current + _TOKEN_ATTR_FIRST)
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


def _feed_bytes(run: _Run, data: bytes) -> bool:
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
_FALLBACK_SKIP = _SKIP - _VOID - {"head"}


def _attributes(source: str) -> dict[str, str | None]:
    attrs: dict[str, str | None] = {}
    for match in _ATTRIBUTE.finditer(source):
        name = match.group(1).translate(_ASCII_LOWER)
        if name not in attrs:
            value = next((v for v in match.group(2, 3, 4) if v is not None), None)
            attrs[name] = None if value is None else unescape(value)
    return attrs


def _split_markup_as_text(html: str) -> list[str]:
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
        if name in _BLOCKS or name == "br":
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
            if name not in _FALLBACK_SKIP:
                add(html[pos:stop], decode=False)
            pos = stop
            continue
        if name == "plaintext":
            add(html[pos:], decode=False)
            break
        if name in _VOID or self_closing:
            continue
        if skipping is None:
            if name in _FALLBACK_SKIP or (
                _ATTRIBUTE_HINT.search(attr_source)
                and _is_boilerplate_attributes(_attributes(attr_source))
            ):
                skipping, skip_depth = name, 1
        elif name == skipping:
            skip_depth += 1
    flush()
    return out
