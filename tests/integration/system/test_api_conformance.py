"""Schemathesis over every operation of the committed OpenAPI document, against a live API and
worker: no 5xx, and every response matches its documented status, content type, headers and
schema; invalid input is rejected. It runs signed in as an admin, so operations are exercised
past authentication.

Not checked: that every schema-valid request is accepted — business rules (an unknown group,
a non-IANA timezone) rightly refuse some schema-valid input with a documented 409/422; nor the
undocumented-method probes (unsupported_method, allow_header_conformance), since Litestar answers
OPTIONS itself (204 with an Allow header that also lists OPTIONS) for CORS preflight."""

from __future__ import annotations

import asyncio

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    positive_data_acceptance,
    unsupported_method,
)

from app.cli import OPENAPI_PATH
from app.lib.access import Role
from app.lib.settings import Settings
from tests.support.identity import create_account

schema = schemathesis.openapi.from_path(str(OPENAPI_PATH))


@pytest.fixture(scope="module")
def admin_headers(settings: Settings) -> dict[str, str]:
    return asyncio.run(create_account(settings, Role.ADMIN)).headers


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_openapi_document(
    case: schemathesis.Case, live_server_url: str, admin_headers: dict[str, str]
) -> None:
    case.call_and_validate(
        base_url=live_server_url,
        headers=admin_headers,
        excluded_checks=[positive_data_acceptance, unsupported_method, allow_header_conformance],
    )
