from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker.core.hashing import combine, fingerprint, partition_for
from worker.core.normalize import _MAPPED_CHARS, normalize

BASE = 'The minister said "it\'s a deal" - in 2025.'


@pytest.mark.parametrize(
    ("variant", "why"),
    [
        ('The\u00a0minister said "it\'s a deal" - in 2025.', "NBSP"),
        ('The  minister   said "it\'s a deal" - in 2025.', "doubled spaces"),
        ('\tThe minister said "it\'s a deal" - in 2025.\n', "surrounding whitespace"),
        ('THE MINISTER SAID "IT\'S A DEAL" - IN 2025.', "case"),
        ("The minister said \u201cit\u2019s a deal\u201d - in 2025.", "curly quotes"),
        ("The minister said \u00abit\u2019s a deal\u00bb - in 2025.", "guillemets"),
        ('The minister said "it\'s a deal" \u2013 in 2025.', "en dash"),
        ('The minister said "it\'s a deal" \u2014 in 2025.', "em dash"),
        ('The minister said "it\'s a deal" \u2212 in 2025.', "minus sign"),
        ('The minister said "it\'s a deal" - in \uff12\uff10\uff12\uff15.', "fullwidth digits"),
        ('The minister said "it\'s a deal" - in 2025\uff0e', "fullwidth full stop"),
        ('The mi\u200bnister said "it\'s a deal" - in 2025.', "zero-width space"),
        ('The minister\u200d said "it\'s a deal" - in 2025.\ufeff', "ZWJ and BOM"),
        ('The minis\u00adter said "it\'s a deal" - in 2025.', "soft hyphen"),
        ('The\u2009minister\u202fsaid "it\'s a deal" - in 2025.', "thin and narrow spaces"),
        ('The minister said "it\'s a deal" - in 2025.', "identical"),
        ("The&nbsp;minister said &quot;it&#39;s a deal&quot; &ndash; in 2025.", "HTML references"),
    ],
)
def test_variants_hash_the_same(variant: str, why: str) -> None:
    assert fingerprint(normalize(variant)) == fingerprint(normalize(BASE)), why


@pytest.mark.parametrize(
    "edited",
    [
        'The minister said "it\'s no deal" - in 2025.',
        'The minister said "it\'s a deal" - in 2026.',
        'The minister said "it\'s a deal" in 2025.',
        'A minister said "it\'s a deal" - in 2025.',
    ],
)
def test_an_edit_changes_the_hash(edited: str) -> None:
    assert fingerprint(normalize(edited)) != fingerprint(normalize(BASE))


def test_nfkc_compatibility_forms() -> None:
    assert normalize("\ufb01nance \u2460 \u00bd") == normalize("finance 1 1\u20442")


def test_hash_shape() -> None:
    value = fingerprint("abc")
    assert len(value) == 32
    assert int(value, 16) >= 0
    assert combine([value, value]) != combine([value])


@pytest.mark.parametrize("partitions", [1, 3, 8, 32])
def test_partition_for_is_in_range_and_stable(partitions: int) -> None:
    hashes = [fingerprint(str(i)) for i in range(500)]
    targets = [partition_for(h, partitions) for h in hashes]
    assert all(0 <= t < partitions for t in targets)
    assert targets == [partition_for(h, partitions) for h in hashes]
    assert len(set(targets)) == partitions


def _reference(text: str) -> str:
    """normalize() as first written, one step after another over the whole text."""
    import html
    import unicodedata

    from worker.core.normalize import _TABLE

    if "&" in text:
        text = html.unescape(text)
    folded = unicodedata.normalize("NFKC", text).translate(_TABLE).casefold()
    return " ".join(folded.split())


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\u3000a\u2003 b\t",
        "a  b",
        " a",
        "a ",
        "\ufdfa" * 5000 + "\u2019" + "\ufdfa" * 5000,  # long, one mapped character
        ("x\u2014" * 40_000),  # long, dense
        ("word " * 20_000 + "\u201c" + "word " * 20_000),  # long, sparse, on a block edge
        "\u2033\u2034" * 30_000,  # NFKC makes mapped characters
        "\u00ad" * 70_000 + "a",
        "a\u00a0" * 70_000,
        "ß\u0130\ufb01" * 30_000,
    ],
)
def test_same_result_as_the_plain_formula(text: str) -> None:
    assert normalize(text) == _reference(text)


# Text made of what normalization acts on: mapped characters, every kind of
# whitespace, references, characters NFKC changes, plain ASCII and anything.
_PARTS = st.sampled_from(
    [
        *_MAPPED_CHARS,
        *(chr(c) for c in range(0x3000) if chr(c).isspace()),
        "&amp;",
        "&nbsp;",
        "&#8217;",
        "ﬁ",
        "ß",
        "İ",
        "\ufdfa",
        "`",
        "  ",
        "a",
        "Word",
        "x.",
    ]
)
_TEXTS = st.lists(_PARTS | st.text(max_size=6), max_size=60).map("".join) | st.text(
    st.characters(max_codepoint=127), max_size=80
)


@given(_TEXTS)
def test_any_text_normalizes_as_the_plain_formula_says(text: str) -> None:
    assert normalize(text) == _reference(text)


def test_ascii_text_can_only_hold_the_backtick_among_mapped_characters() -> None:
    assert [c for c in _MAPPED_CHARS if c.isascii()] == ["`"]


@pytest.mark.timeout(60, method="thread")
def test_four_megabytes_that_nfkc_makes_23_million_characters() -> None:
    text = "\ufdfa" * (4 * 1024 * 1024 // 3) + "\u2019  \u201c\ufe58"
    result = normalize(text)
    assert result.endswith("وسلم' \"-")
    assert len(result) == 18 * (4 * 1024 * 1024 // 3) + 4
