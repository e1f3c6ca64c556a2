"""Which HTML elements carry paragraphs and which are page furniture: shared by
the tree walk (worker.core.paragraphs) and its linear fallback
(worker.core.markup_text)."""

from __future__ import annotations

import re
from collections.abc import Mapping

BLOCKS = frozenset(
    {
        "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt",
        "td", "th", "div", "section", "article", "main", "body", "ul", "ol", "dl", "table",
        "tr", "address", "center", "details", "summary", "hgroup",
    }
)  # fmt: skip
# Elements that never hold article text.
SKIP = frozenset(
    {
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
        "form", "button", "iframe", "svg", "select", "option", "textarea", "input", "label",
        "canvas", "video", "audio", "object", "embed", "figure", "head", "title", "meta",
        "link", "dialog", "menu", "_comment",
    }
)  # fmt: skip
BOILERPLATE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"}
)
# Class/id words that mark page furniture rather than article text.
BOILERPLATE_WORDS = frozenset(
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
BOILERPLATE_WORD = re.compile(
    r"(?<![^\s_\-])(?:"
    + "|".join(sorted(BOILERPLATE_WORDS, key=len, reverse=True))
    + r")(?![^\s_\-])"
)
MAIN_SELECTORS = ('[itemprop="articleBody"]', "main", '[role="main"]', "body")


# Closing block tags or line breaks: markup, not prose that mentions a tag.


def is_boilerplate_attributes(attrs: Mapping[str, str | None]) -> bool:
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    role = (attrs.get("role") or "").strip().lower()
    if role in BOILERPLATE_ROLES:
        return True
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return BOILERPLATE_WORD.search(names) is not None
