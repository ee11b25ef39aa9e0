"""Tollgate's rating engine: pure, exact, standard library only.

Given a dialled number, a timezone-aware time, a duration and in-memory rate indexes, it
selects the applicable rate and returns an exact, rounded-once cost with its breakdown. No I/O,
no clock, no global mutable state; see docs/rating.md for the maths and the orders it follows.
"""

from .affordable import DEFAULT_CAP_SECONDS, max_duration
from .bands import ALL_DAYS, WEEKDAYS, WEEKEND, TimeBand
from .build import build_index
from .cost import AMOUNT_PLACES, billed_seconds, round_half_up
from .direction import CallPricer, Direction, InboundTariff, SpecialRate, is_special
from .engine import margin, match_buy_rate, match_rate, rate_buy_cost, rate_call
from .errors import (
    CurrencyMismatchError,
    DuplicateRateError,
    InvalidCallError,
    InvalidMarkupError,
    InvalidNumberError,
    InvalidRateError,
    PriceNotAvailableError,
    RatingError,
)
from .index import RateIndex
from .lcr import CarrierTrunk, TrunkQuote, least_cost_trunks
from .markup import MarkupComponent
from .money import Money
from .normalize import NumberingPlan, is_international, normalize_number
from .result import CallRating, CostBreakdown, MatchOrigin, RateMatch
from .select import PricingContext
from .split import is_metered, max_duration_with_allowance, part_micro
from .types import (
    NO_MARKUPS,
    BillingMode,
    Markups,
    Offer,
    Rate,
    RateDeck,
    RateId,
    RateSource,
    RatingStatus,
    ResellerMargin,
)

__all__ = [
    "ALL_DAYS",
    "AMOUNT_PLACES",
    "DEFAULT_CAP_SECONDS",
    "NO_MARKUPS",
    "WEEKDAYS",
    "WEEKEND",
    "BillingMode",
    "CallPricer",
    "CallRating",
    "CarrierTrunk",
    "CostBreakdown",
    "CurrencyMismatchError",
    "Direction",
    "DuplicateRateError",
    "InboundTariff",
    "InvalidCallError",
    "InvalidMarkupError",
    "InvalidNumberError",
    "InvalidRateError",
    "MarkupComponent",
    "Markups",
    "MatchOrigin",
    "Money",
    "NumberingPlan",
    "Offer",
    "PriceNotAvailableError",
    "PricingContext",
    "Rate",
    "RateDeck",
    "RateId",
    "RateIndex",
    "RateMatch",
    "RateSource",
    "RatingError",
    "RatingStatus",
    "ResellerMargin",
    "SpecialRate",
    "TimeBand",
    "TrunkQuote",
    "billed_seconds",
    "build_index",
    "is_international",
    "is_metered",
    "is_special",
    "least_cost_trunks",
    "margin",
    "match_buy_rate",
    "match_rate",
    "max_duration",
    "max_duration_with_allowance",
    "normalize_number",
    "part_micro",
    "rate_buy_cost",
    "rate_call",
    "round_half_up",
]
