"""JSON request bodies are decoded strictly, as the OpenAPI document describes them, and query
values never carry a NUL character.

Litestar converts a handler's ``data`` in msgspec's lax mode (``strict=False``), which also
serves query and path parameters (text that must become numbers). For a JSON body that means
``{"enabled": 0}`` or ``{"count": "5"}`` would be accepted where the schema says boolean or
integer. This guard decodes the body once more in strict mode against the handler's ``data``
type and answers a 400 naming the field when a value has the wrong JSON type. The body is
cached on the request, so the handler's own decoding reads it again without I/O.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

import msgspec
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import ValidationException
from litestar.handlers.base import BaseRouteHandler

_NO_BODY = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})
_AT = re.compile(r" - at `\$\.?(?P<path>[^`]*)`$")
_decoders: weakref.WeakKeyDictionary[BaseRouteHandler, msgspec.json.Decoder[Any] | None] = (
    weakref.WeakKeyDictionary()
)
"""One strict decoder per route handler (None: no JSON body type msgspec can decode)."""


def _decoder_for(handler: BaseRouteHandler) -> msgspec.json.Decoder[Any] | None:
    if handler not in _decoders:
        field = handler.parsed_fn_signature.parameters.get("data")
        decoder = None
        if field is not None:
            try:
                decoder = msgspec.json.Decoder(field.annotation, strict=True)
            except TypeError:  # a type msgspec cannot decode on its own (uploads, forms)
                decoder = None
        _decoders[handler] = decoder
    return _decoders[handler]


def _field_error(exc: msgspec.ValidationError) -> ValidationException:
    message = str(exc)
    found = _AT.search(message)
    path = found.group("path") if found else ""
    text = _AT.sub("", message)
    return ValidationException(
        detail=f"Invalid value for {path!r}: {text}" if path else text,
        extra=[{"key": path or None, "message": text, "source": "body"}],
    )


def _refuse_nul_in_query(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """PostgreSQL text cannot hold a NUL character: a query value with one is refused here, the
    same way for every route, rather than by whichever query reaches the database."""
    for name, value in connection.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            raise ValidationException(
                detail=f"Invalid value for {name!r}: contains a NUL character",
                extra=[{"key": name, "message": "contains a NUL character", "source": "query"}],
            )


async def strict_json_body(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Guard: refuse a NUL character in the query, and a JSON body whose values have other JSON
    types than its schema's."""
    _refuse_nul_in_query(connection)
    if not isinstance(connection, Request) or connection.method in _NO_BODY:
        return
    if connection.content_type[0] != "application/json":
        return
    decoder = _decoder_for(handler)
    if decoder is None:
        return
    body = await connection.body()
    if not body.strip():
        return
    try:
        decoder.decode(body)
    except msgspec.ValidationError as exc:
        if str(exc).startswith("Object missing required field"):
            # Litestar reports these itself, after the route has looked up its object: another
            # tenant's object stays a 404 whatever the body.
            return
        raise _field_error(exc) from None
    except msgspec.DecodeError:
        return  # not JSON at all: Litestar's own decoding answers that
