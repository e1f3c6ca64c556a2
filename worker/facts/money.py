"""Money amounts: a number with a currency symbol, code or name, normalized to ISO 4217."""

from __future__ import annotations

import re
from collections.abc import Iterator

from worker.facts.alternation import alternation
from worker.facts.gates import any_of, fold, lower_words, matches_from, openers, positions
from worker.facts.lexicon import words
from worker.facts.numbers import NUMBER, as_number, number_starts, parse_number
from worker.facts.spans import Found, Occupancy

SYMBOLS: dict[str, str] = {
    "us$": "USD",
    "usd$": "USD",
    "c$": "CAD",
    "ca$": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "nz$": "NZD",
    "hk$": "HKD",
    "s$": "SGD",
    "r$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "₽": "RUB",
    "₩": "KRW",
    "₺": "TRY",
    "₴": "UAH",
    "₦": "NGN",
    "rmb": "CNY",
}

CODES = words(
    """
    USD EUR GBP JPY CNY RUB INR CHF CAD AUD NZD HKD SGD BRL KRW TRY UAH BYN PLN SEK NOK
    DKK CZK HUF RON ZAR MXN AED SAR QAR KZT ILS NGN EGP IDR THB VND PHP MYR PKR BDT ARS
    CLP COP KES GEL AMD AZN UZS
    """
)

# Qualified names first so "Canadian dollars" wins over "dollars".
NAMES: dict[str, str] = {
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "canadian dollars": "CAD",
    "australian dollars": "AUD",
    "new zealand dollars": "NZD",
    "hong kong dollars": "HKD",
    "singapore dollars": "SGD",
    "belarusian rubles": "BYN",
    "belarusian roubles": "BYN",
    "russian rubles": "RUB",
    "russian roubles": "RUB",
    "swiss francs": "CHF",
    "norwegian kroner": "NOK",
    "danish kroner": "DKK",
    "swedish kronor": "SEK",
    "swedish krona": "SEK",
    "mexican pesos": "MXN",
    "philippine pesos": "PHP",
    "argentine pesos": "ARS",
    "indian rupees": "INR",
    "pakistani rupees": "PKR",
    "pounds sterling": "GBP",
    "british pounds": "GBP",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rubles": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rouble": "RUB",
    "rupees": "INR",
    "rupee": "INR",
    "won": "KRW",
    "hryvnias": "UAH",
    "hryvnia": "UAH",
    "hryvnia's": "UAH",
    "lira": "TRY",
    "zloty": "PLN",
    "zlotys": "PLN",
    "francs": "CHF",
    "reais": "BRL",
    "rand": "ZAR",
    "dirhams": "AED",
    "riyals": "SAR",
    "tenge": "KZT",
    "shekels": "ILS",
    "naira": "NGN",
    "rupiah": "IDR",
    "baht": "THB",
    "lari": "GEL",
    "drams": "AMD",
    "manats": "AZN",
}


_SYMBOL_ALT = alternation(SYMBOLS, fold=True)
_CODE_ALT = alternation(CODES)
_NAME_ALT = alternation(NAMES, space=r"\s+", fold=True)

_PREFIXED = re.compile(
    rf"(?<![\w$])(?P<cur>(?i:{_SYMBOL_ALT})|(?:{_CODE_ALT})\b)\s?(?P<num>{NUMBER})(?![\w.,]\d)",
)
_SUFFIXED = re.compile(
    rf"(?<![\w.$€£¥])(?P<num>{NUMBER})\s+(?:(?P<code>(?:{_CODE_ALT}))\b|(?P<name>(?i:{_NAME_ALT}))\b)",
)
_SPACES = re.compile(r"\s+")
# A currency name right after a prefixed amount ("$5 Canadian dollars"), read in place.
_NAME_AFTER = re.compile(rf"\s+(?P<name>(?i:{_NAME_ALT}))\b")


