"""Detecting the crossings that deserve one alert each, in the periodic job (never in the
ledger's posting path, which is the live-call hot path).

- **Low credit**: the account's settled available credit (``balance + credit_limit``) is below
  its ``low_credit_threshold``. Credit held by calls in progress is left out on purpose: it
  comes back when each call ends, so counting it would re-arm and re-alert once per call. The
  crossing is claimed by setting ``low_credit_alerted_at``; it is cleared (re-armed) once the
  credit is back at or above the threshold (or the threshold is removed).
- **Spend cap**: the month-to-date spend (call and usage charges since the first of the month
  at 00:00 in the client's timezone — the figure call control enforces) is at or above
  ``monthly_spend_cap`` (> 0). Claimed per month (``spend_cap_alerted_for`` = that month's
  start); re-armed when the spend is back below the cap (the cap was raised).

A claim is an ``INSERT … ON CONFLICT … DO UPDATE … WHERE <not yet claimed> RETURNING``: atomic,
so two overlapping runs never claim one crossing twice. Claims and their outbox messages commit
together. A crossing is claimed whatever the client's preference; the message is written only
when the client wants it (``notify_low_credit``, ``notify_spend_cap``).
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.alerts.outbox import queue_message
from app.alerts.recipients import Recipient, money, recipients
from app.alerts.template_service import effective_template
from app.alerts.templates import render_or_default
from app.db.models.alert import AlertKind
from app.lib.settings import Settings

_REARM_LOW_CREDIT = text("""
UPDATE billing_alert_state s SET low_credit_alerted_at = NULL
FROM billing_account a
WHERE s.account_id = a.id AND s.low_credit_alerted_at IS NOT NULL
  AND (a.low_credit_threshold IS NULL OR a.balance + a.credit_limit >= a.low_credit_threshold)
""")

_CLAIM_LOW_CREDIT = text("""
INSERT INTO billing_alert_state (id, account_id, low_credit_alerted_at)
SELECT gen_random_uuid(), a.id, :now
FROM billing_account a LEFT JOIN billing_alert_state s ON s.account_id = a.id
WHERE a.low_credit_threshold IS NOT NULL
  AND a.balance + a.credit_limit < a.low_credit_threshold
  AND s.low_credit_alerted_at IS NULL
ON CONFLICT (account_id) DO UPDATE SET low_credit_alerted_at = excluded.low_credit_alerted_at
  WHERE billing_alert_state.low_credit_alerted_at IS NULL
RETURNING account_id
""")

# Spend = call and usage charges since a month start; the month start is the first instant of
# the current month in the client's timezone (date_trunc on local time, back to timestamptz).
_REARM_SPEND_CAP = text("""
UPDATE billing_alert_state s SET spend_cap_alerted_for = NULL
FROM billing_account a
WHERE s.account_id = a.id AND s.spend_cap_alerted_for IS NOT NULL
  AND (a.monthly_spend_cap IS NULL OR a.monthly_spend_cap > (
    SELECT -COALESCE(sum(e.amount), 0) FROM ledger_entry e
    WHERE e.account_id = a.id AND e.kind IN ('call_charge', 'usage_charge')
      AND e.created_at >= s.spend_cap_alerted_for))
""")

_CLAIM_SPEND_CAP = text("""
INSERT INTO billing_alert_state (id, account_id, spend_cap_alerted_for)
SELECT gen_random_uuid(), c.id, c.month_start FROM (
  SELECT a.id, a.monthly_spend_cap AS cap, s.spend_cap_alerted_for,
    (date_trunc('month', CAST(:now AS timestamptz) AT TIME ZONE u.timezone)
      AT TIME ZONE u.timezone) AS month_start
  FROM billing_account a JOIN user_account u ON u.id = a.owner_id
  LEFT JOIN billing_alert_state s ON s.account_id = a.id
  WHERE a.monthly_spend_cap > 0
) c
WHERE c.spend_cap_alerted_for IS DISTINCT FROM c.month_start
  AND c.cap <= (
    SELECT -COALESCE(sum(e.amount), 0) FROM ledger_entry e
    WHERE e.account_id = c.id AND e.kind IN ('call_charge', 'usage_charge')
      AND e.created_at >= c.month_start)
ON CONFLICT (account_id) DO UPDATE SET spend_cap_alerted_for = excluded.spend_cap_alerted_for
  WHERE billing_alert_state.spend_cap_alerted_for IS DISTINCT FROM excluded.spend_cap_alerted_for
RETURNING account_id, spend_cap_alerted_for
""")


async def _month_spend(
    session: AsyncSession, account_id: uuid.UUID, since: datetime.datetime
) -> str:
    spent = await session.execute(
        text(
            "SELECT -COALESCE(sum(amount), 0) FROM ledger_entry WHERE account_id = :a "
            "AND kind IN ('call_charge', 'usage_charge') AND created_at >= :since"
        ),
        {"a": account_id, "since": since},
    )
    return money(spent.scalar_one())


async def _queue(
    session: AsyncSession,
    settings: Settings,
    recipient: Recipient,
    kind: str,
    dedupe_key: str,
    extra: dict[str, str],
    now: datetime.datetime,
) -> bool:
    template, _ = await effective_template(session, recipient.tenant, kind)
    rendered = render_or_default(kind, template, {**recipient.variables(settings), **extra})
    return await queue_message(
        session,
        owner_id=recipient.client.id,
        reseller_id=recipient.client.parent_id,
        kind=kind,
        dedupe_key=dedupe_key,
        to=recipient.address,
        text=rendered,
        now=now,
    )


async def check_low_credit(
    session: AsyncSession, settings: Settings, now: datetime.datetime
) -> int:
    """Re-arm recovered accounts, claim new crossings, queue their alerts; return how many."""
    await session.execute(_REARM_LOW_CREDIT)
    claimed = [row.account_id for row in await session.execute(_CLAIM_LOW_CREDIT, {"now": now})]
    queued = 0
    for recipient in await recipients(session, claimed):
        if not recipient.account.notify_low_credit:
            continue
        threshold = money(recipient.account.low_credit_threshold)
        key = f"{AlertKind.LOW_CREDIT}:{recipient.account.id}:{now.isoformat()}"
        queued += await _queue(
            session, settings, recipient, AlertKind.LOW_CREDIT, key, {"threshold": threshold}, now
        )
    return queued


async def check_spend_caps(
    session: AsyncSession, settings: Settings, now: datetime.datetime
) -> int:
    await session.execute(_REARM_SPEND_CAP)
    claims = {
        row.account_id: row.spend_cap_alerted_for
        for row in await session.execute(_CLAIM_SPEND_CAP, {"now": now})
    }
    queued = 0
    for recipient in await recipients(session, list(claims)):
        if not recipient.account.notify_spend_cap:
            continue
        month_start: datetime.datetime = claims[recipient.account.id]
        local = month_start.astimezone(zoneinfo.ZoneInfo(recipient.client.timezone))
        extra = {
            "spend_cap": money(recipient.account.monthly_spend_cap),
            "month_spend": await _month_spend(session, recipient.account.id, month_start),
            "month": local.strftime("%Y-%m"),
        }
        key = f"{AlertKind.SPEND_CAP}:{recipient.account.id}:{local:%Y-%m}:{now.isoformat()}"
        queued += await _queue(session, settings, recipient, AlertKind.SPEND_CAP, key, extra, now)
    return queued
