"""GraphQL answers users with the same scoping and rules as REST."""

from __future__ import annotations

import uuid

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.settings import Settings
from tests.support.identity import make_tenants


async def _gql(
    client: AsyncTestClient[Litestar], query: str, headers: dict[str, str], **variables: object
) -> dict[str, object]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


async def test_users_query_is_scoped_like_rest(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    body = await _gql(
        client, "{ users(limit: 200) { total items { id role } } }", t.reseller_a.headers
    )
    ids = {item["id"] for item in body["data"]["users"]["items"]}  # type: ignore[index]
    assert ids == {str(t.reseller_a.id), str(t.client_a.id)}
    foreign = await _gql(
        client,
        "query($id: UUID!) { user(id: $id) { id } }",
        t.client_a.headers,
        id=str(t.client_b.id),
    )
    assert foreign["data"] is None
    assert foreign["errors"][0]["extensions"]["status"] == 404  # type: ignore[index]


async def test_anonymous_callers_get_no_data_and_bad_tokens_a_401(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    anonymous = await _gql(client, "{ users { total } }", {})
    assert anonymous["errors"][0]["extensions"]["status"] == 401  # type: ignore[index]
    forged = await client.post(
        "/graphql", json={"query": "{ health }"}, headers={"Authorization": "Bearer not-a-token"}
    )
    assert forged.status_code == 401
    assert forged.headers["content-type"] == "application/problem+json"


async def test_mutations_follow_the_rest_rules_and_roll_back_on_error(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    create = """mutation($input: UserInput!) { createUser(input: $input) { id parentId role } }"""
    email = f"gql-{uuid.uuid4().hex[:8]}@example.com"
    user_input = {
        "email": email,
        "password": "long enough password",
        "role": "CLIENT",
        "name": "Via GraphQL",
    }
    made = await _gql(client, create, t.reseller_a.headers, input=user_input)
    assert made["data"]["createUser"]["parentId"] == str(t.reseller_a.id)  # type: ignore[index]
    duplicate = await _gql(client, create, t.reseller_a.headers, input=user_input)
    assert duplicate["errors"][0]["extensions"]["status"] == 409  # type: ignore[index]
    denied = await _gql(
        client, create, t.client_a.headers, input={**user_input, "email": "other-" + email}
    )
    assert denied["errors"][0]["extensions"]["status"] == 403  # type: ignore[index]
    bad_zone = await _gql(
        client,
        create,
        t.admin.headers,
        input={**user_input, "email": "zone-" + email, "timezone": "Moon/Base"},
    )
    assert bad_zone["errors"][0]["extensions"]["errors"][0]["field"] == "timezone"  # type: ignore[index]
    listed = await _gql(
        client, "query($s: String) { users(search: $s) { total } }", t.admin.headers, s="zone-"
    )
    assert listed["data"]["users"]["total"] == 0  # type: ignore[index]


async def test_me_answers_the_signed_in_account(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    body = await _gql(client, "{ me { id email role } }", t.client_a.headers)
    assert body["data"]["me"]["id"] == str(t.client_a.id)  # type: ignore[index]
    assert body["data"]["me"]["role"] == "CLIENT"  # type: ignore[index]
