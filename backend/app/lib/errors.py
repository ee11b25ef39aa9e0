"""The one tree of domain errors.

Services raise these where a rule lives; ``app.server.exceptions`` is the only place that turns
them into HTTP statuses and RFC 9457 problem details. ``problem_type`` is the stable slug that
ends the problem ``type`` URI (docs/errors.md lists them); it never changes once published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class FieldError:
    """One offending input: a field (dotted path) or a CSV line, and what is wrong with it."""

    message: str
    field: str | None = None
    line: int | None = None
    source: str | None = None


class TollgateError(Exception):
    """Base of every error a Tollgate service raises on purpose."""

    problem_type: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Internal error"

    def __init__(self, detail: str, *, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class InvalidInputError(TollgateError):
    problem_type = "validation-error"
    title = "Invalid input"


class NotFoundError(TollgateError):
    problem_type = "not-found"
    title = "Not found"


class ConflictError(TollgateError):
    problem_type = "conflict"
    title = "Conflict"


class AuthenticationError(TollgateError):
    problem_type = "unauthenticated"
    title = "Authentication required"


class PermissionDeniedError(TollgateError):
    problem_type = "forbidden"
    title = "Forbidden"


class RateLimitedError(TollgateError):
    problem_type = "rate-limited"
    title = "Too many requests"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class ServiceUnavailableError(TollgateError):
    problem_type = "service-unavailable"
    title = "Service unavailable"
