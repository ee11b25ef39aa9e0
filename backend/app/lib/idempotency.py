"""Stripe-style ``Idempotency-Key`` for operations that move money.

A POST that sends ``Idempotency-Key: <key>`` (1-255 characters) runs at most once per caller,
operation and key:

- the first request claims the key by inserting an ``idempotency_record`` row in its own,
  committed transaction; its response (status and body) is stored in that row **in the same
  transaction as the operation's effect**, so the effect and the stored response exist together
  or not at all;
- the same key with the same request again replays the stored response, with
  ``Idempotent-Replayed: true``;
- the same key with a different request (method, path, query or JSON body) is a 422 problem
  naming the header;
- the same key while the first request is still in flight is a 409 problem, with no second
  effect;
- when the first request fails (any exception: a 4xx or 5xx problem), the claim is released so
  the client may retry with the same key. A claim whose request died without releasing it (the
  process was killed) is taken over after :data:`ABANDONED_AFTER`; the original request, if it
  were somehow still running, then fails to store its response and rolls back (the record's row
  is the fence).

Records are purged after :data:`RETENTION` (the ``billing.purge_idempotency_keys`` job). A
handler opts in by taking the ``idempotency`` dependency and returning
``await idempotency.respond(operation, status_code=...)`` (docs/ledger.md shows one).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Annotated, Any, Final, TypeVar

import structlog
from litestar import Request, Response
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.enums import MediaType
from litestar.params import HeaderParameter
from litestar.serialization import encode_json
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.models.billing import IdempotencyRecord
from app.lib.access import Principal
from app.lib.errors import ConflictError, FieldError, InvalidInputError
from app.lib.scoping import bind_system

log = structlog.get_logger(__name__)

T = TypeVar("T")

HEADER: Final = "Idempotency-Key"
REPLAYED_HEADER: Final = "Idempotent-Replayed"
RETENTION: Final = datetime.timedelta(hours=24)
ABANDONED_AFTER: Final = datetime.timedelta(seconds=30)

IdempotencyKeyHeader = Annotated[
    str | None,
    HeaderParameter(
        name=HEADER,
        min_length=1,
        max_length=255,
        required=False,
        description=(
            "Optional. Send the same key to retry safely: the first response is replayed "
            "(with `Idempotent-Replayed: true`); the key with a different request is a 422; "
            "while the first is in flight, a 409. Keys are kept 24 hours."
        ),
    ),
]

REPLAYED_RESPONSE_HEADER = ResponseHeader(
    name=REPLAYED_HEADER,
    description="`true` when this is the stored response to an earlier request with this key.",
    required=False,
    documentation_only=True,
)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _canonical_body(raw: bytes) -> bytes:
    """JSON bodies compare by meaning (key order and spacing do not matter); others byte-wise."""
    try:
        parsed = json.loads(raw, parse_float=Decimal)
    except ValueError:
        return raw
    return json.dumps(parsed, sort_keys=True, separators=(",", ":"), default=str).encode()


def _caller(principal: Principal) -> str:
    if principal.credential_id is not None:
        return f"{principal.via}:{principal.credential_id}"
    return f"user:{principal.user_id}"


class Idempotency:
    """The ``Idempotency-Key`` of one request, and the way to run its operation at most once."""

    def __init__(
        self,
        request: Request[Any, Any, Any],
        session: AsyncSession,
        sessions: async_sessionmaker[AsyncSession],
        principal: Principal,
        key: str | None,
    ) -> None:
        self.key = key
        self._request = request
        self._session = session
        self._sessions = sessions
        handler = request.route_handler
        operation = handler.operation_id if isinstance(handler.operation_id, str) else None
        operation = operation or handler.handler_name
        self.scope = f"{_caller(principal)}:{operation}"[:100]

    def derived_key(self, prefix: str = "request") -> str:
        """A key for a row the operation writes (e.g. a ledger entry's ``idempotency_key``):
        derived from the header's key when one was sent, so the row is written once even after
        the stored response expired; a fresh one otherwise."""
        if self.key is None:
            return f"{prefix}:{uuid.uuid4()}"
        digest = hashlib.sha256(f"{self.scope}\x00{self.key}".encode()).hexdigest()
        return f"{prefix}:{digest}"

    async def respond(
        self, operation: Callable[[], Awaitable[T]], *, status_code: int = 200
    ) -> Response[Any]:
        """Run ``operation`` (which must write only through the request's session) once per key,
        and answer its result as JSON with ``status_code`` — or the stored answer."""
        if self.key is None:
            return Response(await operation(), status_code=status_code)
        claim = await self._claim(await self._request_hash())
        if isinstance(claim, Response):
            return claim
        try:
            body = encode_json(await operation())
            await self._complete(claim, status_code, body)
        except BaseException:
            await self._release(claim)
            raise
        return Response(body, status_code=status_code, media_type=MediaType.JSON)

    async def _request_hash(self) -> str:
        request = self._request
        digest = hashlib.sha256()
        for part in (request.method, request.url.path, request.url.query or ""):
            digest.update(part.encode() + b"\x00")
        digest.update(_canonical_body(await request.body()))
        return digest.hexdigest()

    async def _claim(self, request_hash: str) -> uuid.UUID | Response[Any]:
        """Insert the key's record (committed at once), or say why the key is not ours."""
        assert self.key is not None
        async with self._sessions() as session:
            bind_system(session)
            for _ in range(3):
                now = _now()
                claimed = await session.execute(
                    insert(IdempotencyRecord)
                    .values(
                        scope=self.scope, key=self.key, request_hash=request_hash, created_at=now
                    )
                    .on_conflict_do_nothing(index_elements=["scope", "key"])
                    .returning(IdempotencyRecord.id)
                )
                claim_id = claimed.scalar_one_or_none()
                await session.commit()
                if claim_id is not None:
                    return claim_id
                record = await self._existing(session)
                if record is None:
                    continue  # released in the meantime: claim it now
                if record.request_hash != request_hash:
                    raise InvalidInputError(
                        f"This {HEADER} was used with a different request",
                        errors=[FieldError("reused with another request", HEADER, source="header")],
                    )
                if record.status_code is not None:
                    return _replay(record)
                if record.created_at > now - ABANDONED_AFTER:
                    raise ConflictError(f"A request with this {HEADER} is still in progress")
                await self._take_over(session, record.id)
        raise ConflictError(f"A request with this {HEADER} is still in progress")

    async def _existing(self, session: AsyncSession) -> IdempotencyRecord | None:
        query = select(IdempotencyRecord).where(
            IdempotencyRecord.scope == self.scope, IdempotencyRecord.key == self.key
        )
        record = (await session.execute(query)).scalar_one_or_none()
        await session.commit()
        return record

    @staticmethod
    async def _take_over(session: AsyncSession, record_id: uuid.UUID) -> None:
        # Only a claim still without a response goes: a completing request holds the row's lock
        # until it commits, after which this no longer matches.
        await session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.id == record_id, IdempotencyRecord.status_code.is_(None)
            )
        )
        await session.commit()
        log.warning("idempotency_claim_taken_over", record_id=str(record_id))

    async def _complete(self, claim: uuid.UUID, status_code: int, body: bytes) -> None:
        """Store the response in the operation's own transaction (the request's session)."""
        result = await self._session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.id == claim, IdempotencyRecord.status_code.is_(None))
            .values(status_code=status_code, response_body=body, media_type=MediaType.JSON.value)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            raise ConflictError(f"The claim on this {HEADER} was lost; retry with the same key")

    async def _release(self, claim: uuid.UUID) -> None:
        try:
            async with self._sessions() as session:
                bind_system(session)
                await session.execute(
                    delete(IdempotencyRecord).where(
                        IdempotencyRecord.id == claim, IdempotencyRecord.status_code.is_(None)
                    )
                )
                await session.commit()
        except SQLAlchemyError as exc:  # the claim is then taken over after ABANDONED_AFTER
            log.warning("idempotency_release_failed", record_id=str(claim), error=str(exc))


def _replay(record: IdempotencyRecord) -> Response[Any]:
    return Response(
        record.response_body or b"",
        status_code=record.status_code or 200,
        media_type=record.media_type or MediaType.JSON.value,
        headers={REPLAYED_HEADER: "true"},
    )


async def provide_idempotency(
    request: Request[Any, Any, Any],
    session: NamedDependency[AsyncSession],
    session_maker: NamedDependency[async_sessionmaker[AsyncSession]],
    principal: NamedDependency[Principal],
    idempotency_key: IdempotencyKeyHeader = None,
) -> Idempotency:
    """The ``idempotency`` dependency (registered app-wide by the server plugin)."""
    return Idempotency(request, session, session_maker, principal, idempotency_key)


async def purge_expired(session: AsyncSession, now: datetime.datetime) -> int:
    """Delete the records older than :data:`RETENTION`; return how many went."""
    result = await session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.created_at < now - RETENTION)
    )
    return int(getattr(result, "rowcount", 0))
