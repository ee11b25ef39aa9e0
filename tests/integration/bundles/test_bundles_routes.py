"""REST: a plan's allowances and special rules (staff, within reach), a client's allowance
balances (its own only), offer use (CellHub "Offer Use"), and a plan's inbound pricing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.bundles import apply_allowances
from app.cdrs.partitions import ensure_partitions, month_of
from app.db.models.cdr import Cdr
from app.db.models.client_rates import Offer
from app.db.models.destination import DestinationGroup
from app.db.models.plan import Plan
from app.lib.access import Role
from app.lib.scoping import bind_system
from app.lib.settings import Settings
from app.ratedecks import plans, special_rates
from app.rating import RateSource
from tests.integration.bundles.conftest import UK_CONTEXT, UK_DECK, Bundled, Sessions
from tests.support.identity import bearer, create_account

Client = AsyncTestClient[Litestar]


def _as(settings: Settings, user_id: uuid.UUID) -> dict[str, str]:
    return {"Authorization": f"Bearer {bearer(settings, user_id)}"}


async def test_staff_manage_a_plans_allowances(
    client: Client, sessions: Sessions, bundled: Bundled
) -> None:
    headers = bundled.staff.headers
    url = f"/api/v1/plans/{bundled.plan_id}/allowances"
    listed = await client.get(url, headers=headers)
    assert listed.status_code == 200, listed.text
    assert sorted(a["seconds"] for a in listed.json()) == [1800, 14400]

    async with sessions() as session, session.begin():
        bind_system(session)
        group = DestinationGroup(name=f"Intl {uuid.uuid4().hex[:6]}", owner_id=bundled.staff.id)
        session.add(group)
    created = await client.post(
        url, headers=headers, json={"group_id": str(group.id), "seconds": 600, "period": "weekly"}
    )
    assert created.status_code == 201, created.text
    assert (created.json()["group"], created.json()["period"]) == (group.name, "weekly")
    again = await client.post(url, headers=headers, json={"group_id": str(group.id), "seconds": 1})
    assert again.status_code == 409
    unknown = await client.post(
        url, headers=headers, json={"group_id": str(uuid.uuid4()), "seconds": 60}
    )
    assert unknown.status_code == 422
    one = f"{url}/{created.json()['id']}"
    changed = await client.patch(one, headers=headers, json={"seconds": 1200})
    assert (changed.status_code, changed.json()["seconds"]) == (200, 1200)
    assert (await client.delete(one, headers=headers)).status_code == 204
    assert (await client.patch(one, headers=headers, json={"seconds": 5})).status_code == 404


async def test_another_tenants_plan_allowances_are_not_found(
    client: Client, settings: Settings, bundled: Bundled
) -> None:
    reseller = await create_account(settings, Role.RESELLER)
    url = f"/api/v1/plans/{bundled.plan_id}/allowances"
    assert (await client.get(url, headers=reseller.headers)).status_code == 404
    posted = await client.post(
        url, headers=reseller.headers, json={"group_id": str(bundled.mobile_group), "seconds": 60}
    )
    assert posted.status_code == 404


async def test_a_client_sees_its_own_allowance_balances_only(
    client: Client, settings: Settings, sessions: Sessions, bundled: Bundled
) -> None:
    now = datetime.now(UTC)
    async with sessions() as session, session.begin():
        bind_system(session)
        rating = UK_CONTEXT.rate("07700900001", now, 600)
        await apply_allowances(session, bundled.client_id, rating, now)
    url = f"/api/v1/users/{bundled.client_id}/allowances"
    own = await client.get(url, headers=_as(settings, bundled.client_id))
    assert own.status_code == 200, own.text
    by_seconds = {b["seconds"]: b for b in own.json()}
    assert (by_seconds[1800]["used_seconds"], by_seconds[1800]["remaining_seconds"]) == (600, 1200)
    assert (by_seconds[14400]["used_seconds"], by_seconds[14400]["remaining_seconds"]) == (0, 14400)
    start = datetime.fromisoformat(by_seconds[1800]["period_start"])
    assert start <= now < datetime.fromisoformat(by_seconds[1800]["period_end"])
    stranger = await create_account(settings, Role.CLIENT)
    assert (await client.get(url, headers=stranger.headers)).status_code == 404


async def test_offer_use_counts_the_calls_an_offer_covered(
    client: Client, settings: Settings, sessions: Sessions, bundled: Bundled
) -> None:
    now = datetime.now(UTC)
    async with sessions() as session, session.begin():
        bind_system(session)
        offer = Offer(
            prefix="1",
            destination="USA unlimited",
            starts_at=now - timedelta(days=2),
            expires_at=now + timedelta(days=5, hours=1),
            owner_id=bundled.client_id,
        )
        session.add(offer)
        await session.flush()
        await ensure_partitions(session, [month_of(now)])
        for n, (kind, seconds) in enumerate([("offer", 120), ("offer", 45), ("none", 600)]):
            coverage = {"kind": kind, "offer_id": str(offer.id)} if kind == "offer" else {}
            session.add(
                Cdr(
                    started_at=now - timedelta(hours=n + 1),
                    owner_id=bundled.client_id,
                    source="test",
                    external_id=uuid.uuid4().hex,
                    dialled_number="+12125550100",
                    billable_seconds=seconds,
                    cost=Decimal(0),
                    coverage=coverage,
                    rating_status="rated",
                    created_at=now,
                )
            )
    listed = await client.get(
        f"/api/v1/offer-usage?client_id={bundled.client_id}", headers=bundled.staff.headers
    )
    assert listed.status_code == 200, listed.text
    [use] = listed.json()["items"]
    assert (use["calls"], use["seconds"], use["active"]) == (2, 165, True)
    assert (use["days_total"], use["days_remaining"]) == (8, 6)
    own = await client.get(
        f"/api/v1/offer-usage/{offer.id}", headers=_as(settings, bundled.client_id)
    )
    assert (own.status_code, own.json()["calls"]) == (200, 2)
    stranger = await create_account(settings, Role.CLIENT)
    assert (
        await client.get(f"/api/v1/offer-usage/{offer.id}", headers=stranger.headers)
    ).status_code == 404


async def test_special_rules_and_inbound_pricing_price_the_plans_calls(
    client: Client, sessions: Sessions, bundled: Bundled
) -> None:
    headers = bundled.staff.headers
    url = f"/api/v1/plans/{bundled.plan_id}/special-rates"
    body = {"pattern": "1300*", "label": "1300 numbers", "flat_price": "0.35"}
    created = await client.post(url, headers=headers, json=body)
    assert created.status_code == 201, created.text
    assert (await client.post(url, headers=headers, json=body)).status_code == 409
    bad = await client.post(url, headers=headers, json={**body, "pattern": "13*00"})
    assert bad.status_code == 400
    patched = await client.patch(
        f"/api/v1/plans/{bundled.plan_id}",
        headers=headers,
        json={
            "inbound_rate_per_minute": "0.03",
            "inbound_initial_block": 30,
            "inbound_increment": 6,
        },
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["inbound_increment"] == 6

    async with sessions() as session:
        bind_system(session)
        plan = await session.get(Plan, bundled.plan_id)
        assert plan is not None
        context = plans.context_of(plan, "Europe/London", [UK_DECK])
        pricer = await special_rates.call_pricer(session, plan, context)
    at = datetime(2026, 3, 2, tzinfo=UTC)
    special = pricer.rate("1300 123 456", at, 600)
    assert (special.source, special.total) == (RateSource.SPECIAL, Decimal("0.350000"))
    inbound = pricer.rate("02079460000", at, 31, "inbound")
    assert (inbound.billed_seconds, inbound.total) == (36, Decimal("0.018000"))

    rules = await client.get(url, headers=headers)
    assert [r["pattern"] for r in rules.json()] == ["1300*"]
    deleted = await client.delete(f"{url}/{created.json()['id']}", headers=headers)
    assert deleted.status_code == 204
