"""A virtual list of one-line rows: only the rows on screen are ever rendered.

Every pane of the dashboard is a ``RowList``. A war room's timeline and mention feed grow to
thousands of rows; a ``DataTable`` or ``ListView`` builds a widget or cell per row and slows
every start and update, while this draws just the visible lines (Textual's line API).

Rows are plain text fragments tagged with a *role*; roles map to component classes styled in
``styles/*.tcss`` with theme variables, so text from outside is never parsed as markup and
every theme works.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import overload

from rich.cells import cell_len
from rich.console import Console
from rich.control import strip_control_codes
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from warroom.domain.text import inert

__all__ = ["Row", "RowList", "LazyRows", "ROLES", "fit", "draw_row", "rich_row", "rich_strip"]

ROLES = (
    "heading",
    "muted",
    "accent",
    "done",
    "warning",
    "error",
    "success",
    "highlight",
    "new",
    "badge",
)
"""Roles a fragment may carry; each is a component class ``row--<role>`` in the stylesheets."""


def fit(text: str, width: int) -> str:
    """``text`` in ``width`` columns, with an ellipsis when it had to be cut (a column of a row;
    the detail line has it whole)."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


@dataclass(frozen=True)
class Row:
    """One line of a list; ``key`` says what it shows (``None``: a heading, not selectable)."""

    key: str | None
    fragments: tuple[tuple[str, str], ...]
    detail: str = ""
    """The full text, shown in the pane's detail line when the row is highlighted."""

    @classmethod
    def of(cls, key: str | None, *fragments: tuple[str, str], detail: str = "") -> Row:
        """Build a row; every fragment's text is made inert here, once."""
        clean = tuple((inert(text, limit=None, tidy=False), role) for text, role in fragments)
        return cls(key, clean, inert(detail, limit=None, keep_newlines=True))

    @property
    def plain(self) -> str:
        """The row's text without styles."""
        return "".join(text for text, _ in self.fragments)


def rich_row(fragments: Sequence[tuple[str, Style | None]], line_style: Style) -> Text:
    """A row's line as Rich ``Text``: each fragment in its style, over the line's style."""
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    for fragment, style in fragments:
        text.append(fragment, style)
    text.stylize_before(line_style)
    return text


def rich_strip(text: Text, width: int, fill: Style, console: Console) -> Strip:
    """``text`` drawn by Rich in ``width`` cells: cut with ``…``, or padded in ``fill``."""
    text.truncate(width, overflow="ellipsis", pad=False)
    segments = [Segment(s.text, s.style) for s in text.render(console)]
    return Strip(segments).extend_cell_length(width, fill).crop(0, width)


def draw_row(
    fragments: Sequence[tuple[str, Style | None]], width: int, line_style: Style
) -> Strip | None:
    """The strip Rich draws from ``rich_row`` cut (``…``) or padded to ``width``, made directly.

    Rich spends most of a row's drawing on spans: a fragment that starts or ends a style is a
    segment of its own, neighbours without a style share one, and the ellipsis takes the style
    of the place it covers. Doing just that is a third of the cost, and the dashboard's first
    frame draws a hundred rows. ``None`` when a fragment holds a character wider than one cell
    (the caller lets Rich measure it).
    """
    if width < 2 or not line_style:
        return None
    segments: list[Segment] = []
    plain: list[str] = []  # fragments without a style, drawn as one segment in the line's style
    used = 0
    for fragment, style in fragments:
        if not fragment:
            continue
        if strip_control_codes(fragment) != fragment or cell_len(fragment) != len(fragment):
            return None
        text = fragment
        used += len(text)
        if style:
            if plain:
                segments.append(Segment("".join(plain), line_style))
                plain = []
            segments.append(Segment(text, line_style + style))
        else:
            plain.append(text)
    if plain:
        segments.append(Segment("".join(plain), line_style))
    if not used:
        return None  # Rich draws an empty row as an unstyled empty segment, then the padding
    if used > width:
        kept: list[Segment] = []
        at = 0
        for segment in segments:
            if at + len(segment.text) >= width:
                kept.append(Segment(segment.text[: width - 1 - at] + "…", segment.style))
                break
            kept.append(segment)
            at += len(segment.text)
        segments = kept
    elif used < width:
        segments.append(Segment(" " * (width - used), line_style))
    return Strip(segments, width)


STRIP_CACHE_SIZE = 2000
"""Drawn lines kept per list before the cache starts again."""


class LazyRows(Sequence[Row]):
    """Rows built only when first drawn or read: 10,000 mentions cost nothing until scrolled to."""

    def __init__(self, keys: Sequence[str | None], build: Callable[[int], Row]) -> None:
        self.keys = list(keys)
        self._build = build
        self._built: dict[int, Row] = {}

    def __len__(self) -> int:
        return len(self.keys)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.keys)
        row = self._built.get(index)
        if row is None:
            if not 0 <= index < len(self.keys):
                raise IndexError(index)
            row = self._built[index] = self._build(index)
        return row


