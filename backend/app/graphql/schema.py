"""The root GraphQL schema: it composes each feature's Query (and later Mutation) types."""

from __future__ import annotations

import strawberry
from strawberry.litestar import make_graphql_controller

from app.system.graphql import SystemQuery


@strawberry.type
class Query(SystemQuery):
    """Every feature's queries, merged."""


schema = strawberry.Schema(query=Query)


def graphql_controller() -> type:
    controller = make_graphql_controller(schema, path="/graphql", graphql_ide="graphiql")
    # GraphQL documents itself through introspection; it stays out of the REST OpenAPI document.
    controller.include_in_schema = False
    return controller
