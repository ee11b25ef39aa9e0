"""Imported CDRs draw their clients' plan allowances: only records actually stored draw, in
answer-time order, and the ledger is charged the overflow, not the engine's total."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import select

from app.db.models.billing import LedgerEntry
from app.db.models.bundle import AllowanceUsage
from app.db.models.cdr import Cdr
from app.lib.settings import Settings
from tests.integration.bundles.conftest import (
    CSV_HEADER,
    ImportWorld,
    csv_line,
    import_csv,
    import_world,
)
from tests.support.identity import system_session

LANDLINE = "+442071234567"


def _file(world: ImportWorld, tag: str) -> str:
    """Two landline calls, the later one first in the file: 14000 s (billed 234 min) and
    20 min 10 s (billed 21 min), which crosses the 240 min allowance after 6 min."""
    user = world.world.sip_user
    return (
        CSV_HEADER
        + csv_line(f"{tag}-b", user, LANDLINE, "2026-03-05T10:00:00Z", 1210)
        + csv_line(f"{tag}-a", user, LANDLINE, "2026-03-02T10:00:00Z", 14000)
    )


async def _state(
    settings: Settings, world: ImportWorld
) -> tuple[dict[str, Cdr], Decimal, list[int]]:
    """The client's CDRs by external id, its usage charges' sum, its counters' used seconds."""
    session, close = await system_session(settings)
    try:
        client = world.world.client.id
        cdrs = (await session.execute(select(Cdr).where(Cdr.owner_id == client))).scalars()
        charged = await session.execute(
            select(LedgerEntry.amount).where(
                LedgerEntry.account_id == world.world.account_id,
                LedgerEntry.kind == "usage_charge",
            )
        )
        used = await session.execute(
            select(AllowanceUsage.used_seconds).where(AllowanceUsage.owner_id == client)
        )
        by_id = {cdr.external_id: cdr for cdr in cdrs}
        return by_id, -sum(charged.scalars(), Decimal(0)), list(used.scalars())
    finally:
        await close()


async def test_an_import_crossing_the_allowance_charges_exactly_the_overflow(
    settings: Settings,
) -> None:
    bundled = await import_world(settings)
    plain = await import_world(settings, allowances=False, parent=None)
    tag = uuid.uuid4().hex[:8]
    content = _file(bundled, tag) + _file(plain, f"{tag}-plain")[len(CSV_HEADER) :]

    result = await import_csv(settings, bundled.world.owner, content, f"test:{tag}")

    assert (result["stored"], result["rated"]) == (4, 4)
    cdrs, charged, used = await _state(settings, bundled)
    # The earlier call (second in the file) draws first: all 14040 billed seconds covered.
    first, second = cdrs[f"{tag}-a"], cdrs[f"{tag}-b"]
    assert (first.cost, first.coverage["covered_seconds"]) == (Decimal(0), 14040)
    assert first.ledger_entry_id is None  # nothing to charge
    # 360 s left: 900 s overflow at 0.02/min = 0.30, no connect fee.
    assert second.coverage["covered_seconds"] == 360
    assert second.coverage["overflow_seconds"] == 900
    assert second.coverage["full_cost"] == "0.470000"
    assert second.cost == Decimal("0.300000")
    assert charged == Decimal("0.300000")
    assert used == [14400]
    # The client without allowances pays the engine's totals: 0.05 + 234 * 0.02, 0.05 + 21 * 0.02.
    plain_cdrs, plain_charged, plain_used = await _state(settings, plain)
    assert sorted(c.cost or Decimal(-1) for c in plain_cdrs.values()) == [
        Decimal("0.47"),
        Decimal("4.73"),
    ]
    assert all(c.coverage == {} for c in plain_cdrs.values())
    assert (plain_charged, plain_used) == (Decimal("5.200000"), [])
    charges = {c["client_id"]: c["amount"] for c in result["charges"]}  # type: ignore[attr-defined]
    assert charges == {
        str(bundled.world.client.id): "0.300000",
        str(plain.world.client.id): "5.200000",
    }


async def test_reimporting_the_same_file_draws_and_charges_nothing_more(
    settings: Settings,
) -> None:
    bundled = await import_world(settings)
    tag = uuid.uuid4().hex[:8]
    await import_csv(settings, bundled.world.owner, _file(bundled, tag), f"test:{tag}:1")
    before = await _state(settings, bundled)

    again = await import_csv(settings, bundled.world.owner, _file(bundled, tag), f"test:{tag}:2")

    assert (again["stored"], again["duplicates"], again["charges"]) == (0, 2, [])
    cdrs, charged, used = await _state(settings, bundled)
    assert (charged, used) == (before[1], before[2]) == (Decimal("0.300000"), [14400])
    assert {k: (c.cost, c.coverage) for k, c in cdrs.items()} == {
        k: (c.cost, c.coverage) for k, c in before[0].items()
    }


async def test_a_later_import_finds_the_allowance_spent(settings: Settings) -> None:
    """A second file of the month draws from the same counter: a call finding nothing left is
    charged the engine's price (connect fee included) and still counted under its group."""
    bundled = await import_world(settings)
    tag = uuid.uuid4().hex[:8]
    await import_csv(settings, bundled.world.owner, _file(bundled, tag), f"test:{tag}:1")
    later = CSV_HEADER + csv_line(
        f"{tag}-c", bundled.world.sip_user, LANDLINE, "2026-03-20T10:00:00Z", 181
    )

    await import_csv(settings, bundled.world.owner, later, f"test:{tag}:2")

    cdrs, charged, used = await _state(settings, bundled)
    third = cdrs[f"{tag}-c"]
    assert third.cost == Decimal("0.130000")  # 0.05 + 4 * 0.02
    assert third.coverage["kind"] == "allowance"
    assert (third.coverage["covered_seconds"], third.coverage["overflow_seconds"]) == (0, 240)
    assert (charged, used) == (Decimal("0.430000"), [14400])