# Where a prefixed amount can begin (gates.matches_from): at a currency symbol, read in
# the folded text since symbols are matched ignoring case (a symbol with "$" begins a few
# characters before its "$"), or at a code. A code that overlaps another one follows a
# letter, which the pattern's lookbehind rules out, so finditer's codes are enough.
_DOLLAR_OFFSETS = sorted({key.index("$") for key in SYMBOLS if "$" in key})
_OTHER_SYMBOLS = openers(key for key in SYMBOLS if "$" not in key)
# The only ones an ASCII text can hold.
_ASCII_SYMBOLS = tuple(symbol for symbol in _OTHER_SYMBOLS if symbol.isascii())
_CODE_ANY = any_of(CODES)
# A name after an amount follows a space and ends before no word character, so its last
# run of letters is one of the text's lower_words (runs of a-z: "hryvnia's" ends in "s").
_NAME_LAST_WORDS = frozenset(re.findall("[a-z]+", name)[-1] for name in NAMES)


def scan_prefixed(text: str) -> Iterator[re.Match[str]]:
    """_PREFIXED.finditer(text), tried only at currency symbols and codes."""
    folded = fold(text)
    starts = {at - back for at in positions(folded, ("$",)) for back in _DOLLAR_OFFSETS}
    # The pattern's lookbehind rules out a symbol inside a word ("rs" in "years"): only
    # those after no word character are tried.
    starts.update(
        at
        for at in positions(folded, _ASCII_SYMBOLS if folded.isascii() else _OTHER_SYMBOLS)
        if at == 0 or not (folded[at - 1].isalnum() or folded[at - 1] in "_$")
    )
    starts.update([match.start() for match in _CODE_ANY.finditer(text)])
    if not starts:
        return iter(())
    return matches_from(_PREFIXED, text, sorted([at for at in starts if at >= 0]))


def scan_suffixed(text: str) -> Iterator[re.Match[str]]:
    """_SUFFIXED.finditer(text), tried at the numbers only, and only in a text with a
    code or the last word of a currency's name."""
    if _NAME_LAST_WORDS.isdisjoint(lower_words(text)) and _CODE_ANY.search(text) is None:
        return iter(())
    return matches_from(_SUFFIXED, text, number_starts(fold(text)))


def _unit_for_symbol(symbol: str) -> str:
    upper = symbol.upper()
    if upper in CODES:
        return upper
    return SYMBOLS[symbol.lower()]


def find_money(text: str) -> list[Found]:
    found: list[Found] = []
    for match in scan_prefixed(text):
        value = parse_number(match.group("num"))
        if value is None:
            continue
        unit = _unit_for_symbol(match.group("cur"))
        # "¥100 billion" is yen unless the sentence names the yuan right after.
        tail = text[match.end() : match.end() + 12].lower()
        if unit == "JPY" and "yuan" in tail:
            unit = "CNY"
        end = match.end()
        named = _NAME_AFTER.match(text, end)
        if named:
            end = named.end()
        fact = _money(text, match.start(), end, value, unit)
        if fact is not None:
            found.append(fact)
    # A suffixed amount overlaps no prefixed one.
    taken = None
    if found:
        taken = Occupancy(len(text))
        for fact in found:
            taken.claim(fact.start, fact.end)
    for match in scan_suffixed(text):
        if taken is not None and not taken.free(match.start(), match.end()):
            continue
        value = parse_number(match.group("num"))
        if value is None:
            continue
        if match.group("code"):
            unit = match.group("code")
        else:
            name = _SPACES.sub(" ", match.group("name").lower())
            if name == "won" and not match.group("num")[0].isdigit():
                continue
            unit = NAMES[name]
        fact = _money(text, match.start(), match.end(), value, unit)
        if fact is not None:
            found.append(fact)
    found.sort(key=lambda f: f.start)
    return found


def _money(text: str, start: int, end: int, value: float, unit: str) -> Found | None:
    """The fact, or None when its value cannot be reported (inf, nan): one skipped fact."""
    try:
        number = as_number(value)
    except (ArithmeticError, ValueError):
        return None
    return Found(
        start, end, {"type": "money", "text": text[start:end], "value": number, "unit": unit}
    )


def parse_money(text: str) -> tuple[int | float, str] | None:
    """The value and currency of a text that is one money amount, e.g. '€2.5bn'."""
    items = find_money(text.strip())
    if len(items) != 1:
        return None
    fields = items[0].fields
    value = fields["value"]
    unit = fields["unit"]
    assert isinstance(value, int | float) and isinstance(unit, str)
    return value, unit
