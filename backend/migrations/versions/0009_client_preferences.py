"""client preferences

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FLAGS = (
    ("mask_digits", "false"),
    ("notify_low_credit", "true"),
    ("notify_spend_cap", "true"),
    ("notify_invoices", "true"),
)


def upgrade() -> None:
    for name, default in FLAGS:
        op.add_column(
            "billing_account",
            sa.Column(name, sa.Boolean(), server_default=default, nullable=False),
        )
    op.add_column(
        "billing_account", sa.Column("notification_email", sa.String(length=320), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("billing_account", "notification_email")
    for name, _ in reversed(FLAGS):
        op.drop_column("billing_account", name)
