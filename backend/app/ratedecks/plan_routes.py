"""REST surface of plans: /api/v1/plans."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter

from app.audit.service import delete_audited
from app.lib.access import STAFF, requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.ratedecks import plans
from app.ratedecks.schemas import PlanPatch, PlanRead, PlanWrite
from app.server.dependencies import CurrentActor, CurrentPrincipal, ScopedSession

PlanId = FromPath[uuid.UUID]
_READ = requires("rates:read", roles=STAFF, resource="plan")
_WRITE = requires("rates:write", roles=STAFF, resource="plan")


class PlanController(Controller):
    path = "/api/v1/plans"
    tags = ("rates",)

    @get("/", opt=requires("rates:read", roles=STAFF), operation_id="listPlans")
    async def list_plans(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        search: Annotated[str | None, QueryParameter(max_length=200)] = None,
    ) -> Page[PlanRead]:
        rows, total = await plans.list_plans(session, limit=limit, offset=offset, search=search)
        items = [await plans.plan_read(session, plan) for plan in rows]
        return Page(items, total=total, limit=limit, offset=offset)

    @post("/", opt=requires("rates:write", roles=STAFF), operation_id="createPlan")
    async def create_plan(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        data: JSONBody[PlanWrite],
    ) -> PlanRead:
        """A plan prices its clients' calls: its sell decks are searched in the given order."""
        plan = await plans.save_plan(session, actor, principal, data)
        return await plans.plan_read(session, plan)

    @get("/{plan_id:uuid}", opt=_READ, operation_id="getPlan")
    async def get_plan(self, session: ScopedSession, plan_id: PlanId) -> PlanRead:
        return await plans.plan_read(session, await plans.get_plan(session, plan_id))

    @patch("/{plan_id:uuid}", opt=_WRITE, operation_id="updatePlan")
    async def update_plan(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        plan_id: PlanId,
        data: JSONBody[PlanPatch],
    ) -> PlanRead:
        """Change a plan; ``deck_ids``, when sent, replaces the ordered deck list."""
        plan = await plans.update_plan(session, actor, principal, plan_id, data)
        return await plans.plan_read(session, plan)

    @delete("/{plan_id:uuid}", opt=_WRITE, operation_id="deletePlan")
    async def delete_plan(
        self, session: ScopedSession, actor: CurrentActor, plan_id: PlanId
    ) -> None:
        """A plan still assigned to a client cannot be deleted (409)."""
        await delete_audited(
            session, actor, await plans.get_plan(session, plan_id), object_type="plan"
        )
