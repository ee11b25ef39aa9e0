"""call control speed: announce changes of what the caller cache holds (NOTIFY on commit)

Every API process keeps a caller cache (app.calls.cache): SIP users, clients, plans and their
decks, client rates and offers, blocked destination groups, restricted prefixes and trunks.
A statement that changes any of those tables now sends ``NOTIFY tollgate_call_config`` with the
table's name; PostgreSQL delivers it when (and only if) the transaction commits, to every
process listening on the database (app.calls.invalidation). Every writer is covered — API
handlers, GraphQL, imports, scripts, psql — without each one remembering to announce.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-23 14:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "tollgate_call_config"
#: The configuration authorize and finalize read through the caller cache (not money: the
#: billing account, reservations and allowance usage are read under their locks every call).
WATCHED = (
    "user_account",
    "sip_user",
    "plan",
    "plan_deck",
    "plan_special_rate",
    "plan_allowance",
    "rate_deck",
    "custom_rate",
    "offer",
    "destination_group",
    "destination_group_prefix",
    "blocked_destination_group",
    "restricted_prefix",
    "trunk",
    "trunk_group",
    "trunk_group_member",
)


def upgrade() -> None:
    op.execute(
        f"""
        CREATE FUNCTION tollgate_call_config_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            -- One notice per table and transaction: PostgreSQL folds identical ones.
            PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
            RETURN NULL;
        END
        $$
        """
    )
    for table in WATCHED:
        op.execute(
            f"CREATE TRIGGER {table}_call_config_changed"
            f" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION tollgate_call_config_changed()"
        )


def downgrade() -> None:
    for table in WATCHED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_call_config_changed ON {table}")
    op.execute("DROP FUNCTION IF EXISTS tollgate_call_config_changed()")