class RowList(ScrollView, can_focus=True):
    """A keyboard-driven list of rows with a cursor."""

    COMPONENT_CLASSES = {"row--cursor", "row--cursor-blurred", *(f"row--{role}" for role in ROLES)}

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(-1, always_update=True)
    """Index of the highlighted row (-1: none)."""

    class Highlighted(Message):
        """The highlighted row changed."""

        def __init__(self, row_list: RowList, row: Row | None) -> None:
            super().__init__()
            self.row_list = row_list
            self.row = row

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(self, *, empty_text: str = "Nothing here yet.", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows: Sequence[Row] = []
        self._keys: list[str | None] = []
        self._strips: dict[tuple[Row, int, int, Style], Strip] = {}
        """Drawn lines by (row, width, cursor state, base style): a row redrawn unchanged
        (a reload, a scroll back) costs a lookup instead of a Rich render."""
        self._paint_style: Style | None = None
        """The list's own style while ``render_lines`` paints (see there)."""
        self.empty_text = empty_text
        self.follow_end = False
        """Keep the cursor on the last row as rows are added (for the timeline)."""

    # ------------------------------------------------------------------ data
    @property
    def rows(self) -> Sequence[Row]:
        """The rows shown."""
        return self._rows

    @property
    def highlighted(self) -> Row | None:
        """The highlighted row, if any."""
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace the rows, keeping the cursor on the same key when it is still there.

        A ``LazyRows`` is kept as it is, so its rows are built only when drawn.
        """
        old_key = self._keys[self.cursor] if 0 <= self.cursor < len(self._keys) else None
        at_end = self.cursor >= len(self._rows) - 1
        self._rows = rows if isinstance(rows, LazyRows) else list(rows)
        self._keys = rows.keys if isinstance(rows, LazyRows) else [r.key for r in self._rows]
        self.virtual_size = Size(self.size.width, len(self._rows))
        target = -1
        if self.follow_end and at_end:
            target = self._last_selectable()
        elif old_key is not None:
            target = self._index_of(old_key)
        if target < 0:
            target = self._nearest_selectable(min(max(self.cursor, 0), len(self._rows) - 1))
        self.cursor = target
        self.refresh()

    def _index_of(self, key: str) -> int:
        try:
            return self._keys.index(key)
        except ValueError:
            return -1

    def _selectable(self, index: int) -> bool:
        return 0 <= index < len(self._keys) and self._keys[index] is not None

    def _nearest_selectable(self, start: int, step: int = 1) -> int:
        for index in range(start, len(self._rows) if step > 0 else -1, step):
            if self._selectable(index):
                return index
        for index in range(start, -1 if step > 0 else len(self._rows), -step):
            if self._selectable(index):
                return index
        return -1

    def _last_selectable(self) -> int:
        return self._nearest_selectable(len(self._rows) - 1, -1)

    def select_key(self, key: str) -> bool:
        """Move the cursor to the row with this key; False when there is none."""
        index = self._index_of(key)
        if index >= 0:
            self.cursor = index
        return index >= 0

    # ------------------------------------------------------------------ cursor
    def watch_cursor(self, old: int, new: int) -> None:
        if new >= 0 and new == self._nearest_selectable(0):
            self.scroll_to(y=0, animate=False, immediate=True)  # show the heading above it
        elif 0 <= new < len(self._rows):
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.highlighted))

    def _move(self, delta: int) -> None:
        if not self._rows:
            return
        step = 1 if delta > 0 else -1
        target = min(max(self.cursor + delta, 0), len(self._rows) - 1)
        index = self._nearest_selectable(target, step)
        if index >= 0:
            self.cursor = index

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_up(self) -> None:
        self._move(-max(self.scrollable_content_region.height - 1, 1))

    def action_page_down(self) -> None:
        self._move(max(self.scrollable_content_region.height - 1, 1))

    def action_first(self) -> None:
        self.cursor = self._nearest_selectable(0)

    def action_last(self) -> None:
        self.cursor = self._last_selectable()

    async def _on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y + event.y)
        if self._selectable(index):
            self.cursor = index

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows))

    # ------------------------------------------------------------------ drawing
    def _style(self, role: str) -> Style:
        # Cursor backgrounds may be translucent theme colours: blend them with the list's own
        # background (partial=False); fragment roles only add colour and emphasis.
        return self.get_component_rich_style(f"row--{role}", partial=not role.startswith("cursor"))

    def render_lines(self, crop: Region) -> list[Strip]:
        """Paint, working out the list's style once: ``rich_style`` walks every ancestor and
        blends their colours, and asking it once per line cost the dashboard's first frame
        about 14 ms (of its 90 ms paint)."""
        self._paint_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._paint_style = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._paint_style or self.rich_style
        index = int(self.scroll_offset.y) + y
        if not self._rows:
            if y == 0:
                text = Text(self.empty_text, style=base + self._style("muted"), end="")
                return self._strip(text, width, base)
            return Strip.blank(width, base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[index]
        state = 2 if index == self.cursor and self.has_focus else int(index == self.cursor)
        cache_key = (row, width, state, base)
        strip = self._strips.get(cache_key)
        if strip is not None:
            return strip
        on_cursor = index == self.cursor
        cursor = self._style("cursor" if self.has_focus else "cursor-blurred")
        styled: list[tuple[str, Style | None]] = []
        for fragment, role in row.fragments:
            style = self._style(role) if role else None
            if on_cursor and role == "muted":
                # Muted grey on the cursor's colour is unreadable (2:1 in most themes): the
                # cursor row's times and sources take the cursor's own text colour.
                style = Style(color=cursor.color)
            styled.append((fragment, style))
        line_style = base
        if on_cursor:
            line_style = base + Style(bgcolor=cursor.bgcolor, bold=cursor.bold)
        strip = draw_row(styled, width, line_style)
        if strip is None:
            strip = self._strip(rich_row(styled, line_style), width, line_style)
        if len(self._strips) > STRIP_CACHE_SIZE:
            self._strips.clear()
        self._strips[cache_key] = strip
        return strip

    def notify_style_update(self) -> None:
        """A theme or style change: drawn lines must be drawn again."""
        self._strips.clear()
        super().notify_style_update()

    def _strip(self, text: Text, width: int, fill: Style) -> Strip:
        return rich_strip(text, width, fill, self.app.console)
