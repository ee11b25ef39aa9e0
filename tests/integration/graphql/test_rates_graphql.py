"""GraphQL answers rate decks, rates, plans, destination groups and destinations with the same
services, scoping and access rules as REST."""

from __future__ import annotations

import uuid

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.settings import Settings
from tests.support.identity import Account, make_tenants

DECKS = "query($s: String) { rateDecks(search: $s) { total items { id name currency ownerId } } }"


async def _gql(
    client: AsyncTestClient[Litestar], query: str, caller: Account, **variables: object
) -> dict[str, object]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=caller.headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


async def _rest(
    client: AsyncTestClient[Litestar], caller: Account, path: str, body: dict[str, object]
) -> str:
    made = await client.post(path, headers=caller.headers, json=body)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def test_reseller_a_cannot_see_reseller_bs_decks(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    tag = uuid.uuid4().hex[:8]
    deck_a = await _rest(
        client, t.reseller_a, "/api/v1/rate-decks", {"name": f"A {tag}", "currency": "EUR"}
    )
    deck_b = await _rest(
        client, t.reseller_b, "/api/v1/rate-decks", {"name": f"B {tag}", "currency": "EUR"}
    )
    mine = await _gql(client, DECKS, t.reseller_a, s=tag)
    assert [d["id"] for d in mine["data"]["rateDecks"]["items"]] == [deck_a]  # type: ignore[index]
    staff = await _gql(client, DECKS, t.admin, s=tag)
    assert {d["id"] for d in staff["data"]["rateDecks"]["items"]} == {deck_a, deck_b}  # type: ignore[index]
    one = "query($id: UUID!) { rateDeck(id: $id) { id } }"
    foreign = await _gql(client, one, t.reseller_a, id=deck_b)
    assert foreign["errors"][0]["extensions"]["status"] == 404  # type: ignore[index]
    rates = "query($d: UUID!) { rates(deckId: $d) { total } }"
    foreign_rates = await _gql(client, rates, t.reseller_a, d=deck_b)
    assert foreign_rates["errors"][0]["extensions"]["status"] == 404  # type: ignore[index]
    empty = await _gql(client, rates, t.reseller_b, d=deck_b)
    assert empty["data"]["rates"]["total"] == 0  # type: ignore[index]


async def test_clients_are_refused_decks_plans_and_groups_like_on_rest(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    for query in (
        "{ rateDecks { total } }",
        "{ plans { total } }",
        "{ destinationGroups { total } }",
    ):
        refused = await _gql(client, query, t.client_a)
        assert refused["errors"][0]["extensions"]["status"] == 403, query  # type: ignore[index]
    allowed = await _gql(client, "{ destinations(limit: 1) { total } }", t.client_a)
    assert "errors" not in allowed


async def test_plans_groups_and_destinations_come_from_the_rest_services(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    tag = uuid.uuid4().hex[:8]
    deck = await _rest(
        client, t.reseller_a, "/api/v1/rate-decks", {"name": f"D {tag}", "currency": "GBP"}
    )
    plan = await _rest(
        client,
        t.reseller_a,
        "/api/v1/plans",
        {"name": f"Plan {tag}", "currency": "GBP", "country_code": "44", "deck_ids": [deck]},
    )
    group = await _rest(
        client,
        t.reseller_a,
        "/api/v1/destination-groups",
        {"name": f"UK mobile {tag}", "prefixes": ["447"]},
    )
    prefix = "8" + str(uuid.uuid4().int)[:9]
    await _rest(
        client,
        t.admin,
        "/api/v1/destinations",
        {"prefix": prefix, "name": f"Place {tag}", "country": "GB", "type": "mobile"},
    )
    body = await _gql(
        client,
        """query($s: String, $p: String) {
            plans(search: $s) { items { id deckIds markupPercent countryCode } }
            destinationGroups(search: $s) { items { id prefixes } }
            destinations(search: $p) { items { prefix name country type } }
        }""",
        t.reseller_a,
        s=tag,
        p=prefix,
    )
    data = body["data"]
    assert data["plans"]["items"] == [  # type: ignore[index]
        {"id": plan, "deckIds": [deck], "markupPercent": "0.0000", "countryCode": "44"}
    ]
    assert data["destinationGroups"]["items"] == [{"id": group, "prefixes": ["447"]}]  # type: ignore[index]
    assert data["destinations"]["items"] == [  # type: ignore[index]
        {"prefix": prefix, "name": f"Place {tag}", "country": "GB", "type": "mobile"}
    ]
    outsider = await _gql(
        client, "query($s: String) { plans(search: $s) { total } }", t.reseller_b, s=tag
    )
    assert outsider["data"]["plans"]["total"] == 0  # type: ignore[index]


async def test_sibling_fields_share_the_session_one_at_a_time(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    body = await _gql(
        client,
        "{ me { id } users { total } rateDecks { total } plans { total } "
        "destinationGroups { total } destinations(limit: 1) { total } }",
        t.reseller_a,
    )
    assert "errors" not in body, body
    assert body["data"]["me"]["id"] == str(t.reseller_a.id)  # type: ignore[index]
