"""Official channels only: every address, number and link in a draft is one of ours.

Customers are told to trust only the official channels; a draft that names any other helps
phishers, so this is checked on every kind of message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from warroom.domain.notice_checks.registry import Draft, Finding, check
from warroom.domain.notice_checks.text import channels_in, digits, host


@check("official_channels")
def _official_channels(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Every URL, phone number and e-mail address is an official channel."""
    facts = d.facts
    official = " ".join(
        [
            facts.hotline,
            facts.faq_url,
            facts.support_email,
            facts.sender_address,
            facts.data_protection_contact,
            facts.postal_address,
            *d.prep.official_channels,
        ]
    )
    listed = channels_in(official)
    hosts = {host(v) for k, v, _ in listed if k == "url"} | {
        host(h) for h in p.get("allowed_hosts", ())
    }
    emails = {v.lower() for k, v, _ in listed if k == "email"}
    hosts |= {e.split("@")[1] for e in emails}  # the sender's own domain is official
    phones = {digits(v) for k, v, _ in listed if k == "phone"} | {
        digits(n) for n in p.get("allowed_phones", ())
    }
    found: list[Finding] = []
    for kind, value, line in channels_in(d.text):
        ok = (
            (kind == "url" and host(value) in hosts)
            or (kind == "email" and value.lower() in emails)
            or (kind == "phone" and digits(value) in phones)
        )
        if not ok:
            found.append((f"{value} is not an official channel on the fact sheet", line))
    return found
