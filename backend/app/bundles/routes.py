"""REST surface of bundles: a plan's allowances, a client's allowance balances, offer use.

/api/v1/plans/{plan_id}/allowances[/{allowance_id}]   staff, on plans within reach
/api/v1/users/{user_id}/allowances                    used / remaining this period
/api/v1/offer-usage[/{offer_id}]                      CellHub "Offer Use"
"""

from __future__ import annotations

import datetime
import uuid

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody

from app.accounts.service import get_user
from app.bundles import offers, service
from app.bundles.schemas import (
    AllowanceBalance,
    AllowancePatch,
    AllowanceRead,
    AllowanceWrite,
    OfferUse,
)
from app.db.models.plan import Plan
from app.lib.access import STAFF, requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.ratedecks import plans
from app.server.dependencies import CurrentActor, ScopedSession

PlanId = FromPath[uuid.UUID]
AllowanceId = FromPath[uuid.UUID]
_READ = requires("rates:read", roles=STAFF, resource="plan")
_WRITE = requires("rates:write", roles=STAFF, resource="plan")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


async def provide_plan(session: ScopedSession, plan_id: PlanId) -> Plan:
    # A dependency, so whether the plan is within reach (404) is decided before the body is
    # validated: another tenant's plan is a 404 whatever was sent.
    return await plans.get_plan(session, plan_id)


TargetPlan = NamedDependency[Plan]


class PlanAllowanceController(Controller):
    path = "/api/v1/plans/{plan_id:uuid}/allowances"
    tags = ("bundles",)
    dependencies = {"plan": Provide(provide_plan)}  # noqa: RUF012 (Litestar layer API)

    @get("/", opt=_READ, operation_id="listPlanAllowances")
    async def list_allowances(
        self, session: ScopedSession, plan: TargetPlan
    ) -> list[AllowanceRead]:
        """The minutes a plan includes per destination group and period."""
        return await service.list_allowances(session, plan)

    @post("/", opt=_WRITE, operation_id="createPlanAllowance")
    async def create(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        plan: TargetPlan,
        data: JSONBody[AllowanceWrite],
    ) -> AllowanceRead:
        """Include ``seconds`` of calls to a destination group per period (one per group)."""
        return await service.add_allowance(session, actor, plan, data)

    @patch("/{allowance_id:uuid}", opt=_WRITE, operation_id="updatePlanAllowance")
    async def update(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        plan: TargetPlan,
        allowance_id: AllowanceId,
        data: JSONBody[AllowancePatch],
    ) -> AllowanceRead:
        return await service.update_allowance(session, actor, plan, allowance_id, data)

    @delete("/{allowance_id:uuid}", opt=_WRITE, operation_id="deletePlanAllowance")
    async def remove(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        plan: TargetPlan,
        allowance_id: AllowanceId,
    ) -> None:
        """Remove an allowance; its usage counters go with it."""
        await service.remove_allowance(session, actor, plan, allowance_id)


class AllowanceBalanceController(Controller):
    path = "/api/v1/users/{user_id:uuid}/allowances"
    tags = ("bundles",)

    @get(
        "/",
        opt=requires("billing:read", resource="user"),
        operation_id="listAllowanceBalances",
    )
    async def balances(
        self, session: ScopedSession, user_id: FromPath[uuid.UUID]
    ) -> list[AllowanceBalance]:
        """Each allowance of the client's plan in the current period (the client's timezone):
        its size, the seconds used and the seconds left. A client sees its own."""
        client = await get_user(session, user_id)
        return await service.balances(session, client.id, _now())


class OfferUseController(Controller):
    path = "/api/v1/offer-usage"
    tags = ("bundles",)

    @get("/", opt=requires("rates:read"), operation_id="listOfferUse")
    async def list_use(
        self,
        session: ScopedSession,
        client_id: FromQuery[uuid.UUID | None] = None,
        active: FromQuery[bool] = False,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
    ) -> Page[OfferUse]:
        """Offers within reach with days left, calls covered and seconds consumed."""
        items, total = await offers.offer_use(
            session, _now(), client_id=client_id, active_only=active, limit=limit, offset=offset
        )
        return Page(items, total=total, limit=limit, offset=offset)

    @get(
        "/{offer_id:uuid}",
        opt=requires("rates:read", resource="offer"),
        operation_id="getOfferUse",
    )
    async def one(self, session: ScopedSession, offer_id: FromPath[uuid.UUID]) -> OfferUse:
        return await offers.one_offer_use(session, offer_id, _now())
