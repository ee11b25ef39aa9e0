"""Imported calls draw their clients' plan allowances (docs/bundles.md, "CDR import").

Only clients whose plan has allowances take part: :func:`load_drawing` finds them with one
query per import, so an import of clients without allowances pays nothing per row. Their rated
rows are kept by the row builder (``Built.draws``); once the store knows which rows are new
(already stored records are never drawn again), :func:`draw_allowances` draws per client, in
answer-time order, and rewrites those rows' ``cost`` and ``coverage`` before they are copied
into ``cdr`` — so the charge is the covered-adjusted sum, and no ``UPDATE`` follows the ``COPY``.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.bundles import ClientAllowances, apply_allowances_bulk, load_client_allowances
from app.cdrs.rows import COST, COVERAGE, ID, OWNER, Draws
from app.db.models.bundle import PlanAllowance
from app.db.models.user import User


async def load_drawing(
    session: AsyncSession, client_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, ClientAllowances]:
    """The allowances of those of ``client_ids`` whose plan has any (one query for the rest)."""
    ids = list(set(client_ids))
    if not ids:
        return {}
    found = await session.execute(
        select(User.id)
        .join(PlanAllowance, PlanAllowance.plan_id == User.plan_id)
        .where(User.id.in_(ids))
        .distinct()
    )
    drawing = {}
    for client_id in sorted(found.scalars()):
        client = await load_client_allowances(session, client_id)
        if client.allowances:
            drawing[client_id] = client
    return drawing


def _with(row: tuple[Any, ...], cost: Any, coverage: dict[str, Any]) -> tuple[Any, ...]:
    between = row[COST + 1 : COVERAGE]
    return (*row[:COST], cost, *between, json.dumps(coverage), *row[COVERAGE + 1 :])


async def draw_allowances(
    session: AsyncSession,
    rows: Sequence[tuple[Any, ...]],
    draws: Draws,
    clients: Mapping[uuid.UUID, ClientAllowances],
) -> list[tuple[Any, ...]]:
    """``rows`` (about to be stored, none stored before) with the allowances drawn: each
    client's rows in ``draws`` draw in answer-time order (clients in id order, each counter
    locked once), and get the overflow's cost and the coverage JSON."""
    positions: dict[uuid.UUID, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        if row[ID] in draws and row[OWNER] in clients:
            positions[row[OWNER]].append(index)
    drawn = list(rows)
    for client_id in sorted(positions):
        mine = positions[client_id]
        calls = [draws[rows[i][ID]] for i in mine]
        coverages = await apply_allowances_bulk(session, clients[client_id], calls)
        for index, coverage in zip(mine, coverages, strict=True):
            drawn[index] = _with(rows[index], coverage.cost, coverage.coverage)
    return drawn
