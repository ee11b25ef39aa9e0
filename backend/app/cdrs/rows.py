"""Turning parsed records into ``cdr`` rows: owner, suppression/exclusion, rating, masking.

Two passes over the records, both plain Python without I/O: :meth:`RowBuilder.own` resolves
each record's owner and applies the number rules (so the pricing of exactly the owners that
need it can be loaded once), then :meth:`RowBuilder.rows` rates each record through the one
rating engine and builds the ``COPY`` tuple: outbound records with ``PricingContext.rate`` (the
fused match-and-price path), or the plan's ``CallPricer`` when it has special-number rules
(checked before the tariff); inbound records with the ``CallPricer`` when the plan prices
inbound calls (its inbound tariff and rounding), else they are stored excluded. The
breakdown JSON of a rating is built once per (rate, origin, billed seconds) and reused: only
its number differs from call to call.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import uuid_utils

from app.cdrs.csv_records import ParsedCdr
from app.cdrs.owners import Owner, Owners
from app.cdrs.rules import EXCLUDE, SUPPRESS, NumberRules
from app.db.models.cdr import RatingStatus
from app.ratedecks.quote import stored_breakdown
from app.rating import CallRating, InvalidNumberError, round_half_up
from app.rating import RatingStatus as EngineStatus
from app.rating.money import AMOUNT_SCALE

if TYPE_CHECKING:
    from app.bundles import ClientAllowances
    from app.rating.index import CompiledRate

COLUMNS = (
    "id",
    "started_at",
    "owner_id",
    "reseller_id",
    "source",
    "external_id",
    "sip_user_id",
    "service",
    "account_code",
    "caller_number",
    "dialled_number",
    "normalized_number",
    "direction",
    "answered_at",
    "ended_at",
    "duration",
    "billable_seconds",
    "disposition",
    "hangup_cause",
    "matched_prefix",
    "destination",
    "rate_id",
    "deck_id",
    "deck_version",
    "cost",
    "currency",
    "breakdown",
    "coverage",
    "rating_status",
    "masked",
    "created_at",
)
"""Columns of a built row, in order; the store appends ``ledger_entry_id``."""
ID, STARTED, OWNER, EXTERNAL = 0, 1, 2, 5
COST = COLUMNS.index("cost")
COVERAGE = COLUMNS.index("coverage")
STATUS = COLUMNS.index("rating_status")

MAX_CACHED_TAILS = 500_000
"""Breakdown tails (rate, billed seconds) kept per import; beyond, they are built per call."""

_ENGINE_STATUS = {
    EngineStatus.RATED: RatingStatus.RATED,
    EngineStatus.PENDING_PRICE: RatingStatus.PENDING_PRICE,
}


@dataclass
class Owned:
    """Pass one's verdict on each record (same order), and what it counted."""

    owners: list[Owner | None]
    actions: list[str | None]
    suppressed: int = 0
    needs_pricing: dict[int, Owner] = field(default_factory=dict)


Draws = dict[Any, tuple[CallRating, datetime.datetime]]
"""Row id → (rating, answer time) of the rated rows of clients whose plan has allowances."""


@dataclass
class Built:
    rows: list[tuple[Any, ...]]
    in_file_duplicates: int
    draws: Draws = field(default_factory=dict)
    """The rows that may draw an allowance once stored (see :attr:`RowBuilder.drawing`)."""


