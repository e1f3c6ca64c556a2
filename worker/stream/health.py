"""The metrics and health endpoints of one replica: a small aiohttp server on
the worker's own event loop.

* ``/metrics``  Prometheus text format
* ``/livez``    200 whenever the loop answers (a blocked loop times out instead)
* ``/readyz``   200 once the replica is ready, 503 otherwise
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST


class HealthServer:
    def __init__(self, render: Callable[[], bytes], is_ready: Callable[[], bool]) -> None:
        self._render = render
        self._is_ready = is_ready
        self._runner: web.AppRunner | None = None

    # -- HTTP -----------------------------------------------------------------

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=self._render(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _livez(self, request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def _readyz(self, request: web.Request) -> web.Response:
        if self._is_ready():
            return web.Response(text="ready\n")
        return web.Response(status=503, text="not ready\n")

    async def start_server(self, host: str, port: int) -> None:
        """Serve the endpoints on ``host:port`` (port 0 picks a free one, see ``port``)."""
        if self._runner is not None:
            raise RuntimeError("metrics server already started")
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/livez", self._livez)
        app.router.add_get("/readyz", self._readyz)
        # Scrapes and health probes every few seconds would drown the real logs.
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner

    @property
    def port(self) -> int | None:
        """The bound TCP port while the server runs, else None."""
        if self._runner is None or not self._runner.addresses:
            return None
        return int(self._runner.addresses[0][1])

    async def stop_server(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
