"""Frozen settings read from the environment (12-factor).

Every value is validated once at start-up; a bad value raises ``ConfigError``
naming the variable, so a replica refuses to start instead of misbehaving.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from worker.core.env_values import (
    boolean,
    choice,
    log_level,
    logger_levels,
    non_empty,
    non_negative_float,
    non_negative_int,
    port,
    positive_float,
    positive_int,
    store,
    topic_name,
)
from worker.core.expiry import PENDING_RETENTION, PENDING_SEGMENT
from worker.core.sizes import Limits
from worker.errors import ConfigError

T = TypeVar("T")

BrokerProfile = Literal["kafka", "embedded"]
Guarantee = Literal["at_least_once", "exactly_once"]
LogFormat = Literal["text", "json"]

# A week is long enough to catch re-crawls and syndication lag of news sites,
# short enough that the dedupe state stays bounded.
DEFAULT_DEDUPE_WINDOW = 7 * 24 * 3600.0
# How long the owners changelog keeps a record beyond the window, like Kafka
# Streams' windowstore.changelog.additional.retention.ms (1 day): room for
# clocks that disagree (first_seen_at is the raw message's timestamp, the
# changelog record's is the worker's) and for a replica that lags behind.
CHANGELOG_RETENTION_MARGIN = 24 * 3600.0
# Kafka's default message.max.bytes is ~1 MiB; crawlers that raise it for
# big HTML pages rarely go past a few MiB.
DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024

SECRET_FIELDS = frozenset({"sasl_password", "ssl_key_password"})


@dataclass(frozen=True, slots=True)
class Settings:
    bootstrap_servers: str = "localhost:9092"
    app_id: str = "news-worker"
    raw_topic: str = "articles.raw"
    clean_topic: str = "articles.clean"
    duplicates_topic: str = "articles.duplicates"
    dead_letter_topic: str = "articles.dead-letter"
    partitions: int = 8
    dedupe_window: float = DEFAULT_DEDUPE_WINDOW
    expiry_interval: float = 60.0
    repair_after: float = 60.0
    batch_size: int = 500
    batch_time: float = 0.05
    local_handoff: bool = True
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES
    max_paragraphs: int = 5000
    broker_profile: BrokerProfile = "kafka"
    processing_guarantee: Guarantee = "at_least_once"
    store: str = "memory://"
    standby_replicas: int = 1
    extract: bool = True
    data_dir: str = ".worker-data"
    metrics_port: int = 0
    metrics_host: str = "127.0.0.1"
    log_level: str = "INFO"
    log_format: LogFormat = "text"
    # The clients' own chatter (aiokafka's polling, Faust's recovery tables) is
    # for debugging them, not for operating the worker.
    log_levels: str = "aiokafka=WARNING,faust=WARNING,mode=WARNING"
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str | None = None
    sasl_username: str | None = None
    sasl_password: str | None = None
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    ssl_key_password: str | None = None

    @property
    def limits(self) -> Limits:
        """Every size bound, derived from the message and paragraph limits."""
        return Limits(self.max_message_bytes, self.max_paragraphs)

    def topics(self) -> dict[str, int]:
        """Every topic the worker needs, with its partition count."""
        names = [
            self.raw_topic,
            self.clean_topic,
            self.duplicates_topic,
            self.dead_letter_topic,
            *self.internal_topics(),
        ]
        return dict.fromkeys(names, self.partitions)

    def topic_configs(self) -> dict[str, str]:
        """Topic settings every topic is created with: room for the largest record."""
        return {"max.message.bytes": str(self.limits.produce_bytes)}

    def topic_overrides(self) -> dict[str, dict[str, str]]:
        """Settings of some topics on top of :meth:`topic_configs`.

        The changelogs are compacted. The owners changelog also ages out, as
        Kafka Streams does for windowed stores: an owner is useless once the
        window has passed, so records older than the window plus a margin are
        deleted by the broker, and expired owners are neither restored nor
        need a tombstone each. A window of 0 keeps owners forever: compaction
        only. Decisions never depend on it (an expired owner is treated as
        absent wherever it is read from). The pending changelog ages out the
        same way, after worker.core.expiry.PENDING_RETENTION, whatever the
        window: its done markers are written in groups, which compaction
        never removes."""
        owners: dict[str, str] = {"cleanup.policy": "compact"}
        if self.dedupe_window > 0:
            retention = self.dedupe_window + CHANGELOG_RETENTION_MARGIN
            owners = {
                "cleanup.policy": "compact,delete",
                "retention.ms": str(int(retention * 1000)),
            }
        return {
            f"{self.app_id}-owners-changelog": owners,
            f"{self.app_id}-pending-changelog": {
                "cleanup.policy": "compact,delete",
                "retention.ms": str(int(PENDING_RETENTION * 1000)),
                # The broker deletes only closed segments, and by default a segment
                # closes at 1 GiB or 7 days: a restore would read days of markers.
                "segment.ms": str(int(PENDING_SEGMENT * 1000)),
            },
        }

    def internal_topics(self) -> list[str]:
        # Faust names changelogs <app>-<table>-changelog; they must exist with
        # the same partition count before the app starts (see design notes).
        return [
            f"{self.app_id}-articles",
            f"{self.app_id}-claims",
            f"{self.app_id}-verdicts",
            f"{self.app_id}-owners-changelog",
            f"{self.app_id}-pending-changelog",
        ]

    def to_env(self) -> dict[str, str]:
        """The environment that gives a replica exactly these settings."""
        env: dict[str, str] = {}
        for var, (name, _) in _ENV.items():
            value = getattr(self, name)
            if value is None:
                continue
            env[var] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return env

    def described(self) -> dict[str, dict[str, Any]]:
        """Each environment variable with its effective value (secrets masked)
        and whether that value is the default."""
        masked, defaults = self.masked(), Settings()
        return {
            var: {"value": masked[name], "default": getattr(self, name) == getattr(defaults, name)}
            for var, (name, _) in _ENV.items()
        }

    def logger_levels(self) -> dict[str, str]:
        pairs = (item.strip().partition("=") for item in self.log_levels.split(",") if item.strip())
        return {name.strip(): level.strip().upper() for name, _, level in pairs}

    def masked(self) -> dict[str, Any]:
        """The effective settings with secrets replaced, safe to print or log."""
        out = dataclasses.asdict(self)
        for name in SECRET_FIELDS:
            if out[name]:
                out[name] = "***"
        return out


# environment variable -> (field, parser)
_ENV: dict[str, tuple[str, Callable[[str], Any]]] = {
    "KAFKA_BOOTSTRAP_SERVERS": ("bootstrap_servers", non_empty),
    "WORKER_APP_ID": ("app_id", topic_name),
    "WORKER_RAW_TOPIC": ("raw_topic", topic_name),
    "WORKER_CLEAN_TOPIC": ("clean_topic", topic_name),
    "WORKER_DUPLICATES_TOPIC": ("duplicates_topic", topic_name),
    "WORKER_DEAD_LETTER_TOPIC": ("dead_letter_topic", topic_name),
    "WORKER_PARTITIONS": ("partitions", positive_int),
    "WORKER_DEDUPE_WINDOW": ("dedupe_window", non_negative_float),
    "WORKER_EXPIRY_INTERVAL": ("expiry_interval", positive_float),
    "WORKER_REPAIR_AFTER": ("repair_after", positive_float),
    "WORKER_BATCH_SIZE": ("batch_size", positive_int),
    "WORKER_BATCH_TIME": ("batch_time", positive_float),
    "WORKER_LOCAL_HANDOFF": ("local_handoff", boolean),
    "WORKER_MAX_MESSAGE_BYTES": ("max_message_bytes", positive_int),
    "WORKER_MAX_PARAGRAPHS": ("max_paragraphs", positive_int),
    "WORKER_BROKER_PROFILE": ("broker_profile", choice("kafka", "embedded")),
    "WORKER_PROCESSING_GUARANTEE": (
        "processing_guarantee",
        choice("at_least_once", "exactly_once"),
    ),
    "WORKER_STORE": ("store", store),
    "WORKER_STANDBY_REPLICAS": ("standby_replicas", non_negative_int),
    "WORKER_EXTRACT": ("extract", boolean),
    "WORKER_DATA_DIR": ("data_dir", non_empty),
    "WORKER_METRICS_PORT": ("metrics_port", port),
    "WORKER_METRICS_HOST": ("metrics_host", non_empty),
    "WORKER_LOG_LEVEL": ("log_level", log_level),
    "WORKER_LOG_FORMAT": ("log_format", choice("text", "json")),
    "WORKER_LOG_LEVELS": ("log_levels", logger_levels),
    "KAFKA_SECURITY_PROTOCOL": (
        "security_protocol",
        choice("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
    ),
    "KAFKA_SASL_MECHANISM": (
        "sasl_mechanism",
        choice("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"),
    ),
    "KAFKA_SASL_USERNAME": ("sasl_username", non_empty),
    "KAFKA_SASL_PASSWORD": ("sasl_password", str),
    "KAFKA_SSL_CAFILE": ("ssl_cafile", non_empty),
    "KAFKA_SSL_CERTFILE": ("ssl_certfile", non_empty),
    "KAFKA_SSL_KEYFILE": ("ssl_keyfile", non_empty),
    "KAFKA_SSL_KEY_PASSWORD": ("ssl_key_password", str),
}

ENVIRONMENT_VARIABLES = tuple(_ENV)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build settings from ``environ`` (default ``os.environ``).

    Empty variables count as unset so a compose file can list a variable
    without giving it a value.
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    problems: list[str] = []
    for var, (field, parse) in _ENV.items():
        raw = env.get(var)
        if raw is None or raw == "":
            continue
        try:
            values[field] = parse(raw)
        except ValueError as exc:
            shown = "***" if field in SECRET_FIELDS else repr(raw)
            problems.append(f"{var}={shown} is invalid: {exc}")
    if problems:
        # Every bad variable at once, so one restart fixes them all.
        raise ConfigError("; ".join(problems))
    settings = Settings(**values)
    _check_combinations(settings)
    return settings


def _check_combinations(settings: Settings) -> None:
    sasl = settings.security_protocol.startswith("SASL_")
    if sasl and not (settings.sasl_mechanism and settings.sasl_username):
        raise ConfigError(
            "KAFKA_SECURITY_PROTOCOL="
            f"{settings.security_protocol} needs KAFKA_SASL_MECHANISM and KAFKA_SASL_USERNAME"
        )
    if settings.processing_guarantee == "exactly_once" and settings.broker_profile == "embedded":
        raise ConfigError(
            "WORKER_PROCESSING_GUARANTEE=exactly_once is not supported by the embedded broker "
            "(it has no transactions); use at_least_once"
        )
    if (settings.ssl_certfile is None) != (settings.ssl_keyfile is None):
        raise ConfigError("KAFKA_SSL_CERTFILE and KAFKA_SSL_KEYFILE must be set together")
