"""rate decks, versions, rates and jobs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 07:07:12.200756
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("errors", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("errors_truncated", sa.Boolean(), nullable=False),
        sa.Column("parameters", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("result", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("detail", sa.String(length=2000), nullable=True),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed')", name=op.f("ck_job_status")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_job_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_job_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    op.create_index(op.f("ix_job_kind"), "job", ["kind"], unique=False)
    op.create_index(op.f("ix_job_owner_id"), "job", ["owner_id"], unique=False)
    op.create_index(op.f("ix_job_reseller_id"), "job", ["reseller_id"], unique=False)
    op.create_table(
        "rate_deck",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('sell', 'buy')", name=op.f("ck_rate_deck_kind")),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_rate_deck_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_rate_deck_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_deck")),
    )
    op.create_index(op.f("ix_rate_deck_owner_id"), "rate_deck", ["owner_id"], unique=False)
    op.create_index(op.f("ix_rate_deck_reseller_id"), "rate_deck", ["reseller_id"], unique=False)
    op.create_table(
        "rate_deck_version",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("deck_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rate_count", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["deck_id"],
            ["rate_deck.id"],
            name=op.f("fk_rate_deck_version_deck_id_rate_deck"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_rate_deck_version_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_rate_deck_version_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_deck_version")),
        sa.UniqueConstraint("deck_id", "version", name=op.f("uq_rate_deck_version_deck_id")),
    )
    op.create_index(
        op.f("ix_rate_deck_version_deck_id"), "rate_deck_version", ["deck_id"], unique=False
    )
    op.create_index(
        op.f("ix_rate_deck_version_owner_id"), "rate_deck_version", ["owner_id"], unique=False
    )
    op.create_index(
        op.f("ix_rate_deck_version_reseller_id"), "rate_deck_version", ["reseller_id"], unique=False
    )
    op.create_table(
        "rate",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("prefix", sa.String(length=20), nullable=False),
        sa.Column("destination", sa.String(length=200), nullable=False),
        sa.Column("rate_per_minute", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("connect_fee", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("initial_block", sa.Integer(), nullable=False),
        sa.Column("increment", sa.Integer(), nullable=False),
        sa.Column("flat_price", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("effective_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("effective_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("band_days", sa.SmallInteger(), nullable=True),
        sa.Column("band_start", sa.Time(), nullable=True),
        sa.Column("band_end", sa.Time(), nullable=True),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.Column("late_billed", sa.Boolean(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.CheckConstraint("initial_block >= 0 AND increment >= 1", name=op.f("ck_rate_blocks")),
        sa.CheckConstraint(
            "rate_per_minute >= 0 AND connect_fee >= 0", name=op.f("ck_rate_amounts")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_rate_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_rate_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["rate_deck_version.id"],
            name=op.f("fk_rate_version_id_rate_deck_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate")),
    )
    op.create_index(op.f("ix_rate_owner_id"), "rate", ["owner_id"], unique=False)
    op.create_index(op.f("ix_rate_reseller_id"), "rate", ["reseller_id"], unique=False)
    op.create_index("ix_rate_version_prefix", "rate", ["version_id", "prefix"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_rate_version_prefix", table_name="rate")
    op.drop_index(op.f("ix_rate_reseller_id"), table_name="rate")
    op.drop_index(op.f("ix_rate_owner_id"), table_name="rate")
    op.drop_table("rate")
    op.drop_index(op.f("ix_rate_deck_version_reseller_id"), table_name="rate_deck_version")
    op.drop_index(op.f("ix_rate_deck_version_owner_id"), table_name="rate_deck_version")
    op.drop_index(op.f("ix_rate_deck_version_deck_id"), table_name="rate_deck_version")
    op.drop_table("rate_deck_version")
    op.drop_index(op.f("ix_rate_deck_reseller_id"), table_name="rate_deck")
    op.drop_index(op.f("ix_rate_deck_owner_id"), table_name="rate_deck")
    op.drop_table("rate_deck")
    op.drop_index(op.f("ix_job_reseller_id"), table_name="job")
    op.drop_index(op.f("ix_job_owner_id"), table_name="job")
    op.drop_index(op.f("ix_job_kind"), table_name="job")
    op.drop_table("job")
