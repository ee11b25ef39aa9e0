"""Invoice PDFs: a Jinja2 HTML template rendered by WeasyPrint with the tenant's branding.

The renderer never fetches from the network: only ``data:`` URIs load (a tenant's logo is
stored as one), so an invoice cannot be made to reach into the operator's network.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.periods import zone
from app.db.models.invoice import Invoice, InvoiceLine, InvoicingProfile
from app.db.models.user import User
from app.invoicing.money import minor_units
from app.lib.scoping import unscoped

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


async def _brand(session: AsyncSession, invoice: Invoice) -> dict[str, Any]:
    condition = (
        InvoicingProfile.reseller_id.is_(None)
        if invoice.reseller_id is None
        else InvoicingProfile.reseller_id == invoice.reseller_id
    )
    profile = (
        await session.execute(select(InvoicingProfile).where(condition))
    ).scalar_one_or_none()
    fields = ("name", "address", "email", "tax_id", "logo_url", "footer")
    brand = {name: getattr(profile, name, None) for name in fields}
    if not brand["name"]:
        issuer = (
            None if invoice.reseller_id is None else await session.get(User, invoice.reseller_id)
        )
        brand["name"] = (issuer.company or issuer.name) if issuer else "Tollgate"
    return brand


async def render_context(
    session: AsyncSession, invoice: Invoice, lines: list[InvoiceLine]
) -> dict[str, Any]:
    """What the template shows; the tenant and client are read across reach, after the
    invoice itself was found within it."""
    with unscoped(session):
        brand = await _brand(session, invoice)
        client = await session.get(User, invoice.owner_id)
        credited = None
        if invoice.credited_invoice_id is not None:
            credited = await session.get(Invoice, invoice.credited_invoice_id)
    places = minor_units(invoice.currency)
    tz = zone(invoice.timezone)

    def money(value: Decimal) -> str:
        return f"{value:,.{places}f}"

    def qty(value: Decimal) -> str:
        text = f"{value.normalize():f}"
        return text

    def local(value: datetime.datetime) -> str:
        return value.astimezone(tz).date().isoformat()

    return {
        "title": "Credit note" if invoice.kind == "credit_note" else "Invoice",
        "invoice": invoice,
        "lines": lines,
        "brand": brand,
        "client": client,
        "credited_number": credited.number if credited else None,
        "money": money,
        "qty": qty,
        "local": local,
    }


def _html(context: dict[str, Any]) -> Any:
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    html = _ENV.get_template("invoice.html").render(**context)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",)))


def render_pdf(context: dict[str, Any]) -> bytes:
    """The PDF bytes (CPU-bound: call it in a thread)."""
    pdf: bytes = _html(context).write_pdf()
    return pdf


def render_document(context: dict[str, Any]) -> Any:
    """The laid-out WeasyPrint document (its ``pages``), for tests and previews."""
    return _html(context).render()
