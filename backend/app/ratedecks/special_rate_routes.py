"""REST surface of a plan's special-number rules: /api/v1/plans/{plan_id}/special-rates."""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from app.audit.service import delete_audited
from app.db.models.plan import Plan
from app.lib.access import STAFF, requires
from app.ratedecks import plans, special_rates
from app.ratedecks.special_rates import SpecialRateRead, SpecialRateWrite
from app.server.dependencies import CurrentActor, ScopedSession

PlanId = FromPath[uuid.UUID]
TargetPlan = NamedDependency[Plan]


async def provide_plan(session: ScopedSession, plan_id: PlanId) -> Plan:
    # A dependency: the plan's reach (404) is decided before the body is validated.
    return await plans.get_plan(session, plan_id)


class SpecialRateController(Controller):
    path = "/api/v1/plans/{plan_id:uuid}/special-rates"
    tags = ("rates",)
    dependencies = {"plan": Provide(provide_plan)}  # noqa: RUF012 (Litestar layer API)

    @get(
        "/",
        opt=requires("rates:read", roles=STAFF, resource="plan"),
        operation_id="listSpecialRates",
    )
    async def list_rules(self, session: ScopedSession, plan: TargetPlan) -> list[SpecialRateRead]:
        """Special-number rules, checked before the plan's tariff (``1300*`` flat per call)."""
        rows = await special_rates.special_rates(session, plan.id)
        return [special_rates.special_rate_read(r) for r in rows]

    @post(
        "/",
        opt=requires("rates:write", roles=STAFF, resource="plan"),
        operation_id="createSpecialRate",
    )
    async def create(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        plan: TargetPlan,
        data: JSONBody[SpecialRateWrite],
    ) -> SpecialRateRead:
        """A pattern (digits, optional trailing ``*``) priced flat per call or per minute."""
        row = await special_rates.add_special_rate(session, actor, plan, data)
        return special_rates.special_rate_read(row)

    @delete(
        "/{rule_id:uuid}",
        opt=requires("rates:write", roles=STAFF, resource="plan"),
        operation_id="deleteSpecialRate",
    )
    async def remove(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        plan: TargetPlan,
        rule_id: FromPath[uuid.UUID],
    ) -> None:
        row = await special_rates.get_special_rate(session, plan.id, rule_id)
        await delete_audited(session, actor, row, object_type="plan_special_rate")
