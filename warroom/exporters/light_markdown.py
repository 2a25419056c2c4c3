"""The "light Markdown" drafts are written in, read into blocks every exporter shares.

Only what a communications team needs: ``#``/``##``/``###`` headings, paragraphs and ``- ``
bullets. Nothing in a draft is ever treated as HTML: exporters escape every character.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["Block", "blocks", "inline_html", "plain_text"]


@dataclass(frozen=True)
class Block:
    """One block: ``kind`` is ``h1``, ``h2``, ``h3``, ``p`` or ``ul`` (``lines`` are items)."""

    kind: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The block's text (a paragraph's lines joined by spaces)."""
        return " ".join(self.lines)


_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")


def blocks(text: str) -> list[Block]:
    """Split light Markdown into blocks."""
    found: list[Block] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            found.append(Block("p", tuple(para)))
            para.clear()
        if items:
            found.append(Block("ul", tuple(items)))
            items.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif match := _HEADING.match(line):
            flush()
            found.append(Block(f"h{len(match.group(1))}", (match.group(2).strip(),)))
        elif line.startswith(("- ", "* ")):
            if para:
                flush()
            items.append(line[2:].strip())
        else:
            if items:
                flush()
            para.append(line)
    flush()
    return found


_LINKABLE = re.compile(
    r"(?P<url>\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)])|"
    r"(?P<email>\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b)"
)


def inline_html(text: str) -> str:
    """Escape a line for HTML, turning http(s) URLs and e-mail addresses into links."""
    out: list[str] = []
    last = 0
    for match in _LINKABLE.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        value = match.group(0)
        href = value if match.group("url") else f"mailto:{value}"
        out.append(f'<a href="{html.escape(href)}">{html.escape(value)}</a>')
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def plain_text(text: str) -> str:
    """Light Markdown as plain text: headings underlined, paragraphs and bullets kept."""
    parts: list[str] = []
    for block in blocks(text):
        if block.kind in ("h1", "h2", "h3"):
            rule = {"h1": "=", "h2": "-", "h3": ""}[block.kind]
            parts.append(block.text + (f"\n{rule * len(block.text)}" if rule else ""))
        elif block.kind == "ul":
            parts.append("\n".join(f"- {item}" for item in block.lines))
        else:
            parts.append("\n".join(block.lines))
    return "\n\n".join(parts) + "\n"
