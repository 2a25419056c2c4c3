"""A draft's versions, newest first; mark one with space, then enter diffs another against it.

Without a mark, enter compares the highlighted version with the one before it. ``t`` switches
between comparing the sources (what people typed) and the rendered texts (what customers
read, so a fact change between two saves shows here too).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Label, Static

from warroom.domain.drafts import DraftVersion, diff_versions
from warroom.ui.screens.drafting_common import DraftingScreen
from warroom.ui.widgets.row_list import Row, RowList

__all__ = ["VersionsScreen", "diff_rows", "version_rows"]


def version_rows(versions: tuple[DraftVersion, ...], marked: int | None) -> list[Row]:
    """Newest first; the marked one says so in words (``◆ MARKED``)."""
    rows = []
    for version in reversed(versions):
        mark = ("◆ MARKED ", "highlight") if version.number == marked else ("         ", "")
        lines = version.text.count("\n") + 1
        rows.append(
            Row.of(
                str(version.number),
                mark,
                (version.label, ""),
                (f"  {lines} lines", "muted"),
                detail=f"{version.label}\n{version.text[:400]}",
            )
        )
    return rows


def diff_rows(diff: str) -> list[Row]:
    """A unified diff as rows: ``+`` added, ``-`` removed (the sign stays: not colour alone)."""
    if not diff:
        return [Row.of("same", ("The two versions are the same.", "muted"))]
    rows = []
    for index, line in enumerate(diff.rstrip("\n").split("\n")):
        if line.startswith(("+++", "---")):
            role = "heading"
        elif line.startswith("@@"):
            role = "accent"
        elif line.startswith("+"):
            role = "success"
        elif line.startswith("-"):
            role = "error"
        else:
            role = ""
        rows.append(Row.of(str(index), (line, role), detail=line))
    return rows


class VersionsScreen(DraftingScreen):
    """Versions of one draft and a read-only diff of two."""

    BINDINGS = [
        Binding(
            "space,m",
            "mark",
            "Mark",
            tooltip="Mark the highlighted version to compare against",
            id="mark-version",
        ),
        Binding(
            "enter,d",
            "diff",
            "Diff",
            tooltip="Compare the highlighted version with the marked one",
            id="diff-versions",
        ),
        Binding(
            "t",
            "toggle_rendered",
            "Source/text",
            tooltip="Compare sources or rendered texts",
            id="diff-rendered",
        ),
        Binding("escape,q", "close", "Back", tooltip="Back", id="close-versions"),
    ]

    def __init__(self, title: str, versions: tuple[DraftVersion, ...]) -> None:
        super().__init__(classes="drafting-screen")
        self.draft_title = title
        self.versions = versions
        self.marked: int | None = None
        self.rendered = False
        self.compared: tuple[int, int] | None = None
        self.diff = ""

    def compose(self) -> ComposeResult:
        yield Label(
            f"Versions · {self.draft_title}",
            id="versions-title",
            classes="drafting-title",
            markup=False,
        )
        with Vertical(id="versions-box", classes="drafting-box"):
            yield RowList(
                empty_text="No saved versions yet: ctrl+s in the editor saves one.",
                id="versions-list",
            )
        with Vertical(id="diff-box", classes="drafting-box"):
            yield RowList(
                empty_text="space marks a version; enter compares another with it.", id="diff-list"
            )
            yield Static(Content(""), id="diff-detail", classes="drafting-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(
            "#versions-box"
        ).border_title = f"{len(self.versions)} version(s), newest first"
        self.query_one("#diff-box").border_title = "Diff"
        listing = self.query_one("#versions-list", RowList)
        listing.set_rows(version_rows(self.versions, self.marked))
        listing.focus()

    def _highlighted(self) -> DraftVersion | None:
        row = self.query_one("#versions-list", RowList).highlighted
        if row is None or row.key is None:
            return None
        return next((v for v in self.versions if str(v.number) == row.key), None)

    def action_mark(self) -> None:
        """Mark (or unmark) the highlighted version."""
        version = self._highlighted()
        if version is None:
            return
        self.marked = None if self.marked == version.number else version.number
        self.query_one("#versions-list", RowList).set_rows(version_rows(self.versions, self.marked))

    def action_diff(self) -> None:
        """Diff the highlighted version against the marked one (or the one before it)."""
        version = self._highlighted()
        if version is None:
            return
        if self.marked is not None and self.marked != version.number:
            other_number = self.marked
        else:
            earlier = [v.number for v in self.versions if v.number < version.number]
            if not earlier:
                self.notify(
                    "Mark another version with space to compare with this one.", markup=False
                )
                return
            other_number = earlier[-1]
        old, new = sorted((other_number, version.number))
        self.compared = (old, new)
        self._show_diff()

    def action_toggle_rendered(self) -> None:
        """Compare the rendered texts instead of the sources, or back."""
        self.rendered = not self.rendered
        if self.compared is not None:
            self._show_diff()

    def _show_diff(self) -> None:
        assert self.compared is not None
        by_number = {v.number: v for v in self.versions}
        old, new = (by_number[n] for n in self.compared)
        self.diff = diff_versions(old, new, rendered=self.rendered)
        what = "rendered text" if self.rendered else "source"
        added = sum(
            1
            for line in self.diff.split("\n")
            if line.startswith("+") and not line.startswith("+++")
        )
        removed = sum(
            1
            for line in self.diff.split("\n")
            if line.startswith("-") and not line.startswith("---")
        )
        box = self.query_one("#diff-box")
        box.border_title = f"Diff v{old.number} → v{new.number} ({what}): +{added} −{removed} lines"
        box.border_subtitle = "t: source/rendered"
        self.query_one("#diff-list", RowList).set_rows(diff_rows(self.diff))

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        if event.row_list.id == "diff-list":
            self.query_one("#diff-detail", Static).update(
                Content(event.row.detail if event.row else "")
            )

    def action_close(self) -> None:
        self.dismiss(None)
