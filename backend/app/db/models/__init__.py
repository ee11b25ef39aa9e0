"""ORM models, one module per aggregate. Importing this package registers every table on
:data:`metadata`, which Alembic's autogenerate compares against the database."""

from __future__ import annotations

from app.db.models.api_key import ApiKey, OAuthClient
from app.db.models.audit import AuditEntry
from app.db.models.base import TenantOwned, metadata
from app.db.models.billing import BillingAccount, EntryKind, IdempotencyRecord, LedgerEntry
from app.db.models.call import Call, CallStatus
from app.db.models.cdr import Cdr, RatingStatus
from app.db.models.cdr_source import CdrNumberRule, CdrSource, ClientNumber
from app.db.models.client_rates import CustomRate, Offer
from app.db.models.destination import (
    BlockedDestinationGroup,
    Destination,
    DestinationGroup,
    DestinationGroupPrefix,
)
from app.db.models.job import Job
from app.db.models.plan import Plan, PlanDeck
from app.db.models.rate_deck import Rate, RateDeck, RateDeckVersion
from app.db.models.telephony import (
    RestrictedPrefix,
    SipUser,
    Trunk,
    TrunkGroup,
    TrunkGroupMember,
)
from app.db.models.user import PasswordResetToken, RefreshToken, User, UserGroup, UserStatus

__all__ = [
    "ApiKey",
    "AuditEntry",
    "BillingAccount",
    "BlockedDestinationGroup",
    "Call",
    "CallStatus",
    "Cdr",
    "CdrNumberRule",
    "CdrSource",
    "ClientNumber",
    "CustomRate",
    "Destination",
    "DestinationGroup",
    "DestinationGroupPrefix",
    "EntryKind",
    "IdempotencyRecord",
    "Job",
    "LedgerEntry",
    "OAuthClient",
    "Offer",
    "PasswordResetToken",
    "Plan",
    "PlanDeck",
    "Rate",
    "RateDeck",
    "RateDeckVersion",
    "RatingStatus",
    "RefreshToken",
    "RestrictedPrefix",
    "SipUser",
    "TenantOwned",
    "Trunk",
    "TrunkGroup",
    "TrunkGroupMember",
    "User",
    "UserGroup",
    "UserStatus",
    "metadata",
]
