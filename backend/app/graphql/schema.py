"""The root GraphQL schema: it composes each feature's Query (and later Mutation) types."""

from __future__ import annotations

import strawberry
from strawberry.litestar import make_graphql_controller

from app.accounts.graphql import AccountsMutation, AccountsQuery
from app.cdrs.graphql import CdrsQuery
from app.graphql.context import graphql_context
from app.lib.access import PUBLIC
from app.ratedecks.graphql import RatesQuery
from app.system.graphql import SystemQuery


@strawberry.type
class Query(SystemQuery, AccountsQuery, RatesQuery, CdrsQuery):
    """Every feature's queries, merged."""


@strawberry.type
class Mutation(AccountsMutation):
    """Every feature's mutations, merged."""


schema = strawberry.Schema(query=Query, mutation=Mutation)


def graphql_controller() -> type:
    controller = make_graphql_controller(
        schema, path="/graphql", graphql_ide="graphiql", context_getter=graphql_context
    )
    # GraphQL documents itself through introspection; it stays out of the REST OpenAPI document.
    controller.include_in_schema = False
    # The HTTP route is open; each field checks the caller resolved in the GraphQL context.
    controller.opt = {"access": PUBLIC}
    return controller
