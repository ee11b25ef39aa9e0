"""OpenAPI request bodies of the OAuth endpoints.

Those handlers read the urlencoded form themselves (so that even a malformed request gets an
RFC 6749 error, not Litestar's validation problem), which leaves Litestar nothing to document
the body from; these operation classes state it.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar.openapi.spec import OpenAPIMediaType, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType

FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"

_CLIENT_FIELDS = {
    "client_id": "The client's id, when not authenticating with HTTP Basic.",
    "client_secret": "The client's secret, when not authenticating with HTTP Basic.",
}


def _form(fields: dict[str, str], required: list[str], description: str) -> RequestBody:
    properties: dict[str, Schema] = {
        name: Schema(type=OpenAPIType.STRING, description=text) for name, text in fields.items()
    }
    schema = Schema(type=OpenAPIType.OBJECT, required=required, properties=dict(properties))
    return RequestBody(
        content={FORM_MEDIA_TYPE: OpenAPIMediaType(schema=schema)},
        description=description,
        required=True,
    )


_TOKEN_BODY = _form(
    {
        "grant_type": "Must be client_credentials.",
        "scope": "Space-separated scopes, a subset of the client's (default: all of them).",
        **_CLIENT_FIELDS,
    },
    ["grant_type"],
    "RFC 6749 §4.4.2 access token request; client authentication per §2.3.1.",
)

_REVOKE_BODY = _form(
    {
        "token": "The access token to revoke.",
        "token_type_hint": "Optional: access_token (any other value is ignored).",
        **_CLIENT_FIELDS,
    },
    ["token"],
    "RFC 7009 §2.1 revocation request; client authentication as for the token endpoint.",
)


@dataclass
class TokenOperation(Operation):
    def __post_init__(self) -> None:
        self.request_body = _TOKEN_BODY


@dataclass
class RevokeOperation(Operation):
    def __post_init__(self) -> None:
        self.request_body = _REVOKE_BODY


TOKEN_OPERATION = TokenOperation
REVOKE_OPERATION = RevokeOperation
