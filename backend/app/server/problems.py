"""RFC 9457 problem details: the response body every error of the API uses."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from litestar import Request, Response

from app.lib.errors import FieldError

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://tollgate.dev/problems/"


def problem_type_uri(slug: str) -> str:
    return PROBLEM_TYPE_BASE + slug


def problem_response(
    request: Request[Any, Any, Any],
    *,
    status: int,
    slug: str,
    detail: str,
    title: str | None = None,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": problem_type_uri(slug),
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = [_field_error(error) for error in errors]
    request_id = request.scope.get("state", {}).get("request_id")
    if request_id:
        body["request_id"] = request_id
    return Response(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _field_error(error: FieldError) -> dict[str, Any]:
    item: dict[str, Any] = {"message": error.message}
    if error.field is not None:
        item["field"] = error.field
    if error.line is not None:
        item["line"] = error.line
    if error.source is not None:
        item["source"] = error.source
    return item


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An RFC 9457 problem details object.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "Stable URI naming the kind of problem."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong, for a human."},
        "instance": {"type": "string"},
        "request_id": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "For invalid input: each offending field or CSV line.",
            "items": {
                "type": "object",
                "required": ["message"],
                "properties": {
                    "message": {"type": "string"},
                    "field": {"type": "string"},
                    "line": {"type": "integer"},
                    "source": {"type": "string"},
                },
            },
        },
    },
}
