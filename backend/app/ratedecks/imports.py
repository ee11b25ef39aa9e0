"""CSV rate imports: accepted by the API as a job, parsed and stored by a worker.

The import applies completely or not at all. With ``on_error="reject"`` any bad row fails the
job and nothing changes; with ``"skip"`` the good rows become the new version and the bad ones
are reported with their line numbers. Either way the result is a new deck version: calls
already authorized keep the version they were priced with. Once the version is committed it is
announced (``.announcements``) so every process drops the deck's older cached indexes.

``strip_prefix`` / ``add_prefix`` rewrite every prefix as it is read (a deck keyed by dialled
form, like UCRM's ``00145``, becomes E.164: ``145``); see ``.prefix_rewrite``.
"""

from __future__ import annotations

import asyncio
import datetime
import io
import uuid
from typing import Any, Literal

import redis
import structlog
import uuid_utils
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from app.db.models.job import Job
from app.db.models.rate_deck import RateDeck, RateDeckVersion
from app.jobs import service as jobs
from app.lib.errors import FieldError, InvalidInputError
from app.lib.scoping import bind_system
from app.ratedecks.announcements import publish_deck_version
from app.ratedecks.csv_parser import PRESETS, ColumnMapping, ParsedRate, parse_rates
from app.ratedecks.prefix_rewrite import MAX_REWRITE_DIGITS, PrefixRewrite
from app.worker.context import WorkerContext

log = structlog.get_logger(__name__)
JOB_KIND = "ratedecks.import"
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
OnError = Literal["reject", "skip"]
_RATE_COLUMNS = [
    "id",
    "owner_id",
    "reseller_id",
    "version_id",
    "prefix",
    "destination",
    "rate_per_minute",
    "connect_fee",
    "initial_block",
    "increment",
    "flat_price",
    "effective_from",
    "effective_until",
    "allowed",
    "late_billed",
]
_COPY_BATCH = 50_000


def check_upload(content: bytes, file_format: str) -> None:
    if file_format not in PRESETS:
        raise InvalidInputError(
            f"Unknown format {file_format!r}",
            errors=[FieldError(f"one of {', '.join(sorted(PRESETS))}", field="format")],
        )
    if not content.strip():
        raise InvalidInputError("The file is empty", errors=[FieldError("empty", field="file")])
    if len(content) > MAX_UPLOAD_BYTES:
        raise InvalidInputError(
            "The file is too large", errors=[FieldError("at most 64 MiB", field="file")]
        )


def prefix_rewrite(strip_prefix: str, add_prefix: str) -> PrefixRewrite | None:
    """The rewrite an import form asks for (None for none); bad digits name their field."""
    for field, value in (("strip_prefix", strip_prefix), ("add_prefix", add_prefix)):
        if value and not (value.isdigit() and value.isascii() and len(value) <= MAX_REWRITE_DIGITS):
            raise InvalidInputError(
                f"{field} must be up to {MAX_REWRITE_DIGITS} digits",
                errors=[FieldError(f"up to {MAX_REWRITE_DIGITS} digits", field=field)],
            )
    if not (strip_prefix or add_prefix):
        return None
    return PrefixRewrite(strip=strip_prefix, add=add_prefix)


def estimated_rows(content: bytes) -> int:
    return max(content.count(b"\n") - (0 if content.endswith(b"\n") else -1) - 1, 0)


def _parse(
    content: bytes, mapping: ColumnMapping, rewrite: PrefixRewrite | None, report: Any
) -> Any:
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    return parse_rates(text, mapping, on_progress=report, rewrite=rewrite)


def _records(
    rates: list[ParsedRate], owner: uuid.UUID, reseller: uuid.UUID | None, version_id: uuid.UUID
) -> list[tuple[Any, ...]]:
    return [
        (
            uuid.UUID(bytes=uuid_utils.uuid7().bytes),
            owner,
            reseller,
            version_id,
            r.prefix,
            r.destination,
            r.rate_per_minute,
            r.connect_fee,
            r.initial_block,
            r.increment,
            r.flat_price,
            r.effective_from,
            r.effective_until,
            r.allowed,
            r.late_billed,
        )
        for r in rates
    ]


