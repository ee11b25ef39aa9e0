"""custom rates, offers and reseller margins

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 08:07:22.351883
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "custom_rate",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("prefix", sa.String(length=20), nullable=False),
        sa.Column("destination", sa.String(length=200), nullable=False),
        sa.Column("rate_per_minute", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("connect_fee", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("initial_block", sa.Integer(), nullable=False),
        sa.Column("increment", sa.Integer(), nullable=False),
        sa.Column("flat_price", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "initial_block >= 0 AND increment >= 1", name=op.f("ck_custom_rate_blocks")
        ),
        sa.CheckConstraint(
            "rate_per_minute >= 0 AND connect_fee >= 0", name=op.f("ck_custom_rate_amounts")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_custom_rate_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_custom_rate_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_rate")),
        sa.UniqueConstraint("owner_id", "prefix", name=op.f("uq_custom_rate_owner_id")),
    )
    op.create_index(op.f("ix_custom_rate_owner_id"), "custom_rate", ["owner_id"], unique=False)
    op.create_index(
        op.f("ix_custom_rate_reseller_id"), "custom_rate", ["reseller_id"], unique=False
    )
    op.create_table(
        "offer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("prefix", sa.String(length=20), nullable=False),
        sa.Column("destination", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("expires_at > starts_at", name=op.f("ck_offer_window")),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_offer_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_offer_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer")),
    )
    op.create_index(op.f("ix_offer_owner_id"), "offer", ["owner_id"], unique=False)
    op.create_index(op.f("ix_offer_reseller_id"), "offer", ["reseller_id"], unique=False)
    op.add_column(
        "user_account",
        sa.Column(
            "margin_percent", sa.Numeric(precision=9, scale=4), nullable=False, server_default="0"
        ),
    )


def downgrade() -> None:
    op.drop_column("user_account", "margin_percent")
    op.drop_index(op.f("ix_offer_reseller_id"), table_name="offer")
    op.drop_index(op.f("ix_offer_owner_id"), table_name="offer")
    op.drop_table("offer")
    op.drop_index(op.f("ix_custom_rate_reseller_id"), table_name="custom_rate")
    op.drop_index(op.f("ix_custom_rate_owner_id"), table_name="custom_rate")
    op.drop_table("custom_rate")
