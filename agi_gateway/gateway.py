"""The gateway as one object: FastAGI server + backend client + finalize spool and replayer.

``python -m agi_gateway`` builds one from the environment; tests build one from a
:class:`GatewayConfig` pointing at a fake backend.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from types import TracebackType
from typing import Self

from agi_gateway.authorize import CallAuthorizer
from agi_gateway.backend import BackendClient
from agi_gateway.config import GatewayConfig
from agi_gateway.finalize import CallFinalizer
from agi_gateway.heartbeat import CallsInProgress, Heartbeat, default_gateway_id
from agi_gateway.replay import SpoolReplayer
from agi_gateway.server import AgiServer, Handler
from agi_gateway.spool import FinalizeSpool

logger = logging.getLogger("agi_gateway")

AUTHORIZE_SCRIPT = "tollgate/authorize"
FINALIZE_SCRIPT = "tollgate/finalize"


class Gateway:
    """Owns the pooled backend client, the spool and its replay task, and the AGI listener.

    :meth:`start` prepares the spool, starts listening and starts replaying (a first pass runs
    at once, so records left by an earlier run go out as soon as the backend answers).
    :meth:`close` stops accepting, lets in-flight calls finish (their finalizes are delivered
    or spooled), stops the replayer and closes the HTTP pool.
    """

    def __init__(self, config: GatewayConfig) -> None:
        self.config = config
        self.client = BackendClient(config.backend_url, config.service_token, config.timeout)
        self.spool = FinalizeSpool(config.spool_dir)
        self.replayer = SpoolReplayer(self.spool, self.client, config.replay_seconds)
        self.calls = CallsInProgress()
        handlers: dict[str, Handler] = {
            AUTHORIZE_SCRIPT: CallAuthorizer(self.client, config, self.calls),
            FINALIZE_SCRIPT: CallFinalizer(
                self.client, self.spool, self.replayer, calls=self.calls
            ),
        }
        self.server = AgiServer(handlers, config.host, config.port)
        self.heartbeat = Heartbeat(
            self.client,
            config.gateway_id or default_gateway_id(config.port),
            self._address,
            self.calls,
            lambda: self.server.active_sessions,
            lambda: len(self.spool.pending()),
            config.heartbeat_seconds,
        )
        self._replay_task: asyncio.Task[None] | None = None
        self._heartbeat_task: asyncio.Task[None] | None = None

    def _address(self) -> str:
        """Where Asterisk reaches this gateway (the host name when listening on every address)."""
        host = self.config.host
        if host in ("", "0.0.0.0", "::"):  # noqa: S104 - comparing, not binding
            host = socket.gethostname()
        return f"{host}:{self.port}"

    @property
    def port(self) -> int:
        return self.server.port

    async def start(self) -> None:
        await asyncio.to_thread(self.spool.prepare)
        await self.server.start()
        self._replay_task = asyncio.create_task(self.replayer.run(), name="agi-spool-replay")
        if self.config.heartbeat_seconds > 0:
            self._heartbeat_task = asyncio.create_task(self.heartbeat.run(), name="agi-heartbeat")
        logger.info(
            "agi.gateway.started",
            extra={
                "backend_url": self.config.backend_url,
                "fail_policy": self.config.fail_policy,
                "spool_dir": str(self.config.spool_dir),
            },
        )

    async def close(self, grace: float | None = None) -> None:
        await self.server.close(grace)
        for task in (self._heartbeat_task, self._replay_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._replay_task = self._heartbeat_task = None
        await self.client.aclose()
        logger.info("agi.gateway.stopped")

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()
