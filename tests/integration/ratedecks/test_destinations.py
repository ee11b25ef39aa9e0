"""The destinations reference table through the API: staff write it, everyone reads it, and a
CSV import applies wholly or not at all."""

from __future__ import annotations

import uuid

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.settings import Settings
from tests.support.identity import Account, make_tenants


def _unique_prefix() -> str:
    # Prefixes are global: each test uses its own range so tests never see each other's rows.
    return "9" + str(uuid.uuid4().int)[:9]


async def _import(
    client: AsyncTestClient[Litestar], admin: Account, csv: str, mode: str = "merge"
) -> tuple[int, dict[str, object]]:
    response = await client.post(
        "/api/v1/destinations/imports",
        headers=admin.headers,
        files={"file": ("destinations.csv", csv.encode(), "text/csv")},
        data={"mode": mode},
    )
    return response.status_code, response.json()


async def test_staff_write_the_table_and_every_role_reads_it(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    base = _unique_prefix()
    created = await client.post(
        "/api/v1/destinations",
        headers=t.admin.headers,
        json={"prefix": base, "name": "Testland", "country": "tl", "type": "landline"},
    )
    assert created.status_code == 201, created.text
    row = created.json()
    assert (row["prefix"], row["country"], row["type"]) == (base, "TL", "landline")
    for reader in (t.reseller_a, t.client_a):
        listed = await client.get(f"/api/v1/destinations?search={base}", headers=reader.headers)
        assert listed.status_code == 200
        assert [d["name"] for d in listed.json()["items"]] == ["Testland"]
    denied = await client.post(
        "/api/v1/destinations", headers=t.reseller_a.headers, json={"prefix": "1", "name": "x"}
    )
    assert denied.status_code == 403
    again = await client.post(
        "/api/v1/destinations", headers=t.admin.headers, json={"prefix": base, "name": "Twice"}
    )
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "prefix"
    changed = await client.patch(
        f"/api/v1/destinations/{row['id']}",
        headers=t.superadmin.headers,
        json={"name": "Testland Mobile", "type": "mobile", "country": None},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["type"], changed.json()["country"]) == (
        "Testland Mobile",
        "mobile",
        None,
    )
    bad_type = await client.patch(
        f"/api/v1/destinations/{row['id']}", headers=t.admin.headers, json={"type": "satellite"}
    )
    assert bad_type.status_code == 400
    assert bad_type.json()["errors"][0]["field"] == "type"
    gone = await client.delete(f"/api/v1/destinations/{row['id']}", headers=t.admin.headers)
    assert gone.status_code == 204
    missing = await client.delete(f"/api/v1/destinations/{row['id']}", headers=t.admin.headers)
    assert missing.status_code == 404


async def test_an_import_adds_and_updates_prefixes_and_search_finds_them(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    base = _unique_prefix()
    status, result = await _import(
        client,
        t.admin,
        f"prefix,destination,country,type\n{base},Testland,TL,landline\n"
        f"{base}7,Testland Mobile,TL,mobile\n",
    )
    assert status == 200, result
    assert result == {"rows": 2, "created": 2, "updated": 0, "deleted": 0}
    status, result = await _import(
        client, t.admin, f"prefix,destination\n{base}7,Testland Cellular\n{base}8,Testland Pager\n"
    )
    assert result == {"rows": 2, "created": 1, "updated": 1, "deleted": 0}
    page = (
        await client.get(f"/api/v1/destinations?search={base}", headers=t.client_a.headers)
    ).json()
    assert [(d["prefix"], d["name"], d["type"]) for d in page["items"]] == [
        (base, "Testland", "landline"),
        (f"{base}7", "Testland Cellular", None),
        (f"{base}8", "Testland Pager", None),
    ]
    by_name = (
        await client.get("/api/v1/destinations?search=Testland%20Pag", headers=t.admin.headers)
    ).json()
    assert f"{base}8" in [d["prefix"] for d in by_name["items"]]


async def test_a_file_with_bad_lines_changes_nothing_and_names_each_line(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    base = _unique_prefix()
    csv = (
        "prefix,destination,country,type\n"
        f"{base}1,Good,TL,\n"
        f"{base}x,Bad prefix,TL,\n"
        f"{base}2,,TL,\n"
        f"{base}3,Bad country,TLD,\n"
        f"{base}1,Duplicate,TL,\n"
    )
    status, problem = await _import(client, t.admin, csv)
    assert status == 422
    assert problem["type"].endswith("/validation-error")  # type: ignore[union-attr]
    assert "4 bad lines; nothing was imported" in problem["detail"]  # type: ignore[operator]
    errors = problem["errors"]
    assert [(e["line"], e["field"]) for e in errors] == [  # type: ignore[union-attr]
        (3, "prefix"),
        (4, "destination"),
        (5, "country"),
        (6, "prefix"),
    ]
    page = (await client.get(f"/api/v1/destinations?search={base}", headers=t.admin.headers)).json()
    assert page["total"] == 0


async def test_replace_mode_deletes_prefixes_the_file_does_not_list(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    base = _unique_prefix()
    await _import(client, t.admin, f"prefix,destination\n{base}1,One\n{base}2,Two\n")
    # A replace file is the whole table: keep the other tests' rows by listing them too.
    others: list[dict[str, str]] = []
    while True:
        page = await client.get(
            f"/api/v1/destinations?limit=200&offset={len(others)}", headers=t.admin.headers
        )
        items = page.json()["items"]
        others += items
        if not items:
            break
    keep = [d for d in others if not d["prefix"].startswith(base)]
    lines = "".join(f"{d['prefix']},{d['name']}\n" for d in keep)
    status, result = await _import(
        client, t.admin, f"prefix,destination\n{lines}{base}2,Two again\n", mode="replace"
    )
    assert status == 200, result
    assert result == {"rows": len(keep) + 1, "created": 0, "updated": len(keep) + 1, "deleted": 1}
    page = (await client.get(f"/api/v1/destinations?search={base}", headers=t.admin.headers)).json()
    assert [(d["prefix"], d["name"]) for d in page["items"]] == [(f"{base}2", "Two again")]


async def test_resellers_and_clients_may_not_import(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    for caller in (t.reseller_a, t.client_a):
        status, _ = await _import(client, caller, "prefix,destination\n1,USA\n")
        assert status == 403
