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

__all__ = ["inert", "html_to_text", "plain_to_text", "for_terminal", "DEFAULT_LIMIT"]

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
    if raw.isascii() and raw.isprintable():
        # Most feed text: no control, tab or newline, nothing invisible (all of those are
        # either non-ASCII or unprintable), so only the spacing is tidied. Same result, a
        # tenth of the time: a poll makes a dozen of these per mention.
        if tidy and ("  " in raw or raw[:1] == " " or raw[-1:] == " "):
            cleaned = " ".join(raw.split())  # spaces are its only white space: runs become one
        else:
            cleaned = raw
        if limit is not None and len(cleaned) > limit:
            cleaned = cleaned[: max(limit - 1, 0)].rstrip() + "…"
        return cleaned
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


_HTML_WORK_FACTOR = 10
"""How much markup to read per character of output allowed: bounds the work on a 1 MB title."""


BLOCK_ELEMENTS = frozenset(
    {"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "blockquote", "pre", "hr"}
    | {f"h{n}" for n in range(1, 7)}
)
"""Elements whose boundaries separate words: ``a<br>b`` reads "a b", not "ab"."""
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "template", "noscript"})
"""Elements whose content is code, not prose: dropped when closed (see ``TextExtractor``)."""


def html_to_text(fragment: str, *, limit: int | None = DEFAULT_LIMIT) -> str:
    """Turn an HTML fragment from a feed into inert plain text (tags dropped, entities decoded).

    Text without ``<`` needs no tokenizer (only its character references are decoded), which
    keeps the common case cheap.
    """
    text = fragment or ""
    if limit is not None and len(text) > limit * _HTML_WORK_FACTOR:
        text = text[: limit * _HTML_WORK_FACTOR]
    if "<" in text:
        bare = text.replace("<b>", "").replace("</b>", "")  # Google Alerts' only markup
        if "<" not in bare:
            text = html.unescape(bare) if "&" in bare else bare
            return inert(text.replace("\xa0", " "), limit=limit)
        simple = _simple_markup_text(text)
        text = simple if simple is not None else _parsed_text(text)
    elif "&" in text:
        text = html.unescape(text)
    return inert(text.replace("\xa0", " "), limit=limit)


def _parsed_text(text: str) -> str:
    """The text of any fragment, read by ``TextExtractor`` (``html.parser`` is imported on the
    first fragment that needs it: the dashboard's first frame never does)."""
    from warroom.domain.html_text import TextExtractor

    extractor = TextExtractor()
    try:
        extractor.feed(_UNCLOSED_LT.sub("&lt;", _drop_comments(text)))
        return extractor.text()
    except (AssertionError, ValueError):  # the tokenizer's own guards on odd declarations
        return html.unescape(_TAG_FALLBACK.sub(" ", text))


_SIMPLE_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,15})"
    r"((?:\s+[^\s<>\"'=/]+(?:=(?:\"[^\"<]*\"|'[^'<]*'|[^\s<>\"'=`]+))?)*)\s*/?>"
)
"""A complete, ordinary start or end tag: a name, attributes with simple values, no ``<``.

Unambiguous (an attribute needs a name after its spaces), so linear.
"""


_SPECIAL_TAG = re.compile(
    r"</?(?:"
    + "|".join(sorted(BLOCK_ELEMENTS | RAW_TEXT_ELEMENTS, key=len, reverse=True))
    + r")(?![a-zA-Z0-9])",
    re.IGNORECASE,
)
"""A tag that is not simply dropped: a block boundary (a space) or a raw-text element."""


def _simple_markup_text(text: str) -> str | None:
    """The text of a fragment made only of ordinary tags (``<b>``, ``<a href="…">``, ``<p>``).

    That is what Google Alerts and most feeds send, and a regex reads it 5-10× faster than the
    tokenizer with the same result (a test compares both). ``None`` when anything else is there
    (a script or style element, a comment, a ``<`` that is not such a tag): the tokenizer reads
    those.
    """
    if _SPECIAL_TAG.search(text) is None:  # only inline tags: each one simply goes
        stripped = _SIMPLE_TAG.sub("", text)
        if "<" in stripped:
            return None
        return html.unescape(stripped) if "&" in stripped else stripped
    raw_text = False

    def replace(match: re.Match[str]) -> str:
        nonlocal raw_text
        name = match.group(2).lower()
        if name in RAW_TEXT_ELEMENTS:
            raw_text = True
        return " " if name in BLOCK_ELEMENTS else ""

    stripped = _SIMPLE_TAG.sub(replace, text)
    if raw_text or "<" in stripped:
        return None
    return html.unescape(stripped) if "&" in stripped else stripped


def plain_to_text(value: str, *, limit: int | None = DEFAULT_LIMIT) -> str:
    """Text the feed says is plain (``type="text"``): made inert, never tag-stripped.

    ``Why <script> tags leak tokens`` and ``5 < 6 and 7 > 3`` are headlines, not markup.
    """
    return inert((value or "").replace("\xa0", " "), limit=limit)


def _drop_comments(text: str) -> str:
    """Remove ``<!-- … -->`` comments in one linear pass; an unclosed one is kept as text."""
    if "<!--" not in text:
        return text
    parts: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts.append(text[pos:start])
        parts.append(" ")
        pos = end + 3
    parts.append(text[pos:])
    return "".join(parts)


_UNCLOSED_LT = re.compile(r"<(?=[^<>]*(?:<|\Z))")
"""A ``<`` with no ``>`` before the next ``<`` (or the end) cannot open a tag: it is text.

Escaping those first keeps the tokenizer linear: on ``<a <a <a …`` it rescans the rest of the
text from every ``<`` (10,000 characters took 1.7 s). Each lookahead stops at the next ``<`` or
``>``, so the pass itself is linear.
"""

_TAG_FALLBACK = re.compile(r"<[^<>]*>")
"""Only when the tokenizer gives up; linear on hostile input (``<<<<…``)."""
