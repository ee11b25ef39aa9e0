"""invoicing: tenant invoicing profiles, recurring services and subscriptions, invoices,
invoice lines, billing runs; invoicing terms on billing accounts

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "billing_run",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=True),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("everyone", sa.Boolean(), nullable=False),
        sa.Column("client_ids", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("clients_total", sa.Integer(), nullable=False),
        sa.Column("clients_done", sa.Integer(), nullable=False),
        sa.Column("report", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("errors", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("detail", sa.String(length=2000), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed')",
            name=op.f("ck_billing_run_status"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_billing_run_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_billing_run_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_run")),
    )
    op.create_index(op.f("ix_billing_run_owner_id"), "billing_run", ["owner_id"], unique=False)
    op.create_index(
        op.f("ix_billing_run_reseller_id"), "billing_run", ["reseller_id"], unique=False
    )
    op.create_table(
        "invoicing_profile",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=1000), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("tax_id", sa.String(length=64), nullable=True),
        sa.Column("logo_url", sa.Text(), nullable=True),
        sa.Column("footer", sa.String(length=2000), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("invoice_prefix", sa.String(length=20), nullable=False),
        sa.Column("credit_note_prefix", sa.String(length=20), nullable=False),
        sa.Column("next_invoice_number", sa.Integer(), nullable=False),
        sa.Column("next_credit_note_number", sa.Integer(), nullable=False),
        sa.Column("usage_tax_rate", sa.Numeric(precision=7, scale=4), nullable=False),
        sa.Column("due_days", sa.Integer(), nullable=False),
        sa.Column("autobill_cron", sa.String(length=100), nullable=True),
        sa.Column("autobill_next_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("autobill_issue", sa.Boolean(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "next_invoice_number >= 1 AND next_credit_note_number >= 1",
            name=op.f("ck_invoicing_profile_counters"),
        ),
        sa.CheckConstraint(
            "usage_tax_rate >= 0 AND due_days >= 0", name=op.f("ck_invoicing_profile_terms")
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_invoicing_profile_reseller_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoicing_profile")),
        sa.UniqueConstraint(
            "reseller_id",
            name=op.f("uq_invoicing_profile_reseller_id"),
            postgresql_nulls_not_distinct=True,
        ),
    )
    op.create_index(
        op.f("ix_invoicing_profile_autobill_next_at"),
        "invoicing_profile",
        ["autobill_next_at"],
        unique=False,
    )
    op.create_table(
        "recurring_service",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.Column("price", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("cycle", sa.String(length=16), nullable=False),
        sa.Column("tax_rate", sa.Numeric(precision=7, scale=4), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "cycle IN ('monthly', 'quarterly', 'yearly')", name=op.f("ck_recurring_service_cycle")
        ),
        sa.CheckConstraint(
            "price >= 0 AND tax_rate >= 0", name=op.f("ck_recurring_service_amounts")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_recurring_service_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_recurring_service_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurring_service")),
    )
    op.create_index(
        op.f("ix_recurring_service_owner_id"), "recurring_service", ["owner_id"], unique=False
    )
    op.create_index(
        op.f("ix_recurring_service_reseller_id"), "recurring_service", ["reseller_id"], unique=False
    )
    op.create_table(
        "invoice",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("group_key", sa.String(length=80), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("account_kind", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("period_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("period_label", sa.String(length=40), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("subtotal", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("tax_total", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("total", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("usage_total", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("credited_invoice_id", sa.Uuid(), nullable=True),
        sa.Column("billing_run_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'draft') = (number IS NULL)", name=op.f("ck_invoice_numbered")
        ),
        sa.CheckConstraint("kind IN ('invoice', 'credit_note')", name=op.f("ck_invoice_kind")),
        sa.CheckConstraint(
            "status IN ('draft', 'issued', 'paid', 'void')", name=op.f("ck_invoice_status")
        ),
        sa.ForeignKeyConstraint(
            ["billing_run_id"],
            ["billing_run.id"],
            name=op.f("fk_invoice_billing_run_id_billing_run"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["credited_invoice_id"],
            ["invoice.id"],
            name=op.f("fk_invoice_credited_invoice_id_invoice"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_invoice_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_invoice_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice")),
        sa.UniqueConstraint(
            "owner_id", "period_start", "group_key", name=op.f("uq_invoice_owner_id")
        ),
    )
    op.create_index(
        "uq_invoice_tenant_sequence",
        "invoice",
        ["reseller_id", "kind", "sequence"],
        unique=True,
        postgresql_nulls_not_distinct=True,
        postgresql_where=sa.text("sequence IS NOT NULL"),
    )
    op.create_index(op.f("ix_invoice_billing_run_id"), "invoice", ["billing_run_id"], unique=False)
    op.create_index(
        op.f("ix_invoice_credited_invoice_id"), "invoice", ["credited_invoice_id"], unique=False
    )
    op.create_index("ix_invoice_owner_created", "invoice", ["owner_id", "created_at"], unique=False)
    op.create_index(op.f("ix_invoice_owner_id"), "invoice", ["owner_id"], unique=False)
    op.create_index(op.f("ix_invoice_reseller_id"), "invoice", ["reseller_id"], unique=False)
    op.create_table(
        "service_subscription",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_service_subscription_dates")
        ),
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_service_subscription_quantity")),
        sa.CheckConstraint(
            "unit_price IS NULL OR unit_price >= 0", name=op.f("ck_service_subscription_price")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_service_subscription_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_service_subscription_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["recurring_service.id"],
            name=op.f("fk_service_subscription_service_id_recurring_service"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_subscription")),
    )
    op.create_index(
        op.f("ix_service_subscription_owner_id"), "service_subscription", ["owner_id"], unique=False
    )
    op.create_index(
        op.f("ix_service_subscription_reseller_id"),
        "service_subscription",
        ["reseller_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_service_subscription_service_id"),
        "service_subscription",
        ["service_id"],
        unique=False,
    )
    op.create_table(
        "invoice_line",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("call_type", sa.String(length=16), nullable=True),
        sa.Column("description", sa.String(length=400), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("tax_rate", sa.Numeric(precision=7, scale=4), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("tax", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("period_days", sa.Integer(), nullable=True),
        sa.Column("calls", sa.Integer(), nullable=True),
        sa.Column("billable_seconds", sa.Integer(), nullable=True),
        sa.Column("subscription_id", sa.Uuid(), nullable=True),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoice.id"],
            name=op.f("fk_invoice_line_invoice_id_invoice"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["service_subscription.id"],
            name=op.f("fk_invoice_line_subscription_id_service_subscription"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_line")),
        sa.UniqueConstraint("invoice_id", "position", name=op.f("uq_invoice_line_invoice_id")),
    )
    op.add_column(
        "billing_account",
        sa.Column(
            "invoice_mode", sa.String(length=16), server_default="consolidated", nullable=False
        ),
    )
    op.add_column(
        "billing_account",
        sa.Column("billing_cycle", sa.String(length=16), server_default="monthly", nullable=False),
    )
    op.add_column(
        "billing_account", sa.Column("tax_rate", sa.Numeric(precision=7, scale=4), nullable=True)
    )
    op.add_column("billing_account", sa.Column("invoice_due_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("billing_account", "invoice_due_days")
    op.drop_column("billing_account", "tax_rate")
    op.drop_column("billing_account", "billing_cycle")
    op.drop_column("billing_account", "invoice_mode")
    op.drop_table("invoice_line")
    op.drop_index(op.f("ix_service_subscription_service_id"), table_name="service_subscription")
    op.drop_index(op.f("ix_service_subscription_reseller_id"), table_name="service_subscription")
    op.drop_index(op.f("ix_service_subscription_owner_id"), table_name="service_subscription")
    op.drop_table("service_subscription")
    op.drop_index(op.f("ix_invoice_reseller_id"), table_name="invoice")
    op.drop_index("uq_invoice_tenant_sequence", table_name="invoice")
    op.drop_index(op.f("ix_invoice_owner_id"), table_name="invoice")
    op.drop_index("ix_invoice_owner_created", table_name="invoice")
    op.drop_index(op.f("ix_invoice_credited_invoice_id"), table_name="invoice")
    op.drop_index(op.f("ix_invoice_billing_run_id"), table_name="invoice")
    op.drop_table("invoice")
    op.drop_index(op.f("ix_recurring_service_reseller_id"), table_name="recurring_service")
    op.drop_index(op.f("ix_recurring_service_owner_id"), table_name="recurring_service")
    op.drop_table("recurring_service")
    op.drop_index(op.f("ix_invoicing_profile_autobill_next_at"), table_name="invoicing_profile")
    op.drop_table("invoicing_profile")
    op.drop_index(op.f("ix_billing_run_reseller_id"), table_name="billing_run")
    op.drop_index(op.f("ix_billing_run_owner_id"), table_name="billing_run")
    op.drop_table("billing_run")
