"""Exporting: drafts as they would go out now, and the review, written atomically and recorded.

An export of a public message is gated like a "sent" tick: the incident file says which drafts
must be saved and free of blocking problems, and an export of a blocked draft is refused unless
the operator gives a reason, which the timeline keeps with the export. The dashboard, the
drafting screens, the browser view and ``warroom export`` all come through here.

The exporters (and the e-mail package under the ``.eml`` writer) are imported by the calls
that write files: every process builds ``WarRoomService``, and the dashboard's first frame
should not wait for the e-mail package.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from warroom.domain.draft_kinds import DraftKind, DraftRef
from warroom.domain.gates import export_gate
from warroom.domain.text import inert
from warroom.domain.timeline import EventKind
from warroom.service.core import ServiceCore
from warroom.service.errors import GateBlocked, IntentRefused
from warroom.service.view import Changed
from warroom.store.drafts import DraftStore

if TYPE_CHECKING:
    from warroom.domain.checks import Problem  # loaded with the first draft checked

__all__ = [
    "ExportIntents",
    "ExportError",
    "WHATS",
    "FORMATS",
    "export_drafts",
    "write_atomically",
]

WHATS = ("notice", "faq", "social", "banner", "briefings")
FORMATS = ("md", "txt", "html", "eml")


class ExportError(IntentRefused):
    """The export cannot be done as asked (a usage mistake; exit status 2)."""


def _render_file(ref: DraftRef, text: str, fmt: str, store: DraftStore, now: datetime) -> bytes:
    """One draft in one format, as the bytes to write."""
    from warroom.exporters.draft_documents import (
        document_html,
        faq_html,
        faq_markdown,
        notice_html,
        notice_markdown,
        notice_text,
        plain_text,
        thread_html,
        thread_markdown,
        thread_text,
    )

    kind = ref.kind
    # The draft and the sender are outside text (typed, imported, edited in the database): made
    # inert first, so no export (Markdown, HTML, or an ``.eml`` header) carries an escape
    # sequence, a control or a bidi override to whoever opens it.
    text = inert(text, limit=None, keep_newlines=True, tidy=False)
    if fmt == "eml":
        if kind is not DraftKind.NOTICE:
            raise ExportError(f"--format eml is only for the notice (an e-mail), not {kind.value}")
        from warroom.exporters.draft_email import email_bytes, notice_email

        sender = inert(store.facts().sender_address, limit=320)
        return email_bytes(notice_email(text, sender, now))
    if kind is DraftKind.NOTICE:
        body = {"md": notice_markdown, "txt": notice_text, "html": notice_html}[fmt](text)
    elif kind is DraftKind.FAQ:
        body = {"md": faq_markdown, "txt": plain_text, "html": faq_html}[fmt](text)
    elif kind is DraftKind.SOCIAL:
        from warroom.domain.message_shapes import split_thread

        posts = split_thread(text, store.prep().limits.social_post_length)
        body = {"md": thread_markdown, "txt": thread_text, "html": thread_html}[fmt](posts)
    else:
        title = kind.label if kind is DraftKind.BANNER else text.split("\n", 1)[0].lstrip("# ")
        writers: dict[str, Callable[[str], str]] = {
            "md": lambda t: t.strip() + "\n",
            "txt": plain_text,
            "html": lambda t: document_html(t, title),
        }
        body = writers[fmt](text)
    return body.encode("utf-8")


def check_export(what: str, fmt: str, out_dir: Path) -> None:
    """Refuse an impossible export before anything else (gates included) is looked at.

    Raises:
        ExportError: an unknown target or format, eml for anything but the notice, or an
            output path that is not a folder.
    """
    if what not in WHATS:
        raise ExportError(f"cannot export {what!r}; choose one of {', '.join(WHATS)}")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "eml" and what != "notice":
        raise ExportError(
            f"--format eml is only for the notice (an e-mail); export {what} as md, txt or html"
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} exists and is not a folder")


def export_drafts(
    store: DraftStore,
    what: str,
    fmt: str,
    out_dir: Path,
    now: datetime,
    *,
    rehearsal: bool = False,
) -> tuple[list[Path], list[str]]:
    """Write the drafts; return the files written and warnings (problems, staleness).

    ``rehearsal`` marks every file as a rehearsal's (the database is one).

    Raises:
        ExportError: an impossible combination or an unusable output folder.
    """
    from warroom.exporters.rehearsal_mark import mark_email, mark_text

    check_export(what, fmt, out_dir)
    if what == "briefings":
        refs = [r for r in store.refs() if r.kind is DraftKind.BRIEFING]
        if not refs:
            raise ExportError("this incident has no teams to brief")
    else:
        refs = [DraftRef(DraftKind(what))]
    stale = {d.ref: facts for d, facts in store.stale_drafts()}
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    warnings: list[str] = []
    for ref in refs:
        text = store.rendered(ref.kind, ref.key, now=now)
        data = _render_file(ref, text, fmt, store, now)
        if rehearsal:
            data = mark_email(data) if fmt == "eml" else mark_text(data.decode(), fmt).encode()
        name = f"briefing-{ref.key}.{fmt}" if ref.key else f"{ref.kind.value}.{fmt}"
        written.append(write_atomically(out_dir / name, data))
        if ref in stale:
            warnings.append(f"{ref}: stale since {', '.join(stale[ref])} changed; review it")
        from warroom.domain.checks import Severity

        blocking = [
            p for p in store.problems(ref.kind, ref.key, now=now) if p.severity is Severity.BLOCKING
        ]
        warnings += [f"{ref}: {_describe(p)}" for p in blocking]
    return written, warnings


def _describe(problem: Problem) -> str:
    where = f"line {problem.line}: " if problem.line else ""
    return f"blocking: {where}{problem.message} ({problem.source})"


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


class ExportIntents(ServiceCore):
    """Export drafts (gated) and the review."""

    def export_drafts(
        self, what: str, fmt: str, out_dir: Path, *, reason: str = ""
    ) -> Changed[tuple[list[Path], list[str]]]:
        """Write the drafts as they would go out now and record the export.

        Raises:
            GateBlocked: the export is gated and its drafts are not ready, and no reason
                was given.
            ExportError: an impossible combination or an unusable output folder.
        """
        self.writable()
        reason = reason.strip()
        operator, now = self.operator, self.clock()
        check_export(what, fmt, out_dir)
        with self.repo.transaction():
            problems = self.draft_problems(export_gate(self.gates(), what))
            if problems and not reason:
                raise GateBlocked(f"export {what}", problems)
            try:
                written, warnings = export_drafts(
                    DraftStore(self.repo), what, fmt, out_dir, now, rehearsal=self.rehearsal
                )
            except OSError as error:
                raise ExportError(f"cannot write to {out_dir}: {error.strerror}") from None
            text = f"Exported {what} as {fmt} to {out_dir} ({len(written)} file(s))"
            if problems:
                from warroom.domain.gate_problems import describe_problems

                text += (
                    f". Override: exported with {len(problems)} problem(s) "
                    f"({describe_problems(problems)}). Reason: {reason}"
                )
            self.repo.record(EventKind.DRAFT, text, operator, now)
        return self.changed((written, warnings))

    def export_review(self, formats: Sequence[str], out_dir: Path) -> list[Path]:
        """Write the review at now in each format; exporting changes nothing in the record.

        Raises:
            ExportError: an unknown format, or ``out_dir`` exists and is not a folder.
            OSError: the folder or a file cannot be written.
        """
        from warroom.exporters.rehearsal_mark import mark_text
        from warroom.exporters.review import FORMATS as REVIEW_FORMATS
        from warroom.exporters.review import render_review

        for fmt in formats:
            if fmt not in REVIEW_FORMATS:
                raise ExportError(
                    f"unknown format {fmt!r}; choose one of {', '.join(REVIEW_FORMATS)}"
                )
        if out_dir.exists() and not out_dir.is_dir():
            raise ExportError(f"{out_dir} exists and is not a folder")
        review = self.view(drafts=False).review(self.clock())
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for fmt in formats:
            text = render_review(review, fmt)
            if self.rehearsal:  # a rehearsal's report says so on its face
                text = mark_text(text, fmt)
            written.append(write_atomically(out_dir / f"review.{fmt}", text.encode("utf-8")))
        return written
