"""The REST surface of a client's money: who reads and changes what, and the rules on amounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.models.audit import AuditEntry
from tests.support.billing import system_session
from tests.support.identity import Account, Tenants

Client = AsyncTestClient[Litestar]


async def _credit(
    client: Client, caller: Account, target: Account, body: dict[str, Any], **headers: str
) -> Any:
    return await client.post(
        f"/api/v1/users/{target.id}/credit", headers={**caller.headers, **headers}, json=body
    )


def _fields(response: Any) -> list[str]:
    assert response.headers["content-type"].startswith("application/problem+json")
    return [e.get("field") for e in response.json().get("errors", [])]


async def test_a_new_client_has_an_empty_prepaid_account_in_its_currency(
    client: Client, tenants: Tenants
) -> None:
    response = await client.get(
        f"/api/v1/users/{tenants.client_a.id}/billing", headers=tenants.client_a.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["kind"] == "prepaid" and body["currency"] == "USD"
    assert Decimal(body["balance"]) == Decimal(body["available"]) == 0
    assert body["periodic_credit"] is None


async def test_staff_and_the_reseller_add_credit_and_everyone_in_reach_sees_it(
    client: Client, tenants: Tenants
) -> None:
    target = tenants.client_a
    first = await _credit(client, tenants.reseller_a, target, {"amount": "12.50", "note": "cash"})
    assert first.status_code == 201, first.text
    entry = first.json()
    assert (entry["kind"], Decimal(entry["amount"]), entry["note"]) == ("credit", 12.5, "cash")
    assert entry["created_by"] == str(tenants.reseller_a.id) and entry["currency"] == "USD"
    second = await _credit(client, tenants.admin, target, {"amount": "3", "kind": "payment"})
    assert Decimal(second.json()["balance_after"]) == Decimal("15.5")
    for reader in (target, tenants.reseller_a, tenants.superadmin):
        billing = await client.get(f"/api/v1/users/{target.id}/billing", headers=reader.headers)
        assert Decimal(billing.json()["balance"]) == Decimal("15.5"), reader.role
        ledger = await client.get(f"/api/v1/users/{target.id}/ledger", headers=reader.headers)
        assert [e["kind"] for e in ledger.json()["items"]] == ["payment", "credit"]


async def test_another_resellers_client_is_not_found(client: Client, tenants: Tenants) -> None:
    foreign = tenants.client_b
    for method, path, body in (
        ("GET", "billing", None),
        ("PATCH", "billing", {"max_concurrent_calls": 1}),
        ("POST", "credit", {"amount": "5"}),
        ("GET", "ledger", None),
    ):
        for caller in (tenants.reseller_a, tenants.client_a):
            response = await client.request(
                method, f"/api/v1/users/{foreign.id}/{path}", headers=caller.headers, json=body
            )
            expected = 403 if method != "GET" and caller is tenants.client_a else 404
            assert response.status_code == expected, (method, path, caller.role)
    billing = await client.get(
        f"/api/v1/users/{foreign.id}/billing", headers=tenants.reseller_b.headers
    )
    assert Decimal(billing.json()["balance"]) == 0


async def test_only_clients_have_a_billing_account(client: Client, tenants: Tenants) -> None:
    for user in (tenants.reseller_a, tenants.admin):
        response = await client.get(
            f"/api/v1/users/{user.id}/billing", headers=tenants.superadmin.headers
        )
        assert response.status_code == 404, user.role


async def test_a_client_cannot_credit_itself_or_change_its_limits(
    client: Client, tenants: Tenants
) -> None:
    me = tenants.client_a
    assert (await _credit(client, me, me, {"amount": "100"})).status_code == 403
    patched = await client.patch(
        f"/api/v1/users/{me.id}/billing", headers=me.headers, json={"kind": "postpaid"}
    )
    assert patched.status_code == 403


async def test_credit_amount_rules_name_the_amount(client: Client, tenants: Tenants) -> None:
    target, staff = tenants.client_a, tenants.admin
    for body in (
        {"amount": "-5"},
        {"amount": "-5", "kind": "refund"},
        {"amount": "0", "kind": "adjustment"},
    ):
        response = await _credit(client, staff, target, body)
        assert response.status_code == 422, body
        assert _fields(response) == ["amount"]
    # not a decimal string of at most 6 places: refused by the schema, never rounded
    for amount in ("1.0000001", "NaN", "1e3", 5, 2.5):
        response = await _credit(client, staff, target, {"amount": amount})
        assert response.status_code == 400, amount
        assert _fields(response) == ["amount"]
    missing = await _credit(client, staff, target, {"kind": "credit"})
    # A missing field is reported by the app-wide schema validation (on the body, naming it).
    assert missing.status_code == 400 and "amount" in missing.json()["detail"]


async def test_a_negative_adjustment_never_takes_a_prepaid_account_below_zero(
    client: Client, tenants: Tenants
) -> None:
    target, staff = tenants.client_a, tenants.admin
    await _credit(client, staff, target, {"amount": "10"})
    too_much = await _credit(client, staff, target, {"amount": "-10.000001", "kind": "adjustment"})
    assert too_much.status_code == 422 and _fields(too_much) == ["amount"]
    exact = await _credit(client, staff, target, {"amount": "-10", "kind": "adjustment"})
    assert exact.status_code == 201 and Decimal(exact.json()["balance_after"]) == 0


async def test_a_postpaid_account_goes_down_to_minus_its_credit_limit(
    client: Client, tenants: Tenants
) -> None:
    target, reseller = tenants.client_a, tenants.reseller_a
    url = f"/api/v1/users/{target.id}/billing"
    patched = await client.patch(
        url, headers=reseller.headers, json={"kind": "postpaid", "credit_limit": "20"}
    )
    assert patched.status_code == 200, patched.text
    assert Decimal(patched.json()["available"]) == 20
    over = await _credit(client, reseller, target, {"amount": "-20.01", "kind": "adjustment"})
    assert over.status_code == 422 and _fields(over) == ["amount"]
    ok = await _credit(client, reseller, target, {"amount": "-20", "kind": "adjustment"})
    assert Decimal(ok.json()["balance_after"]) == -20
    # tighter terms may not strand the debt beyond the floor; other settings still change
    for body, field in (
        ({"kind": "prepaid", "credit_limit": "0"}, "kind"),
        ({"credit_limit": "19.99"}, "credit_limit"),
    ):
        refused = await client.patch(url, headers=reseller.headers, json=body)
        assert refused.status_code == 422 and _fields(refused) == [field], body
    other = await client.patch(url, headers=reseller.headers, json={"max_concurrent_calls": 2})
    assert other.status_code == 200 and Decimal(other.json()["available"]) == 0


async def test_updating_billing_settings_validates_each_field_and_is_audited(
    client: Client, tenants: Tenants, sessions: async_sessionmaker[AsyncSession]
) -> None:
    target, staff = tenants.client_a, tenants.admin
    url = f"/api/v1/users/{target.id}/billing"
    for body, status, field in (
        ({"credit_limit": "5"}, 422, "credit_limit"),  # a prepaid account has no credit limit
        ({"kind": "postpaid", "credit_limit": "-5"}, 400, "credit_limit"),
        ({"monthly_spend_cap": "-1"}, 400, "monthly_spend_cap"),
        ({"max_price_per_minute": "0.1234567"}, 400, "max_price_per_minute"),
        ({"max_concurrent_calls": -1}, 400, "max_concurrent_calls"),
        ({"periodic_credit": {"amount": "0", "period": "daily"}}, 422, "periodic_credit.amount"),
        ({"periodic_credit": {"amount": "1", "period": "hourly"}}, 400, "periodic_credit.period"),
    ):
        response = await client.patch(url, headers=staff.headers, json=body)
        assert (response.status_code, _fields(response)) == (status, [field]), body
    changed = await client.patch(
        url,
        headers=staff.headers,
        json={
            "monthly_spend_cap": "50",
            "max_price_per_call": "2.5",
            "max_concurrent_calls": 3,
            "periodic_credit": {"amount": "50", "period": "daily"},
        },
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert Decimal(body["monthly_spend_cap"]) == 50 and body["max_concurrent_calls"] == 3
    assert body["periodic_credit"]["period"] == "daily"
    assert body["periodic_credit"]["next_reset_at"].endswith("T00:00:00Z")  # client in UTC
    async with system_session(sessions) as session:
        audit = (
            await session.execute(
                select(AuditEntry).where(
                    AuditEntry.owner_id == target.id,
                    AuditEntry.action == "billing_account.update",
                )
            )
        ).scalar_one()
    assert audit.actor_id == staff.id
    assert audit.after is not None and audit.after["max_concurrent_calls"] == 3
    cleared = await client.patch(url, headers=staff.headers, json={"periodic_credit": None})
    assert cleared.json()["periodic_credit"] is None


async def test_the_ledger_pages_newest_first_and_filters_by_kind_and_time(
    client: Client, tenants: Tenants
) -> None:
    target, staff = tenants.client_a, tenants.admin
    for n, kind in enumerate(["credit", "payment", "credit", "refund"], start=1):
        assert (
            await _credit(client, staff, target, {"amount": str(n), "kind": kind})
        ).status_code == 201
    url = f"/api/v1/users/{target.id}/ledger"
    page = (await client.get(url, headers=target.headers, params={"limit": 2})).json()
    assert page["total"] == 4 and [Decimal(e["amount"]) for e in page["items"]] == [4, 3]
    rest = (await client.get(url, headers=target.headers, params={"offset": 2})).json()
    assert [Decimal(e["amount"]) for e in rest["items"]] == [2, 1]
    credits = (await client.get(url, headers=target.headers, params={"kind": "credit"})).json()
    assert [Decimal(e["amount"]) for e in credits["items"]] == [3, 1]
    middle = page["items"][1]["created_at"]
    since = await client.get(url, headers=target.headers, params={"created_from": middle})
    assert [Decimal(e["amount"]) for e in since.json()["items"]] == [4, 3]
    before = await client.get(url, headers=target.headers, params={"created_to": middle})
    assert before.json()["total"] == 2
    for bad in ("2026-01-01T00:00:00", "0.5", "2026-02-30T00:00:00Z"):
        refused = await client.get(url, headers=target.headers, params={"created_to": bad})
        assert refused.status_code == 400 and _fields(refused) == ["created_to"], bad
