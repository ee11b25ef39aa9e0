"""The REST surface of invoicing, as a reseller and its client use it: services and
subscriptions, a billing run and its report, the invoice, its PDF and CDR CSV, credit notes,
drafts, issue, void and paid."""

from __future__ import annotations

import re
import uuid
import zlib
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.models.alert import AlertMessage
from app.db.models.billing import LedgerEntry
from app.invoicing.runs import execute_run
from app.lib.scoping import bind_system
from tests.support.identity import Account, Tenants
from tests.support.invoicing import add_call

Client = AsyncTestClient[Litestar]
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
    "DwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def pdf_pages(content: bytes) -> int:
    """Page objects in a PDF, looking into its compressed object streams too."""
    chunks = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            continue  # an image or font stream, not objects
    return sum(len(re.findall(rb"/Type\s*/Page(?!s)\b", chunk)) for chunk in chunks)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return (
        response.json() if response.content and "json" in response.headers["content-type"] else None
    )


async def _set_up(client: Client, tenants: Tenants, *, issue: bool = True) -> str:
    """Reseller A's branding, a postpaid client with a 10.00 (+20 %) service since 1 March."""
    reseller, target = tenants.reseller_a, tenants.client_a
    await _ok(
        await client.patch(
            "/api/v1/invoicing-profile",
            headers=reseller.headers,
            json={
                "name": "Reseller A Telecom",
                "address": "2 Harbour Road\nPortsmouth",
                "logo_url": PIXEL,
                "footer": "Bank: IBAN XX00 0000",
                "usage_tax_rate": "20",
                "autobill_issue": issue,
            },
        )
    )
    await _ok(
        await client.patch(
            f"/api/v1/users/{target.id}/billing",
            headers=reseller.headers,
            json={"kind": "postpaid", "credit_limit": "100"},
        )
    )
    service = await _ok(
        await client.post(
            "/api/v1/services",
            headers=reseller.headers,
            json={"name": "Hosted PBX seat", "price": "10.00", "currency": "USD", "tax_rate": "20"},
        ),
        201,
    )
    await _ok(
        await client.post(
            "/api/v1/subscriptions",
            headers=reseller.headers,
            json={
                "client_id": str(target.id),
                "service_id": service["id"],
                "starts_on": "2026-03-01",
            },
        ),
        201,
    )
    return str(service["id"])


async def _bill_march(
    client: Client, sessions: async_sessionmaker[AsyncSession], caller: Account
) -> dict[str, Any]:
    run = await _ok(
        await client.post(
            "/api/v1/billing-runs", headers=caller.headers, json={"period": "2026-03"}
        ),
        202,
    )
    assert run["status"] == "queued"
    await execute_run(sessions, uuid.UUID(run["id"]))  # what the worker's actor does
    done: dict[str, Any] = await _ok(
        await client.get(f"/api/v1/billing-runs/{run['id']}", headers=caller.headers)
    )
    return done


