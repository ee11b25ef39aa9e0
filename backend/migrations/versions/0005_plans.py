"""plans and a client's plan

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 07:55:16.555675
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.Column("country_code", sa.String(length=4), nullable=False),
        sa.Column("exit_code", sa.String(length=4), nullable=False),
        sa.Column("trunk_prefix", sa.String(length=2), nullable=False),
        sa.Column("markup_percent", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.Column("markup_per_minute", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("international_markup_percent", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.Column("billing_initial_block", sa.Integer(), nullable=True),
        sa.Column("billing_increment", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(billing_initial_block IS NULL) = (billing_increment IS NULL)",
            name=op.f("ck_plan_billing_mode"),
        ),
        sa.CheckConstraint(
            "markup_percent >= 0 AND markup_per_minute >= 0 AND international_markup_percent >= 0",
            name=op.f("ck_plan_markups"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_plan_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_plan_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
    )
    op.create_index(op.f("ix_plan_owner_id"), "plan", ["owner_id"], unique=False)
    op.create_index(op.f("ix_plan_reseller_id"), "plan", ["reseller_id"], unique=False)
    op.create_table(
        "plan_deck",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("deck_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["deck_id"],
            ["rate_deck.id"],
            name=op.f("fk_plan_deck_deck_id_rate_deck"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_deck_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_deck")),
        sa.UniqueConstraint("plan_id", "position", name=op.f("uq_plan_deck_plan_id")),
    )
    op.create_index(op.f("ix_plan_deck_deck_id"), "plan_deck", ["deck_id"], unique=False)
    op.create_index(op.f("ix_plan_deck_plan_id"), "plan_deck", ["plan_id"], unique=False)
    op.add_column("user_account", sa.Column("plan_id", sa.Uuid(), nullable=True))
    op.create_index(op.f("ix_user_account_plan_id"), "user_account", ["plan_id"], unique=False)
    op.create_foreign_key(
        op.f("fk_user_account_plan_id_plan"),
        "user_account",
        "plan",
        ["plan_id"],
        ["id"],
        ondelete="RESTRICT",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("fk_user_account_plan_id_plan"), "user_account", type_="foreignkey")
    op.drop_index(op.f("ix_user_account_plan_id"), table_name="user_account")
    op.drop_column("user_account", "plan_id")
    op.drop_index(op.f("ix_plan_deck_plan_id"), table_name="plan_deck")
    op.drop_index(op.f("ix_plan_deck_deck_id"), table_name="plan_deck")
    op.drop_table("plan_deck")
    op.drop_index(op.f("ix_plan_reseller_id"), table_name="plan")
    op.drop_index(op.f("ix_plan_owner_id"), table_name="plan")
    op.drop_table("plan")
