"""Background jobs the API starts and the worker runs, with progress and a row error report."""

from __future__ import annotations

import datetime
from typing import Any

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import CheckConstraint, Integer, LargeBinary, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase

JOB_STATUSES = ("queued", "running", "succeeded", "failed")


class Job(UUIDv7AuditBase, TenantOwned):
    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed')", name="status"),
    )

    kind: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    rows_total: Mapped[int | None] = mapped_column(Integer)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    """Row errors so far: {line, field, message}, capped (see ``errors_truncated``)."""
    errors_truncated: Mapped[bool] = mapped_column(default=False)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    detail: Mapped[str | None] = mapped_column(String(2000))
    """Why a job failed, for a human."""
    payload: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    """The uploaded file, until the job has consumed it."""
    started_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    finished_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
