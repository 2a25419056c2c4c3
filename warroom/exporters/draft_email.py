"""The customer notice as a real e-mail (``.eml``): text and HTML parts, From, Subject, Date.

Built with the standard library's ``EmailMessage`` so headers are encoded correctly (non-ASCII
subjects, long lines) and any mail tool or ESP import can read it.
"""

from __future__ import annotations

import email.policy
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from warroom.domain.clock import utc
from warroom.domain.drafts import split_notice
from warroom.exporters.draft_documents import notice_html, notice_text

__all__ = ["notice_email", "email_bytes", "UNDISCLOSED"]

UNDISCLOSED = "undisclosed-recipients:;"
"""The To of a notice sent to many: the real recipients go in the mailing tool."""


def notice_email(text: str, sender: str, now: datetime, *, to: str = UNDISCLOSED) -> EmailMessage:
    """Build the notice e-mail from its rendered text.

    Args:
        text: The rendered notice (first line ``Subject: …``).
        sender: The From, e.g. ``Northwind Outfitters <notice@example.com>``.
        now: The Date header.
        to: The To header (undisclosed recipients by default).

    Raises:
        ValueError: the sender is not an e-mail address, or the notice has no subject.
    """
    subject, _ = split_notice(text)
    if not subject:
        raise ValueError("the notice has no subject line (start it with 'Subject: …')")
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = sender
    addresses = message["From"].addresses
    if len(addresses) != 1 or not addresses[0].domain:
        raise ValueError(f"{sender!r} is not one e-mail address")
    sender_address: Address = addresses[0]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utc(now))
    message["Message-ID"] = make_msgid(domain=sender_address.domain)
    message.set_content(notice_text(text))
    message.add_alternative(notice_html(text), subtype="html")
    return message


def email_bytes(message: EmailMessage) -> bytes:
    """The message as the bytes of an ``.eml`` file (CRLF line ends)."""
    return message.as_bytes(policy=email.policy.SMTP)
