"""``cdr`` has no foreign keys (migration 0018); triggers on the referenced tables keep what
the keys did on delete: a user who owns records cannot be deleted, a deleted reseller or SIP
user leaves the records with a NULL reference."""

from __future__ import annotations

import datetime
import uuid

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from app.db.models.cdr import Cdr
from app.db.models.telephony import SipUser
from app.db.models.user import User
from app.lib.access import Role
from app.lib.settings import Settings
from tests.support.cdrs import add_cdr
from tests.support.identity import create_account, system_session

DAY = datetime.datetime(2026, 2, 3, 10, 0, tzinfo=datetime.UTC)


async def _cdr(settings: Settings, cdr_id: uuid.UUID) -> Cdr:
    session, close = await system_session(settings)
    try:
        found = await session.execute(select(Cdr).where(Cdr.id == cdr_id))
        return found.scalar_one()
    finally:
        await close()


async def test_a_client_who_owns_records_cannot_be_deleted(settings: Settings) -> None:
    client = await create_account(settings, Role.CLIENT)
    await add_cdr(settings, client, DAY, "+442071234567")
    session, close = await system_session(settings)
    try:
        with pytest.raises(IntegrityError, match="still owns call records"):
            await session.execute(delete(User).where(User.id == client.id))
    finally:
        await close()


async def test_deleting_a_reseller_or_sip_user_clears_the_reference(settings: Settings) -> None:
    reseller = await create_account(settings, Role.RESELLER)
    client = await create_account(settings, Role.CLIENT, parent=reseller)
    session, close = await system_session(settings)
    try:
        device = SipUser(
            username=f"sip{uuid.uuid4().hex[:10]}",
            secret="s3cret-s3cret",
            owner_id=client.id,
            reseller_id=reseller.id,
        )
        session.add(device)
        await session.commit()
        device_id = device.id
    finally:
        await close()
    cdr_id = await add_cdr(settings, client, DAY, "+442071234567", sip_user_id=device_id)
    assert (await _cdr(settings, cdr_id)).reseller_id == reseller.id

    session, close = await system_session(settings)
    try:
        await session.execute(delete(SipUser).where(SipUser.id == device_id))
        # The client moves off the reseller first (a reseller with clients is not deleted).
        await session.execute(update(User).where(User.id == client.id).values(parent_id=None))
        await session.execute(delete(User).where(User.id == reseller.id))
        await session.commit()
    finally:
        await close()

    stored = await _cdr(settings, cdr_id)
    assert (stored.owner_id, stored.sip_user_id, stored.reseller_id) == (client.id, None, None)
