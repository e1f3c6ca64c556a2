"""Logging set-up: plain text for people, one JSON object per line for collectors.

Secrets (the SASL password, the TLS key password) are masked in every line
whatever logged them, a library's debug output included: every string that
goes into a line is masked, not a list of known fields.

Faust's worker replaces the root handlers when it starts; hand it
:func:`logging_config` (``Worker(..., logging_config=logging_config(...))``)
so its set-up installs these formatters instead of its own.
"""

from __future__ import annotations

import json
import logging
import logging.config
import sys
from collections.abc import Iterable, Mapping
from typing import IO, Any, Literal

import orjson

from worker.core.clock import timestamp

__all__ = ["MASK", "JsonFormatter", "TextFormatter", "configure_logging", "logging_config"]

MASK = "***"

# Every attribute a bare LogRecord carries; anything else on a record came from
# ``extra=`` and is emitted as a field of its own.
_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS}


class _Redactor:
    def __init__(self, secrets: Iterable[str | None]) -> None:
        # A secret of nothing but mask characters cannot be told apart from the
        # mask itself; it is no secret worth hiding.
        kept = {s for s in secrets if s and s.strip(MASK[0])}
        # Longest first, so a secret that contains another is masked whole.
        self._secrets = sorted(kept, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        # Masking can join the text around a secret into a new occurrence
        # ("aa*" with secret "a*"), so repeat until nothing is left; every round
        # removes at least one non-mask character, so this ends.
        changed = True
        while changed:
            changed = False
            for secret in self._secrets:
                if secret in text:
                    text = text.replace(secret, MASK)
                    changed = True
        return text

    def fields(self, extras: dict[str, Any]) -> dict[str, Any]:
        # Field names come from code, not data; masking them would only rename
        # fields when a short secret happens to be part of a name.
        return {name: self.deep(value) for name, value in extras.items()}

    def deep(self, value: Any) -> Any:
        """``value`` made JSON-ready, every string in it masked."""
        if isinstance(value, str):
            return self(value)
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, dict):
            return {self(str(k)): self.deep(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self.deep(v) for v in value]
        return self(str(value))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, extra fields, exc."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self._redact = _Redactor(secrets)

    def format(self, record: logging.LogRecord) -> str:
        # Masked field by field before encoding: masking the encoded line could
        # miss a secret spelled with JSON escapes, or break the line's syntax.
        entry = self._redact.fields(_extras(record))
        entry["message"] = self._redact(record.getMessage())
        if record.exc_info:
            entry["exc"] = self._redact(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exc"] = self._redact(record.exc_text)
        if record.stack_info:
            entry["stack"] = self._redact(self.formatStack(record.stack_info))
        # The fixed fields win over an ``extra`` that reuses their names.
        entry.update(
            ts=timestamp(record.created),
            level=record.levelname,
            logger=record.name,
        )
        try:
            return orjson.dumps(entry).decode()
        except TypeError:  # an int beyond 64 bits, which orjson refuses
            return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """``ts LEVEL logger: message key=value ...`` with extras appended."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self._redact = _Redactor(secrets)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        # Masked before rendering: repr() of a container would escape a secret's
        # backslashes and quotes, hiding it from a search in the final text.
        extras = self._redact.fields(_extras(record))
        if extras:
            fields = " ".join(
                f"{k}={v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}"
                for k, v in extras.items()
            )
            head, sep, tail = text.partition("\n")
            text = f"{head} {fields}{sep}{tail}"
        return self._redact(text)


def logging_config(
    level: str = "INFO",
    fmt: Literal["text", "json"] = "text",
    *,
    secrets: Iterable[str | None] = (),
    stream: IO[str] | None = None,
    levels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` dict: one stream handler on the root logger,
    and ``levels`` for named loggers (e.g. ``{"aiokafka": "WARNING"}``)."""
    formatter = JsonFormatter if fmt == "json" else TextFormatter
    return {
        "version": 1,
        # Loggers created at import time (aiokafka, faust) must keep working.
        "disable_existing_loggers": False,
        "formatters": {"worker": {"()": formatter, "secrets": list(secrets)}},
        "handlers": {
            "worker": {
                "class": "logging.StreamHandler",
                "formatter": "worker",
                "stream": sys.stderr if stream is None else stream,
            }
        },
        "root": {"level": level.upper(), "handlers": ["worker"]},
        "loggers": {name: {"level": lvl.upper()} for name, lvl in (levels or {}).items()},
    }


def configure_logging(
    level: str = "INFO",
    fmt: Literal["text", "json"] = "text",
    *,
    secrets: Iterable[str | None] = (),
    stream: IO[str] | None = None,
    levels: Mapping[str, str] | None = None,
) -> None:
    """Replace the root handlers with one that writes ``fmt`` lines to ``stream``.

    ``secrets`` are the values to mask (``None`` and empty ones are ignored),
    typically ``[settings.sasl_password, settings.ssl_key_password]``.
    """
    config = logging_config(level, fmt, secrets=secrets, stream=stream, levels=levels)
    logging.config.dictConfig(config)
