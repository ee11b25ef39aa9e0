"""The invoice template renders to a real, paginated PDF and never fetches from the network."""

from __future__ import annotations

import re
import urllib.request
import zlib
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from app.invoicing.pdf import render_document, render_pdf

PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
    "DwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _pages(content: bytes) -> int:
    chunks = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?!s)\b", chunk)) for chunk in chunks)


def _context(lines: int, logo: str | None) -> dict[str, Any]:
    invoice = SimpleNamespace(
        kind="invoice",
        status="issued",
        number="INV-000042",
        account_kind="postpaid",
        issued_at=datetime(2026, 4, 1, 9, tzinfo=UTC),
        due_at=datetime(2026, 4, 15, 9, tzinfo=UTC),
        paid_at=None,
        period_label="2026-03-01 to 2026-03-31",
        currency="EUR",
        subtotal=Decimal("10.00"),
        tax_total=Decimal("2.00"),
        total=Decimal("12.00"),
    )
    line = SimpleNamespace(
        description="DID rental (2026-03-01 to 2026-03-31)",
        quantity=Decimal(1),
        unit="month",
        unit_price=Decimal("10.00"),
        tax_rate=Decimal(20),
        tax=Decimal("2.00"),
        amount=Decimal("10.00"),
    )
    return {
        "title": "Invoice",
        "invoice": invoice,
        "lines": [line] * lines,
        "brand": {
            "name": "Acme <VoIP>",
            "address": "1 Road",
            "email": None,
            "tax_id": "GB1",
            "logo_url": logo,
            "footer": "Thanks",
        },
        "client": SimpleNamespace(name="Jo", company=None, address=None, email="jo@example.com"),
        "credited_number": None,
        "money": lambda v: f"{v:,.2f}",
        "qty": lambda v: f"{v.normalize():f}",
        "local": lambda v: v.date().isoformat(),
    }


def test_a_long_invoice_is_a_real_multi_page_pdf() -> None:
    context = _context(60, None)
    content = render_pdf(context)
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    pages = len(render_document(context).pages)
    assert pages >= 2 and _pages(content) == pages


def test_remote_images_are_never_fetched_and_data_uris_are(monkeypatch: Any) -> None:
    opened: list[str] = []
    real_open = urllib.request.OpenerDirector.open

    def spy(self: Any, url: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(url.full_url if isinstance(url, urllib.request.Request) else str(url))
        return real_open(self, url, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy)
    render_document(_context(1, "http://10.255.255.1/logo.png"))
    assert opened == []
    render_document(_context(1, PIXEL))
    assert [url[:15] for url in opened] == ["data:image/png;"]
