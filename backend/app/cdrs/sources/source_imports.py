"""CSV uploads of a registered source: the saved mapping, date format and timezone apply.

The job is the CSV import's (``cdrs.import``, actor ``cdrs.import_csv``) with its parameters
taken from the source, so the file goes through the same parse → own → rate → store path.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Literal

from litestar.datastructures import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from app.cdrs import imports
from app.cdrs.sources.service import invalid
from app.db.models.cdr_source import CdrSource
from app.db.models.job import Job
from app.jobs import service as jobs
from app.lib.access import Principal
from app.ratedecks.imports import estimated_rows
from app.worker.broker import enqueue

FORMATS = {"csv": "generic", "master_csv": "asterisk_master"}


@dataclass
class SourceFileForm:
    """A CDR file of the source; ``on_error``: ``reject`` (default) or ``skip`` bad rows."""

    file: UploadFile
    on_error: Literal["reject", "skip"] = "reject"


def import_parameters(source: CdrSource, on_error: str) -> dict[str, Any]:
    """The CSV job's parameters for a file of ``source`` (what the upload form would say)."""
    file_format = FORMATS.get(source.kind)
    if file_format is None:
        raise invalid("kind", f"a {source.kind} source takes no file uploads (csv, master_csv)")
    columns = {name: column for name, column in (source.columns or {}).items() if column}
    return {
        "format": file_format,
        "source": source.name,
        "source_id": str(source.id),
        "on_error": on_error,
        "timezone": source.timezone,
        "date_format": source.date_format or imports.default_date_format(file_format),
        "columns": columns,
    }


async def start_import(
    session: AsyncSession,
    broker: Any,
    principal: Principal,
    source: CdrSource,
    content: bytes,
    on_error: str,
    filename: str | None,
) -> Job:
    parameters = import_parameters(source, on_error)
    imports.check_upload(content, source.name)
    job = await jobs.create_job(
        session,
        principal,
        imports.JOB_KIND,
        {**parameters, "filename": filename},
        payload=content,
        rows_total=estimated_rows(content)
        + (1 if parameters["format"] == "asterisk_master" else 0),
    )
    await session.commit()  # the worker must see the job before it gets the message
    await asyncio.to_thread(enqueue, broker, imports.ACTOR, str(job.id))
    return job
