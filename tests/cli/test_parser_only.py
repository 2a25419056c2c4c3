"""One command's parser (what ``warroom open`` builds before its first frame) reads every
command line exactly as the whole parser does: the same arguments, the same help, the same
errors. Both are built and run here side by side, in this process."""

from __future__ import annotations

import contextlib
import io

import pytest

from warroom.cli.parser import build_parser, command_of

LINES = [
    ["open", "--db", "x.json", "--no-poll"],
    ["open", "--wall", "--cycle", "7.5", "--operator", "ana", "--theme", "nord"],
    ["--debug", "status", "--db", "x.json", "--json"],
    ["demo", "--fresh", "--no-feeds", "--hostile"],
    ["init", "incident.json", "--db", "x.json"],
    ["poll", "--once", "--concurrency", "3"],
    ["export", "notice", "--format", "eml", "--out", "out", "--override", "legal ok"],
    ["ledger", "--format", "csv", "--import-population", "p.csv", "--reason", "recount"],
    ["clocks", "--db", "x.json", "pause", "law-enforcement", "--reason", "FBI letter"],
    ["clocks", "trigger", "materiality_determined", "--clear"],
    ["new-incident", "new.json"],
    ["check", "incident.json"],
    ["rehearse", "--speed", "60", "--into-live"],
    ["inquiries", "import", "calls.csv", "--force"],
    ["serve", "--public", "--host", "0.0.0.0", "--port", "9000", "--user-header", "X-User"],
]

WRONG = [
    ["open", "--cycle", "soon"],
    ["open", "--bogus"],
    ["open", "--help"],
    ["clocks", "pause", "--help"],
    ["inquiries"],
    ["export", "notice"],
    ["ledger", "--json", "--format", "md"],
]


def _outcome(parser_only: bool, argv: list[str]) -> tuple[object, str, str]:
    """What parsing ``argv`` gives: the namespace (or the exit code), stdout and stderr."""
    parser = build_parser(only=command_of(argv)) if parser_only else build_parser()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(parser.parse_args(argv))
        except SystemExit as leaving:
            result = ("exit", leaving.code)
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", LINES + WRONG, ids=lambda argv: " ".join(argv))
def test_one_commands_parser_reads_as_the_whole(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # help is wrapped to the terminal: the same for both
    assert command_of(argv) == argv[1 if argv[0] == "--debug" else 0]
    assert _outcome(True, argv) == _outcome(False, argv)


@pytest.mark.parametrize(
    "argv", [[], ["--help"], ["--version"], ["bogus"], ["--debug"], ["--db", "x", "open"]]
)
def test_help_version_and_mistakes_get_the_whole_parser(argv: list[str]) -> None:
    assert command_of(argv) is None


def test_the_whole_parser_lists_every_command() -> None:
    parser = build_parser()
    helped = parser.format_help()
    for name in ("demo", "init", "open", "status", "poll", "export", "ledger", "clocks"):
        assert name in helped
    only = build_parser(only="open")
    assert vars(only.parse_args(["open"]))["command"] == "open"
    with contextlib.redirect_stderr(io.StringIO()), pytest.raises(SystemExit):
        only.parse_args(["status"])  # the one parser knows its own command only
