"""Liveness and readiness endpoints."""

from __future__ import annotations

from dramatiq.brokers.redis import RedisBroker
from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from app import __version__
from app.lib.access import INTERNAL, PUBLIC
from app.lib.settings import Settings
from app.system.schemas import Health, Readiness
from app.system.service import check_readiness


class SystemController(Controller):
    tags = ("system",)
    opt = {"access": PUBLIC}  # noqa: RUF012 - Litestar merges layer opts by attribute

    @get("/health", summary="Liveness", operation_id="getHealth")
    async def health(self) -> Health:
        """The process is up and serving requests. It checks nothing else."""
        return Health(status="ok", version=__version__)

    @get(
        "/ready",
        summary="Readiness",
        operation_id="getReadiness",
        responses={
            HTTP_503_SERVICE_UNAVAILABLE: ResponseSpec(
                data_container=Readiness,
                description="At least one dependency is not ready; each check says which.",
            )
        },
    )
    async def ready(
        self,
        db_engine: NamedDependency[AsyncEngine],
        redis: NamedDependency[Redis],
        broker: NamedDependency[RedisBroker],
        settings: NamedDependency[Settings],
    ) -> Response[Readiness]:
        """PostgreSQL, Redis, the worker broker and a worker each really answered just now."""
        report = await check_readiness(db_engine, redis, broker, settings)
        status = HTTP_200_OK if report.status == "ok" else HTTP_503_SERVICE_UNAVAILABLE
        return Response(report, status_code=status)


class InternalSystemController(Controller):
    """Routes for Tollgate's own components (the AGI gateway), behind the service token."""

    path = "/internal/v1"
    tags = ("internal",)
    opt = {"access": INTERNAL}  # noqa: RUF012 - Litestar merges layer opts by attribute

    @get("/ping", summary="Service-token check", operation_id="internalPing")
    async def ping(self) -> Health:
        """The gateway's probe: the backend is up and accepts its service token."""
        return Health(status="ok", version=__version__)
