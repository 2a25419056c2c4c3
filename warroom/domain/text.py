"""Make text written by strangers safe to store and show.

Feed titles, summaries, authors and URLs, and anything an operator types, may hold terminal
escape sequences, C0/C1 controls, bidi overrides or zero-width characters. This module is the
one place that neutralises them; the feeds call it where text enters and the widgets call it
where text is shown. Markup is not this module's concern: the UI never interprets text as
markup (it builds ``Content``/``Text`` objects from plain strings), so brackets stay literal.
"""

from __future__ import annotations

import html
import re

__all__ = ["inert", "html_to_text", "for_terminal", "DEFAULT_LIMIT"]

DEFAULT_LIMIT = 2000
"""Upper bound on the length of one piece of outside text, in characters."""

# Bidi embeddings/overrides/isolates, zero-width and other invisible format characters that
# can reorder or hide what an operator reads.
_INVISIBLE = {
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",  # zero-width, LRM/RLM
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",  # LRE RLE PDF LRO RLO
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",  # LRI RLI FSI PDI
    "\u2060",
    "\u2061",
    "\u2062",
    "\u2063",
    "\u2064",  # word joiner, invisible operators
    "\ufeff",
    "\u061c",
    "\u180e",  # BOM/ZWNBSP, Arabic letter mark, Mongolian vowel separator
    "\ufff9",
    "\ufffa",
    "\ufffb",  # interlinear annotation controls
}

_WHITESPACE_RUN = re.compile(r"[ \t]+")
_NEWLINE_RUN = re.compile(r"\n{3,}")


# Everything that must not reach a terminal: C0 controls (but tab/newline, handled apart), DEL,
# C1 controls, bidi embeddings/overrides/isolates, zero-width and invisible format characters,
# lone surrogates and private-use code points.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    + "".join(sorted(_INVISIBLE))
    + "\u2028\u2029\ud800-\udfff\ue000-\uf8ff\U000e0000-\U000e007f\U000f0000-\U0010ffff]"
)
_ESCAPE_STARTERS = {"\x1b", "\x9b"}
"""ESC and CSI start escape sequences: they become a visible replacement mark, not nothing."""


def _replace_unsafe(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _ESCAPE_STARTERS or "\ud800" <= char <= "\udfff":
        return "\ufffd"
    if char in "\r\x0b\x0c\u2028\u2029":
        return " "
    return ""


def inert(
    text: object,
    *,
    limit: int | None = DEFAULT_LIMIT,
    keep_newlines: bool = False,
    tidy: bool = True,
) -> str:
    """Return ``text`` with every control, escape and invisible character removed.

    Args:
        text: Any value; ``None`` becomes the empty string, other values go through ``str``.
        limit: Maximum length in characters (an ellipsis marks a cut); ``None`` for no limit.
        keep_newlines: Keep line breaks (for multi-line notes); otherwise they become spaces.
        tidy: Collapse runs of spaces and trim the ends; ``False`` keeps layout spacing (for
            text the UI has already padded into columns).

    Returns:
        A string that cannot move the cursor, change colours, write the clipboard, plant a
        hyperlink or reorder text when written to a terminal.
    """
    if text is None:
        return ""
    raw = text if isinstance(text, str) else str(text)
    if limit is not None and len(raw) > limit * 4:
        raw = raw[: limit * 4]  # bound the work before cleaning a hostile megabyte
    cleaned = _UNSAFE.sub(_replace_unsafe, raw)
    cleaned = cleaned.replace("\t", " ")
    if not keep_newlines:
        cleaned = cleaned.replace("\n", " ")
    if not tidy:
        pass
    elif keep_newlines:
        cleaned = _WHITESPACE_RUN.sub(" ", cleaned)
        cleaned = "\n".join(line.strip() for line in cleaned.split("\n"))
        cleaned = _NEWLINE_RUN.sub("\n\n", cleaned).strip()
    else:
        cleaned = _WHITESPACE_RUN.sub(" ", cleaned).strip()
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: max(limit - 1, 0)].rstrip() + "…"
    return cleaned


def for_terminal(text: str) -> str:
    """Return ``text`` with the same unsafe characters neutralised as ``inert``, layout kept.

    For whole blocks of output (a CLI command's stdout and stderr) rather than one field: tabs,
    newlines and spacing stay as the command laid them out, nothing is cut, and every escape,
    control, bidi or invisible character is replaced or removed by the same rule ``inert`` uses,
    so a title can never write the clipboard or clear the screen through ``warroom status``.
    """
    return _UNSAFE.sub(_replace_unsafe, text)


_TAG = re.compile(r"<[^<>]*>")
"""A tag ends at the first ``>`` and may not contain ``<``: linear on hostile input (``<<<<…``).

``<[^>]*>`` rescans to the end of the text from every unclosed ``<``: 100,000 of them took 6 s.
"""
_BLOCK_TAG = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|/tr)\b[^<>]*>", re.IGNORECASE)
_RAW_TEXT_OPEN = re.compile(r"<\s*(script|style)\b[^<>]*>", re.IGNORECASE)
_HTML_WORK_FACTOR = 10
"""How much markup to read per character of output allowed: bounds the work on a 1 MB title."""


def _drop_raw_text_elements(text: str) -> str:
    """Remove ``<script>``/``<style>`` elements and their content, in one linear pass.

    An unclosed one swallows the rest of the fragment (as a browser would). A regex with a lazy
    ``.*?`` and a back-reference rescans the whole text from every opening tag instead.
    """
    lowered = text.lower()
    parts: list[str] = []
    pos = 0
    while (match := _RAW_TEXT_OPEN.search(text, pos)) is not None:
        parts.append(text[pos : match.start()])
        closing = lowered.find("</" + match.group(1).lower(), match.end())
        if closing < 0:
            return " ".join(parts)
        end = lowered.find(">", closing)
        pos = len(text) if end < 0 else end + 1
        parts.append(" ")
    parts.append(text[pos:])
    return "".join(parts)


def html_to_text(fragment: str, *, limit: int | None = DEFAULT_LIMIT) -> str:
    """Turn an HTML fragment from a feed into inert plain text (tags dropped, entities decoded)."""
    text = fragment or ""
    if limit is not None and len(text) > limit * _HTML_WORK_FACTOR:
        text = text[: limit * _HTML_WORK_FACTOR]
    text = _drop_raw_text_elements(text)
    text = _BLOCK_TAG.sub(" ", text)
    text = _TAG.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    return inert(text, limit=limit)
