"""REST surface of invoices: /api/v1/invoices (list, get, PDF, CDR CSV, issue, void, paid,
delete draft, credit notes)."""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import AsyncIterator
from typing import Literal

from litestar import Controller, Response, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Stream
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from app.cdrs import export
from app.cdrs import service as cdrs
from app.db.models.invoice import Invoice
from app.invoicing import credit_notes, invoices, pdf
from app.invoicing.schemas import CreditNoteWrite, InvoiceRead
from app.invoicing.views import InvoiceFilter, invoice_read, list_invoices, visible_to
from app.lib.access import STAFF, requires
from app.lib.errors import NotFoundError
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.lib.scoping import bind_principal
from app.server.dependencies import CurrentPrincipal, ScopedSession, SessionMaker

Status = Literal["draft", "issued", "paid", "void"]
Kind = Literal["invoice", "credit_note"]
InvoiceId = FromPath[uuid.UUID]


LockedInvoice = NamedDependency[Invoice]


async def provide_locked_invoice(session: ScopedSession, invoice_id: InvoiceId) -> Invoice:
    # A dependency, so reach (404) is decided before the body is validated: another tenant's
    # invoice is a 404 whatever was sent.
    return await invoices.get_invoice(session, invoice_id, lock=True)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


async def _shown(session: ScopedSession, invoice: Invoice) -> InvoiceRead:
    return invoice_read(invoice, await invoices.lines_of(session, invoice.id))


