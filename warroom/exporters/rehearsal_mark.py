"""Mark what a rehearsal exports, so a practice notice can never be mistaken for a real one."""

from __future__ import annotations

import re

__all__ = ["REHEARSAL_LINE", "mark_text", "mark_email"]

REHEARSAL_LINE = "REHEARSAL: practice only, not for sending. Times are the rehearsal's."


def mark_text(text: str, fmt: str) -> str:
    """``text`` (Markdown, plain text or HTML) with the rehearsal line first thing a reader sees."""
    if fmt != "html":
        return f"{REHEARSAL_LINE}\n\n{text}"
    banner = f'<p class="rehearsal" role="alert"><strong>{REHEARSAL_LINE}</strong></p>'
    marked, found = re.subn(r"(<body[^>]*>)", rf"\1{banner}", text, count=1)
    return marked if found else banner + text


def mark_email(data: bytes) -> bytes:
    """An e-mail's bytes with ``[REHEARSAL]`` before its subject and a header saying so."""
    marked, found = re.subn(rb"^Subject: ", b"Subject: [REHEARSAL] ", data, count=1, flags=re.M)
    header = b"X-Warroom-Rehearsal: yes\r\n" if b"\r\n" in data else b"X-Warroom-Rehearsal: yes\n"
    return header + marked if found else header + data
