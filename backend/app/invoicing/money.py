"""Invoice arithmetic: amounts in a currency's minor unit, tax per line, half up.

The one rounding rule of invoices (docs/invoicing.md): every line's net amount and every
line's tax are rounded to the currency's minor unit, half up; an invoice's subtotal, tax and
total are plain sums of its rounded lines. So splitting the same lines over several invoices
(itemized) or putting them on one (consolidated) gives the same total to the cent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final

# ISO 4217 minor units of the currencies that are not 2-decimal; everything else has 2.
_MINOR_UNITS: Final = {
    "BHD": 3, "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3, "ISK": 0, "JOD": 3,
    "JPY": 0, "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0, "RWF": 0,
    "TND": 3, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}  # fmt: skip
HUNDRED: Final = Decimal(100)


def minor_units(currency: str) -> int:
    return _MINOR_UNITS.get(currency.upper(), 2)


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def round_money(value: Decimal | Fraction, currency: str) -> Decimal:
    """``value`` rounded half up to the currency's minor unit (exact for a Fraction too)."""
    if isinstance(value, Fraction):
        scale = 10 ** minor_units(currency)
        scaled = value * scale
        units = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
        if scaled < 0:  # half away from zero, as Decimal's ROUND_HALF_UP does
            units = -((2 * -scaled.numerator + scaled.denominator) // (2 * scaled.denominator))
        return Decimal(units).scaleb(-minor_units(currency))
    return value.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def line_tax(amount: Decimal, rate_percent: Decimal, currency: str) -> Decimal:
    """The tax of one line: ``amount * rate / 100``, rounded half up to the minor unit."""
    return round_money(amount * rate_percent / HUNDRED, currency)
