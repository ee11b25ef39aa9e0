"""Mail templates per tenant (defaults shipped, platform and reseller wording, unknown
variables refused at save time) and a client's notification preferences (its own to set)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.alerts.tasks import run_alert_checks
from app.billing.ledger import account_for, post_entry
from app.lib.settings import Settings
from tests.support.billing import system_session
from tests.support.identity import Account, Tenants
from tests.support.payments import Inbox

Client = AsyncTestClient[Litestar]
TEMPLATES = "/api/v1/mail-templates"


async def _put(client: Client, who: Account, kind: str, body: dict[str, Any]) -> Any:
    return await client.put(f"{TEMPLATES}/{kind}", headers=who.headers, json=body)


async def _low(sessions: async_sessionmaker[AsyncSession], client_id: uuid.UUID) -> str:
    address = f"tpl-{uuid.uuid4().hex[:10]}@example.com"
    async with system_session(sessions) as session:
        account = await account_for(session, client_id, lock=True)
        account.notification_email = address
        account.low_credit_threshold = Decimal(50)
        await post_entry(
            session,
            account,
            kind="credit",
            amount=Decimal("12.5"),
            idempotency_key=f"t:{uuid.uuid4()}",
            at=datetime.now(UTC),
        )
        await session.commit()
    return address


async def test_tenants_word_their_alerts_and_unknown_variables_are_refused(
    client: Client,
    tenants: Tenants,
    sessions: async_sessionmaker[AsyncSession],
    mailing: Settings,
    smtp_inbox: tuple[Inbox, int],
) -> None:
    inbox, _ = smtp_inbox
    defaults = await client.get(TEMPLATES, headers=tenants.reseller_b.headers)
    assert defaults.status_code == 200
    low = next(t for t in defaults.json() if t["kind"] == "low_credit")
    assert "threshold" in low["variables"]
    platform = {
        "subject": "[Platform] {{ user_name }}: {{ available }} {{ currency }}",
        "text_body": "Only {{ available }} left (level {{ threshold }}).",
        "html_body": "<p>Only <b>{{ available }}</b> left, {{ company }}</p>",
    }
    try:
        saved = await _put(client, tenants.admin, "low_credit", platform)
        assert saved.status_code == 200, saved.text
        assert saved.json()["source"] == "platform"
        mine = {"subject": "Reseller A: top up {{ user_email }}", "text_body": "{{ balance }}"}
        assert (await _put(client, tenants.reseller_a, "low_credit", mine)).status_code == 200
        seen_by_b = await client.get(f"{TEMPLATES}/low_credit", headers=tenants.reseller_b.headers)
        assert seen_by_b.json()["source"] == "platform"

        for bad, field in (
            ({"subject": "hi", "text_body": "{{ password }}"}, "text_body"),
            ({"subject": "{{ user_name", "text_body": "x"}, "subject"),
            ({"subject": "x", "text_body": "x", "html_body": "{{ ''.__class__.__mro__ }}"}, None),
        ):
            refused = await _put(client, tenants.admin, "low_credit", bad)
            assert refused.status_code == 400, refused.text
            if field:
                assert refused.json()["errors"][0]["field"] == field
        assert (await _put(client, tenants.client_a, "low_credit", mine)).status_code == 403
        assert (
            await client.put(f"{TEMPLATES}/no_such_kind", headers=tenants.admin.headers, json=mine)
        ).status_code == 400

        a_address = await _low(sessions, tenants.client_a.id)
        direct_address = await _low(sessions, tenants.direct.id)
        await run_alert_checks(sessions, mailing, datetime.now(UTC))
        [for_a] = inbox.to(a_address)
        assert for_a["Subject"] == f"Reseller A: top up {tenants.client_a.email}"
        [for_direct] = inbox.to(direct_address)
        assert for_direct["Subject"] == "[Platform] Test client: 12.50 USD"
        html = for_direct.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
        assert "<b>12.50</b>" in html
    finally:
        await client.delete(f"{TEMPLATES}/low_credit", headers=tenants.admin.headers)
        await client.delete(f"{TEMPLATES}/low_credit", headers=tenants.reseller_a.headers)
    reset = await client.get(f"{TEMPLATES}/low_credit", headers=tenants.reseller_a.headers)
    assert reset.json()["source"] == "default"


async def test_a_client_sets_its_own_preferences_and_no_one_elses(
    client: Client, tenants: Tenants, engine: AsyncEngine
) -> None:
    own = f"/api/v1/users/{tenants.client_a.id}/preferences"
    other = f"/api/v1/users/{tenants.client_b.id}/preferences"
    initial = await client.get(own, headers=tenants.client_a.headers)
    assert initial.status_code == 200
    assert initial.json()["notify_low_credit"] is True
    assert initial.json()["notification_email"] is None
    change = {
        "mask_digits": True,
        "notify_low_credit": False,
        "notification_email": "billing@client-a.example",
        "low_credit_threshold": "7.50",
    }
    changed = await client.patch(own, headers=tenants.client_a.headers, json=change)
    assert changed.status_code == 200, changed.text
    assert changed.json()["mask_digits"] is True
    assert Decimal(changed.json()["low_credit_threshold"]) == Decimal("7.5")
    async with engine.connect() as connection:
        audit = await connection.execute(
            text(
                "SELECT actor_id, after FROM audit_entry "
                "WHERE action = 'billing_account.preferences' AND owner_id = :o"
            ),
            {"o": tenants.client_a.id},
        )
        [(actor_id, after)] = audit.all()
    assert actor_id == tenants.client_a.id
    assert after["notification_email"] == "billing@client-a.example"

    before_b = (await client.get(other, headers=tenants.client_b.headers)).json()
    assert (
        await client.patch(other, headers=tenants.client_a.headers, json=change)
    ).status_code == 404
    assert (await client.get(other, headers=tenants.client_a.headers)).status_code == 404
    assert (
        await client.patch(other, headers=tenants.reseller_a.headers, json=change)
    ).status_code == 404
    assert (await client.get(other, headers=tenants.client_b.headers)).json() == before_b

    by_reseller = await client.patch(
        own, headers=tenants.reseller_a.headers, json={"notification_email": None}
    )
    assert by_reseller.status_code == 200 and by_reseller.json()["notification_email"] is None
    bad = await client.patch(
        own, headers=tenants.client_a.headers, json={"notification_email": "nope"}
    )
    assert bad.status_code == 400
    unknown = await client.patch(own, headers=tenants.client_a.headers, json={"credit_limit": "9"})
    assert unknown.status_code == 400