async def test_a_reseller_bills_its_client_and_the_client_reads_its_invoice(
    client: Client, tenants: Tenants, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await _set_up(client, tenants)
    target = tenants.client_a
    await add_call(
        sessions,
        target.id,
        utc("2026-03-03T10:00:00"),
        "+441234567890",
        "1.500000",
        currency="USD",
        masked=True,
    )
    await add_call(
        sessions, target.id, utc("2026-03-04T10:00:00"), "+33612345678", "0.500000", currency="USD"
    )

    run = await _bill_march(client, sessions, tenants.reseller_a)

    assert run["status"] == "succeeded" and run["clients_done"] == run["clients_total"] == 1
    assert run["report"]["cdrs"] == 2 and run["report"]["totals"]["USD"]["total"] == "14.40"
    page = await _ok(await client.get("/api/v1/invoices", headers=target.headers))
    [invoice] = page["items"]
    assert (invoice["number"], invoice["status"], invoice["total"]) == (
        "INV-000001",
        "issued",
        "14.40",
    )
    assert [line["kind"] for line in invoice["lines"]] == ["usage", "service"]

    pdf = await client.get(f"/api/v1/invoices/{invoice['id']}/pdf", headers=target.headers)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and pdf.content.rstrip().endswith(b"%%EOF")
    assert pdf_pages(pdf.content) == 1
    assert "INV-000001" in pdf.headers["content-disposition"]

    csv = await client.get(f"/api/v1/invoices/{invoice['id']}/cdrs.csv", headers=target.headers)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    rows = [line.split(",") for line in csv.text.strip().splitlines()]
    assert rows[0][10] == "dialled_number" and len(rows) == 3
    assert {r[10] for r in rows[1:]} == {"+441234567XXX", "+33612345678"}

    other = await client.get(f"/api/v1/invoices/{invoice['id']}", headers=tenants.client_b.headers)
    assert other.status_code == 404


async def test_credit_notes_correct_an_issued_invoice_within_its_total(
    client: Client, tenants: Tenants, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await _set_up(client, tenants)
    await _bill_march(client, sessions, tenants.reseller_a)
    [invoice] = (
        await _ok(await client.get("/api/v1/invoices", headers=tenants.reseller_a.headers))
    )["items"]
    url = f"/api/v1/invoices/{invoice['id']}/credit-notes"
    body = {
        "reason": "outage on 12 March",
        "lines": [{"description": "Outage", "amount": "5.00", "tax_rate": "20"}],
    }

    refused = await client.post(url, headers=tenants.client_a.headers, json=body)
    assert refused.status_code == 403
    note = await _ok(await client.post(url, headers=tenants.reseller_a.headers, json=body), 201)

    assert (note["kind"], note["number"], note["total"]) == ("credit_note", "CN-000001", "-6.00")
    assert note["credited_invoice_id"] == invoice["id"] and note["lines"][0]["amount"] == "-5.00"
    whole = await client.post(url, headers=tenants.reseller_a.headers, json={"reason": "all"})
    assert whole.status_code == 409  # partly credited: name the lines
    too_much = {"reason": "x", "lines": [{"description": "x", "amount": "6.01"}]}
    assert (
        await client.post(url, headers=tenants.reseller_a.headers, json=too_much)
    ).status_code == 422
    void = await client.post(
        f"/api/v1/invoices/{invoice['id']}/void", headers=tenants.reseller_a.headers
    )
    assert void.status_code == 409
    async with sessions() as session:
        bind_system(session)
        refunds = await session.execute(
            select(LedgerEntry.amount).where(
                LedgerEntry.owner_id == tenants.client_a.id, LedgerEntry.kind == "refund"
            )
        )
        assert list(refunds.scalars()) == [Decimal("6.000000")]


async def test_drafts_are_hidden_from_the_client_until_issued_then_void_reverses_charges(
    client: Client, tenants: Tenants, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await _set_up(client, tenants, issue=False)
    run = await _bill_march(client, sessions, tenants.reseller_a)
    assert run["report"]["invoices"] == 1
    target, reseller = tenants.client_a, tenants.reseller_a
    assert (await _ok(await client.get("/api/v1/invoices", headers=target.headers)))["total"] == 0
    [draft] = (await _ok(await client.get("/api/v1/invoices", headers=reseller.headers)))["items"]
    assert draft["status"] == "draft" and draft["number"] is None
    hidden = await client.get(f"/api/v1/invoices/{draft['id']}", headers=target.headers)
    assert hidden.status_code == 404

    issued = await _ok(
        await client.post(f"/api/v1/invoices/{draft['id']}/issue", headers=reseller.headers)
    )
    assert issued["status"] == "issued" and issued["number"] == "INV-000001" and issued["due_at"]
    again = await client.post(f"/api/v1/invoices/{draft['id']}/issue", headers=reseller.headers)
    assert again.status_code == 409
    voided = await _ok(
        await client.post(f"/api/v1/invoices/{draft['id']}/void", headers=reseller.headers)
    )
    assert voided["status"] == "void"
    async with sessions() as session:
        bind_system(session)
        amounts = await session.execute(
            select(LedgerEntry.amount).where(LedgerEntry.owner_id == target.id)
        )
        assert sum(amounts.scalars()) == 0  # 12.00 charged at issue, 12.00 back at void
    rerun = await _bill_march(client, sessions, reseller)
    assert rerun["report"]["clients_already_invoiced"] == 1


async def test_client_terms_and_the_catalogue_follow_reach(
    client: Client, tenants: Tenants
) -> None:
    service_id = await _set_up(client, tenants)
    terms = f"/api/v1/users/{tenants.client_a.id}/invoicing"
    changed = await _ok(
        await client.patch(
            terms,
            headers=tenants.reseller_a.headers,
            json={"invoice_mode": "itemized", "tax_rate": "7.5"},
        )
    )
    assert changed["invoice_mode"] == "itemized" and changed["tax_rate"] == "7.5"
    mine = await _ok(await client.get(terms, headers=tenants.client_a.headers))
    assert mine["invoice_mode"] == "itemized"
    assert (await client.patch(terms, headers=tenants.client_a.headers, json={})).status_code == 403
    foreign = await client.get(f"/api/v1/services/{service_id}", headers=tenants.reseller_b.headers)
    assert foreign.status_code == 404
    subs = await _ok(await client.get("/api/v1/subscriptions", headers=tenants.client_a.headers))
    assert [s["service_name"] for s in subs["items"]] == ["Hosted PBX seat"]
    in_use = await client.delete(
        f"/api/v1/services/{service_id}", headers=tenants.reseller_a.headers
    )
    assert in_use.status_code == 409
    bad_cron = await client.patch(
        "/api/v1/invoicing-profile",
        headers=tenants.reseller_a.headers,
        json={"autobill_cron": "every day"},
    )
    assert bad_cron.status_code == 422


async def test_payments_naming_an_invoice_settle_it_and_the_issue_queues_one_mail(
    client: Client, tenants: Tenants, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await _set_up(client, tenants)
    await _bill_march(client, sessions, tenants.reseller_a)
    reseller, target = tenants.reseller_a, tenants.client_a
    [invoice] = (await _ok(await client.get("/api/v1/invoices", headers=reseller.headers)))["items"]
    assert (invoice["status"], invoice["total"]) == ("issued", "12.00")
    url = f"/api/v1/users/{target.id}/payments"

    def paying(amount: str, invoice_id: str) -> dict[str, str]:
        return {
            "amount": amount,
            "currency": "USD",
            "method": "bank_transfer",
            "invoice_id": invoice_id,
        }

    foreign = await client.post(url, headers=reseller.headers, json=paying("1", str(uuid.uuid4())))
    assert foreign.status_code == 422 and "invoice_id" in foreign.text
    await _ok(
        await client.post(url, headers=reseller.headers, json=paying("5", invoice["id"])), 201
    )
    shown = await _ok(
        await client.get(f"/api/v1/invoices/{invoice['id']}", headers=reseller.headers)
    )
    assert shown["status"] == "issued"  # 5.00 of 12.00
    await _ok(
        await client.post(url, headers=reseller.headers, json=paying("7", invoice["id"])), 201
    )
    shown = await _ok(
        await client.get(f"/api/v1/invoices/{invoice['id']}", headers=reseller.headers)
    )
    assert shown["status"] == "paid" and shown["paid_at"] is not None

    async with sessions() as session:
        bind_system(session)
        mails = (
            (
                await session.execute(
                    select(AlertMessage.kind).where(AlertMessage.owner_id == target.id)
                )
            )
            .scalars()
            .all()
        )
        payments = (
            (
                await session.execute(
                    select(LedgerEntry.amount).where(
                        LedgerEntry.owner_id == target.id, LedgerEntry.kind == "payment"
                    )
                )
            )
            .scalars()
            .all()
        )
    assert mails == ["invoice_issued"]
    assert sorted(payments) == [Decimal(5), Decimal(7)]  # the refused payment moved nothing
