"""Mail templates (CellHub "Mail Templates"): subject, text body and optional HTML body with
``{{ variable }}`` placeholders, rendered by Jinja2's sandbox.

The sandbox keeps an edited template from reaching Python internals; ``StrictUndefined`` and
the check at save time (:func:`template_errors`) make an unknown variable a 400 when the
template is saved, never a broken e-mail later. The HTML body is auto-escaped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Final

from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

from app.db.models.alert import AlertKind
from app.lib.errors import FieldError

_TEXT = SandboxedEnvironment(
    undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
)
_HTML = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True, keep_trailing_newline=True)

COMMON: Final = frozenset(
    {"user_name", "user_email", "company", "currency", "balance", "available", "portal_url"}
)
VARIABLES: Final[dict[str, frozenset[str]]] = {
    AlertKind.LOW_CREDIT: COMMON | {"threshold"},
    AlertKind.SPEND_CAP: COMMON | {"spend_cap", "month_spend", "month"},
    AlertKind.INVOICE_ISSUED: COMMON | {"invoice_id", "invoice_number", "invoice_total"},
}


@dataclass(frozen=True, slots=True)
class MailText:
    subject: str
    text_body: str
    html_body: str | None = None


DEFAULTS: Final[dict[str, MailText]] = {
    AlertKind.LOW_CREDIT: MailText(
        subject="Low credit: {{ available }} {{ currency }} left",
        text_body=(
            "Hello {{ user_name }},\n\n"
            "Your available credit is {{ available }} {{ currency }}, below your alert level "
            "of {{ threshold }} {{ currency }}.\n"
            "Top up to keep your calls running: {{ portal_url }}\n"
        ),
    ),
    AlertKind.SPEND_CAP: MailText(
        subject="Monthly spend cap reached ({{ spend_cap }} {{ currency }})",
        text_body=(
            "Hello {{ user_name }},\n\n"
            "You have spent {{ month_spend }} {{ currency }} in {{ month }}, reaching your "
            "monthly spend cap of {{ spend_cap }} {{ currency }}. New calls are refused until "
            "the month ends or the cap is raised.\n{{ portal_url }}\n"
        ),
    ),
    AlertKind.INVOICE_ISSUED: MailText(
        subject="Invoice {{ invoice_number }}: {{ invoice_total }} {{ currency }}",
        text_body=(
            "Hello {{ user_name }},\n\n"
            "Invoice {{ invoice_number }} for {{ invoice_total }} {{ currency }} has been "
            "issued.\nYou can find it in your account: {{ portal_url }}\n"
        ),
    ),
}


def _check_one(source: str, field: str, allowed: frozenset[str], html: bool) -> list[FieldError]:
    env = _HTML if html else _TEXT
    try:
        parsed = env.parse(source)
    except TemplateSyntaxError as exc:
        return [FieldError(f"line {exc.lineno}: {exc.message}", field=field)]
    unknown = sorted(meta.find_undeclared_variables(parsed) - allowed)
    if unknown:
        message = f"unknown variable(s) {', '.join(unknown)}; known: {', '.join(sorted(allowed))}"
        return [FieldError(message, field=field)]
    return []


def template_errors(kind: str, text: MailText) -> list[FieldError]:
    """What is wrong with ``text`` as a template of ``kind``: syntax, unknown variables, or
    anything that fails to render with sample values (the sandbox refusing ``__class__``)."""
    allowed = VARIABLES[kind]
    errors = _check_one(text.subject, "subject", allowed, html=False)
    errors += _check_one(text.text_body, "text_body", allowed, html=False)
    if text.html_body is not None:
        errors += _check_one(text.html_body, "html_body", allowed, html=True)
    if errors:
        return errors
    try:
        render(text, dict.fromkeys(allowed, "1"))
    except TemplateError as exc:
        return [FieldError(f"does not render: {exc}", field="text_body")]
    return []


def render_or_default(kind: str, text: MailText, variables: dict[str, Any]) -> MailText:
    """:func:`render`, falling back to the shipped default should a stored template fail
    (templates are checked when saved, so this is a safety net, never the rule)."""
    try:
        return render(text, variables)
    except TemplateError:
        return render(DEFAULTS[kind], variables)


@functools.lru_cache(maxsize=256)
def _compiled(source: str, html: bool) -> Template:
    """A template compiled once per source text: an autobill run renders the same wording for
    thousands of invoices, and compiling dominated its cost."""
    return (_HTML if html else _TEXT).from_string(source)


def render(text: MailText, variables: dict[str, Any]) -> MailText:
    """Fill ``text``'s placeholders. The subject is one line (header injection is impossible)."""
    subject = _compiled(text.subject, False).render(variables)
    return MailText(
        subject=" ".join(subject.split())[:998],
        text_body=_compiled(text.text_body, False).render(variables),
        html_body=None
        if text.html_body is None
        else _compiled(text.html_body, True).render(variables),
    )
