"""Reminder e-mails through the SMTP server in the settings. Called outside database transactions."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage


class MailError(RuntimeError):
    @classmethod
    def no_recipients(cls) -> MailError:
        return cls("Ingen av prosjektene som mangler rapport, har registrert e-postadresse.")


def smtp_configured(smtp: dict) -> bool:
    return bool(smtp.get("host"))


def send_mail(smtp: dict, *, recipients: list[str], subject: str, body: str) -> None:
    """One message to every recipient (Bcc), in bokmål, plain text UTF-8."""
    if not recipients:
        raise MailError.no_recipients()
    message = EmailMessage()
    message["From"] = smtp["sender"]
    message["To"] = smtp["sender"]
    message["Bcc"] = ", ".join(recipients)
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(smtp["host"], smtp["port"], timeout=20) as client:
            if smtp.get("starttls"):
                client.starttls()
            if smtp.get("user"):
                client.login(smtp["user"], smtp["password"])
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(
            f"E-posten kunne ikke sendes ({type(exc).__name__}). Teksten vises under, så den kan sendes manuelt."
        ) from exc
