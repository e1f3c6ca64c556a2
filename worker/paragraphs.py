"""Splitting article bodies into paragraphs: plain text and HTML."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

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
_WORD_SPLIT = re.compile(r"[\s_\-]+")
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
    teasers and menus around it are not mistaken for paragraphs.
    """
    tree = LexborHTMLParser(html)
    scope = _article_scope(tree)
    if scope is None:
        return []
    return _collect_blocks(scope)


def _article_scope(tree: LexborHTMLParser) -> LexborNode | None:
    articles = [a for a in tree.css("article") if not _is_boilerplate(a)]
    if articles:
        return max(articles, key=_paragraph_text_length)
    for selector in _MAIN_SELECTORS:
        node = tree.css_first(selector)
        if node is not None:
            return node
    return tree.root


def _paragraph_text_length(node: LexborNode) -> int:
    return sum(len(p.text(deep=True)) for p in node.css("p"))


def _is_boilerplate(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    role = (attrs.get("role") or "").strip().lower()
    if role in _BOILERPLATE_ROLES:
        return True
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return bool(_BOILERPLATE_WORDS.intersection(_WORD_SPLIT.split(names)))


def _collect_blocks(scope: LexborNode) -> list[str]:
    # Iterative walk: crawled pages can nest deeper than Python's recursion limit.
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
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
            buffer.append(node.text(deep=False) or "")
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
