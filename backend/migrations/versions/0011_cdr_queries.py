"""cdr queries: keyset/summary indexes and the re-rating history

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 09:00:00.000000

Indexes on the partitioned ``cdr`` are created on the parent, which creates (and attaches) one
per partition. PostgreSQL cannot ``CREATE INDEX CONCURRENTLY`` on a partitioned table; on a
large live store build each partition's index concurrently first, then ``CREATE INDEX ON ONLY
cdr`` and ``ALTER INDEX … ATTACH PARTITION`` (docs/cdrs.md, "Speed").
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_cdr_owner_started", table_name="cdr")
    op.drop_index("ix_cdr_reseller_started", table_name="cdr")
    op.create_index(
        "ix_cdr_owner_started",
        "cdr",
        ["owner_id", "started_at", "id"],
        unique=False,
        postgresql_include=["billable_seconds", "cost", "buy_cost", "currency"],
    )
    op.create_index(
        "ix_cdr_reseller_started", "cdr", ["reseller_id", "started_at", "id"], unique=False
    )
    op.create_index("ix_cdr_started", "cdr", ["started_at", "id"], unique=False)
    op.create_table(
        "cdr_rating_history",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cdr_id", sa.Uuid(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("old_rating_status", sa.String(length=16), nullable=False),
        sa.Column("old_cost", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("old_currency", sa.String(length=3), nullable=True),
        sa.Column("old_rate_id", sa.String(length=64), nullable=True),
        sa.Column("old_deck_id", sa.Uuid(), nullable=True),
        sa.Column("old_deck_version", sa.Integer(), nullable=True),
        sa.Column("old_matched_prefix", sa.String(length=20), nullable=True),
        sa.Column("old_breakdown", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("new_rating_status", sa.String(length=16), nullable=False),
        sa.Column("new_cost", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("new_deck_version", sa.Integer(), nullable=True),
        sa.Column("ledger_entry_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["job.id"],
            name=op.f("fk_cdr_rating_history_job_id_job"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_cdr_rating_history_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_cdr_rating_history_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cdr_rating_history")),
    )
    for column in ("cdr_id", "job_id", "owner_id", "reseller_id"):
        op.create_index(
            op.f(f"ix_cdr_rating_history_{column}"), "cdr_rating_history", [column], unique=False
        )


def downgrade() -> None:
    for column in ("reseller_id", "owner_id", "job_id", "cdr_id"):
        op.drop_index(op.f(f"ix_cdr_rating_history_{column}"), table_name="cdr_rating_history")
    op.drop_table("cdr_rating_history")
    op.drop_index("ix_cdr_started", table_name="cdr")
    op.drop_index("ix_cdr_reseller_started", table_name="cdr")
    op.drop_index("ix_cdr_owner_started", table_name="cdr")
    op.create_index("ix_cdr_owner_started", "cdr", ["owner_id", "started_at"], unique=False)
    op.create_index("ix_cdr_reseller_started", "cdr", ["reseller_id", "started_at"], unique=False)
