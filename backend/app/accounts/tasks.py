"""Actors of the accounts feature."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from app.worker.context import worker_context
from app.worker.registry import task


@task("accounts.send_email", max_retries=5, min_backoff=2_000)
def send_email(to: str, subject: str, body: str) -> None:
    """Deliver one plain-text e-mail over SMTP (retried with backoff when the server is down)."""
    settings = worker_context().settings
    message = EmailMessage()
    message["From"] = settings.smtp_sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
        smtp.send_message(message)
