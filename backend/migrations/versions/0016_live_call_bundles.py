"""live call bundles: finalize stores the call's coverage and its allowance draw

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-23 14:20:00.000000

``tollgate_call_finalize`` (migration 0014) wrote every live CDR with ``coverage = '{}'`` and
knew nothing of allowances. Live calls now draw their plan's allowance like imported CDRs
(docs/bundles.md, "Integration"): finalize locks the counter (``allowance_usage``, upserted by
the caller in the same transaction), prices the split in Python, and this function stores the
counter's new total **after** its idempotency check on the locked call row — so a duplicate or
retried hangup, which answers the stored result, never draws twice — and writes the CDR's
coverage from ``p_cdr``. The three new parameters default to NULL (no draw).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_SIGNATURE = "tollgate_call_finalize(text, timestamptz, numeric, uuid, text, jsonb, jsonb)"

# As 0014's, plus: the counter (p_allowance_id, p_period_start) of the call's owner gets
# p_used seconds once the call is known not to be finalized yet; the CDR's coverage is
# p_cdr's ('{}' when absent).
FINALIZE = """
CREATE FUNCTION tollgate_call_finalize(
    p_call_id text, p_now timestamptz, p_cost numeric, p_entry_id uuid, p_note text,
    p_cdr jsonb, p_result jsonb, p_allowance_id uuid DEFAULT NULL,
    p_period_start timestamptz DEFAULT NULL, p_used integer DEFAULT NULL,
    OUT outcome text, OUT result jsonb
) LANGUAGE plpgsql AS $$
DECLARE
    c record;
    acc billing_account%ROWTYPE;
    entry uuid;
    cdr_id uuid := (p_cdr ->> 'id')::uuid;
BEGIN
    SELECT k.id, k.status, k.reserved, k.account_id, k.owner_id, k.result INTO c
      FROM call k WHERE k.call_id = p_call_id FOR UPDATE;
    IF NOT FOUND THEN outcome := 'missing'; RETURN; END IF;
    IF c.status = 'finalized' AND c.result IS NOT NULL THEN
        outcome := 'previous'; result := c.result; RETURN;
    END IF;
    IF p_allowance_id IS NOT NULL THEN
        UPDATE allowance_usage SET used_seconds = p_used, updated_at = now()
         WHERE owner_id = c.owner_id AND allowance_id = p_allowance_id
           AND period_start = p_period_start;
    END IF;
    SELECT * INTO acc FROM billing_account a WHERE a.id = c.account_id FOR UPDATE;
    IF c.status = 'authorized' THEN acc.reserved := acc.reserved - c.reserved; END IF;
    IF p_cost IS NOT NULL AND p_cost <> 0 THEN
        INSERT INTO ledger_entry (id, account_id, owner_id, reseller_id, kind, amount, currency,
                                  balance_after, idempotency_key, note, reference, created_at)
        VALUES (p_entry_id, acc.id, acc.owner_id, acc.reseller_id, 'call_charge', -p_cost,
                acc.currency, acc.balance - p_cost, 'call:' || p_call_id, p_note,
                jsonb_build_object('call_id', p_call_id, 'cdr_id', cdr_id::text), p_now)
        ON CONFLICT (account_id, idempotency_key) DO NOTHING
        RETURNING id INTO entry;
        IF entry IS NULL THEN
            SELECT e.id INTO entry FROM ledger_entry e
             WHERE e.account_id = acc.id AND e.idempotency_key = 'call:' || p_call_id;
        ELSE
            acc.balance := acc.balance - p_cost;
        END IF;
    END IF;
    UPDATE billing_account SET balance = acc.balance, reserved = acc.reserved, updated_at = now()
     WHERE id = acc.id;
    INSERT INTO cdr (id, started_at, owner_id, reseller_id, source, external_id, sip_user_id,
                     caller_number, dialled_number, normalized_number, direction, answered_at,
                     ended_at, duration, billable_seconds, disposition, hangup_cause, trunk_id,
                     matched_prefix, destination, rate_id, deck_id, deck_version, cost, currency,
                     breakdown, coverage, rating_status, masked, ledger_entry_id, created_at)
    SELECT r.id, r.started_at, r.owner_id, r.reseller_id, r.source, r.external_id,
           r.sip_user_id, r.caller_number, r.dialled_number, r.normalized_number, r.direction,
           r.answered_at, r.ended_at, r.duration, r.billable_seconds, r.disposition,
           r.hangup_cause, r.trunk_id, r.matched_prefix, r.destination, r.rate_id, r.deck_id,
           r.deck_version, r.cost, r.currency, coalesce(r.breakdown, '{}'),
           coalesce(r.coverage, '{}'), r.rating_status, acc.mask_digits, entry, r.created_at
      FROM jsonb_populate_record(NULL::cdr, p_cdr) r;
    UPDATE call SET status = 'finalized', reserved = 0, finalized_at = p_now, result = p_result
     WHERE id = c.id;
    outcome := 'finalized';
    result := p_result;
END
$$
"""


def _finalize_of_0014() -> str:
    """0014's function text (the downgrade restores it; migration files are not a package)."""
    path = Path(__file__).with_name("0014_call_speed.py")
    spec = importlib.util.spec_from_file_location("tollgate_migration_0014", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = module.FINALIZE
    return text


def upgrade() -> None:
    op.execute(f"DROP FUNCTION {OLD_SIGNATURE}")
    op.execute(FINALIZE)


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION tollgate_call_finalize(text, timestamptz, numeric, uuid, text, jsonb,"
        " jsonb, uuid, timestamptz, integer)"
    )
    op.execute(_finalize_of_0014())
