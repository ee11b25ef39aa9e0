"""bundles: plan allowances and their usage, special-number rules, inbound pricing

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-23 11:16:54.479763
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_special_rate",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("pattern", sa.String(length=21), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("flat_price", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("rate_per_minute", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("connect_fee", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("initial_block", sa.Integer(), nullable=False),
        sa.Column("increment", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "direction IN ('outbound', 'inbound')", name=op.f("ck_plan_special_rate_direction")
        ),
        sa.CheckConstraint(
            "initial_block >= 0 AND increment >= 1", name=op.f("ck_plan_special_rate_blocks")
        ),
        sa.CheckConstraint(
            "rate_per_minute >= 0 AND connect_fee >= 0 AND (flat_price IS NULL OR flat_price >= 0)",
            name=op.f("ck_plan_special_rate_amounts"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_plan_special_rate_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
            name=op.f("fk_plan_special_rate_plan_id_plan"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_plan_special_rate_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_special_rate")),
        sa.UniqueConstraint(
            "plan_id", "direction", "pattern", name=op.f("uq_plan_special_rate_plan_id")
        ),
    )
    op.create_index(
        op.f("ix_plan_special_rate_owner_id"), "plan_special_rate", ["owner_id"], unique=False
    )
    op.create_index(
        op.f("ix_plan_special_rate_reseller_id"), "plan_special_rate", ["reseller_id"], unique=False
    )
    op.create_table(
        "plan_allowance",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "period IN ('daily', 'weekly', 'monthly')", name=op.f("ck_plan_allowance_period")
        ),
        sa.CheckConstraint("seconds > 0", name=op.f("ck_plan_allowance_seconds")),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["destination_group.id"],
            name=op.f("fk_plan_allowance_group_id_destination_group"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_plan_allowance_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
            name=op.f("fk_plan_allowance_plan_id_plan"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_plan_allowance_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_allowance")),
        sa.UniqueConstraint("plan_id", "group_id", name=op.f("uq_plan_allowance_plan_id")),
    )
    op.create_index(
        op.f("ix_plan_allowance_group_id"), "plan_allowance", ["group_id"], unique=False
    )
    op.create_index(
        op.f("ix_plan_allowance_owner_id"), "plan_allowance", ["owner_id"], unique=False
    )
    op.create_index(
        op.f("ix_plan_allowance_reseller_id"), "plan_allowance", ["reseller_id"], unique=False
    )
    op.create_table(
        "allowance_usage",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("allowance_id", sa.Uuid(), nullable=False),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_seconds", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("used_seconds >= 0", name=op.f("ck_allowance_usage_used")),
        sa.ForeignKeyConstraint(
            ["allowance_id"],
            ["plan_allowance.id"],
            name=op.f("fk_allowance_usage_allowance_id_plan_allowance"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_allowance_usage_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_allowance_usage_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allowance_usage")),
        sa.UniqueConstraint(
            "owner_id", "allowance_id", "period_start", name=op.f("uq_allowance_usage_owner_id")
        ),
    )
    op.create_index(
        op.f("ix_allowance_usage_allowance_id"), "allowance_usage", ["allowance_id"], unique=False
    )
    op.create_index(
        op.f("ix_allowance_usage_owner_id"), "allowance_usage", ["owner_id"], unique=False
    )
    op.create_index(
        op.f("ix_allowance_usage_reseller_id"), "allowance_usage", ["reseller_id"], unique=False
    )
    op.add_column(
        "plan",
        sa.Column("inbound_rate_per_minute", sa.Numeric(precision=18, scale=6), nullable=True),
    )
    op.add_column(
        "plan",
        sa.Column(
            "inbound_connect_fee",
            sa.Numeric(precision=18, scale=6),
            server_default="0",
            nullable=False,
        ),
    )
    op.add_column(
        "plan", sa.Column("inbound_initial_block", sa.Integer(), server_default="1", nullable=False)
    )
    op.add_column(
        "plan", sa.Column("inbound_increment", sa.Integer(), server_default="1", nullable=False)
    )
    op.create_check_constraint(
        op.f("ck_plan_inbound"),
        "plan",
        "inbound_rate_per_minute IS NULL OR (inbound_rate_per_minute >= 0 AND "
        "inbound_connect_fee >= 0 AND inbound_initial_block >= 0 AND inbound_increment >= 1)",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_plan_inbound"), "plan", type_="check")
    op.drop_column("plan", "inbound_increment")
    op.drop_column("plan", "inbound_initial_block")
    op.drop_column("plan", "inbound_connect_fee")
    op.drop_column("plan", "inbound_rate_per_minute")
    op.drop_index(op.f("ix_allowance_usage_reseller_id"), table_name="allowance_usage")
    op.drop_index(op.f("ix_allowance_usage_owner_id"), table_name="allowance_usage")
    op.drop_index(op.f("ix_allowance_usage_allowance_id"), table_name="allowance_usage")
    op.drop_table("allowance_usage")
    op.drop_index(op.f("ix_plan_allowance_reseller_id"), table_name="plan_allowance")
    op.drop_index(op.f("ix_plan_allowance_owner_id"), table_name="plan_allowance")
    op.drop_index(op.f("ix_plan_allowance_group_id"), table_name="plan_allowance")
    op.drop_table("plan_allowance")
    op.drop_index(op.f("ix_plan_special_rate_reseller_id"), table_name="plan_special_rate")
    op.drop_index(op.f("ix_plan_special_rate_owner_id"), table_name="plan_special_rate")
    op.drop_table("plan_special_rate")
