"""`warroom export …`: files written from a real database, clear errors with exit status 2."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from warroom.commands.export import run_export
from warroom.store.repository import WarRoomRepository


def test_export_notice_as_eml(
    saved_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = saved_db_path
    out = tmp_path / "out"
    assert run_export(db_path, "notice", "eml", out, "ann") == 0
    message = email.message_from_bytes(
        (out / "notice.eml").read_bytes(), policy=email.policy.default
    )
    assert message["From"].addresses[0].addr_spec == "security-update@example.com"
    assert message.get_body(("html",)) is not None and message.get_body(("plain",)) is not None
    captured = capsys.readouterr()
    assert str(out / "notice.eml") in captured.out
    assert "blocking" not in captured.err  # the sample notice passes its profiles
    repo = WarRoomRepository.open(db_path)
    try:
        texts = [e.text for e in repo.snapshot().timeline if e.operator == "ann"]
        assert any(t.startswith("Exported notice as eml") for t in texts)
    finally:
        repo.close()


def test_export_briefings_one_markdown_file_per_team(db_path: Path, tmp_path: Path) -> None:
    assert run_export(db_path, "briefings", "md", tmp_path, "ann") == 0
    files = sorted(p.name for p in tmp_path.glob("briefing-*.md"))
    assert files == [
        "briefing-customer-service.md",
        "briefing-sales.md",
        "briefing-social.md",
        "briefing-switchboard.md",
    ]
    sales = (tmp_path / "briefing-sales.md").read_text("utf-8")
    assert "Is it safe to keep ordering?" in sales and "{" not in sales


@pytest.mark.parametrize("what", ["faq", "social", "banner"])
@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_export_each_message_in_each_format(
    saved_db_path: Path, tmp_path: Path, what: str, fmt: str
) -> None:
    assert run_export(saved_db_path, what, fmt, tmp_path, "ann") == 0
    body = (tmp_path / f"{what}.{fmt}").read_text("utf-8")
    assert "example.com" in body and "{facts." not in body


@pytest.mark.parametrize(
    ("what", "fmt", "needle"),
    [
        ("faq", "eml", "only for the notice"),
        ("briefings", "eml", "only for the notice"),
        ("press", "md", "cannot export"),
        ("notice", "pdf", "unknown format"),
    ],
)
def test_impossible_combinations_exit_2(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    what: str,
    fmt: str,
    needle: str,
) -> None:
    assert run_export(db_path, what, fmt, tmp_path / "out", "ann") == 2
    captured = capsys.readouterr()
    assert needle in captured.err and captured.out == ""
    assert not (tmp_path / "out").exists()


def test_missing_database_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_export(tmp_path / "none.json", "notice", "md", tmp_path, "ann") == 2
    assert "no such database" in capsys.readouterr().err


def test_out_is_a_file_exits_2(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    assert run_export(db_path, "notice", "md", target, "ann") == 2
    assert "not a folder" in capsys.readouterr().err
