"""Domain errors of payments and their webhooks (problem types listed in docs/errors.md)."""

from __future__ import annotations

from app.lib.errors import AuthenticationError, ConflictError, InvalidInputError


class PaymentNotReversibleError(ConflictError):
    problem_type = "payment-not-reversible"
    title = "Payment already reversed"


class WebhookSignatureError(AuthenticationError):
    """The event's signature is missing, malformed, stale, or made with another secret."""

    problem_type = "webhook-signature-invalid"
    title = "Webhook signature not valid"


class WebhookEventError(InvalidInputError):
    problem_type = "webhook-event-invalid"
    title = "Webhook event not usable"


class WebhookUnknownClientError(WebhookEventError):
    problem_type = "webhook-unknown-client"
    title = "Webhook event names no known client"
