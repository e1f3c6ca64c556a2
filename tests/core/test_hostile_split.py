"""Hostile input for the splitters and the normaliser: each case is bounded.

The tests assert what comes out, never how long it took; the timeouts are
generous for linear work on a shared 2-core machine, and far too short for the
quadratic (or worse) behaviour each case used to trigger, e.g. 128 s for 200k
unclosed <div>s before the parser was bounded. ``method="thread"`` because a
runaway parse is C code that a signal cannot interrupt.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from tests.helpers import FIXTURES
from worker.core import html_probe, html_rules, markup_text
from worker.core.codec import REASONS, Limits
from worker.core.hashing import fingerprint
from worker.core.html_probe import (
    MAX_ACTIVE_FORMATTING,
    MAX_EVENTFUL_OPTIONS,
    MAX_OPEN_ELEMENTS,
    MAX_PENDING_ATTRIBUTES,
    UNPROBED_MAX_TAGS,
    parser_bound_exceeded,
)
from worker.core.ingest import prepare
from worker.core.models import PreparedArticle, Rejection
from worker.core.normalize import normalize
from worker.core.paragraphs import looks_like_html, split_html, split_text

FOUR_MB = 4 * 1024 * 1024
FORMATTING = "a b big code em font i nobr s small strike strong tt u".split()  # noqa: SIM905
LIMITS = Limits(max_message_bytes=8 * FOUR_MB, max_paragraphs=5000)
bounded = pytest.mark.timeout(60, method="thread")


def fill(unit: str, size: int = FOUR_MB) -> int:
    """How many ``unit`` fit in ``size`` bytes of UTF-8."""
    return size // len(unit.encode())


# --- the probe ----------------------------------------------------------------


def test_the_probe_runs_on_this_selectolax() -> None:
    # If a selectolax upgrade moves Lexbor's structs, the probe turns itself off
    # (pages over UNPROBED_MAX_TAGS tags then lose their tree): fail loudly here.
    assert html_probe._probe() is not None


def test_a_real_page_is_within_every_bound() -> None:
    html = (FIXTURES / "news_page.html").read_text(encoding="utf-8")
    body = html.split("<body", 1)[1]
    assert parser_bound_exceeded(html) is None
    assert parser_bound_exceeded("<html><body>" + body * 400) is None  # about 1 MB


@pytest.mark.parametrize(
    ("depth", "fits"), [(MAX_OPEN_ELEMENTS - 10, True), (MAX_OPEN_ELEMENTS + 100, False)]
)
def test_depth_bound_is_where_it_says(depth: int, fits: bool) -> None:
    html = "<div>" * depth + "deep" + "</div>" * depth
    assert (parser_bound_exceeded(html) is None) is fits
    assert split_html(html) == ["deep"]


# --- deep nesting -------------------------------------------------------------


@bounded
@pytest.mark.parametrize("closed", [False, True])
@pytest.mark.parametrize("tag", ["div", "span", "blockquote", "b", "section"])
def test_nesting_100k_deep(tag: str, closed: bool) -> None:
    n = 100_000
    html = f"<{tag}>" * n + "deep" + (f"</{tag}>" * n if closed else "")
    assert parser_bound_exceeded(html) is not None
    assert split_html(html) == ["deep"]


@bounded
def test_nesting_that_fills_four_megabytes() -> None:
    n = fill("<div>")
    html = "<div>" * n + "bottom"
    assert "open elements" in (parser_bound_exceeded(html) or "")
    assert split_html(html) == ["bottom"]


@bounded
@pytest.mark.parametrize(
    "html",
    [
        "<ul><li>" * 100_000 + "x",
        "<table><tr><td>" * 100_000 + "x",
        "<i><div>" * 100_000 + "x",
        "<span><div></span>" * 100_000 + "x",  # </span> cannot close across the <div>
        '<div title="x>' * 100_000 + "x",  # unclosed quotes make nested divs
        "<p><svg><foreignObject>" * 30_000 + "x",
        "<math>" + "<mi>" * 100_000 + "x",
    ],
    ids=["li", "td", "i-div", "span-div", "quote-div", "foreign", "math"],
)
def test_other_ways_to_nest(html: str) -> None:
    assert "open elements" in (parser_bound_exceeded(html) or "")
    assert split_html(html) in ([], ["x"])


@bounded
@pytest.mark.parametrize(
    "html",
    [
        "<svg>" + "<g>" * 100_000 + "x",
        "<template>" * 100_000 + "x",
        "<frameset>" * 100_000,
    ],
    ids=["svg", "template", "frameset"],
)
def test_nesting_in_skipped_elements_yields_nothing(html: str) -> None:
    assert parser_bound_exceeded(html) is not None
    assert split_html(html) == []


# --- elements without tags: formatting re-created in every block ---------------


@bounded
def test_formatting_elements_left_open_are_bounded() -> None:
    # Each <b> with new attributes stays open; every later <p> re-creates all
    # of them: 27 KB of this made 2 million elements.
    html = "".join(f"<b data-n={i}><p>para {i}" for i in range(200_000))
    assert "active formatting" in (parser_bound_exceeded(html) or "")
    out = split_html(html)
    assert len(out) == 200_000
    assert out[:2] == ["para 0", "para 1"] and out[-1] == "para 199999"


@bounded
@pytest.mark.parametrize(
    "opened",
    [
        "".join(f"<b a={i}>" for i in range(100)),  # under MAX_ACTIVE_FORMATTING
        "".join(f"<{t}>" * 3 for t in FORMATTING),
        '<b class="' + "w " * 100_000 + '">',  # one element, copied with its attribute
    ],
    ids=["100-distinct", "noahs-ark", "big-attribute"],
)
def test_copies_of_open_formatting_are_bounded_by_memory(opened: str) -> None:
    html = "<p>" + opened + "<p>x" * fill("<p>x", FOUR_MB - len(opened))
    assert "MiB" in (parser_bound_exceeded(html) or "")
    out = split_html(html)
    assert set(out) == {"x"}
    assert len(out) > 100_000


@bounded
def test_formatting_cleared_by_markers_is_bounded_by_memory() -> None:
    unit = "<object><p>" + "".join(f"<b a={i}>" for i in range(100)) + "<p>x" * 50 + "</object>"
    html = unit * (FOUR_MB // len(unit))
    assert parser_bound_exceeded(html) is not None
    assert split_html(html) == []  # <object> is skipped


def test_a_few_unclosed_formatting_elements_are_parsed_as_usual() -> None:
    html = "<font face=Arial>" + "<p>text" * 50
    assert parser_bound_exceeded(html) is None
    assert split_html(html) == ["text"] * 50
    assert MAX_ACTIVE_FORMATTING > 50


# --- attributes -----------------------------------------------------------------


@bounded
def test_a_tag_with_100k_attributes() -> None:
    html = "<p" + "".join(f" a{i}" for i in range(100_000)) + ">kept</p>"
    assert "attributes" in (parser_bound_exceeded(html) or "")
    assert split_html(html) == ["kept"]


@bounded
def test_many_tags_just_under_the_attribute_bound() -> None:
    tag = "<p" + "".join(f" a{i}" for i in range(MAX_PENDING_ATTRIBUTES - 8)) + ">x</p>"
    html = tag * (FOUR_MB // 4 // len(tag))  # 4 MB of them makes too many attribute nodes
    assert parser_bound_exceeded(html) is None
    assert set(split_html(html)) == {"x"}


@bounded
def test_duplicate_attributes_are_cheap() -> None:
    html = "<p" + ' class="a"' * 400_000 + ">x</p>"
    assert split_html(html) == ["x"]


@bounded
def test_a_megabyte_class_attribute() -> None:
    html = '<div class="' + "nav-ish " * 150_000 + 'ad">gone</div><p>kept</p>'
    assert split_html(html) == ["kept"]


# --- select/option mutation events -------------------------------------------------


@bounded
@pytest.mark.parametrize("closed", [False, True])
def test_a_select_with_40k_options(closed: bool) -> None:
    option = "<option>x</option>" if closed else "<option>x"
    html = "<p>before</p><select>" + option * 40_000 + "</select><p>after</p>"
    assert html_probe.parse_options(html) != 0
    assert split_html(html) == ["before", "after"]


def test_pages_with_few_options_keep_mutation_events() -> None:
    html = "<select>" + "<option>x" * MAX_EVENTFUL_OPTIONS + "</select>"
    assert html_probe.parse_options(html) == 0


# --- character references ---------------------------------------------------------


@bounded
@pytest.mark.parametrize("field", ["body", "html"])
def test_an_entity_bomb(field: str) -> None:
    value = "&amp;" * 800_000
    text = f"<p>{value}</p>" if field == "html" else value
    paragraphs_ = split_html(text) if field == "html" else split_text(text)
    if field == "html":
        assert paragraphs_ == ["&" * 800_000]
    else:
        assert paragraphs_ == [value]
    assert normalize(paragraphs_[0]) == "&" * 800_000


@bounded
def test_numeric_references_to_nothing_in_particular() -> None:
    unit = "&#1;&#0;&#x10FFFF;&#xD800;&#99999999999;&#x80;&#X;&#;"
    html = "<p>" + unit * 60_000 + "</p>"
    (text,) = split_html(html)
    # Lexbor: NUL, surrogates and out-of-range become U+FFFD, 0x80 is the euro
    # sign (the windows-1252 rule), malformed references stay as written.
    assert text == ("\x01\ufffd\U0010ffff\ufffd\ufffd\u20ac&#X;&#;" * 60_000)
    # Python's html.unescape drops the references to U+0001 and U+10FFFF.
    assert normalize(unit * 60_000) == "\ufffd\ufffd\ufffd\u20ac&#x;&#;" * 60_000


def test_references_in_attributes_and_names() -> None:
    assert split_html('<p title="&amp;&#0;">a &notin; b &ampx</p>') == ["a ∉ b &x"]


# --- many small things, a few huge ones ------------------------------------------


@bounded
def test_100k_one_character_paragraphs() -> None:
    assert split_text("x\n" * 100_000) == ["x"] * 100_000
    assert split_html("<p>x</p>" * 100_000) == ["x"] * 100_000
    assert split_html("<p>x" * 100_000) == ["x"] * 100_000
    assert split_html("x<br>" * 100_000) == ["x"] * 100_000


@bounded
@pytest.mark.parametrize("html", ["<p>x</p>" * fill("<p>x</p>"), "<p>x" * fill("<p>x")])
def test_four_megabytes_of_one_character_paragraphs(html: str) -> None:
    # Past the node bound: split from the tokens, with the same paragraphs.
    assert "MiB" in (parser_bound_exceeded(html) or "")
    out = split_html(html)
    assert len(out) == html.count("<p>") and set(out) == {"x"}


@bounded
def test_100k_character_words() -> None:
    word = "a" * 100_000
    assert split_text(word) == [word]
    assert split_html(f"<p>{word}</p>") == [word]
    assert normalize(word.upper()) == word
    many = " ".join([word] * 40)
    assert split_html(f"<p>{many}</p>") == [many]


@bounded
def test_a_four_megabyte_word_in_an_attribute() -> None:
    assert split_html('<p title="' + "a" * FOUR_MB + '">x</p>') == ["x"]


# --- characters ----------------------------------------------------------------------


@bounded
def test_nul_and_control_characters() -> None:
    c0, c1 = "".join(map(chr, range(32))), "".join(map(chr, range(0x80, 0xA0)))
    controls = c0 + "\x7f" + c1
    text = ("a" + controls + "b\n") * 20_000
    lines = split_text(text)
    # \x0b, \x0c, \x1c-\x1e and \x85 break lines too; \x1f is whitespace to strip().
    assert lines[:4] == [
        "a" + controls[:9],
        controls[14:28],
        controls[32:38],
        controls[39:] + "b",
    ]
    assert len(lines) == 4 * 20_000
    (html_text,) = split_html("<p>" + text + "</p>")
    assert "\x00" not in html_text  # the tokenizer drops NUL in text
    for line in lines[:50]:
        assert isinstance(normalize(line), str)
    assert normalize("a\x00b") == "a\x00b"  # NUL is not whitespace: kept, hashed


def test_lone_surrogates() -> None:
    # orjson refuses them in JSON, but a caller can hand them over.
    text = "caf\ud800\n\udfffe\n"
    assert split_text(text) == ["caf\ud800", "\udfffe"]
    assert split_html("<p>a\ud800b</p><p>\udfff</p>") == ["ab"]  # selectolax drops them
    assert normalize("\ud800X") == "\ud800x"
    assert len(fingerprint(normalize("\ud800X"))) == 32
    assert parser_bound_exceeded("<p>\ud800" * 10) is None
    assert markup_text.split_markup_as_text("<p>a\ud800b</p><p>\udfff</p>") == ["ab"]


@bounded
def test_rtl_and_mixed_scripts() -> None:
    line = "\u202e\u05e9\u05dc\u05d5\u05dd\u202c مرحبا hello \u0301\u0300 日本語 \u200fx\u200e"
    assert split_text((line + "\n") * 50_000) == [line] * 50_000
    assert split_html(f"<p dir=rtl>{line}</p>" * 50_000) == [line] * 50_000
    assert normalize(line) == normalize(line.replace("\u200f", "").replace("\u200e", ""))


@bounded
def test_combining_marks_and_expanding_compatibility_characters() -> None:
    assert normalize("a" + "\u0301" * 1_000_000).startswith("á")
    # One U+FDFA is 18 characters after NFKC: 4 MB of it is 23 million.
    text = "\ufdfa" * fill("\ufdfa")
    folded = normalize(text + " \u2019 ")
    assert folded.startswith("صلى الله عليه وسلم") and folded.endswith(" '")


def test_invalid_utf8_never_reaches_the_splitter() -> None:
    for value in (b'{"id": "a", "body": "\xff\xfe"}', b'{"id": "a", "html": "<p>\xc3(</p>"}'):
        result = prepare(value, LIMITS)
        assert isinstance(result, Rejection) and result.reason == "invalid_json"
    assert split_html("<p>\ufffd\ufffd</p>") == ["\ufffd\ufffd"]


# --- quotes ---------------------------------------------------------------------------


@bounded
@pytest.mark.parametrize(
    "html",
    ['<p a="' * 50_000, "<p a='" * 50_000, '<p title="x>' * 50_000 + "end", '"' * 50_000],
    ids=["double", "single", "in-attribute", "text"],
)
def test_50k_unclosed_quote_marks(html: str) -> None:
    out = split_html(html)
    assert all(isinstance(p, str) for p in out)
    if html.startswith('"'):
        assert out == [html]
        assert split_text(html) == [html]
        assert normalize(html) == html
        assert normalize("\u201c" * 50_000) == '"' * 50_000


def test_unclosed_quote_swallows_the_rest_like_the_parser_does() -> None:
    html = '<p>kept</p><div title="unterminated><p>swallowed</p>'
    assert split_html(html) == ["kept"]
    assert markup_text.split_markup_as_text(html) == ["kept"]


# --- the fallback splitter -----------------------------------------------------------


def test_fallback_reads_tags_like_the_tokenizer() -> None:
    split = markup_text.split_markup_as_text
    assert split("<p>One &amp; two</p><div>Three<br>Four</div><ul><li>Five</li></ul>") == [
        "One & two",
        "Three",
        "Four",
        "Five",
    ]
    assert split('<p title="a>b">x</p><p>y<!-- <p>no</p> -->z</p>') == ["x", "yz"]
    assert split("<script>if (a<b) '</p>'</script><p>kept</p>") == ["kept"]
    assert split("<nav><nav>menu</nav>still menu</nav><p>text</p>") == ["text"]
    assert split('<div class="share-bar">share</div><p hidden>no</p><p>yes</p>') == ["yes"]
    assert split("<xmp><b>shown</b></xmp><title>t</title>a < b <3") == ["<b>shown</b>a < b <3"]
    assert split("<p>a</p><plaintext><p>raw") == ["a", "<p>raw"]
    assert split("<br/><input/><meta><p>x") == ["x"]
    odd = "<!--><p>a<!---><p>b<!-- x --!><p>c<? pi ><p>d</ ><p>e</>f<"  # </> is nothing
    assert split(odd) == [
        "a",
        "b",
        "c",
        "d",
        "ef<",
    ]
    assert split("") == []


def test_fallback_agrees_with_the_tree_on_a_real_page() -> None:
    html = (FIXTURES / "news_page.html").read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", html, re.S)
    assert article is not None
    assert markup_text.split_markup_as_text(article.group()) == split_html(article.group())


def test_without_the_probe_large_pages_are_split_from_tokens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(html_probe, "_probe", lambda: None)
    small = "<p>x</p>" * 10
    large = "<div><p>x</p></div>" * UNPROBED_MAX_TAGS
    assert parser_bound_exceeded(small) is None
    assert "no probe" in (parser_bound_exceeded(large) or "")
    assert split_html(large) == ["x"] * UNPROBED_MAX_TAGS


# --- normal pages are split exactly as before --------------------------------------------

# The splitter as it was before the bounds, kept as the reference.
_REF_BLOCKS = html_rules.BLOCKS
_REF_SKIP = html_rules.SKIP
_REF_WORD_SPLIT = re.compile(r"[\s_\-]+")


def _ref_boilerplate(node: LexborNode) -> bool:
    attrs: Mapping[str, str | None] = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    role = (attrs.get("role") or "").strip().lower()
    if role in html_rules.BOILERPLATE_ROLES:
        return True
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return bool(html_rules.BOILERPLATE_WORDS.intersection(_REF_WORD_SPLIT.split(names)))


def _ref_split_html(html: str) -> list[str]:
    tree = LexborHTMLParser(html)
    articles = [a for a in tree.css("article") if not _ref_boilerplate(a)]
    scope: LexborNode | None
    if articles:
        scope = max(articles, key=lambda n: sum(len(p.text(deep=True)) for p in n.css("p")))
    else:
        found = (tree.css_first(s) for s in html_rules.MAIN_SELECTORS)
        scope = next((n for n in found if n is not None), tree.root)
    if scope is None:
        return []
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text:
            out.append(text)

    stack = [(child, False) for child in reversed(list(scope.iter(include_text=True)))]
    while stack:
        node, closing = stack.pop()
        if closing:
            flush()
            continue
        tag = node.tag or ""
        if tag == "-text":
            buffer.append(node.text(deep=False) or "")
            continue
        if tag in _REF_SKIP or tag.startswith("!") or _ref_boilerplate(node):
            continue
        if tag == "br":
            flush()
            continue
        if tag in _REF_BLOCKS:
            flush()
            stack.append((node, True))
        stack.extend((c, False) for c in reversed(list(node.iter(include_text=True))))
    flush()
    return out


_TAGS = [
    *("div", "p", "span", "b", "i", "a", "font", "article", "section", "nav", "li", "ul"),
    *("table", "tr", "td", "th", "select", "option", "selectedcontent", "button", "template"),
    *("svg", "math", "foreignObject", "title", "script", "style", "br", "h1", "main", "body"),
    *("head", "noscript", "textarea", "xmp", "form", "figure", "caption", "em", "strong", "dd"),
    *("dt", "dl", "pre", "header", "footer", "aside", "object", "img", "input", "label"),
    *("ruby", "rt"),
]
_ATTRS = (
    "",
    ' class="ad"',
    ' class="article-body"',
    ' id="nav"',
    " hidden",
    ' aria-hidden="true"',
    ' role="main"',
    ' itemprop="articleBody"',
    ' role="navigation"',
    " class=x",
    " title='a>b'",
)
_TEXT = ("Hello", "world &amp; co", " ", "\n", "&nbsp;", "x", "Ünï", "<", "a < b", "\x00", "\u202e")
_tokens = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(_TAGS), st.sampled_from(_ATTRS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(_TAGS)),
    st.sampled_from(_TEXT),
    st.just("<!-- c -->"),
)
tag_soup = st.lists(_tokens, max_size=150).map("".join)


@settings(max_examples=300, deadline=None)
@given(tag_soup)
def test_tag_soup_within_bounds_splits_as_before(html: str) -> None:
    assert parser_bound_exceeded(html) is None
    assert split_html(html) == _ref_split_html(html)


def test_news_page_and_nested_articles_split_as_before() -> None:
    page = (FIXTURES / "news_page.html").read_text(encoding="utf-8")
    nested = (
        "<article><p>outer one</p><article><p>inner, the longest paragraph here</p></article>"
        "<p>outer two</p></article><article class='related'><p>" + "z" * 500 + "</p></article>"
        "<article><p>short</p></article>"
    )
    deep = "<article><p>level</p>" * 300 + "<p>" + "bottom " * 50 + "</p>"
    for html in (page, nested, deep, nested * 3, page + nested):
        assert split_html(html) == _ref_split_html(html)


# --- through prepare() -----------------------------------------------------------------


@bounded
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("html", "<div>" * 200_000 + "deep"),
        ("body", "<div>" * 200_000 + "deep</div>"),
        ("html", "".join(f"<b n={i}><p>p{i}" for i in range(100))),
        ("html", "<p>x</p>" * 100_000),
        ("body", "x\n" * 100_000),
        ("body", "&amp;" * 800_000),
    ],
    ids=["deep-html", "deep-body", "formatting", "paragraphs-html", "paragraphs-body", "entities"],
)
def test_prepare_stays_bounded(field: str, value: str) -> None:
    result = prepare(orjson.dumps({"id": "a", field: value}), LIMITS)
    if isinstance(result, Rejection):
        assert result.reason in REASONS and result.reason != "processing_error"
    else:
        assert isinstance(result, PreparedArticle)
        assert result.paragraphs


def test_markup_detection_is_linear_on_near_misses() -> None:
    assert not looks_like_html("</p" + " " * 1_000_000)
    assert not looks_like_html("<br " * 500_000)
    assert looks_like_html("</p" + " " * 1000 + ">")
