"""cdr import speed: the record table's foreign keys become delete triggers; one index less

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-23 14:20:00.000000

A foreign key on ``cdr`` costs a lookup (``SELECT … FOR KEY SHARE`` on the referenced row) for
every inserted record: on a 1,000,000-record import that is a million probes of
``user_account`` for ``owner_id`` alone, and the same again for ``reseller_id`` and
``sip_user_id`` when set. What the keys guard is the *other* side: deleting a user, SIP user
or trunk. Records are written by the import and finalize only, with ids they just read in the
same transaction, so the insert-side check catches nothing; the delete side is kept here by
row triggers on the referenced tables, with the same outcome as the keys had:

- deleting a user who owns records fails (``RESTRICT``; SQLSTATE 23503, as the key raised);
- deleting a reseller, SIP user or trunk sets the records' reference to NULL (``SET NULL``).

The delete-side checks use ``ix_cdr_owner_started`` / ``ix_cdr_reseller_started`` as the keys'
own actions did; the SIP user and trunk ones scan, as those keys' ``SET NULL`` did (neither
column is indexed; deleting a SIP user or trunk is rare).

``ix_cdr_reseller_id`` duplicated the leading column of ``ix_cdr_reseller_started`` (any query
it served, the longer index serves): dropped, one index maintenance less per record. And
``ix_cdr_reseller_started`` becomes partial (``reseller_id IS NOT NULL``): it serves a
reseller's scope (``reseller_id = :me``), which never asks for the records of direct clients,
so those (and unassigned records) no longer cost an index entry each.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FOREIGN_KEYS = (
    # name, column, referenced table, ON DELETE
    ("fk_cdr_owner_id_user_account", "owner_id", "user_account", "RESTRICT"),
    ("fk_cdr_reseller_id_user_account", "reseller_id", "user_account", "SET NULL"),
    ("fk_cdr_sip_user_id_sip_user", "sip_user_id", "sip_user", "SET NULL"),
    ("fk_cdr_trunk_id_trunk", "trunk_id", "trunk", "SET NULL"),
)

_ON_DELETE = (
    # referenced table, trigger (and function) name, body
    (
        "user_account",
        "cdr_user_deleted",
        """
    IF EXISTS (SELECT 1 FROM cdr WHERE owner_id = OLD.id) THEN
        RAISE EXCEPTION 'user % still owns call records', OLD.id
            USING ERRCODE = 'foreign_key_violation',
                  CONSTRAINT = 'fk_cdr_owner_id_user_account',
                  TABLE = 'cdr';
    END IF;
    UPDATE cdr SET reseller_id = NULL WHERE reseller_id = OLD.id;""",
    ),
    (
        "sip_user",
        "cdr_sip_user_deleted",
        "\n    UPDATE cdr SET sip_user_id = NULL WHERE sip_user_id = OLD.id;",
    ),
    ("trunk", "cdr_trunk_deleted", "\n    UPDATE cdr SET trunk_id = NULL WHERE trunk_id = OLD.id;"),
)


def upgrade() -> None:
    for name, _, _, _ in _FOREIGN_KEYS:
        op.drop_constraint(name, "cdr", type_="foreignkey")
    op.drop_index("ix_cdr_reseller_id", table_name="cdr")
    op.drop_index("ix_cdr_reseller_started", table_name="cdr")
    op.create_index(
        "ix_cdr_reseller_started",
        "cdr",
        ["reseller_id", "started_at", "id"],
        unique=False,
        postgresql_where=sa.text("reseller_id IS NOT NULL"),
    )
    for table, name, body in _ON_DELETE:
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN{body}"
            "\n    RETURN OLD;\nEND $$"
        )
        op.execute(
            f"CREATE TRIGGER {name} BEFORE DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
        )


def downgrade() -> None:
    for table, name, _ in reversed(_ON_DELETE):
        op.execute(f"DROP TRIGGER {name} ON {table}")
        op.execute(f"DROP FUNCTION {name}()")
    op.drop_index("ix_cdr_reseller_started", table_name="cdr")
    op.create_index(
        "ix_cdr_reseller_started", "cdr", ["reseller_id", "started_at", "id"], unique=False
    )
    op.create_index("ix_cdr_reseller_id", "cdr", ["reseller_id"], unique=False)
    for name, column, table, action in _FOREIGN_KEYS:
        op.create_foreign_key(name, "cdr", table, [column], ["id"], ondelete=action)
