"""Parsers of environment variable values: each returns the value or raises
ValueError saying what is accepted."""

from __future__ import annotations

from collections.abc import Callable


def positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError("must be a positive integer")
    return value


def non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError("must be >= 0")
    return value


def port(raw: str) -> int:
    value = int(raw)
    if not 0 <= value <= 65535:
        raise ValueError("must be a TCP port (0 disables)")
    return value


def non_negative_float(raw: str) -> float:
    value = float(raw)
    if not value >= 0 or value == float("inf"):
        raise ValueError("must be a finite number >= 0")
    return value


def positive_float(raw: str) -> float:
    value = non_negative_float(raw)
    if value == 0:
        raise ValueError("must be > 0")
    return value


def boolean(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError("must be true or false")


def choice(*options: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in options:
            raise ValueError(f"must be one of {', '.join(options)}")
        return raw

    return parse


def non_empty(raw: str) -> str:
    if not raw.strip():
        raise ValueError("must not be empty")
    return raw.strip()


def topic_name(raw: str) -> str:
    name = non_empty(raw)
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    if len(name) > 249 or not set(name) <= allowed:
        raise ValueError("must be a Kafka topic name ([A-Za-z0-9._-], at most 249 chars)")
    return name


def store(raw: str) -> str:
    if raw not in {"memory://", "rocksdb://"}:
        raise ValueError("must be memory:// or rocksdb://")
    return raw


def log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
    return level


def logger_levels(raw: str) -> str:
    for item in raw.split(","):
        name, sep, level = item.strip().partition("=")
        if not (sep and name.strip()):
            raise ValueError("must be logger=LEVEL pairs separated by commas")
        log_level(level)
    return raw
