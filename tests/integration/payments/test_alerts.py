"""Alerts over SMTP, sent to a real local SMTP server (aiosmtpd): one e-mail per crossing —
a second tick of the job sends nothing more — honouring each client's preferences; the month
of the spend cap is the client's local month; invoice e-mails carry the PDF."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.alerts.invoices import send_invoice_issued
from app.alerts.tasks import run_alert_checks
from app.billing.ledger import account_for, post_entry
from app.lib.settings import Settings
from app.worker.broker import enqueue
from app.worker.scheduler import PERIODIC_JOBS
from tests.support.billing import make_client, system_session
from tests.support.payments import Inbox
from tests.support.worker import running_worker

Sessions = async_sessionmaker[AsyncSession]


async def _setup(
    sessions: Sessions,
    client_id: uuid.UUID,
    *,
    credit: str | None = None,
    **fields: object,
) -> str:
    """Set account fields (and an opening credit); return the alert address."""
    address = f"alerts-{uuid.uuid4().hex[:10]}@example.com"
    async with system_session(sessions) as session:
        account = await account_for(session, client_id, lock=True)
        account.notification_email = address
        for name, value in fields.items():
            setattr(account, name, value)
        if credit is not None:
            await _post(session, account, "credit", credit)
        await session.commit()
    return address


async def _post(
    session: AsyncSession, account: object, kind: str, amount: str, at: datetime | None = None
) -> None:
    await post_entry(
        session,
        account,  # type: ignore[arg-type]
        kind=kind,
        amount=Decimal(amount),
        idempotency_key=f"test:{uuid.uuid4()}",
        at=at or datetime.now(UTC),
    )


async def _move(sessions: Sessions, client_id: uuid.UUID, kind: str, amount: str) -> None:
    async with system_session(sessions) as session:
        account = await account_for(session, client_id, lock=True)
        await _post(session, account, kind, amount)
        await session.commit()


async def _tick(sessions: Sessions, settings: Settings, now: datetime | None = None) -> None:
    await run_alert_checks(sessions, settings, now or datetime.now(UTC))


def _body(mail: object) -> str:
    text: str = mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[attr-defined]
    return text


async def test_low_credit_alerts_once_per_crossing_and_again_after_a_top_up(
    sessions: Sessions, mailing: Settings, smtp_inbox: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_inbox
    client_id = await make_client(sessions, currency="USD")
    address = await _setup(sessions, client_id, credit="3.25", low_credit_threshold=Decimal(5))
    await _tick(sessions, mailing)
    [mail] = inbox.to(address)
    assert mail["Subject"] == "Low credit: 3.25 USD left"
    assert mail["From"] == "Tollgate <alerts@tollgate.test>"
    assert "below your alert level of 5.00 USD" in _body(mail)
    assert "Hello Billing client" in _body(mail)
    await _tick(sessions, mailing)
    await _tick(sessions, mailing)
    assert len(inbox.to(address)) == 1, "one alert per crossing, not one per tick"
    await _move(sessions, client_id, "credit", "10")  # 13.25: back above, re-armed
    await _tick(sessions, mailing)
    assert len(inbox.to(address)) == 1
    await _move(sessions, client_id, "call_charge", "-9")  # 4.25: a new crossing
    await _tick(sessions, mailing)
    await _tick(sessions, mailing)
    mails = inbox.to(address)
    assert [m["Subject"] for m in mails] == [
        "Low credit: 3.25 USD left",
        "Low credit: 4.25 USD left",
    ]


async def test_a_client_who_opted_out_gets_no_alert(
    sessions: Sessions, mailing: Settings, smtp_inbox: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_inbox
    client_id = await make_client(sessions, currency="USD")
    address = await _setup(
        sessions, client_id, credit="1", low_credit_threshold=Decimal(5), notify_low_credit=False
    )
    await _tick(sessions, mailing)
    assert inbox.to(address) == []


async def test_the_spend_cap_alert_counts_the_clients_local_month(
    sessions: Sessions, mailing: Settings, smtp_inbox: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_inbox
    kolkata = await make_client(sessions, timezone="Asia/Kolkata", currency="USD")
    utc = await make_client(sessions, timezone="UTC", currency="USD")
    addresses = {}
    for client_id in (kolkata, utc):
        addresses[client_id] = await _setup(
            sessions, client_id, credit="100", monthly_spend_cap=Decimal(10)
        )
        async with system_session(sessions) as session:
            account = await account_for(session, client_id, lock=True)
            # 23:30 on 28 February in Kolkata (UTC+5:30): February's
            await _post(
                session, account, "call_charge", "-6", datetime(2025, 2, 28, 18, tzinfo=UTC)
            )
            # 00:30 on 1 March in Kolkata, still 28 February in UTC
            await _post(
                session, account, "call_charge", "-6", datetime(2025, 2, 28, 19, tzinfo=UTC)
            )
            await _post(session, account, "usage_charge", "-5", datetime(2025, 3, 10, tzinfo=UTC))
            await session.commit()
    march = datetime(2025, 3, 15, 12, tzinfo=UTC)
    await _tick(sessions, mailing, march)
    [mail] = inbox.to(addresses[kolkata])
    assert mail["Subject"] == "Monthly spend cap reached (10.00 USD)"
    assert "spent 11.00 USD in 2025-03" in _body(mail)
    assert inbox.to(addresses[utc]) == [], "in UTC only 5.00 was spent in March"
    await _tick(sessions, mailing, march)
    await _tick(sessions, mailing, datetime(2025, 4, 2, tzinfo=UTC))
    assert len(inbox.to(addresses[kolkata])) == 1


async def test_invoice_issued_mails_the_pdf_once(
    sessions: Sessions, mailing: Settings, smtp_inbox: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_inbox
    client_id = await make_client(sessions, currency="EUR")
    address = await _setup(sessions, client_id)
    opted_out = await make_client(sessions, currency="EUR")
    await _setup(sessions, opted_out, notify_invoices=False)
    invoice_id = uuid.uuid4()
    pdf = b"%PDF-1.7\n% a test invoice\n"
    async with system_session(sessions) as session:
        for _ in range(2):
            queued = await send_invoice_issued(
                session,
                mailing,
                invoice_id=invoice_id,
                client_id=client_id,
                number="INV-2025-0007",
                total=Decimal("123.4"),
                currency="EUR",
                pdf_bytes=pdf,
            )
        assert queued is False, "the second call for one invoice queues nothing"
        assert not await send_invoice_issued(
            session,
            mailing,
            invoice_id=uuid.uuid4(),
            client_id=opted_out,
            number="X",
            total=Decimal(1),
            currency="EUR",
        )
        await session.commit()
    await _tick(sessions, mailing)
    await _tick(sessions, mailing)
    [mail] = inbox.to(address)
    assert mail["Subject"] == "Invoice INV-2025-0007: 123.40 EUR"
    [attachment] = list(mail.iter_attachments())  # type: ignore[attr-defined]
    assert attachment.get_filename() == "invoice-INV-2025-0007.pdf"
    assert attachment.get_content() == pdf


async def test_the_worker_runs_the_check_every_minute(
    sessions: Sessions, mailing: Settings, smtp_inbox: tuple[Inbox, int]
) -> None:
    assert any(
        j.actor_name == "alerts.check" and j.every_seconds(mailing) == 60 for j in PERIODIC_JOBS
    )
    inbox, _ = smtp_inbox
    client_id = await make_client(sessions, currency="USD")
    address = await _setup(sessions, client_id, credit="1", low_credit_threshold=Decimal(2))
    isolated = replace(mailing, redis_prefix=mailing.redis_prefix + ":alerts")
    with running_worker(isolated) as broker:
        enqueue(broker, "alerts.check")
        deadline = time.monotonic() + 20
        while not inbox.to(address) and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
    assert len(inbox.to(address)) == 1
