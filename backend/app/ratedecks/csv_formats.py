"""What a CSV rate deck may hold: column mappings, the ready-made ones, and the cell syntax.

A :class:`ColumnMapping` says which CSV column feeds which rate field. Header names are matched
case-insensitively, ignoring surrounding spaces, a byte-order mark and a trailing unit in
parentheses (``billingblock(s)`` matches ``billingblock``, ``Price (EUR)`` matches ``price``).

The ``read_*`` functions turn one cell's text into a value (None for an empty cell) or raise
:class:`CellError`. Amounts are finite, non-negative, below 10^12 and have at most 6 decimal
places (what ``NUMERIC(18, 6)`` stores exactly) and never pass through float; blocks are whole
seconds up to a day; prefixes are ASCII digits.

Standard library only, like the parser that uses them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from decimal import Context, Decimal, InvalidOperation
from typing import TypeVar


class InvalidColumnMappingError(ValueError):
    """A column mapping contradicts itself (no price column, a column mapped twice, ...)."""


DELIMITERS = frozenset({",", ";", "\t"})

MAX_PREFIX_DIGITS = 20
MAX_DESTINATION_LENGTH = 200
MAX_DECIMAL_PLACES = 6
_INTEGER_DIGITS = 12
MAX_AMOUNT = Decimal(10) ** _INTEGER_DIGITS
"""Exclusive upper bound of every amount (``NUMERIC(18, 6)`` holds 12 integer digits)."""
MAX_BLOCK_SECONDS = 86_400

_ZERO = Decimal(0)
_QUANTUM = Decimal(1).scaleb(-MAX_DECIMAL_PLACES)
_EXACT = Context(prec=40)
"""Wide enough for any accepted amount, so checks never round whatever the thread's context."""

COLUMN_FIELDS = (
    "prefix",
    "rate_per_minute",
    "flat_price",
    "destination",
    "connect_fee",
    "initial_block",
    "increment",
    "blocks",
    "per_call",
    "allowed",
    "late_billed",
    "effective_from",
    "effective_until",
)
"""The :class:`ColumnMapping` fields that name a CSV column, in the order errors list them."""


@dataclass(frozen=True, slots=True)
class RateDefaults:
    """Values of the optional fields when their column is absent or the cell is empty."""

    destination: str = ""
    connect_fee: Decimal = Decimal(0)
    initial_block: int = 1
    increment: int = 1
    allowed: bool = True
    late_billed: bool = False

    def __post_init__(self) -> None:
        fee = self.connect_fee
        if not isinstance(fee, Decimal) or not fee.is_finite() or fee < 0:
            raise InvalidColumnMappingError(f"default connect fee must be >= 0, got {fee!r}")
        if len(self.destination) > MAX_DESTINATION_LENGTH:
            raise InvalidColumnMappingError("the default destination is too long")
        for value in (self.initial_block, self.increment):
            if type(value) is not int:
                raise InvalidColumnMappingError(f"default blocks must be integers, got {value!r}")
        if self.initial_block < 0 or self.increment < 1:
            raise InvalidColumnMappingError(
                "default initial block must be >= 0 and increment >= 1, "
                f"got {self.initial_block}/{self.increment}"
            )


