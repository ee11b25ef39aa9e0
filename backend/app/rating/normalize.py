"""Turning a dialled number into the digits the rate decks are keyed by."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import InvalidNumberError, InvalidRateError

_SEPARATORS = str.maketrans("", "", " \t-.()/")


@dataclass(frozen=True, slots=True)
class NumberingPlan:
    """How one plan, package or SIP user writes numbers.

    ``country_code`` is the client's home calling code ("44"); ``exit_code`` the international
    prefix dialled there ("00", "011"; "" disables it); ``trunk_prefix`` the national trunk
    prefix ("0"; "" disables it). ``strip_prefix`` / ``add_prefix`` are the device's number
    manipulation, applied first (strip, then add). A number of a length in
    ``national_lengths`` with neither prefix is national (e.g. {10} for ten-digit NANP dialling).
    """

    country_code: str
    exit_code: str = "00"
    trunk_prefix: str = "0"
    strip_prefix: str = ""
    add_prefix: str = ""
    national_lengths: frozenset[int] = field(default=frozenset())

    def __post_init__(self) -> None:
        if not _is_digits(self.country_code):
            raise InvalidRateError(f"country code must be digits, got {self.country_code!r}")
        for name in ("exit_code", "trunk_prefix"):
            value = getattr(self, name)
            if value and not _is_digits(value):
                raise InvalidRateError(f"{name} must be digits or empty, got {value!r}")
        for name in ("strip_prefix", "add_prefix"):
            value = getattr(self, name)
            if value and not _is_digits(value.removeprefix("+")):
                raise InvalidRateError(f"{name} must be digits with an optional +, got {value!r}")


def normalize_number(dialled: str, plan: NumberingPlan) -> str:
    """The digits a dialled number is rated by (E.164 without "+" when the plan is complete).

    Rules, in order: drop separators (space, tab, "-", ".", "(", ")", "/"); reject any other
    non-digit except one leading "+"; apply ``strip_prefix`` then ``add_prefix``; then a leading
    "+" or ``exit_code`` is removed (the rest is international), or a leading ``trunk_prefix``
    is replaced by ``country_code`` (national), or a bare number of a ``national_lengths``
    length gets ``country_code`` in front; anything else is kept as it is. Invariant: the result
    is a non-empty string of ASCII digits, else ``InvalidNumberError``.
    """
    return compile_normalizer(plan)(dialled)


def is_international(number: str, plan: NumberingPlan) -> bool:
    """True if a normalized number lies outside the plan's home country code."""
    return not number.startswith(plan.country_code)


def compile_normalizer(plan: NumberingPlan) -> Callable[[str], str]:
    """``normalize_number`` for one plan, as a closure over its constants (the hot path's)."""
    strip, add, lengths = plan.strip_prefix, plan.add_prefix, plan.national_lengths
    exit_code, trunk, country = plan.exit_code, plan.trunk_prefix, plan.country_code

    def normalize(dialled: str) -> str:
        if dialled.__class__ is not str:
            raise InvalidNumberError(f"a number must be a string, got {type(dialled).__name__}")
        if dialled[:1] == "+" and not strip:  # fast path: "+<digits>", the E.164 form
            digits = dialled[1:]
            if digits.isdigit() and digits.isascii() and not add:
                return digits
        number = dialled if dialled.isdigit() and dialled.isascii() else _clean(dialled)
        if strip and number.startswith(strip):
            number = number[len(strip) :]
        if add:
            number = add + number
        if number[:1] == "+":
            national = digits = number[1:]
        elif exit_code and number.startswith(exit_code):
            national = digits = number[len(exit_code) :]
        elif trunk and number.startswith(trunk):
            national = number[len(trunk) :]
            digits = country + national
        elif len(number) in lengths:
            national, digits = number, country + number
        else:
            national = digits = number
        if not national or not (digits.isdigit() and digits.isascii()):
            raise InvalidNumberError(f"{dialled!r} is not a valid phone number")
        return digits

    return normalize


def _clean(dialled: str) -> str:
    cleaned = dialled.translate(_SEPARATORS)
    body = cleaned[1:] if cleaned.startswith("+") else cleaned
    if not _is_digits(body):
        raise InvalidNumberError(f"{dialled!r} is not a valid phone number")
    return cleaned


def _is_digits(text: str) -> bool:
    return text.isdigit() and text.isascii()
