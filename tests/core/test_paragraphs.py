from __future__ import annotations

from tests.helpers import FIXTURES
from worker.core.paragraphs import split_html, split_text


def test_plain_text_splits_on_every_kind_of_line_break() -> None:
    body = "  One.\r\nTwo.\rThree.\n\n\u2029Four.\u2028Five.\n   \n"
    assert split_text(body) == ["One.", "Two.", "Three.", "Four.", "Five."]


def test_news_page_yields_only_the_article_paragraphs_in_order() -> None:
    html = (FIXTURES / "news_page.html").read_text(encoding="utf-8")
    assert split_html(html) == [
        "The Freeport of Riga Authority said on Tuesday it will invest \u20ac45 million in a "
        "new container terminal, doubling its capacity by 2027.",
        "\u201cThis is the largest investment in the port\u2019s history,\u201d chief executive "
        "Ansis Zelti\u0146\u0161 told reporters.",
        "Rail links",
        "The project also includes a rail spur linking the terminal to the Rail Baltica line.",
        "Capacity: 1.2 million TEU",
        "Completion: 2027",
        "We expect traffic from Central Asia to grow by 15% a year.",
        "Construction is scheduled to start in the spring.",
    ]


def test_fragment_without_article_uses_block_elements() -> None:
    html = "<p>One &amp; two</p><div>Three<br>Four</div><ul><li>Five</li><li><p>Six</p></li></ul>"
    assert split_html(html) == ["One & two", "Three", "Four", "Five", "Six"]


def test_scripts_styles_and_navigation_are_dropped_anywhere() -> None:
    html = (
        "<body><nav>Menu</nav><p>Kept<script>alert(1)</script></p>"
        "<style>p{}</style><aside>Aside</aside><footer>Foot</footer>"
        '<div role="navigation">Nav role</div><div aria-hidden="true">Hidden</div></body>'
    )
    assert split_html(html) == ["Kept"]


def test_inline_markup_joins_and_whitespace_collapses() -> None:
    html = "<p>A <b>bold</b>\n   <i>move</i>&nbsp;today</p>"
    assert split_html(html) == ["A bold move today"]


def test_nesting_deeper_than_the_recursion_limit() -> None:
    html = "<div>" * 20_000 + "deep" + "</div>" * 20_000
    assert split_html(html) == ["deep"]


def test_empty_and_text_free_html() -> None:
    assert split_html("") == []
    assert split_html("<script>x</script><style>y</style>") == []


def test_markup_sent_as_body_is_parsed_as_html() -> None:
    from worker.core.codec import Limits
    from worker.core.ingest import prepare
    from worker.core.models import PreparedArticle

    raw = b'{"id": "a", "body": "<p>First &amp; best.</p>\\n<p>Second<br>Third</p>"}'
    prepared = prepare(raw, Limits(1 << 20, 100))
    assert isinstance(prepared, PreparedArticle)
    assert [p.text for p in prepared.paragraphs] == ["First & best.", "Second", "Third"]
    plain = b'{"id": "b", "body": "Prices rose 3% <in the quarter>.\\nA 2 < 3 comparison."}'
    prepared = prepare(plain, Limits(1 << 20, 100))
    assert isinstance(prepared, PreparedArticle)
    assert len(prepared.paragraphs) == 2


def test_page_furniture_named_by_class_is_dropped() -> None:
    html = (
        '<body><div class="article-body"><p class="byline">By A. Writer</p><p>Text one.</p>'
        '<div class="most-popular"><ul><li>Other story</li></ul></div>'
        '<div class="trending-now"><p>Elsewhere</p></div><p>Text two.</p>'
        '<nav class="pagination"><a>1</a><a>2</a></nav></div></body>'
    )
    assert split_html(html) == ["Text one.", "Text two."]


def test_nested_articles_the_one_with_most_paragraph_text_wins() -> None:
    html = (
        "<article><p>Outer.</p><article><p>Inner, much the longer paragraph.</p></article>"
        "</article><article><p>Other.</p></article>"
    )
    # The outer article counts its own paragraphs and the inner one's.
    assert split_html(html) == ["Outer.", "Inner, much the longer paragraph."]
    deep = "<article><p>level</p>" * 300 + "<p>bottom</p>"
    assert split_html(deep) == ["level"] * 300 + ["bottom"]


def test_selectedcontent_still_mirrors_its_option() -> None:
    # Mutation events stay on for pages with few options, as before.
    html = (
        '<div role="main"><select><button><selectedcontent></selectedcontent></button>'
        "<option>Chosen</option></select><p>Text</p></div>"
    )
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    selected = tree.css_first("selectedcontent")
    assert selected is not None and selected.text() == "Chosen"
    assert split_html(html) == ["Text"]
