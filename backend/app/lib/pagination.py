"""Offset pagination shared by every list endpoint."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

import msgspec
from litestar.params import QueryParameter

T = TypeVar("T")

PageLimit = Annotated[int, QueryParameter(ge=1, le=200, description="page size")]
PageOffset = Annotated[int, QueryParameter(ge=0, le=2**31 - 1, description="rows to skip")]
DEFAULT_LIMIT = 50


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
