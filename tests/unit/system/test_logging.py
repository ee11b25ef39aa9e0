from __future__ import annotations

import io
import json
import logging

import structlog

from app.lib.logging import configure_logging
from app.lib.settings import Settings


def _capture() -> io.StringIO:
    stream = io.StringIO()
    root = logging.getLogger()
    root.handlers[0].setStream(stream)  # type: ignore[attr-defined]
    return stream


def test_log_lines_are_json_objects_carrying_the_bound_request_id() -> None:
    configure_logging(Settings(log_json=True, log_level="INFO"))
    stream = _capture()
    with structlog.contextvars.bound_contextvars(request_id="req-42"):
        structlog.get_logger("test").info("call_rated", cost="0.12")
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["event"] == "call_rated"
    assert line["request_id"] == "req-42"
    assert line["level"] == "info"
    assert line["timestamp"].endswith("Z")


def test_secret_fields_never_reach_the_log() -> None:
    configure_logging(Settings(log_json=True, log_level="INFO"))
    stream = _capture()
    structlog.get_logger("test").info("login", email="a@example.com", password="hunter2")
    logging.getLogger("stdlib").info("plain %s", "message")
    output = stream.getvalue()
    assert "hunter2" not in output
    assert '"password": "[redacted]"' in output
    assert json.loads(output.strip().splitlines()[-1])["event"] == "plain message"
