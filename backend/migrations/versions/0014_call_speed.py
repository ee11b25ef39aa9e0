"""call speed: authorize and finalize as one statement each, live-call indexes

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23 09:00:00.000000

Authorize's money part and finalize's writes each run as one PL/pgSQL function call, so a call
costs the database one round trip (and one commit) at each end instead of a dozen ORM
statements (docs/call-control.md, "How it is fast"). The rules stay in Python; the functions
only do what must happen under the billing account's row lock.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Checks 8 and 10-12 of docs/call-control.md under the account's row lock, then the call row and
# the reservation. The caller offers a duration and the credit it reserves; when the budget does
# not cover the offer the function answers 'budget' with the budget and the limit that sets it,
# and the caller (which owns the rating maths) offers the longest duration that budget pays for.
AUTHORIZE = """
CREATE FUNCTION tollgate_call_authorize(
    p_call_id text, p_id uuid, p_owner_id uuid, p_sip_user_id uuid, p_reseller_id uuid,
    p_sip_max_calls integer, p_now timestamptz, p_month_start timestamptz,
    p_minute_price numeric, p_duration integer, p_reserve numeric, p_pending boolean,
    p_grace integer, p_caller_number text, p_dialled_number text, p_normalized_number text,
    p_channel text, p_source_ip text, p_rate_id text, p_pricing jsonb, p_trunks jsonb,
    OUT outcome text, OUT amount numeric, OUT reason text, OUT currency text,
    OUT call_status text, OUT call_max_duration integer, OUT call_trunks jsonb,
    OUT call_rate_id text, OUT call_number text
) LANGUAGE plpgsql AS $$
DECLARE
    acc billing_account%ROWTYPE;
    active integer;
    room numeric;
BEGIN
    SELECT c.status, c.max_duration, c.trunks, c.rate_id, c.normalized_number
      INTO call_status, call_max_duration, call_trunks, call_rate_id, call_number
      FROM call c WHERE c.call_id = p_call_id;
    IF FOUND THEN outcome := 'previous'; RETURN; END IF;
    SELECT * INTO acc FROM billing_account a WHERE a.owner_id = p_owner_id FOR UPDATE;
    IF NOT FOUND THEN outcome := 'no_account'; RETURN; END IF;
    currency := acc.currency;
    IF p_minute_price IS NOT NULL AND acc.max_price_per_minute IS NOT NULL
       AND p_minute_price > acc.max_price_per_minute THEN
        outcome := 'price_cap'; amount := acc.max_price_per_minute; RETURN;
    END IF;
    IF p_sip_max_calls IS NOT NULL THEN
        SELECT count(*) INTO active FROM call c
         WHERE c.sip_user_id = p_sip_user_id AND c.status = 'authorized' AND c.expires_at > p_now;
        IF active >= p_sip_max_calls THEN outcome := 'sip_user_busy'; RETURN; END IF;
    END IF;
    IF acc.max_concurrent_calls IS NOT NULL THEN
        SELECT count(*) INTO active FROM call c
         WHERE c.account_id = acc.id AND c.status = 'authorized' AND c.expires_at > p_now;
        IF active >= acc.max_concurrent_calls THEN
            outcome := 'account_busy'; amount := acc.max_concurrent_calls; RETURN;
        END IF;
    END IF;
    amount := acc.balance - acc.reserved + acc.credit_limit;
    reason := 'no_credit';
    IF acc.monthly_spend_cap IS NOT NULL THEN
        SELECT acc.monthly_spend_cap + coalesce(sum(e.amount), 0) - acc.reserved INTO room
          FROM ledger_entry e
         WHERE e.account_id = acc.id AND e.kind IN ('call_charge', 'usage_charge')
           AND e.created_at >= p_month_start;
        IF room <= amount THEN amount := room; reason := 'limit_reached'; END IF;
        IF room <= 0 THEN outcome := 'spend_cap'; amount := acc.monthly_spend_cap; RETURN; END IF;
    END IF;
    IF acc.max_price_per_call IS NOT NULL AND acc.max_price_per_call < amount THEN
        amount := acc.max_price_per_call; reason := 'price_cap';
    END IF;
    IF (p_pending AND amount <= 0) OR (NOT p_pending AND p_reserve > amount) THEN
        outcome := 'budget'; RETURN;
    END IF;
    INSERT INTO call (id, call_id, account_id, sip_user_id, status, caller_number,
                      dialled_number, normalized_number, channel, source_ip, authorized_at,
                      expires_at, max_duration, reserved, rate_id, pricing, trunks, owner_id,
                      reseller_id)
    VALUES (p_id, p_call_id, acc.id, p_sip_user_id, 'authorized', p_caller_number,
            p_dialled_number, p_normalized_number, p_channel, p_source_ip, p_now,
            p_now + make_interval(secs => p_duration + p_grace), p_duration, p_reserve,
            p_rate_id, p_pricing, p_trunks, p_owner_id, p_reseller_id)
    ON CONFLICT (call_id) DO NOTHING;
    IF NOT FOUND THEN  -- the same call id, authorized concurrently: answer with that grant
        SELECT c.status, c.max_duration, c.trunks, c.rate_id, c.normalized_number
          INTO call_status, call_max_duration, call_trunks, call_rate_id, call_number
          FROM call c WHERE c.call_id = p_call_id;
        outcome := 'previous'; RETURN;
    END IF;
    IF p_reserve <> 0 THEN
        UPDATE billing_account SET reserved = reserved + p_reserve, updated_at = now()
         WHERE id = acc.id;
    END IF;
    outcome := 'granted';
