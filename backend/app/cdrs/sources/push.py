"""FreeSWITCH / FusionPBX pushes: ``POST /api/v1/cdr-sources/{id}/freeswitch``.

mod_json_cdr posts each call as it hangs up; the records go through the same pipeline as every
import (own, filter, rate, store, charge) in the request, so the PBX learns at once whether its
record was taken (2xx) or refused (4xx: it keeps and retries it). The route is public to the
platform's login: the source's ingest token authenticates, as HTTP Basic (mod_json_cdr's
``cred`` = ``<anything>:<token>``) or ``Authorization: Bearer <token>``. A duplicate (same
uuid) is answered 200 and stored once; a bad document is a 400 naming its field.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import uuid
from typing import Any

import uuid_utils
from litestar import Controller, Request, post
from litestar.exceptions import ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from app.cdrs.ingest import IngestTarget, ingest
from app.cdrs.sources.freeswitch import RecordError, decode_body, is_b_leg, parse_document
from app.cdrs.sources.service import token_matches
from app.db.models.cdr_source import CdrSource
from app.db.models.user import User
from app.lib.access import PUBLIC
from app.lib.errors import AuthenticationError, ConflictError, NotFoundError
from app.lib.scoping import bind_system
from app.server.dependencies import SessionMaker

MAX_DOCUMENTS = 1000
MAX_BODY = 8 * 1024 * 1024


def presented_token(request: Request[Any, Any, Any]) -> str | None:
    """The token of ``Authorization: Basic`` (its password) or ``Bearer``."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer" and value:
        return value
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2] or None
    return None


def _bad(field: str, message: str) -> ValidationException:
    return ValidationException(
        f"Invalid value for {field!r}: {message}",
        extra=[{"key": field, "message": message, "source": "body"}],
    )


def _documents(body: bytes, content_type: str) -> list[Any]:
    try:
        decoded = decode_body(body, content_type)
    except RecordError as exc:
        raise _bad(exc.field, exc.message) from exc
    documents = decoded if isinstance(decoded, list) else [decoded]
    if not 1 <= len(documents) <= MAX_DOCUMENTS:
        raise _bad("body", f"1 to {MAX_DOCUMENTS} documents")
    return documents


class FreeswitchPushController(Controller):
    path = "/api/v1/cdr-sources"
    tags = ("cdr-sources",)

    @post(
        "/{source_id:uuid}/freeswitch",
        opt={"access": PUBLIC},
        status_code=HTTP_200_OK,
        operation_id="pushFreeswitchCdr",
        request_max_body_size=MAX_BODY,
        security=[{"BasicAuth": []}],
        responses={
            400: ResponseSpec(None, description="A document is not a usable CDR (problem)."),
            404: ResponseSpec(None, description="No FreeSWITCH source with this id (problem)."),
        },
    )
    async def push(
        self,
        request: Request[Any, Any, Any],
        session_maker: SessionMaker,
        source_id: FromPath[uuid.UUID],
    ) -> dict[str, Any]:
        """Store mod_json_cdr documents (one, or a JSON array of up to 1,000) of a FreeSWITCH
        source. Authenticate with the source's ingest token (Basic password or Bearer)."""
        token = presented_token(request)
        body = await request.body()
        async with session_maker() as session, session.begin():
            bind_system(session)
            source = await session.get(CdrSource, source_id)
            if source is None or source.kind != "freeswitch":
                raise NotFoundError(f"No FreeSWITCH CDR source {source_id}")
            if token is None or not token_matches(source, token):
                raise AuthenticationError("Send the source's ingest token (Basic or Bearer)")
            if not source.enabled:
                raise ConflictError("This CDR source is disabled")
            return await _store(session, source, _documents(body, request.content_type[0]))


async def _store(session: AsyncSession, source: CdrSource, documents: list[Any]) -> dict[str, Any]:
    records = []
    legs = 0
    for position, document in enumerate(documents, 1):
        if is_b_leg(document):
            legs += 1
            continue
        try:
            records.append(parse_document(document, source.timezone, position))
        except RecordError as exc:
            prefix = f"[{position - 1}]." if len(documents) > 1 else ""
            raise _bad(prefix + exc.field, exc.message) from exc
    owner = await session.get(User, source.owner_id)
    assert owner is not None  # the foreign key keeps the source's owner
    now = datetime.datetime.now(datetime.UTC)
    batch = uuid.UUID(bytes=uuid_utils.uuid7().bytes)
    target = IngestTarget(
        source=source.name,
        importer=owner,
        batch_key=f"cdr_push:{batch}",
        now=now,
        source_id=source.id,
        reference={"source_id": str(source.id), "push_id": str(batch)},
    )
    result = await ingest(session, records, target)
    source.last_run_at, source.last_status, source.last_detail = now, "ok", None
    return {**result, "b_legs_skipped": legs}
