from __future__ import annotations

import pytest

from worker.core.settings import ENVIRONMENT_VARIABLES, Settings, load_settings
from worker.errors import ConfigError


def test_defaults() -> None:
    settings = load_settings({})
    assert settings == Settings()
    assert settings.bootstrap_servers == "localhost:9092"
    assert settings.raw_topic == "articles.raw"
    assert settings.dead_letter_topic == "articles.dead-letter"


def test_contract_variables_are_read() -> None:
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": "k1:9092,k2:9092",
        "WORKER_APP_ID": "cleaner",
        "WORKER_RAW_TOPIC": "raw",
        "WORKER_CLEAN_TOPIC": "clean",
        "WORKER_DUPLICATES_TOPIC": "dups",
        "WORKER_DEAD_LETTER_TOPIC": "dlq",
        "WORKER_PARTITIONS": "12",
        "WORKER_DEDUPE_WINDOW": "3600",
    }
    assert set(env) <= set(ENVIRONMENT_VARIABLES)
    s = load_settings(env)
    assert (s.bootstrap_servers, s.app_id, s.partitions, s.dedupe_window) == (
        "k1:9092,k2:9092",
        "cleaner",
        12,
        3600.0,
    )
    assert s.topics()["raw"] == 12
    assert "cleaner-owners-changelog" in s.topics()


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("WORKER_PARTITIONS", "0"),
        ("WORKER_PARTITIONS", "many"),
        ("WORKER_DEDUPE_WINDOW", "-1"),
        ("WORKER_DEDUPE_WINDOW", "nan"),
        ("WORKER_RAW_TOPIC", "bad topic"),
        ("WORKER_BROKER_PROFILE", "zookeeper"),
        ("WORKER_METRICS_PORT", "70000"),
        ("WORKER_EXTRACT", "maybe"),
        ("WORKER_STORE", "redis://"),
        ("KAFKA_SECURITY_PROTOCOL", "TLS"),
    ],
)
def test_bad_values_name_the_variable(var: str, value: str) -> None:
    with pytest.raises(ConfigError, match=var):
        load_settings({var: value})


def test_secrets_are_masked_and_never_echoed() -> None:
    env = {
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "KAFKA_SASL_USERNAME": "svc",
        "KAFKA_SASL_PASSWORD": "hunter2-secret",
    }
    masked = load_settings(env).masked()
    assert masked["sasl_password"] == "***"
    assert "hunter2-secret" not in repr(masked)


def test_inconsistent_combinations() -> None:
    with pytest.raises(ConfigError, match="KAFKA_SASL_MECHANISM"):
        load_settings({"KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT"})
    with pytest.raises(ConfigError, match="exactly_once"):
        load_settings(
            {"WORKER_BROKER_PROFILE": "embedded", "WORKER_PROCESSING_GUARANTEE": "exactly_once"}
        )


def test_every_setting_is_documented_in_the_readme() -> None:
    from tests.helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [var for var in ENVIRONMENT_VARIABLES if f"`{var}`" not in readme] == []
