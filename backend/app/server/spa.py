"""Serving the built web app (frontend/dist) at ``/``, with client-side routing.

A GET for a file that exists in the build is that file; any other GET outside the API's own
prefixes is ``index.html``, so a reload on ``/users?page=2`` lands in the app. API prefixes keep
answering problem-details 404s.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Router, get
from litestar.response import File, Response

from app.lib.access import PUBLIC
from app.lib.errors import NotFoundError

RESERVED_PREFIXES = (
    "api/",
    "internal/",
    "graphql",
    "schema",
    "oauth/",
    "metrics",
    "health",
    "ready",
)
_NO_CACHE = {"Cache-Control": "no-cache"}
_IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}


def spa_router(dist: Path) -> Router | None:
    """Routes serving ``dist``, or None when the web app has not been built."""
    index = dist / "index.html"
    if not index.is_file():
        return None
    root = dist.resolve()

    @get(["/", "/{path:path}"], include_in_schema=False, sync_to_thread=False)
    def serve(path: str = "/") -> Response[bytes] | File:
        relative = path.lstrip("/")
        if relative.startswith(RESERVED_PREFIXES):
            raise NotFoundError(f"No route {path}")
        candidate = (root / relative).resolve()
        if relative and candidate.is_file() and candidate.is_relative_to(root):
            headers = _IMMUTABLE if relative.startswith("assets/") else _NO_CACHE
            # inline, with a filename: the media type comes from the name (text/javascript for
            # .js) — without it browsers get octet-stream "attachments" and refuse to run them.
            return File(
                candidate,
                filename=candidate.name,
                content_disposition_type="inline",
                headers=headers,
            )
        return Response(index.read_bytes(), media_type="text/html", headers=_NO_CACHE)

    return Router("/", route_handlers=[serve], opt={"access": PUBLIC}, include_in_schema=False)
