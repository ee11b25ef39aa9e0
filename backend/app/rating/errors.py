"""The rating engine's errors: one base class, one subclass per broken rule.

The engine never maps these to HTTP statuses; ``app.server`` does that once. Every error is
raised where the rule lives, with a message that names the offending value.
"""

from __future__ import annotations


class RatingError(ValueError):
    """Base of every error the rating engine raises on purpose."""


class InvalidNumberError(RatingError):
    """A dialled number is empty or holds characters that cannot be part of a phone number."""


class InvalidRateError(RatingError):
    """A rate, offer or deck breaks a rule (negative price, zero increment, naive datetime...)."""


class DuplicateRateError(InvalidRateError):
    """Two rates of one deck share prefix, effective window and time band: neither can win."""


class InvalidMarkupError(RatingError):
    """A markup or margin is negative or more precise than the engine represents exactly."""


class InvalidCallError(RatingError):
    """A call's inputs are unusable: naive datetime, negative or non-integer duration."""


class CurrencyMismatchError(RatingError):
    """Two amounts (or decks) in one computation carry different currencies."""


class PriceNotAvailableError(RatingError):
    """An amount was asked of a call that has none (unrated, blocked or pending price)."""
