"""Broker profiles: the Faust settings each kind of broker needs, in one place.

``embedded`` is the Tansu broker used for local runs and tests. Its quirks,
measured on it, drive every value here:

- JoinGroup is held for half the session timeout, so a short session
  timeout is what makes start-up and failover take seconds, not minutes.
- ListOffsets(latest) is exact only when each produce request holds one
  record; Faust uses it to decide that table recovery is done. Recovery
  reads the true ends instead (worker.stream.true_ends), so producers batch
  here as they do on Kafka.
- It has no transactions, so at-least-once is the only guarantee.

``kafka`` is a real Kafka cluster: Faust's defaults, which batch and use
normal session timeouts, and exactly-once when asked for.
"""

from __future__ import annotations

from typing import Any

from worker.core.settings import Settings
from worker.stream.security import faust_credentials

_EMBEDDED: dict[str, Any] = {
    "broker_session_timeout": 4.0,
    "broker_heartbeat_interval": 0.5,
    "broker_commit_interval": 0.2,
    "processing_guarantee": "at_least_once",
}
_KAFKA: dict[str, Any] = {
    "broker_commit_interval": 1.0,
}


# How long an empty fetch may be held (ms): Tansu holds it for part of the
# wait even when records arrive, so each stage would add that to latency.
FETCH_WAIT_MS = {"embedded": 20, "kafka": 100}


def broker_urls(bootstrap_servers: str) -> list[str]:
    return [f"kafka://{server.strip()}" for server in bootstrap_servers.split(",") if server]


def faust_options(settings: Settings, datadir: str | None = None) -> dict[str, Any]:
    """Keyword arguments for ``faust.App`` for the configured broker profile.

    ``datadir`` is the replica's claimed state directory (worker.stream.statedir).
    """
    options: dict[str, Any] = {
        "broker": broker_urls(settings.bootstrap_servers),
        "store": settings.store,
        "topic_partitions": settings.partitions,
        "table_standby_replicas": settings.standby_replicas,
        "processing_guarantee": settings.processing_guarantee,
        "web_enabled": False,
        "topic_disable_leader": True,
        "datadir": datadir or settings.data_dir,
        "consumer_auto_offset_reset": "earliest",
        # Faust stops fetching a partition whose agent buffer is under
        # pressure and resumes it when the buffer drains; a rebalance clears
        # the buffer without that signal, and the partition then stalled for
        # good under kill -9 tests. A buffer this size never reaches pressure
        # at the fetch sizes used, at the cost of memory for fetched records.
        "stream_buffer_maxsize": 100_000,
        # Every record the worker writes (tables included) is within this
        # bound (worker.core.sizes), and every record it reads was written under it.
        "producer_max_request_size": settings.limits.produce_bytes,
        "consumer_max_fetch_size": settings.limits.produce_bytes,
        # A few milliseconds of linger and room for many records per batch:
        # table writes come a dozen per article, and one produce request per
        # record spent a fifth of a replica's time in socket writes.
        "producer_linger": 0.005,
        "producer_max_batch_size": 256 * 1024,
    }
    credentials = faust_credentials(settings)
    if credentials is not None:
        options["broker_credentials"] = credentials
    profile = _EMBEDDED if settings.broker_profile == "embedded" else _KAFKA
    options.update(profile)
    return options
