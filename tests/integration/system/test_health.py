from __future__ import annotations

import asyncio
import time
from dataclasses import replace

import msgspec
from litestar import Litestar, get, post
from litestar.params import JSONBody
from litestar.testing import AsyncTestClient

from app.asgi import create_app
from app.lib.access import PUBLIC
from app.lib.settings import Settings
from app.worker.broker import enqueue
from tests.support.worker import running_worker


async def test_health_answers_ok_with_the_version(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["version"]


async def test_ready_reports_each_dependency_and_503_while_no_worker_beats(
    settings: Settings,
) -> None:
    lonely = replace(settings, redis_prefix=settings.redis_prefix + ":noworker")
    async with AsyncTestClient(app=create_app(lonely)) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["postgres"]["status"] == "ok"
    assert checks["redis"]["status"] == "ok"
    assert checks["broker"]["status"] == "ok"
    assert checks["worker"]["status"] == "error"
    assert "heartbeat" in checks["worker"]["detail"]


async def test_ready_is_ok_once_a_real_worker_ran_the_heartbeat_actor(settings: Settings) -> None:
    beating = replace(settings, redis_prefix=settings.redis_prefix + ":beating")
    async with AsyncTestClient(app=create_app(beating)) as client:
        with running_worker(beating) as broker:
            enqueue(broker, "system.heartbeat")
            deadline = time.monotonic() + 20
            response = await client.get("/ready")
            while response.status_code != 200 and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
                response = await client.get("/ready")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "postgres": "ok",
        "redis": "ok",
        "broker": "ok",
        "worker": "ok",
    }


async def test_ready_reports_postgres_down_instead_of_failing(settings: Settings) -> None:
    unreachable = replace(
        settings,
        database_url="postgresql://postgres@127.0.0.1:1/none",
        ready_timeout_seconds=1.0,
    )
    async with AsyncTestClient(app=create_app(unreachable)) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["postgres"]["status"] == "error"


async def test_metrics_are_exposed_in_prometheus_format(client: AsyncTestClient[Litestar]) -> None:
    await client.get("/health")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "tollgate_requests_total" in response.text


async def test_graphql_answers_the_health_and_version_query(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.post("/graphql", json={"query": "{ health version }"})
    assert response.status_code == 200
    assert response.json()["data"]["health"] == "ok"
    assert response.json()["data"]["version"]


async def test_every_response_carries_a_request_id_and_echoes_a_valid_one(
    client: AsyncTestClient[Litestar],
) -> None:
    generated = await client.get("/health")
    assert len(generated.headers["x-request-id"]) == 32
    echoed = await client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    hostile = await client.get("/health", headers={"X-Request-ID": "a b;"})
    assert hostile.headers["x-request-id"] != "a b;"
    assert len(hostile.headers["x-request-id"]) == 32


class _Rate(msgspec.Struct):
    prefix: str
    rate_per_minute: int


@post("/test/rates", sync_to_thread=False, opt={"access": PUBLIC})
def _create_rate(data: JSONBody[_Rate]) -> _Rate:
    return data


@get("/test/boom", sync_to_thread=False, opt={"access": PUBLIC})
def _boom() -> None:
    raise RuntimeError("database password is hunter2")


async def test_an_unknown_route_is_a_problem_details_404(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.get("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/not-found")
    assert problem["status"] == 404
    assert problem["instance"] == "/api/v1/no/such/thing"


async def test_a_validation_error_is_problem_details_naming_the_field(app: Litestar) -> None:
    app.register(_create_rate)
    async with AsyncTestClient(app=app) as client:
        response = await client.post("/test/rates", json={"prefix": "44", "rate_per_minute": "x"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/validation-error")
    assert "rate_per_minute" in problem["detail"]
    assert problem["errors"][0]["field"] == "rate_per_minute"


async def test_an_unexpected_error_is_a_500_problem_without_internals(app: Litestar) -> None:
    app.register(_boom)
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/test/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "hunter2" not in response.text
    assert response.json()["detail"] == "An unexpected error occurred; it has been logged."
    assert response.json()["request_id"] == response.headers["x-request-id"]
