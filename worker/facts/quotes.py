"""Direct quotes and who said them, within a paragraph and across neighbouring ones."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from worker.facts.alternation import alternation
from worker.facts.lexicon import words
from worker.facts.limits import QUOTE_CONTEXT_CHARS

SPEECH_VERB_WORDS = words(
    "said says say stated states told tells added adds noted notes explained explains "
    "stressed stresses emphasized emphasised emphasizes emphasises wrote writes declared "
    "announced insisted insists argued argues warned warns claimed claims commented "
    "remarked replied responded asked asks recalled concluded continued acknowledged "
    "admitted confirmed underlined underscored reported tweeted posted quipped observed "
    "predicted urged vowed promised cautioned suggested assured reiterated mentioned "
    "testified conceded maintained countered shouted joked boasted complained lamented"
) | {"pointed out"}
# As a prefix tree: the speaker patterns try it after every word they read.
SPEECH_VERBS = alternation(SPEECH_VERB_WORDS)
_AUX = r"(?:\s+(?:has|had|have|also|later|then|previously|once|reportedly|further|again))*"
_STOP_AFTER = (
    r"(?=\s*(?:[,.;:!?()]|\u2014|\u2013|$|\s(?:in|on|at|during|after|before|when|while|as|adding|to|who"
    r"|from|via|for|last|this|earlier|late|yesterday|today|told|with)\b))"
)
_NP = r"[^,.;:!?\u201c\u201d\"()\u2014\u2013]{1,90}?"

# British style quotes with single marks; a closing mark is one not followed by a letter,
# so the apostrophe in "don\u2019t" does not end the quote.
# Every branch opens with its quote mark, the lookbehinds come after it: re then scans for
# the marks instead of trying each position.
_QUOTED = re.compile(
    r"\u201c(?P<a>[^\u201c\u201d]+)\u201d|\"(?P<b>[^\"\u201c\u201d]+)\""
    r"|\u2018(?<!\w\u2018)(?P<c>[^\u2018\u201c\u201d]+?)\u2019(?!\w)"
)
# A mark at the start or after whitespace.
_OPEN_TAIL = re.compile(r"[\u201c\"](?<!\S[\u201c\"])(?P<q>[^\u201c\u201d\"]+)$")

_NP_COMMAS = r"[^.;:!?\u201c\u201d\"()\u2014\u2013]{1,90}?"
_AFTER_SUBJECT_VERB = re.compile(rf"^\s*,?\s*(?P<spk>{_NP_COMMAS}){_AUX}\s+(?:{SPEECH_VERBS})\b")
_AFTER_VERB_SUBJECT = re.compile(rf"^\s*,?\s*(?:{SPEECH_VERBS})\s+(?P<spk>{_NP}){_STOP_AFTER}")
_AFTER_ACCORDING = re.compile(rf"^\s*,?\s*according\s+to\s+(?P<spk>{_NP}){_STOP_AFTER}", re.I)
# A speaker and the verb after it, then at most a few words to the end of the clause.
_SPEAKER_CHARS = 140
_VERB_TO_END = re.compile(
    rf"{_AUX}\s+(?:{SPEECH_VERBS})(?:\s+(?!that\b)[\w'\u2019-]+){{0,5}}?(?:\s*[:,]|\s+that)?\s*$"
)
_BEFORE_VERB = re.compile(
    rf"(?P<spk>[^.;:!?\u201c\u201d\"()\u2014\u2013]{{1,{_SPEAKER_CHARS}}}?){_VERB_TO_END.pattern}"
)
_BEFORE_ACCORDING = re.compile(rf"[Aa]ccording\s+to\s+(?P<spk>{_NP})(?:\s*,\s*{_NP})?\s*[:,]?\s*$")
# "X said the plan would fail, adding: '...'" quotes the subject of the first verb.
_BEFORE_ADDING = re.compile(
    rf"^\s*(?P<spk>{_NP_COMMAS}){_AUX}\s+(?:{SPEECH_VERBS})\b.*,\s*adding\s*[:,]?\s*$"
)
_TRAILING_INTRO = re.compile(
    rf"(?:^|[.!?]\s+)(?P<clause>[^.!?]*?(?:{SPEECH_VERBS})[^.!?\u201c\u201d\"]*:)\s*$"
)
_LEADING_ATTRIBUTION = (
    re.compile(rf"^\s*(?:\u2014|\u2013|-|,)?\s*(?:{SPEECH_VERBS})\s+(?P<spk>{_NP}){_STOP_AFTER}"),
    re.compile(
        rf"^\s*(?P<spk>{_NP}){_AUX}\s+(?:{SPEECH_VERBS})(?:\s+(?:this|so)\b|\s*[.,])",
    ),
)

_SPACES = re.compile(r"\s+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_OPENING_QUOTE = re.compile(r"^\s*[\u201c\"]")
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})
_LEAD_WORDS = re.compile(
    r"^(?:and|but|then|so|also|however|meanwhile|later|earlier|yesterday|today|instead|"
    r"in\s+a\s+statement|in\s+an\s+interview|speaking\s+\w+(?:\s+\w+)*?)\s+",
    re.I,
)
_BAD_SPEAKER = re.compile(
    r"\b(?:it|this|that|which|there|what|who|is|are|was|were|be|been|will|would|could|should"
    r"|not|if|because|although)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int
    text: str
    speaker: str | None
    open_ended: bool = False


def normalize_speaker(raw: str) -> str:
    speaker = raw.replace("\u2019", "'").replace("\u2018", "'").strip(" ,")
    speaker = _SPACES.sub(" ", speaker)
    return speaker


def _valid_speaker(candidate: str) -> str | None:
    speaker = normalize_speaker(candidate)
    speaker = _LEAD_WORDS.sub("", speaker)
    if not speaker or len(speaker.split()) > 10:
        return None
    lowered = speaker.lower()
    if lowered in _SUBJECT_PRONOUNS:
        return speaker
    if _BAD_SPEAKER.search(speaker) and not lowered.startswith("according"):
        return None
    if not _ASCII_LETTER.search(speaker):
        return None
    return speaker


def _speaker_before_verb(clause: str) -> str | None:
    """The subject of 'X said' from the text right before the verb.

    Before an appositive ("John Smith, the company's CEO, said") the subject comes first.
    """
    text = clause.strip()
    appositive = text.endswith(",")
    parts = [p.strip() for p in text.rstrip(",").split(",")]
    if appositive and len(parts) >= 2 and parts[-1] and parts[-2]:
        # "the airline's finance chief, Hans-Peter Lang," names the person second.
        if _is_name(parts[-1]) and not _is_name(parts[-2]):
            return _valid_speaker(parts[-1])
        return _valid_speaker(parts[-2])
    return _valid_speaker(parts[-1])


def _is_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


# Every reader below looks at most QUOTE_CONTEXT_CHARS characters before or after a quote:
# the speaker patterns reach at most a few hundred characters (names of at most 90-140,
# a verb, a few words), so the window loses nothing in prose, while reading the whole
# rest of the paragraph for each quote was quadratic in the number of quotes.
_CLAUSE_BREAK = re.compile(r"[.!?]\s+|[\u201c\u201d\"]")
# Cheap necessary conditions, checked before the patterns that try every start position.
_ANY_SPEECH_VERB = re.compile(rf"\s(?:{SPEECH_VERBS})")
_FIRST_VERB = re.compile(rf"^(?P<spk>.*?){_AUX}\s+(?:{SPEECH_VERBS})\b")
_FILLER = re.compile("[ .,\u00a0]*")


def _after(text: str, pos: int = 0) -> str | None:
    """The speaker named right after a quote that ends at pos."""
    window = text[pos : pos + QUOTE_CONTEXT_CHARS]
    readers = (
        (_AFTER_ACCORDING, _valid_speaker, 0),
        (_AFTER_VERB_SUBJECT, _valid_speaker, 0),
        (_AFTER_SUBJECT_VERB, _speaker_before_verb, 0),
    )
    return _first_speaker(window, readers, search=False)


def _before(text: str, end: int | None = None) -> str | None:
    """The speaker named in the clause right before a quote that starts at end."""
    if end is None:
        end = len(text)
    start = max(end - QUOTE_CONTEXT_CHARS, 0)
    window = text[start:end]
    last_break = None
    for last_break in _CLAUSE_BREAK.finditer(window):  # noqa: B007 - the last one is wanted
        pass
    clause = window[last_break.end() :] if last_break is not None else window
    # The clause starts where it does in the whole text, unless the window cut it.
    whole = last_break is not None or start == 0
    readers: list[_Reader] = []
    if "ccording" in clause:
        readers.append((_BEFORE_ACCORDING, _valid_speaker, 0))
    if _ANY_SPEECH_VERB.search(clause):
        first = speaker_before_verb_from(clause)
        if first is not None:
            readers.append((_BEFORE_VERB, _speaker_before_verb, first))
        if whole and "adding" in clause:
            readers.append((_BEFORE_ADDING, _speaker_before_verb, 0))
    return _first_speaker(clause, tuple(readers), search=True)


def speaker_before_verb_from(clause: str) -> int | None:
    """Where _BEFORE_VERB.search(clause) can first match, None when nowhere.

    The search tries every speaker length at every start, which is quadratic in the
    clause where it fails. A speaker ends where the verb phrase after it runs to the end
    of the clause: none starts more than _SPEAKER_CHARS before the first such place, and
    there is none without one."""
    verb = _VERB_TO_END.search(clause)
    return None if verb is None else max(verb.start() - _SPEAKER_CHARS, 0)


# A speaker pattern, what reads the speaker from its "spk" group, and where it is tried
# from.
_Reader = tuple[re.Pattern[str], Callable[[str], str | None], int]


def _first_speaker(text: str, readers: tuple[_Reader, ...], *, search: bool) -> str | None:
    """The speaker read by the first pattern that matches, in order of precedence."""
    for pattern, read, pos in readers:
        match = pattern.search(text, pos) if search else pattern.match(text, pos)
        if match:
            return read(match.group("spk"))
    return None


def _enough_words(body: str, min_words: int) -> bool:
    return len(body.split(None, min_words)) >= min_words


def find_quotes(text: str, *, min_words: int = 4) -> list[Quote]:
    """Quoted passages of at least min_words words, with their speaker when stated."""
    quotes: list[Quote] = []
    for match in _QUOTED.finditer(text):
        body = match.group("a") or match.group("b") or match.group("c") or ""
        if not _enough_words(body, min_words):
            continue
        speaker = _after(text, match.end()) or _before(text, match.start())
        quotes.append(Quote(match.start(), match.end(), _clean(body), speaker))
    # News style leaves a quote open when it goes on in the next paragraph.
    last_end = quotes[-1].end if quotes else 0
    tail = _OPEN_TAIL.search(text, last_end)
    if tail and _enough_words(tail.group("q"), min_words):
        start = tail.start("q") - 1
        speaker = _before(text, start)
        quotes.append(Quote(start, len(text), _clean(tail.group("q")), speaker, True))
    return quotes


def _clean(body: str) -> str:
    return body.strip().rstrip(",").strip()


def trailing_speaker(text: str) -> str | None:
    """Speaker of a paragraph that ends introducing a quote: '... She said:'.

    Only the last QUOTE_CONTEXT_CHARS characters are read.
    """
    window = text[-QUOTE_CONTEXT_CHARS:]
    if not window.rstrip().endswith(":"):
        return None
    match = _TRAILING_INTRO.search(window)
    if not match:
        return None
    clause = match.group("clause").rstrip(":").rstrip()
    found = _FIRST_VERB.search(clause)
    if found is None:
        return None
    return _speaker_before_verb(found.group("spk"))


def leading_speaker(text: str) -> str | None:
    """Speaker named at the start of a paragraph that follows a quote: 'said John Smith.'

    Only the first QUOTE_CONTEXT_CHARS characters are read.
    """
    window = text[:QUOTE_CONTEXT_CHARS]
    if _OPENING_QUOTE.match(window):
        return None
    for pattern in _LEADING_ATTRIBUTION:
        match = pattern.match(window)
        if match:
            spk = match.group("spk")
            if len(spk.split()) <= 8:
                return _valid_speaker(spk)
    return None


def is_whole_quote(text: str, quote: Quote) -> bool:
    """The paragraph is nothing but the quote, so its speaker must be in a neighbour."""
    return (
        _FILLER.fullmatch(text, 0, quote.start) is not None
        and _FILLER.fullmatch(text, quote.end) is not None
    )
