"""Schemathesis over every operation of the committed OpenAPI document, against a live server:
no 5xx, and every response matches its documented status, content type and schema."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from app.cli import OPENAPI_PATH

schema = schemathesis.openapi.from_path(str(OPENAPI_PATH))


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_openapi_document(
    case: schemathesis.Case, live_server_url: str
) -> None:
    case.call_and_validate(base_url=live_server_url)