PER_MINUTE = RateDefaults(initial_block=60, increment=60)
"""A deck's default 60/60 billing, for files that carry no block columns."""


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which CSV header feeds which :class:`~app.ratedecks.csv_parser.ParsedRate` field.

    ``prefix`` and one of ``rate_per_minute`` / ``flat_price`` are required; every other column
    is optional and falls back to ``defaults`` when unmapped or when its cell is empty.

    Two columns do more than feed one field:

    - ``blocks`` holds both billing blocks: ``"60/60"`` or ``"30/6"`` is initial block /
      increment in seconds, and a single ``"N"`` means ``N/N`` (ictVoIP's ``Increment``,
      UCRM's ``billingblock``). It excludes the ``initial_block`` and ``increment`` columns.
    - ``per_call`` is a boolean column (UCRM's ``billpercall``): where it is true, the
      ``rate_per_minute`` column's value is the flat per-call price and the per-minute rate 0.

    ``ignore_unknown_columns`` accepts header columns the mapping does not name;
    ``ignored_columns`` accepts only the ones listed. Otherwise an unknown column is an error.
    Naive ``effective_from`` / ``effective_until`` values are read in ``naive_timezone``.
    """

    prefix: str
    rate_per_minute: str | None = None
    flat_price: str | None = None
    destination: str | None = None
    connect_fee: str | None = None
    initial_block: str | None = None
    increment: str | None = None
    blocks: str | None = None
    per_call: str | None = None
    allowed: str | None = None
    late_billed: str | None = None
    effective_from: str | None = None
    effective_until: str | None = None
    defaults: RateDefaults = field(default_factory=RateDefaults)
    delimiter: str = ","
    decimal_comma: bool = False
    ignore_unknown_columns: bool = False
    ignored_columns: frozenset[str] = frozenset()
    naive_timezone: tzinfo = UTC

    def __post_init__(self) -> None:
        if self.delimiter not in DELIMITERS:
            raise InvalidColumnMappingError(
                f"delimiter must be ',', ';' or a tab, got {self.delimiter!r}"
            )
        if not header_key(self.prefix):
            raise InvalidColumnMappingError("the prefix column is required")
        if self.rate_per_minute is None and self.flat_price is None:
            raise InvalidColumnMappingError("map a rate_per_minute or a flat_price column")
        if self.per_call is not None and (
            self.rate_per_minute is None or self.flat_price is not None
        ):
            raise InvalidColumnMappingError(
                "per_call needs a rate_per_minute column and no flat_price column"
            )
        if self.blocks is not None and (
            self.initial_block is not None or self.increment is not None
        ):
            raise InvalidColumnMappingError(
                "blocks holds both billing blocks: do not also map initial_block or increment"
            )
        self._check_distinct_columns()

    def _check_distinct_columns(self) -> None:
        seen: dict[str, str] = {}
        for name, column in self.columns().items():
            key = header_key(column)
            if not key:
                raise InvalidColumnMappingError(f"the {name} column has an empty name")
            if key in seen:
                raise InvalidColumnMappingError(
                    f"column {column!r} is mapped to both {seen[key]} and {name}"
                )
            seen[key] = name

    def columns(self) -> dict[str, str]:
        """The mapped fields and their CSV column names, in :data:`COLUMN_FIELDS` order."""
        mapped = {name: getattr(self, name) for name in COLUMN_FIELDS}
        return {name: column for name, column in mapped.items() if column is not None}


def header_key(name: str) -> str:
    """The form a header name is compared in: no BOM, no trailing ``(unit)``, casefolded."""
    key = name.replace("\ufeff", "").strip()
    if key.endswith(")") and "(" in key:
        key = key[: key.rindex("(")].strip()
    return key.casefold()


PRESETS: dict[str, ColumnMapping] = {
    # CellHub: "prefix,destination,rate,initblock,billingblock,connectcharge";
    # Initial Block = minimum billed seconds, Billing Block = granularity after it.
    "cellhub": ColumnMapping(
        prefix="prefix",
        destination="destination",
        rate_per_minute="rate",
        initial_block="initblock",
        increment="billingblock",
        connect_fee="connectcharge",
    ),
    # ictVoIP: "Description, Prefix, RateValue, Increment"; Increment is "60/60", "30/6",
    # "1/1" (initial/increment seconds) or a single N meaning N/N.
    "ictvoip": ColumnMapping(
        prefix="Prefix",
        destination="Description",
        rate_per_minute="RateValue",
        blocks="Increment",
    ),
    # UCRM: "TargetName, TargetPrefix, Price, billingblock(s), billpercall, allowed, latebill";
    # billingblock N bills in N-second blocks from the first second (initial = increment = N);
    # billpercall makes Price a flat per-call price.
    "ucrm": ColumnMapping(
        prefix="TargetPrefix",
        destination="TargetName",
        rate_per_minute="Price",
        blocks="billingblock",
        per_call="billpercall",
        allowed="allowed",
        late_billed="latebill",
    ),
}


class CellError(ValueError):
    """A cell's text is not a valid value; the message quotes the text."""


_QUOTED_CHARACTERS = 40


def _quoted(text: str) -> str:
    """The cell text for a message, cut short: a cell may hold up to 128 KiB."""
    if len(text) > _QUOTED_CHARACTERS:
        text = text[: _QUOTED_CHARACTERS - 3] + "..."
    return repr(text)


# --- cell values --------------------------------------------------------------------------


def read_prefix(text: str) -> str:
    """The digits of a prefix; spaces and one leading ``+`` are dropped (``+44 20`` → 4420)."""
    if text.isdigit() and text.isascii() and len(text) <= MAX_PREFIX_DIGITS:
        return text
    digits = text.strip().replace(" ", "").removeprefix("+")
    if not digits:
        raise CellError("the prefix is empty")
    if not (digits.isdigit() and digits.isascii()):
        raise CellError(f"{_quoted(text)} is not a prefix: digits only")
    if len(digits) > MAX_PREFIX_DIGITS:
        raise CellError(f"prefix {_quoted(digits)} is longer than {MAX_PREFIX_DIGITS} digits")
    return digits


def read_amount(text: str) -> Decimal | None:
    """The amount in a cell, None when it is empty. ``123.456``-shaped cells (ASCII digits,
    at most 12 before the point and 6 after it) need no further check."""
    if text.isascii():
        whole, dot, fraction = text.partition(".")
        if (
            whole.isdigit()
            and len(whole) <= _INTEGER_DIGITS
            and (not dot or (fraction.isdigit() and len(fraction) <= MAX_DECIMAL_PLACES))
        ):
            return Decimal(text)
    return _checked_amount(text.strip(), text, "," in text)


def read_amount_with_comma(text: str) -> Decimal | None:
    """:func:`read_amount` for files that write ``0,0123``; a ``.`` there is an error."""
    if "." in text:
        raise CellError(f"{_quoted(text)} has a '.': amounts in this file use a decimal comma")
    plain = text.replace(",", ".", 1)
    try:
        return read_amount(plain)
    except CellError:
        return _checked_amount(plain.strip(), text, False)


def _checked_amount(text: str, shown: str, comma_hint: bool) -> Decimal | None:
    """The careful reading of a cell that is not plain: signs, exponents, NaN, infinity."""
    if not text:
        return None
    try:
        value = Decimal(text) if text.isascii() and "_" not in text else None
    except InvalidOperation:
        value = None
    if value is None:
        hint = " (a decimal comma? choose that option)" if comma_hint else ""
        raise CellError(f"{_quoted(shown)} is not an amount{hint}")
    if not value.is_finite():
        raise CellError(f"{_quoted(shown)} is not a finite amount")
    if value < 0:
        raise CellError(f"{_quoted(shown)} is negative")
    if value >= MAX_AMOUNT:
        raise CellError(
            f"{_quoted(shown)} is too large (at most {_INTEGER_DIGITS} digits before the point)"
        )
    if value.quantize(_QUANTUM, context=_EXACT) != value:
        raise CellError(f"{_quoted(shown)} has more than {MAX_DECIMAL_PLACES} decimal places")
    # -0 becomes 0 and 1E+2 becomes 100; other values keep their digits.
    return _EXACT.add(value, _ZERO)


_COMMON_SECONDS = {str(seconds): seconds for seconds in range(3601)}


def read_seconds(text: str) -> int | None:
    """A whole, non-negative number of seconds, at most a day."""
    value = _COMMON_SECONDS.get(text)
    if value is not None:
        return value
    if text.isdigit() and text.isascii() and len(text) <= 5:
        value = int(text)
    else:
        stripped = text.strip()
        if not stripped:
            return None
        if not (stripped.isdigit() and stripped.isascii()):
            raise CellError(f"{_quoted(text)} is not a whole number of seconds")
        # Long digit strings never reach int(): they are too long anyway, and slow to convert.
        value = int(stripped) if len(stripped.lstrip("0")) <= 6 else MAX_BLOCK_SECONDS + 1
    if value > MAX_BLOCK_SECONDS:
        raise CellError(f"{_quoted(text)} seconds is longer than a day")
    return value


def read_increment(text: str) -> int | None:
    value = read_seconds(text)
    if value == 0:
        raise CellError("the increment must be at least 1 second")
    return value


def read_blocks(text: str) -> tuple[int, int] | None:
    """``"60/60"`` / ``"30/6"`` → (initial, increment); a single ``"N"`` → (N, N)."""
    first, slash, second = text.partition("/")
    initial = read_seconds(first)
    increment = read_seconds(second) if slash else initial
    if initial is None or increment is None:
        if slash or text.strip():
            raise CellError(f"{_quoted(text)} is not 'initial/increment' seconds, e.g. 60/60")
        return None
    if increment == 0:
        raise CellError(f"{_quoted(text)}: the increment must be at least 1 second")
    return initial, increment


_FLAGS = {
    **dict.fromkeys(("1", "true", "yes", "y"), True),
    **dict.fromkeys(("0", "false", "no", "n"), False),
}


def read_flag(text: str) -> bool | None:
    """1/0, true/false, yes/no or y/n, in any case."""
    value = _FLAGS.get(text)
    if value is None:
        key = text.strip().casefold()
        if not key:
            return None
        value = _FLAGS.get(key)
        if value is None:
            raise CellError(f"{_quoted(text)} is not yes or no: use 1/0, true/false, yes/no or y/n")
    return value


def read_text(text: str) -> str:
    """A destination name without surrounding spaces (empty is allowed)."""
    value = text.strip()
    if len(value) > MAX_DESTINATION_LENGTH:
        raise CellError(f"the destination is longer than {MAX_DESTINATION_LENGTH} characters")
    if "\x00" in value:
        # PostgreSQL text cannot hold NUL; the csv module passes it through.
        raise CellError("the destination contains a NUL character")
    return value


def instant_reader(zone: tzinfo) -> Callable[[str], datetime | None]:
    """A reader of ISO 8601 dates and times; naive ones are taken to be in ``zone``."""

    def instant(text: str) -> datetime | None:
        value = text.strip()
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise CellError(f"{_quoted(text)} is not an ISO 8601 date or date and time") from None
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)

    return instant


_T = TypeVar("_T")
_CACHED_VALUES = 65_536
"""Distinct cell texts remembered per reader: decks repeat a few thousand amounts and names."""


def cached(read: Callable[[str], _T | None]) -> Callable[[str], _T | None]:
    """``read`` remembering its answers, so repeated cells cost one dict look-up."""
    known: dict[str, _T] = {}
    lookup = known.get

    def remembered(text: str) -> _T | None:
        value = lookup(text)
        if value is None:
            value = read(text)
            if value is not None and len(known) < _CACHED_VALUES:
                known[text] = value
        return value

    return remembered


def cell_readers(mapping: ColumnMapping) -> dict[str, Callable[[str], object]]:
    """How each mapped field's cell is read; the row parser and the diagnosis share these."""
    amount = read_amount_with_comma if mapping.decimal_comma else read_amount
    instant = instant_reader(mapping.naive_timezone)
    return {
        "prefix": read_prefix,
        "rate_per_minute": amount,
        "flat_price": amount,
        "destination": read_text,
        "connect_fee": amount,
        "initial_block": read_seconds,
        "increment": read_increment,
        "blocks": read_blocks,
        "per_call": read_flag,
        "allowed": read_flag,
        "late_billed": read_flag,
        "effective_from": instant,
        "effective_until": instant,
    }
