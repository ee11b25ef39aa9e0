"""The one plugin that wires Tollgate's features into a Litestar application."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from dramatiq.brokers.redis import RedisBroker
from litestar import Litestar
from litestar.config.app import AppConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.plugins import InitPluginProtocol
from litestar.plugins.prometheus import PrometheusConfig
from redis.asyncio import Redis

from app.accounts.auth_routes import AuthController
from app.accounts.routes import GroupController, UserController
from app.alerts.routes import MailTemplateController, PreferencesController
from app.apikeys.oauth_routes import OAuthController
from app.apikeys.routes import ApiKeyController, OAuthClientController
from app.audit.routes import AuditController
from app.billing.routes import BillingController
from app.bundles.routes import (
    AllowanceBalanceController,
    OfferUseController,
    PlanAllowanceController,
)
from app.calls.routes import (
    CallControlController,
    LiveCallController,
    close_call_control,
    open_call_control,
)
from app.cdrs.routes import CdrController
from app.cdrs.sources.push import FreeswitchPushController
from app.cdrs.sources.routes import (
    CdrSourceController,
    ClientNumberController,
    NumberRuleController,
)
from app.graphql.schema import graphql_controller
from app.invoicing.catalogue_routes import ServiceController, SubscriptionController
from app.invoicing.invoice_routes import InvoiceController
from app.invoicing.run_routes import (
    BillingRunController,
    ClientTermsController,
    InvoicingProfileController,
)
from app.jobs.routes import JobController
from app.lib.idempotency import provide_idempotency
from app.lib.redis import redis_client
from app.lib.settings import Settings
from app.payments.routes import (
    ClientPaymentController,
    PaymentController,
    PaymentProviderController,
    PaymentWebhookController,
)
from app.ratedecks.announcements import start_listener_thread
from app.ratedecks.client_rate_routes import CustomRateController, OfferController
from app.ratedecks.destination_routes import (
    BlockedDestinationGroupController,
    DestinationController,
    DestinationGroupController,
)
from app.ratedecks.plan_routes import PlanController
from app.ratedecks.routes import QuoteController, RateDeckController
from app.ratedecks.special_rate_routes import SpecialRateController
from app.server.auth import SESSION_MAKER_STATE_KEY, enforce_access
from app.server.dependencies import (
    provide_actor,
    provide_principal,
    provide_session,
    provide_session_maker,
)
from app.server.exceptions import exception_handlers
from app.server.fast_lane import call_control_fast_lane
from app.server.middleware import request_id_middleware
from app.server.openapi import openapi_config
from app.server.spa import spa_router
from app.server.strict_body import strict_json_body
from app.system.metrics import MetricsController
from app.system.routes import InternalSystemController, SystemController
from app.telephony.restricted_routes import RestrictedPrefixController
from app.telephony.sip_user_routes import SipUserController
from app.telephony.trunk_routes import TrunkController, TrunkGroupController
from app.vouchers.routes import VoucherBatchController, VoucherController
from app.worker.broker import build_broker


class TollgatePlugin(InitPluginProtocol):
    """Routes, dependencies, error handling, middleware and lifespan of the API process."""

    def __init__(self, settings: Settings, alchemy: SQLAlchemyAsyncConfig) -> None:
        self.settings = settings
        self.alchemy = alchemy

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        settings = self.settings
        prometheus = PrometheusConfig(app_name="tollgate", prefix="tollgate", group_path=True)
        app_config.route_handlers.extend(
            [
                SystemController,
                InternalSystemController,
                MetricsController,
                AuthController,
                UserController,
                GroupController,
                AuditController,
                ApiKeyController,
                OAuthClientController,
                OAuthController,
                JobController,
                CdrController,
                CdrSourceController,
                FreeswitchPushController,
                NumberRuleController,
                ClientNumberController,
                RateDeckController,
                QuoteController,
                PlanController,
                CustomRateController,
                OfferController,
                PlanAllowanceController,
                AllowanceBalanceController,
                OfferUseController,
                SpecialRateController,
                BillingController,
                ClientPaymentController,
                PaymentController,
                PaymentProviderController,
                PaymentWebhookController,
                VoucherBatchController,
                VoucherController,
                MailTemplateController,
                PreferencesController,
                ServiceController,
                SubscriptionController,
                InvoiceController,
                BillingRunController,
                InvoicingProfileController,
                ClientTermsController,
                CallControlController,
                LiveCallController,
                SipUserController,
                TrunkController,
                TrunkGroupController,
                RestrictedPrefixController,
                DestinationController,
                DestinationGroupController,
                BlockedDestinationGroupController,
                graphql_controller(),
            ]
        )
        spa = spa_router(settings.spa_dir)
        if spa is not None:
            app_config.route_handlers.append(spa)
        app_config.dependencies.update(
            {
                "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
                "redis": Provide(_state_redis, sync_to_thread=False),
                "broker": Provide(_state_broker, sync_to_thread=False),
                "principal": Provide(provide_principal, sync_to_thread=False),
                "session": Provide(provide_session),
                "actor": Provide(provide_actor, sync_to_thread=False),
                "session_maker": Provide(provide_session_maker, sync_to_thread=False),
                "idempotency": Provide(provide_idempotency),
            }
        )
        app_config.guards.extend([enforce_access, strict_json_body])
        app_config.exception_handlers.update(exception_handlers)
        app_config.middleware[:0] = [
            call_control_fast_lane,
            request_id_middleware,
            prometheus.middleware,
        ]
        app_config.lifespan.append(self._services)
        app_config.openapi_config = openapi_config()
        app_config.debug = False
        return app_config

    @asynccontextmanager
    async def _services(self, app: Litestar) -> AsyncIterator[None]:
        client = redis_client(self.settings)
        broker = build_broker(self.settings)
        app.state.redis = client
        app.state.broker = broker
        app.state.settings = self.settings
        app.state[SESSION_MAKER_STATE_KEY] = self.alchemy.create_session_maker()
        open_call_control(app.state, self.settings)
        # Drop cached rate indexes of decks that get a new version in any process.
        stop_listening = threading.Event()
        start_listener_thread(self.settings, stop_listening)
        try:
            yield
        finally:
            stop_listening.set()  # the daemon thread ends within a second
            await close_call_control(app.state)
            broker.close()
            await client.aclose()


def _state_redis(state: State) -> Redis:
    client: Redis = state.redis
    return client


def _state_broker(state: State) -> RedisBroker:
    broker: RedisBroker = state.broker
    return broker
