"""Live calls (CellHub "Calls Online"): authorized, not yet finalized, kept in one Redis hash.

PostgreSQL's ``call`` table is the record; the hash is the fast view the web app polls. Each
entry carries the client and its reseller so a listing is filtered to the caller's reach.
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

from redis.asyncio import Redis

from app.calls.schemas import LiveCall, TrunkChoice
from app.calls.store import Offer
from app.lib.access import Principal, Role
from app.lib.redis import redis_key
from app.lib.settings import Settings


def live_key(settings: Settings) -> str:
    return redis_key(settings, "calls", "live")


def trunk_record(choice: TrunkChoice) -> dict[str, Any]:
    return {"id": choice.id, "name": choice.name, "dial_string": choice.dial_string}


async def announce(
    redis: Redis, settings: Settings, call: Offer, sip_user: str, destination: str | None
) -> None:
    """Add a just-granted call to the live hash."""
    entry = {
        "call_id": call.call_id,
        "client_id": str(call.owner_id),
        "reseller_id": None if call.reseller_id is None else str(call.reseller_id),
        "sip_user": sip_user,
        "caller_number": call.caller_number,
        "dialled_number": call.dialled_number,
        "normalized_number": call.normalized_number,
        "destination": destination,
        "started_at": call.now.isoformat(),
        "max_duration": call.duration,
    }
    await redis.hset(live_key(settings), call.call_id, json.dumps(entry))


async def forget(redis: Redis, settings: Settings, *call_ids: str) -> None:
    if call_ids:
        await redis.hdel(live_key(settings), *call_ids)


def _visible(entry: dict[str, Any], principal: Principal) -> bool:
    if principal.role in (Role.SUPERADMIN, Role.ADMIN):
        return True
    me = str(principal.user_id)
    if principal.role is Role.RESELLER:
        return me in (entry["client_id"], entry["reseller_id"])
    return bool(entry["client_id"] == me)


async def live_calls(
    redis: Redis, settings: Settings, principal: Principal, now: datetime.datetime
) -> list[LiveCall]:
    """The caller's live calls, longest-running first, with their duration so far."""
    raw = await redis.hvals(live_key(settings))
    calls = []
    for item in raw:
        entry = json.loads(item)
        if not _visible(entry, principal):
            continue
        started = datetime.datetime.fromisoformat(entry["started_at"])
        calls.append(
            LiveCall(
                call_id=entry["call_id"],
                client_id=uuid.UUID(entry["client_id"]),
                sip_user=entry["sip_user"],
                caller_number=entry["caller_number"],
                dialled_number=entry["dialled_number"],
                normalized_number=entry["normalized_number"],
                destination=entry["destination"],
                started_at=started,
                duration_so_far=max(0, int((now - started).total_seconds())),
                max_duration=entry["max_duration"],
            )
        )
    return sorted(calls, key=lambda c: c.started_at)