END
$$
"""

# Lock the call; a finalized one answers its stored result (a retry, a duplicate hangup, even a
# concurrent one: it waits on the lock, then sees the first one's result). Otherwise, under the
# account's row lock: release the reservation, post the charge (append-only, balance_after,
# idempotency key call:<id>), write the CDR (masked per the client's choice now), store the
# answer on the call. One statement, so all of it commits or none does.
FINALIZE = """
CREATE FUNCTION tollgate_call_finalize(
    p_call_id text, p_now timestamptz, p_cost numeric, p_entry_id uuid, p_note text,
    p_cdr jsonb, p_result jsonb, OUT outcome text, OUT result jsonb
) LANGUAGE plpgsql AS $$
DECLARE
    c record;
    acc billing_account%ROWTYPE;
    entry uuid;
    cdr_id uuid := (p_cdr ->> 'id')::uuid;
BEGIN
    SELECT k.id, k.status, k.reserved, k.account_id, k.result INTO c
      FROM call k WHERE k.call_id = p_call_id FOR UPDATE;
    IF NOT FOUND THEN outcome := 'missing'; RETURN; END IF;
    IF c.status = 'finalized' AND c.result IS NOT NULL THEN
        outcome := 'previous'; result := c.result; RETURN;
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
           r.deck_version, r.cost, r.currency, coalesce(r.breakdown, '{}'), '{}',
           r.rating_status, acc.mask_digits, entry, r.created_at
      FROM jsonb_populate_record(NULL::cdr, p_cdr) r;
    UPDATE call SET status = 'finalized', reserved = 0, finalized_at = p_now, result = p_result
     WHERE id = c.id;
    outcome := 'finalized';
    result := p_result;
END
$$
"""


def upgrade() -> None:
    op.execute(AUTHORIZE)
    op.execute(FINALIZE)
    # Concurrency limits count a SIP user's / an account's calls in progress: without these the
    # count would read every call the account ever made.
    op.create_index(
        "ix_call_live_sip_user",
        "call",
        ["sip_user_id"],
        unique=False,
        postgresql_where=sa.text("status = 'authorized'"),
    )
    op.create_index(
        "ix_call_live_account",
        "call",
        ["account_id"],
        unique=False,
        postgresql_where=sa.text("status = 'authorized'"),
    )


def downgrade() -> None:
    op.drop_index("ix_call_live_account", table_name="call")
    op.drop_index("ix_call_live_sip_user", table_name="call")
    op.execute("DROP FUNCTION tollgate_call_finalize")
    op.execute("DROP FUNCTION tollgate_call_authorize")
