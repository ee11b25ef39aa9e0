"""The ledger's state machine, extended with call control: authorize (reserve), finalize
(charge and release), duplicate finalize, expire (release without charge), against the real
database. After every step, besides the ledger's invariants (cached balance = sum of entries,
no entry ever changed, available ≥ 0): the account's ``reserved`` equals the reservations of
its calls in progress, and available = balance - reserved + credit limit."""

from __future__ import annotations

import asyncio
import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, consumes, invariant, rule, run_state_machine_as_test
from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.billing.ledger import account_for, available
from app.calls.authorize import authorize
from app.calls.finalize import finalize
from app.calls.schemas import AuthorizeRequest, FinalizeRequest
from app.calls.sweeper import expire_stale
from app.db.models.call import Call, CallStatus
from app.lib.db import async_database_url
from app.lib.settings import Settings
from tests.integration.billing.test_ledger_machine import CI, NOW, LedgerMachine
from tests.support.billing import system_session
from tests.support.calls import call_world


@dataclass
class LiveCall:
    call_id: str
    max_duration: int
    reserved: Decimal
    expires_at: datetime.datetime
    status: str = CallStatus.AUTHORIZED
    answer: object = None


class CallMachine(LedgerMachine):
    calls = Bundle("calls")

    def __init__(self, loop: asyncio.AbstractEventLoop, engine: AsyncEngine, settings: Settings):
        self.settings = settings
        self.world = loop.run_until_complete(call_world(settings, credit="0"))
        self.redis = Redis.from_url(settings.require_redis_url())
        self.live: dict[str, LiveCall] = {}
        self.clock = NOW
        super().__init__(loop, engine)

    async def _open_account(self) -> None:  # the world's client, not a fresh one
        self.client_id = self.world.client.id
        await super()._open_account()

    def teardown(self) -> None:
        self.run(self.redis.aclose())

    def _reserved(self) -> Decimal:
        return sum(
            (c.reserved for c in self.live.values() if c.status == CallStatus.AUTHORIZED),
            Decimal(0),
        )

    def _tick(self) -> datetime.datetime:
        self.clock += datetime.timedelta(seconds=17)
        return self.clock

    @rule(target=calls)
    def authorize(self) -> str:
        request = AuthorizeRequest(
            call_id=uuid.uuid4().hex, sip_user=self.world.sip_user, dialled_number="01632960000"
        )
        now = self._tick()

        async def run() -> object:
            async with system_session(self.sessions) as session:
                answer = await authorize(session, self.redis, self.settings, request, now)
                await session.commit()
                call = (
                    await session.execute(select(Call).where(Call.call_id == request.call_id))
                ).scalar_one_or_none()
                return answer, call

        answer, call = self.run(run())
        if self.balance - self._reserved() + self.credit_limit < Decimal("0.002"):
            assert answer.result == "no_credit"  # type: ignore[attr-defined]
        if call is not None:
            assert answer.result == "ok"  # type: ignore[attr-defined]
            self.live[call.call_id] = LiveCall(
                call.call_id, call.max_duration, call.reserved, call.expires_at
            )
        return request.call_id

    def _finalize(self, call_id: str, seconds: int) -> object:
        body = FinalizeRequest(
            billable_seconds=seconds, ended_at=self._tick(), disposition="ANSWER"
        )

        async def run() -> object:
            async with system_session(self.sessions) as session:
                answer = await finalize(
                    session, self.redis, self.settings, call_id, body, self.clock
                )
                await session.commit()
                return answer

        return self.run(run())

    @rule(call_id=consumes(calls), share=st.integers(min_value=0, max_value=100))
    def finalize(self, call_id: str, share: int) -> None:
        call = self.live.get(call_id)
        if call is None or call.status == CallStatus.FINALIZED:
            return
        answer = self._finalize(call_id, call.max_duration * share // 100)
        self.balance -= answer.cost or Decimal(0)  # type: ignore[attr-defined]
        call.status, call.answer = CallStatus.FINALIZED, answer

    @rule()
    def duplicate_finalize(self) -> None:
        for call in self.live.values():
            if call.status == CallStatus.FINALIZED:
                assert self._finalize(call.call_id, 1) == call.answer
                return

    @rule()
    def expire(self) -> None:
        active = [c for c in self.live.values() if c.status == CallStatus.AUTHORIZED]
        if not active:
            return
        cutoff = min(c.expires_at for c in active)

        async def run() -> list[str]:
            async with system_session(self.sessions) as session:
                expired = await expire_stale(session, cutoff)
                await session.commit()
                return expired

        expired = set(self.run(run()))
        for call in active:
            assert (call.call_id in expired) == (call.expires_at <= cutoff)
            if call.expires_at <= cutoff:
                call.status = CallStatus.EXPIRED

    @invariant()
    def reservations_are_the_calls_in_progress(self) -> None:
        async def read() -> tuple[Decimal, Decimal, Decimal, Decimal]:
            async with system_session(self.sessions) as session:
                account = await account_for(session, self.client_id)
                held = (
                    await session.execute(
                        select(func.coalesce(func.sum(Call.reserved), 0)).where(
                            Call.owner_id == self.client_id, Call.status == CallStatus.AUTHORIZED
                        )
                    )
                ).scalar_one()
                return account.reserved, Decimal(held), available(account), account.balance

        reserved, held, spendable, balance = self.run(read())
        assert reserved == held == self._reserved()
        assert spendable == balance - reserved + self.credit_limit >= 0


def test_money_stays_exact_under_any_sequence_of_calls(settings: Settings) -> None:
    loop = asyncio.new_event_loop()
    engine = create_async_engine(async_database_url(settings.require_database_url()))
    try:
        run_state_machine_as_test(lambda: CallMachine(loop, engine, settings), settings=CI)
    finally:
        loop.run_until_complete(engine.dispose())
        loop.close()
