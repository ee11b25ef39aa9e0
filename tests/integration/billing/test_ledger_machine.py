"""A hypothesis state machine over one client's account, against the real database.

After every step: the cached balance equals the sum of the entries (and the model's balance),
no entry that existed before was changed, and the account is within its floor
(``available >= 0``: prepaid never below zero, postpaid never below ``-credit_limit``).

Rules so far: credit / payment / refund, adjustments of either sign, replayed idempotency keys,
amounts that would need rounding, and changes of terms (kind, credit limit). Call control adds
its rules at the marked extension point below.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Coroutine
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from app.audit.service import Actor
from app.billing import service
from app.billing.ledger import account_for, available, post_entry
from app.billing.schemas import BillingUpdate, CreditWrite
from app.db.models.billing import EntryKind
from app.db.models.user import User
from app.lib.db import async_database_url
from app.lib.errors import InvalidInputError
from app.lib.settings import Settings
from tests.support.billing import entries_of, ledger_state, make_client, system_session

T = TypeVar("T")
NOW = datetime.now(UTC)
CI = hypothesis_settings(
    max_examples=25,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

positive = st.decimals(
    min_value=Decimal("0.000001"), max_value=Decimal(500), places=6, allow_nan=False
)
signed = st.decimals(min_value=Decimal(-500), max_value=Decimal(500), places=6, allow_nan=False)


class LedgerMachine(RuleBasedStateMachine):
    keys = Bundle("keys")

    def __init__(self, loop: asyncio.AbstractEventLoop, engine: AsyncEngine) -> None:
        super().__init__()
        self.loop, self.engine = loop, engine  # shared by every example: pooled connections
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self.client_id = self.run(make_client(self.sessions))
        self.run(self._open_account())
        self.balance = Decimal(0)  # the model
        self.kind, self.credit_limit = "prepaid", Decimal(0)
        self.seen: dict[Any, dict[str, object]] = {}

    async def _open_account(self) -> None:
        async with system_session(self.sessions) as session:
            await account_for(session, self.client_id)
            await session.commit()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coroutine)

    async def _add_credit(self, amount: Decimal, kind: str, key: str) -> None:
        async with system_session(self.sessions) as session:
            client = await session.get(User, self.client_id)
            assert client is not None
            data = CreditWrite(amount=amount, kind=kind)  # type: ignore[arg-type]
            await service.add_credit(
                session, Actor.system(), client, data, idempotency_key=key, now=NOW
            )
            await session.commit()

    def _reserved(self) -> Decimal:
        """Credit held by calls in progress (call control's machine models it)."""
        return Decimal(0)

    def _floor_allows(self, amount: Decimal) -> bool:
        return self.balance - self._reserved() + amount + self.credit_limit >= 0

    @rule(target=keys, amount=positive, kind=st.sampled_from(["credit", "payment", "refund"]))
    def credit(self, amount: Decimal, kind: str) -> str:
        key = f"m:{uuid.uuid4()}"
        self.run(self._add_credit(amount, kind, key))
        self.balance += amount
        return key

    @rule(target=keys, amount=signed)
    def adjustment(self, amount: Decimal) -> Any:
        key = f"m:{uuid.uuid4()}"
        if amount != 0 and self._floor_allows(amount):
            self.run(self._add_credit(amount, "adjustment", key))
            self.balance += amount
            return key
        with pytest.raises(InvalidInputError) as refused:
            self.run(self._add_credit(amount, "adjustment", key))
        assert [e.field for e in refused.value.errors] == ["amount"]
        return multiple()  # a refused request left no key behind

    @rule(key=keys, amount=signed)
    def replay_a_key(self, key: str, amount: Decimal) -> None:
        """A key posted again (whatever the amount) returns the first entry: no effect."""

        async def replay() -> None:
            async with system_session(self.sessions) as session:
                account = await account_for(session, self.client_id, lock=True)
                await post_entry(
                    session,
                    account,
                    kind=EntryKind.ADJUSTMENT,
                    amount=amount,
                    idempotency_key=key,
                    at=NOW,
                )
                await session.commit()

        self.run(replay())

    @rule(amount=positive)
    def amount_that_would_need_rounding(self, amount: Decimal) -> None:
        with pytest.raises(InvalidInputError) as refused:
            self.run(self._add_credit(amount + Decimal("1e-7"), "credit", f"m:{uuid.uuid4()}"))
        assert [e.field for e in refused.value.errors] == ["amount"]

    @rule(postpaid=st.booleans(), limit=st.decimals(min_value=0, max_value=300, places=2))
    def change_terms(self, postpaid: bool, limit: Decimal) -> None:
        kind, limit = ("postpaid", limit) if postpaid else ("prepaid", Decimal(0))

        async def change() -> None:
            async with system_session(self.sessions) as session:
                client = await session.get(User, self.client_id)
                assert client is not None
                patch = BillingUpdate(kind=kind, credit_limit=limit)  # type: ignore[arg-type]
                await service.update_billing(session, Actor.system(), client, patch, NOW)
                await session.commit()

        if self.balance - self._reserved() + limit >= 0:
            self.run(change())
            self.kind, self.credit_limit = kind, limit
        else:
            with pytest.raises(InvalidInputError):
                self.run(change())

    # Call control's rules (authorize, finalize, duplicate finalize, expire) extend this machine
    # in tests/integration/calls/test_call_machine.py, overriding ``_reserved``.

    @invariant()
    def cached_balance_is_the_sum_of_the_entries(self) -> None:
        cached, total, _ = self.run(ledger_state(self.engine, self.client_id))
        assert cached == total == self.balance

    @invariant()
    def no_entry_ever_changed(self) -> None:
        rows = {row["id"]: row for row in self.run(entries_of(self.engine, self.client_id))}
        for entry_id, before in self.seen.items():
            assert rows.get(entry_id) == before, f"entry {entry_id} changed or vanished"
        self.seen = rows

    @invariant()
    def within_floor(self) -> None:
        async def read() -> tuple[str, Decimal, Decimal]:
            async with system_session(self.sessions) as session:
                account = await account_for(session, self.client_id)
                return account.kind, available(account), account.credit_limit

        kind, spendable, credit_limit = self.run(read())
        assert (kind, credit_limit) == (self.kind, self.credit_limit)
        assert spendable >= 0


def test_the_ledger_keeps_its_invariants_under_any_sequence(settings: Settings) -> None:
    loop = asyncio.new_event_loop()
    engine = create_async_engine(async_database_url(settings.require_database_url()))
    try:
        run_state_machine_as_test(lambda: LedgerMachine(loop, engine), settings=CI)
    finally:
        loop.run_until_complete(engine.dispose())
        loop.close()
