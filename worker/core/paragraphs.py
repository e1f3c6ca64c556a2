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

import logging
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from worker.core.html_probe import parse_options, parser_bound_exceeded
from worker.core.html_rules import BLOCKS, MAIN_SELECTORS, SKIP, is_boilerplate_attributes
from worker.core.markup_text import split_markup_as_text

log = logging.getLogger(__name__)


# Elements whose text starts and ends a paragraph.
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
    options = parse_options(html)
    if parser_bound_exceeded(html, options) is not None:
        return split_markup_as_text(html)
    tree = LexborHTMLParser(html, options=options)
    scope = _article_scope(tree)
    if scope is None:
        return []
    return _collect_blocks(scope)


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
    for selector in MAIN_SELECTORS:
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
    return is_boilerplate_attributes(node.attributes)


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
        if tag in SKIP or tag.startswith("!") or _is_boilerplate(node):
            continue
        if tag == "br":
            flush()
            continue
        if tag in BLOCKS:
            flush()
            stack.append((node, True))
        children = list(node.iter(include_text=True))
        stack.extend((child, False) for child in reversed(children))
    flush()
    return out
