"""Reminder e-mails through the SMTP server in the settings. Called outside database transactions.

Each project gets its own message, to its own recipients; all messages go over one connection. What the
server did not accept is reported in Norwegian and never counted as sent.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from domain.vocabulary import NO_REMINDER_ADDRESS_HINT


class MailError(RuntimeError):
    @classmethod
    def no_recipients(cls) -> MailError:
        return cls(f"Ingen av prosjektene som mangler rapport, har en e-postadresse: {NO_REMINDER_ADDRESS_HINT}.")


@dataclass(frozen=True)
class Mail:
    recipients: tuple[str, ...]
    subject: str
    body: str


@dataclass(frozen=True)
class Delivery:
    """Per message (by position), the addresses the server accepted; and what went wrong, in Norwegian."""

    accepted: dict[int, tuple[str, ...]] = field(default_factory=dict)
    problem: str | None = None


def smtp_configured(smtp: dict) -> bool:
    return bool(smtp.get("host"))


def _message(smtp: dict, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = smtp["sender"]
    message["To"] = ", ".join(mail.recipients)
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=smtp["sender"].rpartition("@")[2] or None)
    message.set_content(mail.body)
    return message


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "e-posttjeneren avviste innloggingen"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "e-posttjeneren avviste mottakeradressene"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return "e-posttjeneren avviste avsenderadressen"
    if isinstance(exc, smtplib.SMTPException):
        return "e-posttjeneren svarte med en feil"
    return "fikk ikke kontakt med e-posttjeneren"


def send_each(smtp: dict, mails: list[Mail]) -> Delivery:
    """Send every message over one connection. Stops at the first failure of the connection; a message
    whose addresses were all refused is skipped and reported."""
    accepted: dict[int, tuple[str, ...]] = {}
    refused: list[str] = []
    try:
        with smtplib.SMTP(smtp["host"], smtp["port"], timeout=20) as client:
            if smtp.get("starttls"):
                client.starttls()
            if smtp.get("user"):
                client.login(smtp["user"], smtp["password"])
            for index, mail in enumerate(mails):
                try:
                    rejected = client.send_message(_message(smtp, mail))
                except smtplib.SMTPRecipientsRefused as exc:
                    rejected = exc.recipients
                refused += [a for a in mail.recipients if a in rejected]
                ok = tuple(a for a in mail.recipients if a not in rejected)
                if ok:
                    accepted[index] = ok
    except (OSError, smtplib.SMTPException) as exc:
        sent = len(accepted)
        return Delivery(
            accepted,
            f"E-posten kunne ikke sendes: {_reason(exc)}. "
            + (f"{sent} av {len(mails)} meldinger ble sendt før feilen. " if sent else "Ingenting er sendt. ")
            + "Teksten vises under, så den kan sendes manuelt.",
        )
    if refused:
        return Delivery(accepted, f"E-posttjeneren avviste disse adressene: {', '.join(refused)}.")
    return Delivery(accepted)


def send_mail(smtp: dict, *, recipients: list[str], subject: str, body: str) -> None:
    """One message to the recipients; raises ``MailError`` (Norwegian) when it was not sent to all."""
    if not recipients:
        raise MailError.no_recipients()
    delivery = send_each(smtp, [Mail(tuple(recipients), subject, body)])
    if delivery.problem:
        raise MailError(delivery.problem)
