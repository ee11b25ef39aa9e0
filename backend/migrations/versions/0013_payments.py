"""payments, vouchers, alerts

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payment_provider",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("signing_secret", sa.String(length=200), nullable=False),
        sa.Column("tolerance_seconds", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "tolerance_seconds BETWEEN 1 AND 86400", name=op.f("ck_payment_provider_tolerance")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_provider")),
        sa.UniqueConstraint("name", name=op.f("uq_payment_provider_name")),
    )
    op.create_table(
        "alert_message",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("to_address", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=998), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=True),
        sa.Column("attachment_name", sa.String(length=200), nullable=True),
        sa.Column("attachment", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed')", name=op.f("ck_alert_message_status")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_alert_message_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_alert_message_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_message")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_alert_message_dedupe_key")),
    )
    op.create_index(op.f("ix_alert_message_owner_id"), "alert_message", ["owner_id"], unique=False)
    op.create_index(
        "ix_alert_message_pending",
        "alert_message",
        ["created_at"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        op.f("ix_alert_message_reseller_id"), "alert_message", ["reseller_id"], unique=False
    )
    op.create_table(
        "mail_template",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=998), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_mail_template_reseller_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_template")),
    )
    op.create_index(
        "uq_mail_template_platform_kind",
        "mail_template",
        ["kind"],
        unique=True,
        postgresql_where=sa.text("reseller_id IS NULL"),
    )
    op.create_index(
        "uq_mail_template_tenant_kind",
        "mail_template",
        ["reseller_id", "kind"],
        unique=True,
        postgresql_where=sa.text("reseller_id IS NOT NULL"),
    )
    op.create_table(
        "voucher_batch",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("prefix", sa.String(length=8), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("count BETWEEN 1 AND 10000", name=op.f("ck_voucher_batch_count")),
        sa.CheckConstraint("value > 0", name=op.f("ck_voucher_batch_value")),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_voucher_batch_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_voucher_batch_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voucher_batch")),
    )
    op.create_index(op.f("ix_voucher_batch_owner_id"), "voucher_batch", ["owner_id"], unique=False)
    op.create_index(
        op.f("ix_voucher_batch_reseller_id"), "voucher_batch", ["reseller_id"], unique=False
    )
    op.create_table(
        "billing_alert_state",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("low_credit_alerted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("spend_cap_alerted_for", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["billing_account.id"],
            name=op.f("fk_billing_alert_state_account_id_billing_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_alert_state")),
        sa.UniqueConstraint("account_id", name=op.f("uq_billing_alert_state_account_id")),
    )
    op.create_table(
        "payment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=True),
        sa.Column("provider_event_id", sa.String(length=255), nullable=True),
        sa.Column("provider_payment_id", sa.String(length=255), nullable=True),
        sa.Column("ledger_entry_id", sa.Uuid(), nullable=False),
        sa.Column("reversal_entry_id", sa.Uuid(), nullable=True),
        sa.Column("reversed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reversed_by", sa.Uuid(), nullable=True),
        sa.Column("reversal_reason", sa.String(length=1000), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "method IN ('cash', 'bank_transfer', 'card', 'other', 'online')",
            name=op.f("ck_payment_method"),
        ),
        sa.CheckConstraint(
            "status IN ('completed', 'voided', 'refunded')", name=op.f("ck_payment_status")
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payment_amount")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["billing_account.id"],
            name=op.f("fk_payment_account_id_billing_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["ledger_entry_id"],
            ["ledger_entry.id"],
            name=op.f("fk_payment_ledger_entry_id_ledger_entry"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_payment_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_payment_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reversal_entry_id"],
            ["ledger_entry.id"],
            name=op.f("fk_payment_reversal_entry_id_ledger_entry"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
        sa.UniqueConstraint("provider", "provider_event_id", name=op.f("uq_payment_provider")),
    )
    op.create_index(op.f("ix_payment_account_id"), "payment", ["account_id"], unique=False)
    op.create_index(op.f("ix_payment_owner_id"), "payment", ["owner_id"], unique=False)
    op.create_index(op.f("ix_payment_reseller_id"), "payment", ["reseller_id"], unique=False)
    op.create_table(
        "voucher",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("redeemed_by", sa.Uuid(), nullable=True),
        sa.Column("ledger_entry_id", sa.Uuid(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("reseller_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["voucher_batch.id"],
            name=op.f("fk_voucher_batch_id_voucher_batch"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ledger_entry_id"],
            ["ledger_entry.id"],
            name=op.f("fk_voucher_ledger_entry_id_ledger_entry"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_voucher_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reseller_id"],
            ["user_account.id"],
            name=op.f("fk_voucher_reseller_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voucher")),
        sa.UniqueConstraint("code", name=op.f("uq_voucher_code")),
    )
    op.create_index(op.f("ix_voucher_batch_id"), "voucher", ["batch_id"], unique=False)
    op.create_index(op.f("ix_voucher_owner_id"), "voucher", ["owner_id"], unique=False)
    op.create_index(op.f("ix_voucher_reseller_id"), "voucher", ["reseller_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_voucher_reseller_id"), table_name="voucher")
    op.drop_index(op.f("ix_voucher_owner_id"), table_name="voucher")
    op.drop_index(op.f("ix_voucher_batch_id"), table_name="voucher")
    op.drop_table("voucher")
    op.drop_index(op.f("ix_payment_reseller_id"), table_name="payment")
    op.drop_index(op.f("ix_payment_owner_id"), table_name="payment")
    op.drop_index(op.f("ix_payment_account_id"), table_name="payment")
    op.drop_table("payment")
    op.drop_table("billing_alert_state")
    op.drop_index(op.f("ix_voucher_batch_reseller_id"), table_name="voucher_batch")
    op.drop_index(op.f("ix_voucher_batch_owner_id"), table_name="voucher_batch")
    op.drop_table("voucher_batch")
    op.drop_index(
        "uq_mail_template_tenant_kind",
        table_name="mail_template",
        postgresql_where=sa.text("reseller_id IS NOT NULL"),
    )
    op.drop_index(
        "uq_mail_template_platform_kind",
        table_name="mail_template",
        postgresql_where=sa.text("reseller_id IS NULL"),
    )
    op.drop_table("mail_template")
    op.drop_index(op.f("ix_alert_message_reseller_id"), table_name="alert_message")
    op.drop_index(
        "ix_alert_message_pending",
        table_name="alert_message",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.drop_index(op.f("ix_alert_message_owner_id"), table_name="alert_message")
    op.drop_table("alert_message")
    op.drop_table("payment_provider")
