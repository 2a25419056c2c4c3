"""``warroom export notice|faq|social|banner|briefings --format md|txt|html|eml --out DIR``.

Writes the drafts as they would go out now (latest saved source, rendered from the current
facts). Exporting is not sending: problems and stale drafts are reported on stderr as
warnings, the files are still written, and the export is recorded in the timeline.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from warroom.domain.checks import Problem, Severity
from warroom.domain.drafts import DraftKind, DraftRef, split_thread
from warroom.domain.timeline import EventKind
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
from warroom.exporters.draft_email import email_bytes, notice_email
from warroom.exporters.rehearsal_mark import mark_email, mark_text
from warroom.store.drafts import DraftStore
from warroom.store.errors import StoreError
from warroom.store.rehearsal import read_rehearsal, room_clock
from warroom.store.repository import WarRoomRepository

__all__ = ["run_export", "WHATS", "FORMATS", "ExportError", "export_drafts"]

WHATS = ("notice", "faq", "social", "banner", "briefings")
FORMATS = ("md", "txt", "html", "eml")


class ExportError(ValueError):
    """The export cannot be done as asked (a usage mistake; exit status 2)."""


def _render_file(ref: DraftRef, text: str, fmt: str, store: DraftStore, now: datetime) -> bytes:
    """One draft in one format, as the bytes to write."""
    kind = ref.kind
    if fmt == "eml":
        if kind is not DraftKind.NOTICE:
            raise ExportError(f"--format eml is only for the notice (an e-mail), not {kind.value}")
        return email_bytes(notice_email(text, store.facts().sender_address, now))
    if kind is DraftKind.NOTICE:
        body = {"md": notice_markdown, "txt": notice_text, "html": notice_html}[fmt](text)
    elif kind is DraftKind.FAQ:
        body = {"md": faq_markdown, "txt": plain_text, "html": faq_html}[fmt](text)
    elif kind is DraftKind.SOCIAL:
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
        path = out_dir / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # a reader never sees half a file
        written.append(path)
        if ref in stale:
            warnings.append(f"{ref}: stale since {', '.join(stale[ref])} changed; review it")
        blocking = [
            p for p in store.problems(ref.kind, ref.key, now=now) if p.severity is Severity.BLOCKING
        ]
        warnings += [f"{ref}: {_describe(p)}" for p in blocking]
    return written, warnings


def _describe(problem: Problem) -> str:
    where = f"line {problem.line}: " if problem.line else ""
    return f"blocking: {where}{problem.message} ({problem.source})"


def run_export(db_path: Path, what: str, fmt: str, out_dir: Path, operator: str) -> int:
    """Run the export command; errors go to stderr with exit status 2.

    Returns:
        0 when the files were written (warnings may have been printed), 2 otherwise.
    """
    try:
        repo = WarRoomRepository.open(db_path)
    except StoreError as error:
        print(f"warroom export: {error}", file=sys.stderr)
        return 2
    try:
        now = room_clock(repo)()
        store = DraftStore(repo)
        rehearsal = read_rehearsal(repo) is not None
        written, warnings = export_drafts(store, what, fmt, Path(out_dir), now, rehearsal=rehearsal)
        with repo.transaction():
            repo.record(
                EventKind.DRAFT,
                f"Exported {what} as {fmt} to {out_dir} ({len(written)} file(s))",
                operator,
                now,
            )
    except (ExportError, StoreError, ValueError) as error:
        print(f"warroom export: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"warroom export: cannot write to {out_dir}: {error.strerror}", file=sys.stderr)
        return 2
    finally:
        repo.close()
    for warning in warnings:
        print(f"warroom export: warning: {warning}", file=sys.stderr)
    for path in written:
        print(path)
    return 0
