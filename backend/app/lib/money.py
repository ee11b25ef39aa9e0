"""Checks on decimal amounts received from clients. Money is Decimal, never float."""

from __future__ import annotations

from decimal import Decimal


def within(value: Decimal, *, places: int, maximum: Decimal | int) -> bool:
    """True for a finite ``0 <= value <= maximum`` with at most ``places`` decimals."""
    if not value.is_finite() or not 0 <= value <= maximum:
        return False
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and -exponent <= places
