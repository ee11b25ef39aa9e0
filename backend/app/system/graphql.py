"""GraphQL surface of the system feature."""

from __future__ import annotations

import strawberry

from app import __version__


@strawberry.type(description="Service status.")
class SystemQuery:
    @strawberry.field(description="Liveness: always 'ok' while the process serves requests.")
    def health(self) -> str:
        return "ok"

    @strawberry.field(description="The running Tollgate version.")
    def version(self) -> str:
        return __version__
