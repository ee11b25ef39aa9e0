"""Money values and the exact integer units the hot path computes in.

Amounts enter as ``Decimal`` and are turned, once per deck build, into integers of
``1 / AMOUNT_SCALE`` currency units (nano-units). Percentages become integers of
``1 / RATIO_SCALE`` (a fraction, so 12.5 % is 125_000_000). Both conversions are exact or raise:
no value is silently truncated.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import MAX_PREC, Context, Decimal

from .errors import CurrencyMismatchError, InvalidMarkupError, InvalidRateError, RatingError

AMOUNT_SCALE: int = 10**9
"""Amounts (prices, fees, per-minute rates) are exact to 9 decimal places."""

RATIO_SCALE: int = 10**9
"""Markup fractions are exact to 9 places, i.e. percentages to 7 decimal places."""

_PERCENT_TO_RATIO = RATIO_SCALE // 100
EXACT = Context(prec=MAX_PREC)
"""Unbounded precision: conversions here are exact whatever the caller's thread-local decimal
context says, and never round (so no flag is ever raised on this shared context)."""
_ONE_NANO = Decimal(1).scaleb(-9)


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount and the ISO 4217 code of its currency."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite():
            raise InvalidRateError(f"money amount must be a finite Decimal, got {self.amount!r}")
        check_currency(self.currency)

    def __sub__(self, other: Money) -> Money:
        same_currency(self.currency, other.currency)
        return Money(self.amount - other.amount, self.currency)

    def __add__(self, other: Money) -> Money:
        same_currency(self.currency, other.currency)
        return Money(self.amount + other.amount, self.currency)


def check_currency(code: str) -> str:
    """Return ``code`` if it looks like an ISO 4217 code (three upper-case ASCII letters)."""
    if not (isinstance(code, str) and len(code) == 3 and code.isascii() and code.isupper()):
        raise InvalidRateError(f"currency must be a 3-letter ISO 4217 code, got {code!r}")
    if not code.isalpha():
        raise InvalidRateError(f"currency must be a 3-letter ISO 4217 code, got {code!r}")
    return code


def same_currency(first: str, second: str) -> str:
    """Return the currency if both are equal; mixing currencies is a domain error."""
    if first != second:
        raise CurrencyMismatchError(f"cannot combine amounts in {first} and {second}")
    return first


def amount_to_units(value: Decimal, what: str, error: type[RatingError] = InvalidRateError) -> int:
    """Exact nano-units of a non-negative amount; raise ``error`` if it has > 9 decimals."""
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise error(f"{what} must be a finite, non-negative Decimal, got {value!r}")
    scaled = value.scaleb(9, EXACT)
    units = int(scaled)
    if units != scaled:
        raise error(f"{what} {value} has more than 9 decimal places")
    return units


def percent_to_ratio_units(value: Decimal, what: str) -> int:
    """Exact ``RATIO_SCALE`` units of a non-negative percentage (at most 7 decimals)."""
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise InvalidMarkupError(f"{what} must be a finite, non-negative Decimal, got {value!r}")
    scaled = EXACT.multiply(value, _PERCENT_TO_RATIO)
    units = int(scaled)
    if units != scaled:
        raise InvalidMarkupError(f"{what} {value} % has more than 7 decimal places")
    return units


def units_to_decimal(units: int) -> Decimal:
    """The ``Decimal`` value of an integer count of nano-units (exact, 9 places)."""
    return EXACT.multiply(units, _ONE_NANO)
