"""The text of an HTML fragment, by the standard library's tokenizer (``html_to_text``'s slow path).

Kept apart from ``warroom.domain.text`` so that importing the sanitiser, which every widget
does, does not import ``html.parser``: most feed text has no markup, or only simple tags.
"""

from __future__ import annotations

from html.parser import HTMLParser

from warroom.domain.text import BLOCK_ELEMENTS, RAW_TEXT_ELEMENTS

__all__ = ["TextExtractor"]


class TextExtractor(HTMLParser):
    """The text of an HTML fragment, read by the standard library's HTML tokenizer.

    ``html.parser`` is lenient and linear (it never backtracks), decodes character references
    (``convert_charrefs``), and knows comments, CDATA and processing instructions, which a regex
    stripper got wrong. One change to how a browser reads: the tokenizer's raw-text mode for
    ``<script>``/``<style>`` is never entered, because an unclosed ``<script>`` would then swallow
    every word after it. Their content is buffered instead, dropped when the element closes, and
    kept as text (it is made inert like everything else) when it never does.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._raw: list[str] | None = None
        self._raw_tag = ""

    def set_cdata_mode(self, elem: str, **kwargs: object) -> None:  # noqa: ARG002 - see docstring
        """Never switch to raw-text mode (an unclosed script must not swallow the rest)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RAW_TEXT_ELEMENTS and self._raw is None:
            self._raw, self._raw_tag = [], tag
        elif tag in BLOCK_ELEMENTS:
            self._out(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_ELEMENTS:
            self._out(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._raw is not None and tag == self._raw_tag:
            self._raw = None
            self.parts.append(" ")
        elif tag in BLOCK_ELEMENTS:
            self._out(" ")

    def handle_data(self, data: str) -> None:
        self._out(data)

    def _out(self, text: str) -> None:
        (self.parts if self._raw is None else self._raw).append(text)

    def text(self) -> str:
        """Everything read so far; an unclosed raw-text element's content is kept."""
        self.close()
        if self._raw is not None:
            self.parts.extend(self._raw)
            self._raw = None
        return "".join(self.parts)
