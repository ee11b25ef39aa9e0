"""REST surface of alerts: mail templates (staff) and a client's notification preferences."""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get, patch, put
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ValidationException
from litestar.params import FromPath, JSONBody

from app.alerts import preferences, template_service
from app.alerts.schemas import (
    MailTemplateRead,
    MailTemplateWrite,
    PreferencesRead,
    PreferencesUpdate,
    TemplateKind,
)
from app.alerts.templates import VARIABLES, MailText, template_errors
from app.billing.ledger import account_for
from app.billing.service import billing_client
from app.db.models.alert import AlertKind
from app.db.models.user import User
from app.lib.access import STAFF, requires
from app.lib.errors import NotFoundError
from app.server.dependencies import CurrentActor, CurrentPrincipal, ScopedSession

TargetClient = NamedDependency[User]


def _read(kind: str, text: MailText, source: str) -> MailTemplateRead:
    return MailTemplateRead(
        kind=kind,  # type: ignore[arg-type]
        source=source,  # type: ignore[arg-type]
        subject=text.subject,
        text_body=text.text_body,
        html_body=text.html_body,
        variables=sorted(VARIABLES[kind]),
    )


class MailTemplateController(Controller):
    """CellHub "Mail Templates": a reseller words its clients' alerts, an admin the platform's;
    without either, the shipped default applies."""

    path = "/api/v1/mail-templates"
    tags = ("alerts",)

    @get("/", opt=requires("billing:read", roles=STAFF), operation_id="listMailTemplates")
    async def list_templates(
        self, session: ScopedSession, principal: CurrentPrincipal
    ) -> list[MailTemplateRead]:
        """Every alert's wording as it applies to the caller's clients, and its variables."""
        tenant = template_service.tenant_of(principal)
        items = []
        for kind in AlertKind.ALL:
            text, source = await template_service.effective_template(session, tenant, kind)
            items.append(_read(kind, text, source))
        return items

    @get("/{kind:str}", opt=requires("billing:read", roles=STAFF), operation_id="getMailTemplate")
    async def get_template(
        self, session: ScopedSession, principal: CurrentPrincipal, kind: FromPath[TemplateKind]
    ) -> MailTemplateRead:
        tenant = template_service.tenant_of(principal)
        text, source = await template_service.effective_template(session, tenant, kind)
        return _read(kind, text, source)

    @put("/{kind:str}", opt=requires("billing:write", roles=STAFF), operation_id="putMailTemplate")
    async def put_template(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        kind: FromPath[TemplateKind],
        data: JSONBody[MailTemplateWrite],
    ) -> MailTemplateRead:
        """Save the caller's wording of an alert. A syntax error or an unknown `{{ variable }}`
        is a 400 naming the field (`subject`, `text_body`, `html_body`)."""
        text = MailText(data.subject, data.text_body, data.html_body)
        errors = template_errors(kind, text)
        if errors:
            raise ValidationException(
                f"Invalid template: {errors[0].message}",
                extra=[{"key": e.field, "message": e.message, "source": "body"} for e in errors],
            )
        await template_service.put_template(session, actor, kind, text)
        source = "platform" if template_service.tenant_of(actor.principal) is None else "tenant"  # type: ignore[arg-type]
        return _read(kind, text, source)

    @delete(
        "/{kind:str}", opt=requires("billing:write", roles=STAFF), operation_id="resetMailTemplate"
    )
    async def reset_template(
        self, session: ScopedSession, actor: CurrentActor, kind: FromPath[TemplateKind]
    ) -> None:
        """Drop the caller's wording: the platform's (for a reseller) or the default applies."""
        if not await template_service.delete_template(session, actor, kind):
            raise NotFoundError(f"No {kind} template of yours to reset")


async def provide_client(session: ScopedSession, user_id: FromPath[uuid.UUID]) -> User:
    return await billing_client(session, user_id)


class PreferencesController(Controller):
    path = "/api/v1/users/{user_id:uuid}/preferences"
    tags = ("alerts",)
    dependencies = {"client": Provide(provide_client)}  # noqa: RUF012 (Litestar layer API)

    @get("/", opt=requires("billing:read", resource="user"), operation_id="getPreferences")
    async def get_preferences(
        self, session: ScopedSession, client: TargetClient
    ) -> PreferencesRead:
        """The client's digit masking, alert choices, alert address and low-credit level."""
        return preferences.preferences_read(await account_for(session, client.id))

    @patch("/", opt=requires("profile:write", resource="user"), operation_id="updatePreferences")
    async def update_preferences(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        client: TargetClient,
        data: JSONBody[PreferencesUpdate],
    ) -> PreferencesRead:
        """The client changes its own preferences (staff within reach may too); audited."""
        account = await preferences.update_preferences(session, actor, client, data)
        return preferences.preferences_read(account)
