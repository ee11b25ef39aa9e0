"""Walks every HTTP route of the app (from the router, not a hand list) and proves:

- each route declares an Access rule (a new route without one fails here);
- without credentials, every non-public route is a 401 problem;
- a client gets 403 for every function its role may not use;
- for every route naming a tenant-owned object, another tenant's object is a 404 — for a client
  of reseller A and for reseller A itself, given an object of reseller B's client;
- internal routes refuse user tokens and accept only the service token.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from litestar import Litestar
from litestar.enums import RequestEncodingType
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from app.lib.access import ROLE_SCOPES, Access, Role
from app.lib.settings import Settings
from app.server.auth import route_access
from tests.support.identity import RESOURCE_FACTORIES, Account, Tenants, make_tenants

_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")
_IGNORED_METHODS = {"HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    handler: HTTPRouteHandler

    @property
    def access(self) -> Access:
        return route_access(self.handler)

    def url(self, object_id: uuid.UUID | None = None) -> str:
        def fill(match: re.Match[str]) -> str:
            kind = match.group(2) or "str"
            if kind == "uuid":
                return str(object_id or uuid.uuid4())
            return "1" if kind == "int" else "x"

        return _PARAM.sub(fill, self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def endpoints(app: Litestar) -> Iterator[Endpoint]:
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods - _IGNORED_METHODS):
                yield Endpoint(method, route.path, handler)


def _body(endpoint: Endpoint) -> dict[str, object]:
    """A minimal well-formed body of the route's media type: tenancy must be decided by the
    object, not by a body that failed to parse first."""
    data = endpoint.handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return {}
    if getattr(data.kwarg_definition, "media_type", None) == RequestEncodingType.MULTI_PART:
        return {"files": {"file": ("walk.csv", b"prefix,rate\n1,0.1\n", "text/csv")}}
    return {"json": {}}


async def _call(
    client: AsyncTestClient[Litestar], endpoint: Endpoint, url: str, headers: dict[str, str]
) -> int:
    response = await client.request(endpoint.method, url, headers=headers, **_body(endpoint))
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json"), (
            f"{endpoint}: error without problem details"
        )
    return response.status_code


@pytest.fixture
async def tenants(settings: Settings) -> Tenants:
    return await make_tenants(settings)


def _client_may(endpoint: Endpoint) -> bool:
    access = endpoint.access
    if access.roles is not None and Role.CLIENT not in access.roles:
        return False
    return access.scope is None or access.scope in ROLE_SCOPES[Role.CLIENT]


def test_every_route_declares_an_access_rule(app: Litestar) -> None:
    found = list(endpoints(app))
    assert len(found) > 10
    undeclared = []
    for endpoint in found:
        try:
            route_access(endpoint.handler)
        except RuntimeError:
            undeclared.append(str(endpoint))
    assert undeclared == [], f"routes without an Access rule: {undeclared}"


async def test_every_non_public_route_needs_credentials(client: AsyncTestClient[Litestar]) -> None:
    checked = 0
    for endpoint in endpoints(client.app):
        if endpoint.access.public:
            continue
        status = await _call(client, endpoint, endpoint.url(), {})
        assert status == 401, f"{endpoint} answered {status} to an anonymous caller"
        checked += 1
    assert checked > 5


async def test_a_client_is_refused_every_function_its_role_may_not_use(
    client: AsyncTestClient[Litestar], tenants: Tenants
) -> None:
    refused = 0
    for endpoint in endpoints(client.app):
        access = endpoint.access
        if access.public or access.internal or _client_may(endpoint):
            continue
        status = await _call(client, endpoint, endpoint.url(), tenants.client_a.headers)
        assert status == 403, f"{endpoint} answered {status} to a client"
        refused += 1
    assert refused >= 3


async def test_another_tenants_object_is_not_found_on_every_route_that_names_one(
    client: AsyncTestClient[Litestar], settings: Settings, tenants: Tenants
) -> None:
    resource_routes = [e for e in endpoints(client.app) if e.access.resource is not None]
    assert resource_routes, "no route names a tenant-owned object"
    for endpoint in resource_routes:
        resource = endpoint.access.resource
        assert resource in RESOURCE_FACTORIES, (
            f"{endpoint}: add a factory for resource {resource!r} to tests/support/identity.py"
        )
        # A fresh object per route: a DELETE that wrongly succeeded must not hide the next one.
        foreign = await RESOURCE_FACTORIES[resource](settings, tenants.client_b)
        callers: list[tuple[Account, int]] = [(tenants.reseller_a, 404)]
        callers.append((tenants.client_a, 404 if _client_may(endpoint) else 403))
        for caller, expected in callers:
            status = await _call(client, endpoint, endpoint.url(foreign), caller.headers)
            assert status == expected, (
                f"{endpoint} gave {status} to {caller.role} of another tenant, not {expected}"
            )


async def test_internal_routes_take_only_the_service_token(
    client: AsyncTestClient[Litestar], settings: Settings, tenants: Tenants
) -> None:
    internal = [e for e in endpoints(client.app) if e.access.internal]
    assert internal, "no internal route: this test would prove nothing"
    for endpoint in internal:
        for user in (tenants.superadmin, tenants.client_a):
            status = await _call(client, endpoint, endpoint.url(), user.headers)
            assert status == 401, f"{endpoint} accepted a {user.role} token"
        service = {"Authorization": f"Bearer {settings.service_token}"}
        assert await _call(client, endpoint, endpoint.url(), service) not in (401, 403)


async def test_the_service_token_is_refused_on_user_routes(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    response = await client.get(
        "/api/v1/users", headers={"Authorization": f"Bearer {settings.service_token}"}
    )
    assert response.status_code == 401
