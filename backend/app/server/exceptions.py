"""The only place an exception becomes an HTTP status: every error is RFC 9457 problem JSON."""

from __future__ import annotations

from typing import Any

import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.types import ExceptionHandlersMap
from sqlalchemy.exc import DBAPIError

from app.lib.errors import (
    AuthenticationError,
    ConflictError,
    FieldError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServiceUnavailableError,
    TollgateError,
)
from app.server.problems import problem_response

log = structlog.get_logger(__name__)

STATUS_BY_ERROR: dict[type[TollgateError], int] = {
    InvalidInputError: HTTP_422_UNPROCESSABLE_ENTITY,
    NotFoundError: HTTP_404_NOT_FOUND,
    ConflictError: HTTP_409_CONFLICT,
    AuthenticationError: HTTP_401_UNAUTHORIZED,
    PermissionDeniedError: HTTP_403_FORBIDDEN,
    ServiceUnavailableError: HTTP_503_SERVICE_UNAVAILABLE,
    RateLimitedError: 429,
}


def _headers_for(error: TollgateError) -> dict[str, str] | None:
    if isinstance(error, AuthenticationError):
        return {"WWW-Authenticate": 'Bearer realm="tollgate"'}
    if isinstance(error, RateLimitedError):
        return {"Retry-After": str(error.retry_after)}
    return None


_SLUG_BY_STATUS = {
    HTTP_400_BAD_REQUEST: "bad-request",
    HTTP_401_UNAUTHORIZED: "unauthenticated",
    HTTP_403_FORBIDDEN: "forbidden",
    HTTP_404_NOT_FOUND: "not-found",
    405: "method-not-allowed",
    HTTP_409_CONFLICT: "conflict",
    415: "unsupported-media-type",
    HTTP_422_UNPROCESSABLE_ENTITY: "validation-error",
    429: "rate-limited",
}


def status_for(error: TollgateError) -> int:
    for cls in type(error).__mro__:
        status = STATUS_BY_ERROR.get(cls)
        if status is not None:
            return status
    return HTTP_500_INTERNAL_SERVER_ERROR


def _validation_errors(exc: ValidationException) -> list[FieldError]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    errors = []
    for item in extra:
        if isinstance(item, dict):
            errors.append(
                FieldError(
                    message=str(item.get("message", "invalid value")),
                    field=str(item["key"]) if item.get("key") is not None else None,
                    source=str(item["source"]) if item.get("source") is not None else None,
                )
            )
    return errors


def handle_validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = _validation_errors(exc)
    named = [e.field for e in errors if e.field]
    detail = (
        f"Invalid value for {', '.join(repr(n) for n in named)}: {errors[0].message}"
        if named
        else str(exc.detail or "The request is not valid")
    )
    return problem_response(
        request,
        status=HTTP_400_BAD_REQUEST,
        slug="validation-error",
        detail=detail,
        title="Invalid request",
        errors=errors,
    )


#: Litestar's InternalServerException when the client hung up before its body was read (the
#: AGI gateway gave up on a slow answer): nobody is left to answer, and it is not our fault.
CLIENT_GONE = "client disconnected prematurely"


def handle_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    if exc.detail == CLIENT_GONE:
        log.info("client_disconnected", path=request.url.path)
    elif status >= HTTP_500_INTERNAL_SERVER_ERROR:
        log.error("http_error", status=status, detail=exc.detail, path=request.url.path)
    return problem_response(
        request,
        status=status,
        slug=_SLUG_BY_STATUS.get(status, "http-error" if status < 500 else "internal-error"),
        detail=str(exc.detail),
        headers=exc.headers,
    )


def handle_domain(request: Request[Any, Any, Any], exc: TollgateError) -> Response[Any]:
    status = status_for(exc)
    if status >= HTTP_500_INTERNAL_SERVER_ERROR:
        log.error("domain_error", error=type(exc).__name__, detail=exc.detail)
    return problem_response(
        request,
        status=status,
        slug=exc.problem_type,
        detail=exc.detail,
        title=exc.title,
        errors=exc.errors,
        headers=_headers_for(exc),
    )


def handle_database(request: Request[Any, Any, Any], exc: DBAPIError) -> Response[Any]:
    """Input the database refused (SQLSTATE class 22: a NUL byte, a number out of range) is the
    caller's problem (400 for a GET, 422 for a body), a violated constraint (class 23) a
    conflict; anything else is a bug."""
    sqlstate = str(getattr(exc.orig, "sqlstate", "") or "")
    if sqlstate.startswith("22"):
        # A read's only input is its query string: like any bad query parameter, a 400.
        return problem_response(
            request,
            status=HTTP_400_BAD_REQUEST
            if request.method == "GET"
            else HTTP_422_UNPROCESSABLE_ENTITY,
            slug="validation-error",
            detail="A value in the request cannot be stored (out of range or invalid characters)",
            title="Invalid input",
        )
    if sqlstate.startswith("23"):
        return problem_response(
            request,
            status=HTTP_409_CONFLICT,
            slug="conflict",
            detail="The change conflicts with existing data",
            title="Conflict",
        )
    return handle_unexpected(request, exc)


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    # A bug: log it whole, answer without internals.
    log.exception("unhandled_error", path=request.url.path, method=request.method)
    return problem_response(
        request,
        status=HTTP_500_INTERNAL_SERVER_ERROR,
        slug="internal-error",
        detail="An unexpected error occurred; it has been logged.",
    )


exception_handlers: ExceptionHandlersMap = {
    ValidationException: handle_validation,
    HTTPException: handle_http,
    TollgateError: handle_domain,
    DBAPIError: handle_database,
    Exception: handle_unexpected,
}
