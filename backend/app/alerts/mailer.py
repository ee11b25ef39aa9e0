"""Sending one e-mail over SMTP with the configured server (STARTTLS and login optional)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from app.lib.settings import Settings


def build_message(
    settings: Settings,
    *,
    to: str,
    subject: str,
    text_body: str,
    html_body: str | None = None,
    attachment: tuple[str, bytes] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text_body)
    if html_body is not None:
        message.add_alternative(html_body, subtype="html")
    if attachment is not None:
        name, content = attachment
        message.add_attachment(content, maintype="application", subtype="pdf", filename=name)
    return message


def send_message(settings: Settings, message: EmailMessage) -> None:
    """Deliver ``message`` (blocking: call it from a thread in async code)."""
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)