class InvoiceController(Controller):
    path = "/api/v1/invoices"
    tags = ("invoices",)

    @get("/", opt=requires("billing:read"), operation_id="listInvoices")
    async def list_invoices_route(
        self,
        session: ScopedSession,
        principal: CurrentPrincipal,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        client_id: FromQuery[uuid.UUID | None] = None,
        status: FromQuery[Status | None] = None,
        kind: FromQuery[Kind | None] = None,
        billing_run_id: FromQuery[uuid.UUID | None] = None,
    ) -> Page[InvoiceRead]:
        """Invoices and credit notes within reach, newest first (a client: its own, never
        drafts)."""
        selection = InvoiceFilter(client_id, status, kind, billing_run_id)
        items, total = await list_invoices(
            session, principal, selection, limit=limit, offset=offset
        )
        return Page(items, total=total, limit=limit, offset=offset)

    @get(
        "/{invoice_id:uuid}",
        opt=requires("billing:read", resource="invoice"),
        operation_id="getInvoice",
    )
    async def get_invoice(
        self, session: ScopedSession, principal: CurrentPrincipal, invoice_id: InvoiceId
    ) -> InvoiceRead:
        """One invoice or credit note with its lines."""
        invoice = await invoices.get_invoice(session, invoice_id)
        visible_to(principal, invoice)
        return await _shown(session, invoice)

    @get(
        "/{invoice_id:uuid}/pdf",
        opt=requires("billing:read", resource="invoice"),
        operation_id="getInvoicePdf",
        media_type="application/pdf",
    )
    async def get_pdf(
        self, session: ScopedSession, principal: CurrentPrincipal, invoice_id: InvoiceId
    ) -> Response[bytes]:
        """The invoice as a PDF, with the issuing tenant's branding."""
        invoice = await invoices.get_invoice(session, invoice_id)
        visible_to(principal, invoice)
        lines = await invoices.lines_of(session, invoice.id)
        context = await pdf.render_context(session, invoice, lines)
        content = await asyncio.to_thread(pdf.render_pdf, context)
        name = invoice.number or f"draft-{invoice.id}"
        return Response(
            content,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
        )

    @get(
        "/{invoice_id:uuid}/cdrs.csv",
        opt=requires("billing:read", resource="invoice"),
        operation_id="getInvoiceCdrs",
        media_type="text/csv",
    )
    async def get_cdrs_csv(
        self,
        session: ScopedSession,
        session_maker: SessionMaker,
        principal: CurrentPrincipal,
        invoice_id: InvoiceId,
    ) -> Stream:
        """The call records behind the invoice's usage lines, as CSV (the CDR export's
        columns; numbers masked as each record was stored)."""
        invoice = await invoices.get_invoice(session, invoice_id)
        visible_to(principal, invoice)
        lines = await invoices.lines_of(session, invoice.id)
        if (
            invoice.period_start is None
            or invoice.period_end is None
            or not any(line.kind == "usage" for line in lines)
        ):
            raise NotFoundError(f"Invoice {invoice.number or invoice.id} has no call detail")
        selection = cdrs.CdrFilter(
            started_from=invoice.period_start,
            started_to=invoice.period_end,
            client_id=invoice.owner_id,
            rating_status="rated",
        )

        async def chunks() -> AsyncIterator[str]:
            async with session_maker() as reader:
                bind_principal(reader, principal)
                batches = cdrs.stream_cdrs(reader, selection, sort="started_at")
                async for chunk in export.csv_chunks(batches):
                    yield chunk

        name = invoice.number or f"draft-{invoice.id}"
        return Stream(
            chunks(),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}-cdrs.csv"'},
        )

    @post(
        "/{invoice_id:uuid}/issue",
        opt=requires("billing:write", roles=STAFF, resource="invoice"),
        operation_id="issueInvoice",
        status_code=HTTP_200_OK,
    )
    async def issue_invoice(self, session: ScopedSession, invoice_id: InvoiceId) -> InvoiceRead:
        """Number a draft (the tenant's next number, no gaps) and charge the ledger for its
        services and tax; prepaid: a statement, settled at once."""
        invoice = await invoices.get_invoice(session, invoice_id, lock=True)
        return await _shown(session, await invoices.issue_invoice(session, invoice, _now()))

    @post(
        "/{invoice_id:uuid}/void",
        opt=requires("billing:write", roles=STAFF, resource="invoice"),
        operation_id="voidInvoice",
        status_code=HTTP_200_OK,
    )
    async def void_invoice(self, session: ScopedSession, invoice_id: InvoiceId) -> InvoiceRead:
        """Void an issued, unpaid invoice: its ledger charges are reversed, its number stays
        used. A paid invoice is corrected with a credit note instead (409)."""
        invoice = await invoices.get_invoice(session, invoice_id, lock=True)
        return await _shown(session, await invoices.void_invoice(session, invoice, _now()))

    @post(
        "/{invoice_id:uuid}/paid",
        opt=requires("billing:write", roles=STAFF, resource="invoice"),
        operation_id="markInvoicePaid",
        status_code=HTTP_200_OK,
    )
    async def mark_paid(self, session: ScopedSession, invoice_id: InvoiceId) -> InvoiceRead:
        """Mark an issued invoice paid (the payment itself is recorded through payments)."""
        invoice = await invoices.get_invoice(session, invoice_id, lock=True)
        return await _shown(session, await invoices.mark_paid(session, invoice, _now()))

    @delete(
        "/{invoice_id:uuid}",
        opt=requires("billing:write", roles=STAFF, resource="invoice"),
        operation_id="deleteDraftInvoice",
    )
    async def delete_draft_invoice(self, session: ScopedSession, invoice_id: InvoiceId) -> None:
        """Discard a draft; an issued invoice is voided or credited instead (409)."""
        invoice = await invoices.get_invoice(session, invoice_id, lock=True)
        await invoices.delete_draft(session, invoice)

    @post(
        "/{invoice_id:uuid}/credit-notes",
        opt=requires("billing:write", roles=STAFF, resource="invoice"),
        operation_id="createCreditNote",
        status_code=HTTP_201_CREATED,
        dependencies={"invoice": Provide(provide_locked_invoice)},
    )
    async def create_credit_note(
        self, session: ScopedSession, invoice: LockedInvoice, data: JSONBody[CreditNoteWrite]
    ) -> InvoiceRead:
        """Issue a credit note against the invoice (its own number series, negative lines)
        and credit the client's ledger. Without lines: everything, if nothing was credited."""
        note = await credit_notes.create_credit_note(session, invoice, data, _now())
        return await _shown(session, note)