async def _store(
    session: AsyncSession,
    deck_id: uuid.UUID,
    rates: list[ParsedRate],
    source: str,
    now: datetime.datetime,
    progress: Any,
) -> RateDeckVersion:
    deck = (
        await session.execute(select(RateDeck).where(RateDeck.id == deck_id).with_for_update())
    ).scalar_one()
    version = RateDeckVersion(
        deck_id=deck.id,
        version=deck.current_version + 1,
        created_at=now,
        rate_count=len(rates),
        source=source,
        owner_id=deck.owner_id,
        reseller_id=deck.reseller_id,
    )
    session.add(version)
    await session.flush()
    raw = (await (await session.connection()).get_raw_connection()).driver_connection
    assert raw is not None
    for start in range(0, len(rates), _COPY_BATCH):
        batch = _records(
            rates[start : start + _COPY_BATCH], deck.owner_id, deck.reseller_id, version.id
        )
        await raw.copy_records_to_table("rate", records=batch, columns=_RATE_COLUMNS)
        progress(min(start + _COPY_BATCH, len(rates)))
    deck.current_version = version.version
    return version


def _row_errors(result: Any) -> list[dict[str, Any]]:
    return [{"line": e.line, "field": e.field, "message": e.message} for e in result.errors]


async def run_import(context: WorkerContext, job_id: uuid.UUID) -> None:
    """The worker half: parse, decide, store — the job row says what happened."""
    sessions = context.sessions()
    settings = context.settings
    async with sessions() as session, session.begin():
        bind_system(session)
        job = await session.get(Job, job_id, options=[undefer(Job.payload)])
        if job is None or job.status != "queued":
            return  # a redelivered message for a job already taken: nothing to do
        job.status = "running"
        job.started_at = datetime.datetime.now(datetime.UTC)
        content, params = job.payload or b"", dict(job.parameters)

    def report(done: int) -> None:
        jobs.report_progress(context.redis, settings, job_id, done)

    try:
        stored = await _parse_and_store(context, job_id, content, params, report)
    except Exception as exc:
        # Record why on the job (never leave it "running"), then let the worker log it.
        await _mark_failed(context, job_id, f"The import stopped: {type(exc).__name__}: {exc}")
        raise
    if stored is not None:
        try:
            publish_deck_version(context.redis, settings, uuid.UUID(params["deck_id"]), stored)
        except redis.RedisError as exc:  # the import stands; other processes keep an old index
            log.warning("deck_version_not_announced", deck_id=params["deck_id"], error=str(exc))


async def _mark_failed(context: WorkerContext, job_id: uuid.UUID, detail: str) -> None:
    async with context.sessions()() as session, session.begin():
        bind_system(session)
        job = await session.get(Job, job_id)
        if job is not None:
            jobs.finish(
                job,
                status="failed",
                now=datetime.datetime.now(datetime.UTC),
                rows_done=job.rows_done,
                errors=job.errors,
                errors_truncated=False,
                detail=detail[:2000],
            )


async def _parse_and_store(
    context: WorkerContext,
    job_id: uuid.UUID,
    content: bytes,
    params: dict[str, Any],
    report: Any,
) -> int | None:
    """The version stored, or None when the job failed."""
    sessions = context.sessions()
    mapping = PRESETS[params["format"]]
    rewrite = prefix_rewrite(params.get("strip_prefix", ""), params.get("add_prefix", ""))
    result = await asyncio.to_thread(_parse, content, mapping, rewrite, report)
    errors = _row_errors(result)
    now = datetime.datetime.now(datetime.UTC)
    async with sessions() as session, session.begin():
        bind_system(session)
        job = await session.get(Job, job_id)
        assert job is not None
        rejected = result.file_rejected or params["on_error"] == "reject"
        if not result.ok and (rejected or not result.rates):
            jobs.finish(
                job,
                status="failed",
                now=now,
                rows_done=result.rows_total,
                errors=errors,
                errors_truncated=result.truncated_errors,
                detail=f"{result.rows_skipped} bad rows; nothing was imported",
            )
            return None
        version = await _store(
            session,
            uuid.UUID(params["deck_id"]),
            result.rates,
            f"import:{params['format']}",
            now,
            report,
        )
        jobs.finish(
            job,
            status="succeeded",
            now=now,
            rows_done=result.rows_total,
            errors=errors,
            errors_truncated=result.truncated_errors,
            result={
                "version": version.version,
                "rates": len(result.rates),
                "skipped": result.rows_skipped,
            },
        )
    return version.version
