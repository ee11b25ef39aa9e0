"""Liveness and readiness endpoints."""

from __future__ import annotations

import datetime

import msgspec
from dramatiq.brokers.redis import RedisBroker
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncEngine

from app import __version__
from app.lib.access import INTERNAL, PUBLIC
from app.lib.settings import Settings
from app.system.gateways import gateway_statuses, record_beat
from app.system.schemas import GatewayBeat, GatewayStatus, Health, Readiness
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
        """PostgreSQL, Redis, the worker broker and a worker each really answered just now;
        also lists the AGI gateways with their last heartbeat (``ok`` or ``stale``)."""
        report = await check_readiness(db_engine, redis, broker, settings)
        try:
            gateways = await gateway_statuses(redis, settings, datetime.datetime.now(datetime.UTC))
        except (RedisError, OSError):  # the redis check above already says why
            gateways = []
        report = msgspec.structs.replace(report, gateways=gateways)
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

    @post(
        "/gateways/heartbeat",
        status_code=HTTP_200_OK,
        summary="AGI gateway heartbeat",
        operation_id="gatewayHeartbeat",
    )
    async def gateway_heartbeat(
        self,
        redis: NamedDependency[Redis],
        settings: NamedDependency[Settings],
        data: JSONBody[GatewayBeat],
    ) -> GatewayStatus:
        """An AGI gateway reports that it is alive (every TOLLGATE_AGI_HEARTBEAT_SECONDS);
        ``/ready`` lists it with this beat."""
        now = datetime.datetime.now(datetime.UTC)
        return await record_beat(redis, settings, data, now)
