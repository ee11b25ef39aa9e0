"""``python -m agi_gateway``: run the FastAGI gateway until SIGTERM or SIGINT.

Configuration comes from the environment (docs/configuration.md, "AGI gateway"). A bad value
exits with status 2 and a message naming the variable. On a signal the gateway stops
accepting, lets calls in progress finish (up to the server's grace period), then exits 0.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Coroutine
from typing import Any

from agi_gateway.config import GatewayConfig
from agi_gateway.errors import ConfigError
from agi_gateway.gateway import Gateway

logger = logging.getLogger("agi_gateway")

#: LogRecord attributes that are not ``extra`` fields.
_STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


class KeyValueFormatter(logging.Formatter):
    """``time level logger event key=value ...``: the gateway logs events with ``extra``."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = [
            f"{key}={value!r}"
            for key, value in record.__dict__.items()
            if key not in _STANDARD_ATTRIBUTES
        ]
        head, _, trace = line.partition("\n")
        return " ".join([head, *extras]) + (f"\n{trace}" if trace else "")


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


async def serve(config: GatewayConfig) -> None:
    """Run a gateway until SIGTERM/SIGINT, then shut it down gracefully."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with Gateway(config):
            await stop.wait()
            logger.info("agi.gateway.stopping")
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


def main() -> int:
    try:
        config = GatewayConfig.from_env(os.environ)
    except ConfigError as exc:
        sys.stderr.write(f"agi_gateway: configuration error: {exc}\n")
        return 2
    try:
        configure_logging(config.log_level)
    except ValueError as exc:
        sys.stderr.write(f"agi_gateway: configuration error: TOLLGATE_LOG_LEVEL: {exc}\n")
        return 2
    run(serve(config))
    return 0


def run(main: Coroutine[Any, Any, None]) -> None:
    """Run ``main`` on uvloop when it is installed (it halves the cost of the socket work that
    is most of what the gateway does), else on asyncio's own loop."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
    else:
        uvloop.run(main)


if __name__ == "__main__":
    sys.exit(main())
