"""REST surface of autobill: /api/v1/billing-runs, the tenant's /api/v1/invoicing-profile,
and a client's invoicing terms at /api/v1/users/{id}/invoicing."""

from __future__ import annotations

import asyncio
import datetime
import uuid

from litestar import Controller, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_202_ACCEPTED

from app.billing.ledger import account_for
from app.billing.service import billing_client
from app.db.models.billing import BillingAccount
from app.db.models.invoice import InvoicingProfile
from app.invoicing import profiles, runs
from app.invoicing.schemas import (
    BillingRunRead,
    BillingRunWrite,
    ClientTermsRead,
    ClientTermsUpdate,
    ProfileRead,
    ProfileUpdate,
)
from app.lib.access import STAFF, requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.server.dependencies import BrokerDep, CurrentPrincipal, ScopedSession
from app.worker.broker import enqueue


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class BillingRunController(Controller):
    path = "/api/v1/billing-runs"
    tags = ("invoicing",)

    @post(
        "/",
        opt=requires("billing:write", roles=STAFF),
        operation_id="startBillingRun",
        status_code=HTTP_202_ACCEPTED,
    )
    async def start_run(
        self,
        session: ScopedSession,
        principal: CurrentPrincipal,
        broker: BrokerDep,
        data: JSONBody[BillingRunWrite],
    ) -> BillingRunRead:
        """Start an autobill run now (a job: poll GET /api/v1/billing-runs/{id}). Each client
        within reach whose period closed gets its invoices, once; ``dry_run`` reports what it
        would invoice without writing."""
        run = await runs.create_run(session, principal, data, _now())
        await session.commit()  # the worker must see the run before it gets the message
        await asyncio.to_thread(enqueue, broker, runs.ACTOR, str(run.id))
        return runs.run_read(run)

    @get("/", opt=requires("billing:read", roles=STAFF), operation_id="listBillingRuns")
    async def list_runs(
        self, session: ScopedSession, limit: PageLimit = DEFAULT_LIMIT, offset: PageOffset = 0
    ) -> Page[BillingRunRead]:
        """Runs within reach, newest first."""
        rows, total = await runs.list_runs(session, limit=limit, offset=offset)
        return Page([runs.run_read(r) for r in rows], total=total, limit=limit, offset=offset)

    @get(
        "/{run_id:uuid}",
        opt=requires("billing:read", roles=STAFF, resource="billing_run"),
        operation_id="getBillingRun",
    )
    async def get_one(self, session: ScopedSession, run_id: FromPath[uuid.UUID]) -> BillingRunRead:
        """Progress (clients done of total) and the report: clients processed, CDRs, invoices,
        totals per currency, errors; a dry run's preview of each client's invoices."""
        return runs.run_read(await runs.get_run(session, run_id))


def profile_read(profile: InvoicingProfile) -> ProfileRead:
    return ProfileRead(
        reseller_id=profile.reseller_id,
        name=profile.name,
        address=profile.address,
        email=profile.email,
        tax_id=profile.tax_id,
        logo_url=profile.logo_url,
        footer=profile.footer,
        timezone=profile.timezone,
        invoice_prefix=profile.invoice_prefix,
        credit_note_prefix=profile.credit_note_prefix,
        next_invoice_number=profile.next_invoice_number,
        next_credit_note_number=profile.next_credit_note_number,
        usage_tax_rate=profile.usage_tax_rate,
        due_days=profile.due_days,
        autobill_cron=profile.autobill_cron,
        autobill_next_at=profile.autobill_next_at,
        autobill_issue=profile.autobill_issue,
    )


class InvoicingProfileController(Controller):
    path = "/api/v1/invoicing-profile"
    tags = ("invoicing",)

    @get("/", opt=requires("billing:read", roles=STAFF), operation_id="getInvoicingProfile")
    async def get_one(self, session: ScopedSession, principal: CurrentPrincipal) -> ProfileRead:
        """The caller's tenant profile (staff: the platform's; a reseller: its own): branding,
        numbering, usage tax, payment terms and the autobill schedule."""
        return profile_read(await profiles.profile_for(session, profiles.tenant_of(principal)))

    @patch("/", opt=requires("billing:write", roles=STAFF), operation_id="updateInvoicingProfile")
    async def update_one(
        self,
        session: ScopedSession,
        principal: CurrentPrincipal,
        data: JSONBody[ProfileUpdate],
    ) -> ProfileRead:
        """Change the profile. ``autobill_cron`` is a five-field cron read in ``timezone``
        (null: no scheduled runs); ``logo_url`` a data:image URI."""
        tenant = profiles.tenant_of(principal)
        return profile_read(await profiles.update_profile(session, tenant, data, _now()))


def terms_read(account: BillingAccount) -> ClientTermsRead:
    return ClientTermsRead(
        user_id=account.owner_id,
        invoice_mode=account.invoice_mode,
        billing_cycle=account.billing_cycle,
        tax_rate=account.tax_rate,
        invoice_due_days=account.invoice_due_days,
    )


class ClientTermsController(Controller):
    path = "/api/v1/users/{user_id:uuid}/invoicing"
    tags = ("invoicing",)

    @get("/", opt=requires("billing:read", resource="user"), operation_id="getClientInvoicing")
    async def get_one(
        self, session: ScopedSession, user_id: FromPath[uuid.UUID]
    ) -> ClientTermsRead:
        """How the client is invoiced: consolidated or itemized, billing cycle, tax rate, due
        days (null: the tenant's)."""
        client = await billing_client(session, user_id)
        return terms_read(await account_for(session, client.id))

    @patch(
        "/",
        opt=requires("billing:write", roles=STAFF, resource="user"),
        operation_id="updateClientInvoicing",
    )
    async def update_one(
        self,
        session: ScopedSession,
        user_id: FromPath[uuid.UUID],
        data: JSONBody[ClientTermsUpdate],
    ) -> ClientTermsRead:
        client = await billing_client(session, user_id)
        return terms_read(await profiles.update_client_terms(session, client, data))
