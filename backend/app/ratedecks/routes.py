"""REST surface of rate decks: /api/v1/rate-decks, imports, and /api/v1/rating/quote."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec
from litestar import Controller, delete, get, patch, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, FromQuery, JSONBody, MultipartBody, QueryParameter
from litestar.status_codes import HTTP_202_ACCEPTED

from app.db.models.rate_deck import RateDeck
from app.jobs import service as jobs
from app.jobs.routes import JobRead, job_read
from app.lib.access import STAFF, requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.ratedecks import imports, service
from app.ratedecks.quote import quote_call
from app.ratedecks.schemas import (
    DeckCreate,
    DeckRead,
    DeckUpdate,
    Quote,
    QuoteRequest,
    RateRead,
    VersionRead,
)
from app.server.dependencies import (
    BrokerDep,
    CurrentActor,
    CurrentPrincipal,
    ScopedSession,
    SettingsDep,
)
from app.worker.broker import enqueue

DeckId = FromPath[uuid.UUID]
_READ = requires("rates:read", roles=STAFF, resource="rate_deck")
_WRITE = requires("rates:write", roles=STAFF, resource="rate_deck")


def deck_read(deck: RateDeck) -> DeckRead:
    return msgspec.convert(deck, DeckRead, from_attributes=True)


@dataclass
class ImportForm:
    """A rate CSV and how to read it. ``strip_prefix``/``add_prefix`` rewrite every prefix
    (a leading ``strip_prefix`` is removed, then ``add_prefix`` put in front), e.g. strip
    ``00`` turns a deck keyed by dialled form (UCRM's ``00145``) into E.164 (``145``)."""

    file: UploadFile
    format: Literal["cellhub", "ictvoip", "ucrm"] = "cellhub"
    on_error: Literal["reject", "skip"] = "reject"
    strip_prefix: str = ""
    add_prefix: str = ""


class RateDeckController(Controller):
    path = "/api/v1/rate-decks"
    tags = ("rates",)

    @get("/", opt=requires("rates:read", roles=STAFF), operation_id="listRateDecks")
    async def list_decks(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        kind: FromQuery[Literal["sell", "buy"] | None] = None,
        search: Annotated[str | None, QueryParameter(max_length=200)] = None,
    ) -> Page[DeckRead]:
        decks, total = await service.list_decks(
            session, limit=limit, offset=offset, kind=kind, search=search
        )
        return Page([deck_read(d) for d in decks], total=total, limit=limit, offset=offset)

    @post("/", opt=requires("rates:write", roles=STAFF), operation_id="createRateDeck")
    async def create_deck(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        data: JSONBody[DeckCreate],
    ) -> DeckRead:
        return deck_read(await service.create_deck(session, actor, principal, data))

    @get("/{deck_id:uuid}", opt=_READ, operation_id="getRateDeck")
    async def get_deck(self, session: ScopedSession, deck_id: DeckId) -> DeckRead:
        return deck_read(await service.get_deck(session, deck_id))

    @patch("/{deck_id:uuid}", opt=_WRITE, operation_id="updateRateDeck")
    async def update_deck(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        deck_id: DeckId,
        data: JSONBody[DeckUpdate],
    ) -> DeckRead:
        return deck_read(await service.update_deck(session, actor, deck_id, data))

    @delete("/{deck_id:uuid}", opt=_WRITE, operation_id="deleteRateDeck")
    async def delete_deck(
        self, session: ScopedSession, actor: CurrentActor, deck_id: DeckId
    ) -> None:
        await service.delete_deck(session, actor, deck_id)

    @get("/{deck_id:uuid}/versions", opt=_READ, operation_id="listRateDeckVersions")
    async def versions(self, session: ScopedSession, deck_id: DeckId) -> list[VersionRead]:
        """Every version, newest first. Each import makes a new one; old ones stay readable."""
        rows = await service.list_versions(session, deck_id)
        return [msgspec.convert(v, VersionRead, from_attributes=True) for v in rows]

    @get("/{deck_id:uuid}/rates", opt=_READ, operation_id="listRates")
    async def rates(
        self,
        session: ScopedSession,
        deck_id: DeckId,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        version: Annotated[int | None, QueryParameter(ge=1)] = None,
        search: Annotated[str | None, QueryParameter(max_length=200)] = None,
    ) -> Page[RateRead]:
        """Rates of the current (or a given) version, by prefix; search by prefix or name."""
        rows, total = await service.list_rates(
            session, deck_id, version=version, search=search, limit=limit, offset=offset
        )
        items = [msgspec.convert(r, RateRead, from_attributes=True) for r in rows]
        return Page(items, total=total, limit=limit, offset=offset)

    @post(
        "/{deck_id:uuid}/imports",
        opt=_WRITE,
        status_code=HTTP_202_ACCEPTED,
        operation_id="importRates",
        request_max_body_size=imports.MAX_UPLOAD_BYTES + 1024 * 1024,
    )
    async def import_rates(
        self,
        session: ScopedSession,
        principal: CurrentPrincipal,
        broker: BrokerDep,
        deck_id: DeckId,
        data: MultipartBody[ImportForm],
    ) -> JobRead:
        """Upload a rate CSV (CellHub, ictVoIP or UCRM columns). It runs as a job: poll
        GET /api/v1/jobs/{id} for progress and the line-numbered errors. ``on_error``: reject
        the whole file on any bad row, or skip bad rows and report them. ``strip_prefix`` /
        ``add_prefix`` rewrite prefixes to E.164 (a prefix left empty, or two rows rewritten to
        one prefix, is a bad row)."""
        deck = await service.get_deck(session, deck_id)
        content = await data.file.read()
        imports.check_upload(content, data.format)
        imports.prefix_rewrite(data.strip_prefix, data.add_prefix)
        job = await jobs.create_job(
            session,
            principal,
            imports.JOB_KIND,
            {
                "deck_id": str(deck.id),
                "format": data.format,
                "on_error": data.on_error,
                "filename": data.file.filename,
                "strip_prefix": data.strip_prefix,
                "add_prefix": data.add_prefix,
            },
            payload=content,
            rows_total=imports.estimated_rows(content),
        )
        await session.commit()  # the worker must see the job before it gets the message
        await asyncio.to_thread(enqueue, broker, "ratedecks.import_csv", str(job.id))
        return job_read(job)


class QuoteController(Controller):
    path = "/api/v1/rating"
    tags = ("rates",)

    @post(
        "/quote", opt=requires("rates:read", roles=STAFF), status_code=200, operation_id="quoteCall"
    )
    async def quote(
        self, session: ScopedSession, settings: SettingsDep, data: JSONBody[QuoteRequest]
    ) -> Quote:
        """What would this call cost? The full breakdown, priced by the rating engine."""
        return await quote_call(session, data)
