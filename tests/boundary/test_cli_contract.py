"""The CLI contract, through real processes: 2 for a user error, 1 only for a bug, quiet pipes.

Before: ``new-incident`` over an existing file and a refused ``inquiries import`` exited 1, and
``warroom status`` into a closed pipe ended in a ``BrokenPipeError`` traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.boundary.conftest import run_warroom


def _one_line(stderr: bytes) -> str:
    text = stderr.decode()
    assert "Traceback" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def test_new_incident_over_an_existing_file_is_a_user_error(tmp_path: Path) -> None:
    target = tmp_path / "incident.json"
    target.write_text("keep me", encoding="utf-8")
    result = run_warroom(tmp_path, "new-incident", str(target))
    assert result.returncode == 2
    assert "already exists" in _one_line(result.stderr)
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_refused_inquiries_import_is_a_user_error(tmp_path: Path, sample_path: Path) -> None:
    assert run_warroom(tmp_path, "init", str(sample_path)).returncode == 0
    csv = tmp_path / "counts.csv"
    csv.write_text("timestamp,channel,count\nnot-a-time,nowhere,x\n", encoding="utf-8")
    result = run_warroom(tmp_path, "inquiries", "import", str(csv))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr.decode()


def test_status_into_a_closed_pipe_ends_quietly(tmp_path: Path, sample_path: Path) -> None:
    assert run_warroom(tmp_path, "init", str(sample_path)).returncode == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before warroom writes a byte: like `| head -0`
    try:
        result = subprocess.run(
            [sys.executable, "-m", "warroom", "status"],
            cwd=tmp_path,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert result.stderr == b"", result.stderr


def test_status_piped_into_head_ends_quietly(tmp_path: Path, sample_path: Path) -> None:
    assert run_warroom(tmp_path, "init", str(sample_path)).returncode == 0
    result = subprocess.run(
        f"{sys.executable} -m warroom status | head -3",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert len(result.stdout.decode().splitlines()) == 3
    assert result.stderr == b""


_BUG = """
import sys
from warroom.__main__ import guarded
def command(argv):
    return {}["missing"]
sys.exit(guarded(command, sys.argv[1:]))
"""


def test_a_bug_is_one_line_exit_1_with_a_pointer_to_debug(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _BUG], cwd=tmp_path, capture_output=True, timeout=60
    )
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert "internal error" in line and "KeyError" in line and "--debug" in line


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _BUG, "--debug"], cwd=tmp_path, capture_output=True, timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" in result.stderr.decode()


def test_ctrl_c_ends_quietly_with_130(tmp_path: Path) -> None:
    code = "import sys\nfrom warroom.__main__ import guarded\n"
    code += "def command(argv):\n    raise KeyboardInterrupt\nsys.exit(guarded(command, []))\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert result.returncode == 130
    assert result.stderr == b""


def test_a_fifo_given_to_inquiries_import_is_refused_at_once(
    tmp_path: Path, sample_path: Path
) -> None:
    assert run_warroom(tmp_path, "init", str(sample_path)).returncode == 0
    fifo = tmp_path / "counts.csv"
    os.mkfifo(fifo)
    result = run_warroom(tmp_path, "inquiries", "import", str(fifo), timeout=20)
    assert result.returncode == 2
    assert "FIFO" in _one_line(result.stderr)
