"""The OpenAPI document: configuration, and every error response documented as problem JSON.

Litestar documents error responses with its own exception shape; ours are RFC 9457 problem
details, so :func:`document_problems` rewrites each 4xx/5xx response of the generated document
to reference the one ``ProblemDetails`` schema.
"""

from __future__ import annotations

from typing import Any

from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, OpenAPI, OpenAPIMediaType, Reference, Schema

from app import __version__
from app.server.problems import PROBLEM_MEDIA_TYPE, PROBLEM_SCHEMA

PROBLEM_COMPONENT = "ProblemDetails"


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Tollgate API",
        version=__version__,
        description=(
            "VoIP billing and call control. Every error is an RFC 9457 problem details "
            "object (application/problem+json)."
        ),
        path="/schema",
        render_plugins=[SwaggerRenderPlugin()],
        use_handler_docstrings=True,
    )


def _schema(value: dict[str, Any]) -> Schema:
    properties: dict[str, Schema | Reference] = {
        str(key): _schema(item) for key, item in value.get("properties", {}).items()
    }
    items = value.get("items")
    return Schema(
        type=value.get("type"),
        description=value.get("description"),
        required=value.get("required"),
        properties=properties or None,
        items=_schema(items) if items else None,
    )


def document_problems(document: OpenAPI) -> OpenAPI:
    """Point every 4xx/5xx response of ``document`` at the ProblemDetails schema (in place)."""
    components = document.components or Components()
    schemas = dict(components.schemas or {})
    schemas[PROBLEM_COMPONENT] = _schema(PROBLEM_SCHEMA)
    components.schemas = schemas
    document.components = components
    reference = Reference(ref=f"#/components/schemas/{PROBLEM_COMPONENT}")
    for path_item in (document.paths or {}).values():
        for method in ("get", "put", "post", "delete", "options", "head", "patch", "trace"):
            operation = getattr(path_item, method, None)
            if operation is None or not operation.responses:
                continue
            for status, response in operation.responses.items():
                if status.isdigit() and int(status) >= 400 and _is_litestar_error(response):
                    response.content = {PROBLEM_MEDIA_TYPE: OpenAPIMediaType(schema=reference)}
    return document


def _is_litestar_error(response: object) -> bool:
    """True for the error responses Litestar generates from exceptions (status_code/detail/extra);
    a response a handler documents itself (like /ready's 503 report) is left as declared."""
    if isinstance(response, Reference) or not getattr(response, "content", None):
        return False
    for media in response.content.values():  # type: ignore[attr-defined]
        schema = media.schema
        candidates = schema.one_of if isinstance(schema, Schema) and schema.one_of else [schema]
        for candidate in candidates:
            if not isinstance(candidate, Schema) or not candidate.properties:
                return False
            if not {"status_code", "detail"} <= set(candidate.properties):
                return False
    return True