class RowBuilder:
    """Builds the rows of one import (one source, one importer's reach, one time)."""

    def __init__(
        self,
        source: str,
        owners: Owners,
        rules: NumberRules,
        unassigned_reseller: uuid.UUID | None,
        now: datetime.datetime,
    ) -> None:
        self.source = source
        self.owners = owners
        self.rules = rules
        self.unassigned_reseller = unassigned_reseller
        self.now = now
        self._breakdowns: dict[tuple[int, int, int], str] = {}
        self._statics: dict[tuple[int, int | None, str], str] = {}
        self._tails: dict[tuple[int, int | None, str, int], str] = {}
        self._seen: set[tuple[str, datetime.datetime]] = set()
        self.allowances: dict[uuid.UUID, ClientAllowances] = {}
        """The ``ClientAllowances`` of the clients in :attr:`drawing` (set by the ingest)."""
        self.drawing: frozenset[uuid.UUID] = frozenset()
        """Clients whose plan has allowances: their rated rows are kept in ``Built.draws``."""
        self._draws: Draws = {}

    def own(self, records: Sequence[ParsedCdr]) -> Owned:
        resolve, rules = self.owners.resolve, self.rules
        owners = [resolve(record) for record in records]
        actions: list[str | None] = [None] * len(records)
        if rules:
            for index, (record, owner) in enumerate(zip(records, owners, strict=True)):
                client_id = None if owner is None else owner.client_id
                actions[index] = rules.decide(
                    record.caller_number, record.dialled_number, client_id
                )
        owned = Owned(owners, actions, suppressed=actions.count(SUPPRESS))
        for record, owner, action in zip(records, owners, actions, strict=True):
            if owner is not None and action is None and record.direction != "local":
                owned.needs_pricing.setdefault(id(owner), owner)
        return owned

    def rows(self, records: Sequence[ParsedCdr], owned: Owned, start: int = 0) -> Built:
        """Rows of ``records``, which are ``owned``'s records from position ``start`` on.

        A record equal (same external id and start) to one seen earlier in this import —
        in this call or an earlier one — is left out and counted as a duplicate.
        """
        seen = self._seen
        draws: Draws = {}
        self._draws = draws
        rows: list[tuple[Any, ...]] = []
        append = rows.append
        row = self._row
        stop = start + len(records)
        suppressed = 0
        for record, owner, action in zip(
            records, owned.owners[start:stop], owned.actions[start:stop], strict=True
        ):
            if action == SUPPRESS:
                suppressed += 1
                continue
            key = (record.external_id, record.started_at)
            if key in seen:
                continue  # the first of two equal records in one import is the one kept
            seen.add(key)
            append(row(record, owner, action))
        return Built(rows, len(records) - suppressed - len(rows), draws)

    def _rate(self, record: ParsedCdr, owner: Owner | None) -> CallRating | None:
        """The call's price: outbound through the client's plan (its special-number rules
        first, when it has any); inbound only when the plan prices inbound calls."""
        if owner is None or owner.context is None:
            return None
        direction, pricer = record.direction, owner.pricer
        at = record.answered_at or record.started_at
        try:
            if direction == "outbound":
                if pricer is None:  # the common case: no special rules, the tariff alone
                    return owner.context.rate(record.dialled_number, at, record.billable_seconds)
                return pricer.rate(record.dialled_number, at, record.billable_seconds, direction)
            if direction == "inbound" and pricer is not None and owner.prices_inbound:
                rating = pricer.rate(record.dialled_number, at, record.billable_seconds, direction)
                # No inbound tariff and no inbound rule for this number: not priced, as before.
                return None if rating.status == EngineStatus.UNRATED else rating
        except InvalidNumberError:
            return None
        return None

    def _breakdown(self, rating: CallRating) -> str:
        """The quote JSON of ``rating`` (as ``as_quote`` makes it, which finalize stores).

        A rated call whose context adds no markup is written from integers: its static part
        (rate, destination, deck) is built once per rate, the amounts per call.
        Anything else (markups, unpriced statuses) goes through ``as_quote``, cached.
        """
        number = rating.number
        shown = f'"{number}"' if number.isdigit() else json.dumps(number)
        origin, rate = rating.origin, rating.rate
        if (
            rate is not None
            and rating.total_micro is not None
            and rating.status == EngineStatus.RATED
            and origin.usage2 == 2
            and origin.minute2 == 0
        ):
            # Without markups the amounts depend on the rate and billed seconds only: calls of
            # one rate and length (a 60/6 deck has ~150 lengths a day) share their JSON tail.
            tail_key = (id(rate), rating.deck_version, rating.currency, rating.billed_seconds)
            tail = self._tails.get(tail_key)
            if tail is None:
                tail = self._rated_tail(rating, rate)
                if len(self._tails) < MAX_CACHED_TAILS:
                    self._tails[tail_key] = tail
            return f'{{"number":{shown},{tail}'

        key = (id(rate), id(origin), rating.billed_seconds)
        tail = self._breakdowns.get(key)
        if tail is None:
            quote = stored_breakdown(rating)
            del quote["number"]
            tail = self._breakdowns[key] = json.dumps(quote, separators=(",", ":"))[1:]
        return f'{{"number":{shown},{tail}'

    def _rated_tail(self, rating: CallRating, rate: CompiledRate) -> str:
        """A rated, markup-free quote's JSON after ``number``: the amounts from integers, the
        static part (rate, destination, deck) built once per rate and version."""
        # Contexts of one deck share its rates: the static part is per rate and version.
        static_key = (id(rate), rating.deck_version, rating.currency)
        static = self._statics.get(static_key)
        if static is None:
            static = self._statics[static_key] = _static_part(rating)
        tariff, billed = rate.tariff, rating.billed_seconds
        connect = usage = flat = 0
        if billed and tariff.flat_units is not None:
            flat = round_half_up(tariff.flat_units * 1_000_000, AMOUNT_SCALE)
        elif billed:
            connect = round_half_up(tariff.connect_units * 1_000_000, AMOUNT_SCALE)
            usage = round_half_up(billed * tariff.rate_units * 1_000_000, 60 * AMOUNT_SCALE)
        assert rating.total_micro is not None
        return (
            f'"total":"{_micro(rating.total_micro)}",'
            f'"billed_seconds":{billed},"components":['
            f'{{"name":"connect_fee","amount":"{_micro(connect)}"}},'
            f'{{"name":"usage","amount":"{_micro(usage)}"}},'
            f'{{"name":"flat_price","amount":"{_micro(flat)}"}}],{static}'
        )

    def _row(self, record: ParsedCdr, owner: Owner | None, action: str | None) -> tuple[Any, ...]:
        rating = None if action == EXCLUDE else self._rate(record, owner)
        if owner is None:
            client_id, reseller, device, service, masked = (
                None,
                self.unassigned_reseller,
                None,
                None,
                False,
            )
            status = RatingStatus.UNRATED
        else:
            client_id, reseller, device = owner.client_id, owner.reseller_id, owner.device_id
            service, masked = owner.service, owner.masked
            if action == EXCLUDE or record.direction != "outbound":
                # Local calls, and inbound ones the plan does not price, are not priced.
                status = RatingStatus.EXCLUDED
            else:
                status = RatingStatus.UNRATED
        if rating is not None:
            status = _ENGINE_STATUS.get(rating.status, RatingStatus.UNRATED)
            priced = status == RatingStatus.RATED
            rate_id = rating.rate_id
            rated: tuple[Any, ...] = (
                rating.number,
                rating.matched_prefix,
                rating.destination,
                None if rate_id is None else str(rate_id),
                _uuid_or_none(rating.deck_id),
                rating.deck_version,
                rating.total if priced else None,
                rating.currency if priced else None,
                self._breakdown(rating),
            )
        else:
            rated = (None, None, None, None, None, None, None, None, "{}")
        row_id = uuid_utils.uuid7()
        if rating is not None and self.drawing and client_id in self.drawing:
            self._draws[row_id] = (rating, record.answered_at or record.started_at)
        return (
            row_id,
            record.started_at,
            client_id,
            reseller,
            self.source,
            record.external_id,
            device,
            service,
            record.account_code,
            record.caller_number,
            record.dialled_number,
            *rated[:1],
            record.direction,
            record.answered_at,
            record.ended_at,
            record.duration,
            record.billable_seconds,
            record.disposition,
            record.hangup_cause,
            *rated[1:],
            "{}",
            status,
            masked,
            self.now,
        )


def _micro(micro: int) -> str:
    """Micro-units as the quote's six-place decimal text (``60000`` → ``0.060000``)."""
    return f"{micro // 1_000_000}.{micro % 1_000_000:06d}"


def _static_part(rating: CallRating) -> str:
    """The members of a rated quote that depend on the rate and origin only (JSON tail)."""
    quote = stored_breakdown(rating)
    for name in ("number", "total", "billed_seconds", "components"):
        del quote[name]
    return json.dumps(quote, separators=(",", ":"))[1:]


_DECK_IDS: dict[object, uuid.UUID | None] = {}


def _uuid_or_none(value: object) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return _DECK_IDS[value]
    except KeyError:
        try:
            parsed: uuid.UUID | None = uuid.UUID(str(value))
        except ValueError:
            parsed = None
        if len(_DECK_IDS) < 10_000:
            _DECK_IDS[value] = parsed
        return parsed


def ids_of(rows: Sequence[tuple[Any, ...]]) -> Iterator[Any]:
    return (row[ID] for row in rows)
