from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker.stream.logs import MASK, JsonFormatter, TextFormatter, configure_logging, logging_config


@pytest.fixture(autouse=True)
def restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_lines_with_extra_fields() -> None:
    out = io.StringIO()
    configure_logging("INFO", "json", stream=out)
    log = logging.getLogger("worker.test")
    log.info(
        "published %s",
        "a1",
        extra={"article_id": "a1", "partition": 3, "topic": "articles.clean", "offset": 42},
    )
    log.debug("not shown at INFO")
    (entry,) = lines(out)
    assert entry["message"] == "published a1"
    assert entry["level"] == "INFO"
    assert entry["logger"] == "worker.test"
    assert isinstance(entry["ts"], str) and entry["ts"].endswith("Z")
    assert entry["article_id"] == "a1"
    assert entry["partition"] == 3
    assert entry["topic"] == "articles.clean"
    assert entry["offset"] == 42
    assert "exc" not in entry


def test_json_exception_and_odd_values() -> None:
    out = io.StringIO()
    configure_logging("DEBUG", "json", stream=out)
    log = logging.getLogger("worker.test")
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        log.exception("failed", extra={"obj": object(), "big": 2**80, "nested": {1: "x"}})
    (entry,) = lines(out)
    assert "ValueError: boom" in str(entry["exc"])
    assert entry["big"] == 2**80
    assert str(entry["obj"]).startswith("<object object")


def test_fixed_fields_win_over_extra() -> None:
    out = io.StringIO()
    configure_logging("INFO", "json", stream=out)
    logging.getLogger("real").info("hi", extra={"logger": "fake", "level": "fake"})
    (entry,) = lines(out)
    assert entry["logger"] == "real" and entry["level"] == "INFO"


def test_text_format_appends_extras() -> None:
    out = io.StringIO()
    configure_logging("info", "text", stream=out)
    logging.getLogger("worker.test").warning("slow", extra={"article_id": "a1"})
    text = out.getvalue()
    assert "WARNING worker.test: slow article_id=a1" in text


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_secret_never_appears(fmt: str) -> None:
    secret = 'pa"ss\\word-s3cr3t'
    out = io.StringIO()
    configure_logging("DEBUG", fmt, secrets=[secret, None, ""], stream=out)  # type: ignore[arg-type]
    log = logging.getLogger("aiokafka.fake")
    log.debug("connecting with password=%s", secret)
    log.info("config", extra={"sasl_password": secret, "nested": {"p": secret}})
    try:
        raise RuntimeError(f"auth failed for {secret}")
    except RuntimeError:
        log.exception("error")
    text = out.getvalue()
    assert "s3cr3t" not in text
    assert MASK in text
    if fmt == "json":
        assert len(lines(out)) == 3


@given(
    secret=st.text(min_size=1, max_size=20).filter(lambda s: s.strip("*")),
    around=st.text(max_size=10),
)
def test_secret_masked_in_json_for_any_text(secret: str, around: str) -> None:
    formatter = JsonFormatter(secrets=[secret])
    record = logging.LogRecord("x", logging.INFO, "", 0, "%s", (around + secret + around,), None)
    record.detail = [secret, {"k": around + secret}]
    entry = json.loads(formatter.format(record))
    assert secret not in entry["message"]
    assert entry["detail"][0] == MASK
    # Keys are masked too: a secret "k" is masked in the key "k" as well.
    [(key, value)] = entry["detail"][1].items()
    assert secret not in key and secret not in value
    assert entry["level"] == "INFO" and entry["logger"] == "x"


def test_text_formatter_masks_in_traceback() -> None:
    formatter = TextFormatter(secrets=["hunter2"])
    try:
        raise KeyError("hunter2")
    except KeyError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, "", 0, "oops", None, sys.exc_info())
    assert "hunter2" not in formatter.format(record)


def test_logging_config_is_dictconfig_compatible() -> None:
    config = logging_config("WARNING", "json", secrets=["x"])
    assert config["root"]["level"] == "WARNING"
    assert config["disable_existing_loggers"] is False


def test_client_chatter_is_quiet_by_default_and_levels_are_per_logger() -> None:
    import io
    import logging

    from worker.core.settings import Settings, load_settings

    stream = io.StringIO()
    configure_logging("INFO", "text", stream=stream, levels=Settings().logger_levels())
    logging.getLogger("aiokafka.consumer").info("polling")
    logging.getLogger("worker").info("published")
    assert "polling" not in stream.getvalue()
    assert "published" in stream.getvalue()
    custom = load_settings({"WORKER_LOG_LEVELS": "aiokafka=debug, worker.stream=ERROR"})
    assert custom.logger_levels() == {"aiokafka": "DEBUG", "worker.stream": "ERROR"}
    configure_logging("INFO", "text", stream=io.StringIO())  # back to plain
