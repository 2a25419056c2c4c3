"""Words that make a mention urgent: customers asking whether the notice is phishing.

The playbook's seed: a breach notice looks exactly like a phishing e-mail, so customers who say
so in public must be answered first (point them at the homepage banner and the FAQ). The list is
data, so it can grow without touching the parser.
"""

from __future__ import annotations

import re

__all__ = ["RESPOND_FIRST_PATTERNS", "speaks_of_phishing"]

RESPOND_FIRST_PATTERNS: tuple[str, ...] = (
    r"phish\w*",
    r"scam\w*",
    r"spoof\w*",
    r"fake\s+(?:e-?mails?|notices?|letters?|messages?|texts?|sms|alerts?)",
    r"(?:e-?mail|notice|letter|message)\s+(?:is|was|looks?)\s+(?:a\s+)?(?:fake|scam|phish\w*)",
    r"is\s+this\s+(?:e-?mail|notice|letter|message|text)\s+(?:real|legit\w*|genuine|authentic)",
    r"(?:real|legit\w*|genuine)\s+or\s+(?:fake|scam|phish\w*)",
)
"""Regular expressions (case-insensitive, matched on word boundaries) that flag respond-first."""

_RESPOND_FIRST = re.compile(r"\b(?:" + "|".join(RESPOND_FIRST_PATTERNS) + r")\b", re.IGNORECASE)


def speaks_of_phishing(text: str) -> bool:
    """True when ``text`` speaks of phishing, scams or fake e-mails (respond to it first)."""
    return _RESPOND_FIRST.search(text) is not None
