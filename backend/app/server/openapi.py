"""The OpenAPI document: configuration, and every error response documented as problem JSON.

Litestar documents error responses with its own exception shape; ours are RFC 9457 problem
details, so :func:`document_problems` rewrites each 4xx/5xx response of the generated document
to reference the one ``ProblemDetails`` schema.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Router
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import (
    Components,
    OpenAPI,
    OpenAPIMediaType,
    OpenAPIResponse,
    Reference,
    Schema,
)
from litestar.routes import HTTPRoute

from app import __version__
from app.lib.access import PUBLIC, Access
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
        openapi_router=Router(
            "/schema", route_handlers=[], opt={"access": PUBLIC}, include_in_schema=False
        ),
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


_DESCRIPTIONS = {
    "401": "No valid credentials (problem details).",
    "403": "The caller's role or scopes do not allow this (problem details).",
    "404": "No such object within the caller's reach (problem details).",
    "409": "The current state does not allow this (problem details).",
    "422": "The request breaks a business rule; `errors` names each field (problem details).",
    "429": "Too many attempts; see Retry-After (problem details).",
}


def _statuses_for(access: Access, method: str, path: str) -> list[str]:
    statuses: list[str] = []
    if not access.public or method == "post":
        statuses.append("401")
    if access.scope is not None or access.roles is not None:
        statuses.append("403")
    if not access.public:  # a path id, or an id in the body, may name nothing within reach
        statuses.append("404")
    if method in {"post", "put", "patch", "delete"} and not access.internal:
        statuses += ["409", "422"]
    if access.public and method == "post":
        statuses.append("429")
    return statuses


def document_access(app: Litestar) -> None:
    """Document, on every operation, the error statuses its Access rule and method can produce."""
    document = app.openapi_schema
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path_format not in (document.paths or {}):
            continue
        path_item = (document.paths or {})[route.path_format]
        for handler in route.route_handlers:
            access = handler.opt.get("access")
            for method in handler.http_methods:
                operation = getattr(path_item, method.lower(), None)
                if operation is None or not isinstance(access, Access):
                    continue
                responses = operation.responses if operation.responses is not None else {}
                for status in _statuses_for(access, method.lower(), route.path_format):
                    responses.setdefault(status, OpenAPIResponse(description=_DESCRIPTIONS[status]))
                operation.responses = responses
    document_problems(document)


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
    """True for the error responses Litestar generates from exceptions (status_code/detail/extra)
    and those :func:`document_access` adds (no content yet); a response a handler documents
    itself (like /ready's 503 report) is left as declared."""
    if isinstance(response, Reference):
        return False
    if not getattr(response, "content", None):
        return True
    for media in response.content.values():  # type: ignore[attr-defined]
        schema = media.schema
        candidates = schema.one_of if isinstance(schema, Schema) and schema.one_of else [schema]
        for candidate in candidates:
            if not isinstance(candidate, Schema) or not candidate.properties:
                return False
            if not {"status_code", "detail"} <= set(candidate.properties):
                return False
    return True
