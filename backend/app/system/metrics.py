"""Prometheus exposition of this process's metrics."""

from __future__ import annotations

from litestar import Controller, Response, get
from prometheus_client import REGISTRY, generate_latest

from app.lib.access import PUBLIC

# Litestar appends "; charset=utf-8" to text media types itself.
_EXPOSITION_MEDIA_TYPE = "text/plain; version=1.0.0"


class MetricsController(Controller):
    tags = ("system",)
    opt = {"access": PUBLIC}  # noqa: RUF012 - scraped by Prometheus without credentials

    @get(
        "/metrics",
        summary="Prometheus metrics",
        operation_id="getMetrics",
        media_type=_EXPOSITION_MEDIA_TYPE,
    )
    async def metrics(self) -> Response[bytes]:
        """Request counts and latencies (and later billing counters) in Prometheus text format."""
        return Response(generate_latest(REGISTRY), media_type=_EXPOSITION_MEDIA_TYPE)
