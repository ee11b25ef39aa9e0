"""ORM models, one module per aggregate. Importing this package registers every table on
:data:`metadata`, which Alembic's autogenerate compares against the database."""

from __future__ import annotations

from app.db.models.alert import AlertKind, AlertMessage, BillingAlertState, MailTemplate
from app.db.models.api_key import ApiKey, OAuthClient
from app.db.models.audit import AuditEntry
from app.db.models.base import TenantOwned, metadata
from app.db.models.billing import BillingAccount, EntryKind, IdempotencyRecord, LedgerEntry
from app.db.models.bundle import AllowanceUsage, PlanAllowance, PlanSpecialRate
from app.db.models.call import Call, CallStatus
from app.db.models.cdr import Cdr, CdrRatingHistory, RatingStatus
from app.db.models.cdr_source import CdrNumberRule, CdrSource, ClientNumber
from app.db.models.client_rates import CustomRate, Offer
from app.db.models.destination import (
    BlockedDestinationGroup,
    Destination,
    DestinationGroup,
    DestinationGroupPrefix,
)
from app.db.models.invoice import (
    BillingRun,
    Invoice,
    InvoiceLine,
    InvoicingProfile,
    RecurringService,
    ServiceSubscription,
)
from app.db.models.job import Job
from app.db.models.payment import Payment, PaymentMethod, PaymentProvider, PaymentStatus
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
from app.db.models.voucher import Voucher, VoucherBatch

__all__ = [
    "AlertKind",
    "AlertMessage",
    "AllowanceUsage",
    "ApiKey",
    "AuditEntry",
    "BillingAccount",
    "BillingAlertState",
    "BillingRun",
    "BlockedDestinationGroup",
    "Call",
    "CallStatus",
    "Cdr",
    "CdrNumberRule",
    "CdrRatingHistory",
    "CdrSource",
    "ClientNumber",
    "CustomRate",
    "Destination",
    "DestinationGroup",
    "DestinationGroupPrefix",
    "EntryKind",
    "IdempotencyRecord",
    "Invoice",
    "InvoiceLine",
    "InvoicingProfile",
    "Job",
    "LedgerEntry",
    "MailTemplate",
    "OAuthClient",
    "Offer",
    "PasswordResetToken",
    "Payment",
    "PaymentMethod",
    "PaymentProvider",
    "PaymentStatus",
    "Plan",
    "PlanAllowance",
    "PlanDeck",
    "PlanSpecialRate",
    "Rate",
    "RateDeck",
    "RateDeckVersion",
    "RatingStatus",
    "RecurringService",
    "RefreshToken",
    "RestrictedPrefix",
    "ServiceSubscription",
    "SipUser",
    "TenantOwned",
    "Trunk",
    "TrunkGroup",
    "TrunkGroupMember",
    "User",
    "UserGroup",
    "UserStatus",
    "Voucher",
    "VoucherBatch",
    "metadata",
]
