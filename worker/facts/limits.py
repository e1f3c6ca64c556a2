"""Bounds on the work and the output of fact extraction, per article.

Every article costs at most a known amount of time, memory and output bytes, whatever
its text: the caller (and the README) cite these names. Importing this module is cheap
(no spaCy), so size budgets elsewhere can use it.

Time: at most MAX_ARTICLE_CHARS characters are analysed, in chunks of at most
MAX_CHUNK_CHARS, so the model and every rule layer see bounded text; each rule layer is
linear in its chunk (windows of bounded size around each match, no pairwise loops, no
regex that can backtrack across a chunk). ARTICLE_TIME_BUDGET_SECONDS stops the rest
of an article when it still runs too long, checked before each chunk (NER runs in
batches of at most MAX_BATCH_TOKENS); MAX_ARTICLE_TOKENS bounds the model's work for
text with far more tokens per character than prose.

Memory: the model works on one batch of at most MAX_BATCH_TOKENS at a time, its
vocabulary keeps at most about MAX_MODEL_STRINGS strings for good, and the rule layers
keep a bounded number of mentions and facts per analysed character.

Output: the JSON of an article's entities is at most MAX_ENTITY_BYTES and that of its
facts at most MAX_FACT_BYTES, so entities + facts together are at most
MAX_EXTRACTION_BYTES, counted as compact UTF-8 JSON (orjson, or json.dumps with
ensure_ascii=False and separators=(",", ":")), brackets included.
"""

from __future__ import annotations

# Characters of an article's kept paragraphs that are analysed, in paragraph order (the
# paragraph that crosses the cap is cut at a sentence or word boundary, and analysis
# stops there). The rest is still published, without entities or facts, and counted in
# ExtractionResult.skipped_chars. 100k characters is about 16k words, longer than nearly
# any news article, and 1.5-2 s of extraction on one core.
MAX_ARTICLE_CHARS = 100_000

# A paragraph is analysed in chunks of at most this many characters, cut after a sentence
# end when there is one in the chunk's second half, else at whitespace, else anywhere.
# Offsets stay relative to the paragraph. spaCy's cost per character grows with the doc
# length and its hard limit (nlp.max_length, 1M) would otherwise silently empty a long
# paragraph; 10k characters is several times the longest real paragraph, so ordinary
# text is never cut.
MAX_CHUNK_CHARS = 10_000

# The text given to the model has a space in place of every MAX_TOKEN_CHARS-th character
# of a longer run without whitespace (same length, so offsets hold; the rule layers and
# every reported text use the original). spaCy's tokenizer takes time superlinear in
# the length of a run of punctuation: 4,000 quote marks or "$" in a row take 1-3 s, a
# 10k-character run over 10 s, runs of 100 microseconds. No name has such a word.
MAX_TOKEN_CHARS = 100

# Tokens of an article given to the model (after MAX_ARTICLE_CHARS). Prose has about 5
# characters a token, so 100k characters are about 20k tokens; text made of one-character
# tokens (quote marks, "a a a") would be 100k, five times the model time. The chunk that
# crosses the cap is cut at a token; the rest counts in skipped_chars.
MAX_ARTICLE_TOKENS = 25_000

# Tokens in one NER batch. The model's peak memory is about 16 KB per token of a batch
# (every layer's activations of the forward pass), so a batch costs at most ~160 MB; a
# batch is also the granularity at which the time budget is checked (~0.8 s at most).
MAX_BATCH_TOKENS = 10_000

# Strings the model's vocabulary may keep for good. Until it holds this many, an article's
# new words stay (common words then keep the tokenizer's cache warm); past it, the strings
# an extraction call brings are freed after it, in a spaCy memory zone, so hostile text
# with ever new "words" cannot grow the process (each kept word costs ~1 KB).
MAX_MODEL_STRINGS = 100_000

