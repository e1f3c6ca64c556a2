"""``python -m worker run``: one replica until SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import functools
import logging

from worker.core.settings import SECRET_FIELDS, Settings
from worker.stream import heap, patches, statedir
from worker.stream.app import WorkerApp
from worker.stream.extraction import ExtractionProcess
from worker.stream.logs import configure_logging, logging_config
from worker.stream.profiles import FETCH_WAIT_MS
from worker.stream.topics_io import check_reachable
from worker.stream.true_ends import true_ends

log = logging.getLogger("worker")


def run_worker(settings: Settings) -> int:
    """Run one replica; returns the process exit code."""
    asyncio.run(check_reachable(settings))
    extraction = None
    if settings.extract:
        # Before anything else starts: a model that cannot load stops the replica here.
        secrets = [getattr(settings, name) for name in SECRET_FIELDS]
        extraction = ExtractionProcess(
            functools.partial(
                configure_logging,
                settings.log_level,
                settings.log_format,
                secrets=secrets,
                levels=settings.logger_levels(),
            )
        )
        extraction.start()
    try:
        return _run(settings, extraction)
    finally:
        if extraction is not None:
            extraction.close()


def _run(settings: Settings, extraction: ExtractionProcess | None) -> int:
    from faust.worker import Worker

    if settings.processing_guarantee == "at_least_once":
        patches.apply()
    patches.set_fetch_wait(FETCH_WAIT_MS[settings.broker_profile])
    patches.quiet_buffer()
    state = statedir.claim(settings.data_dir, settings.app_id)
    worker_app = WorkerApp(settings, extraction, str(state.path))
    patches.on_state_reset = worker_app.metrics.state_reset
    if settings.broker_profile == "embedded":
        patches.end_probe = functools.partial(true_ends, settings)
    log.info("state directory %s", state.path)
    secrets = [getattr(settings, name) for name in SECRET_FIELDS]
    worker = Worker(
        worker_app.app,
        loglevel=settings.log_level.lower(),
        quiet=True,
        redirect_stdouts=False,
        logging_config=logging_config(
            settings.log_level,
            settings.log_format,
            secrets=secrets,
            levels=settings.logger_levels(),
        ),
    )
    worker.loop.run_until_complete(worker_app.readiness.start_server())
    heap.settle()
    try:
        worker.execute_from_commandline()
    except SystemExit as exc:
        log.info("worker stopped")
        return exc.code if isinstance(exc.code, int) else 0
    return 0
