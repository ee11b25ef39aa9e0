"""Rewriting a rate file's prefixes on import: from dialled form to E.164.

Some decks are keyed by what a caller dials, not by E.164: UCRM's ``00145`` (AT&T Wireless US)
is ``00`` + ``145``. The rating engine normalizes every number to E.164 (see docs/rating.md),
so such a deck is either rated with a numbering plan that keeps the dialled digits, or — better
— rewritten once on import. The rule is CellHub's prefix manipulation: a prefix that starts
with ``strip`` loses it, then ``add`` is put in front of every prefix.

Standard library only, like the parser that uses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .csv_formats import MAX_PREFIX_DIGITS
from .csv_table import RuleError

MAX_REWRITE_DIGITS = 8


@dataclass(frozen=True, slots=True)
class PrefixRewrite:
    """Strip a leading ``strip`` (when present), then prepend ``add``. Both are ASCII digits,
    at most :data:`MAX_REWRITE_DIGITS` each; at least one is set."""

    strip: str = ""
    add: str = ""

    def __post_init__(self) -> None:
        for name, value in (("strip", self.strip), ("add", self.add)):
            if value and not (value.isdigit() and value.isascii()):
                raise ValueError(f"{name} must be digits, got {value!r}")
            if len(value) > MAX_REWRITE_DIGITS:
                raise ValueError(f"{name} is longer than {MAX_REWRITE_DIGITS} digits")
        if not (self.strip or self.add):
            raise ValueError("a rewrite needs digits to strip or to add")

    def __call__(self, prefix: str) -> str:
        """The rewritten prefix; a :class:`RuleError` on the prefix column when nothing (or too
        much) is left."""
        rewritten = self.add + prefix.removeprefix(self.strip)
        if not rewritten:
            raise RuleError("prefix", f"prefix {prefix} is empty once {self.strip} is stripped")
        if len(rewritten) > MAX_PREFIX_DIGITS:
            raise RuleError(
                "prefix",
                f"prefix {prefix} becomes {rewritten}, longer than {MAX_PREFIX_DIGITS} digits",
            )
        return rewritten

    def describe(self) -> str:
        parts = [f"strip {self.strip}"] if self.strip else []
        return ", ".join([*parts, f"add {self.add}"] if self.add else parts)