# Wall-clock seconds an article may spend in extraction. Checked before each chunk: the
# chunks of an article whose budget is spent are skipped (counted in skipped_chars, and
# ExtractionResult.timed_out is set), so an article holds the worker for at most about
# this long plus one batch and the article's rule layers (linear, well under a second).
# None in Pipeline/Extractor disables it (tests do, to show the algorithms are bounded
# without it).
ARTICLE_TIME_BUDGET_SECONDS = 3.0

# Entity caps. A mention longer than MAX_ENTITY_CHARS is a run-on of capitalized words,
# not a name, and is dropped. At most MAX_MENTIONS mentions per article are counted (they
# bound the total length of all "paragraphs" lists), and at most MAX_ENTITIES distinct
# entities are reported, in output order (first paragraph, then text).
MAX_ENTITY_CHARS = 100
MAX_MENTIONS = 5_000
MAX_ENTITIES = 500
# Mentions listed per entity ({paragraph, start, end, text}, in text order): the first
# MAX_ENTITY_MENTIONS; "count" still counts them all, so count > len(mentions) says the
# list was cut. 64 mentions of a 100-character name are about 10 KB, so one repeated name
# cannot take the entity byte budget; an ordinary article lists every mention.
MAX_ENTITY_MENTIONS = 64

# Fact caps. At most MAX_FACTS facts per article, in paragraph order. A quote longer than
# MAX_QUOTE_CHARS is cut at a word boundary and ends with "…"; a fact with any other
# text field longer than MAX_FIELD_CHARS (an amount written with thousands of digits, a
# "role" made of giant words) is dropped.
MAX_FACTS = 1_000
MAX_QUOTE_CHARS = 1_000
MAX_FIELD_CHARS = 200

# A number written with more characters than this is not a figure anyone reports; the
# parsers skip it rather than build a value from it (and never return inf).
MAX_NUMBER_CHARS = 64

# Windows the rules read around a match, so no rule rescans its whole chunk per match:
# the text before/after a quote searched for its speaker, the text before a date read
# for a future cue ("will", "is due"), the text around a name read for a job title.
QUOTE_CONTEXT_CHARS = 400
SENTENCE_CONTEXT_CHARS = 500
ROLE_CONTEXT_CHARS = 300

# Output size. Entities and facts are reported in order while their compact JSON fits;
# what does not fit is dropped and counted (dropped_entities, dropped_facts). Texts are
# sanitized first (control characters become spaces, lone surrogates U+FFFD), so they
# encode everywhere; the byte count is exact for orjson and for json.dumps(...,
# ensure_ascii=False, separators=(",", ":")), but for floats, counted at their longest
# (24 bytes). The record holding both lists adds only its own keys and brackets.
MAX_ENTITY_BYTES = 256 * 1024
MAX_FACT_BYTES = 512 * 1024
# Worst-case bytes of one article's entities + facts (both JSON arrays): 786,432.
MAX_EXTRACTION_BYTES = MAX_ENTITY_BYTES + MAX_FACT_BYTES

__all__ = [
    "ARTICLE_TIME_BUDGET_SECONDS",
    "MAX_ARTICLE_CHARS",
    "MAX_ARTICLE_TOKENS",
    "MAX_BATCH_TOKENS",
    "MAX_CHUNK_CHARS",
    "MAX_ENTITIES",
    "MAX_ENTITY_BYTES",
    "MAX_ENTITY_CHARS",
    "MAX_ENTITY_MENTIONS",
    "MAX_EXTRACTION_BYTES",
    "MAX_FACTS",
    "MAX_FACT_BYTES",
    "MAX_FIELD_CHARS",
    "MAX_MENTIONS",
    "MAX_MODEL_STRINGS",
    "MAX_NUMBER_CHARS",
    "MAX_QUOTE_CHARS",
    "MAX_TOKEN_CHARS",
    "QUOTE_CONTEXT_CHARS",
    "ROLE_CONTEXT_CHARS",
    "SENTENCE_CONTEXT_CHARS",
]
