"""A wheel of warroom carries its styles, sample and schema, and finds them once installed.

In a checkout those files sit at the top of the tree; a non-editable install has only what the
wheel put inside the package. A missing .tcss only shows when someone runs the installed app,
so the wheel is built here (hatchling, no network) and installed into a private folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import warroom
from warroom.resources import styles_dir

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the project's wheel once for this module, offline."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            str(ROOT),
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    (built,) = out.glob("warroom-*.whl")
    yield built


def test_wheel_carries_styles_sample_and_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    styles = sorted(p.name for p in (ROOT / "styles").iterdir() if p.is_file())
    assert styles and all(name.endswith(".tcss") for name in styles)
    for name in styles:
        assert f"warroom/styles/{name}" in names, name
    assert "warroom/data/sample_incident.json" in names
    assert "warroom/schema/incident.schema.json" in names
    for rules in ("clock_rules.json", "calendars.json", "notice_rules.json", "confusables.json"):
        assert f"warroom/data/{rules}" in names, rules  # the law travels with the wheel
    with zipfile.ZipFile(wheel) as archive:
        packed = archive.read("warroom/data/sample_incident.json")
        assert packed == (ROOT / "sample_incident.json").read_bytes()
        entry_points = archive.read(f"warroom-{warroom.__version__}.dist-info/entry_points.txt")
    assert "warroom = warroom.__main__:main" in entry_points.decode()
    assert not any(name.startswith("tests/") for name in names)


def test_styles_dir_holds_every_css_path_of_the_app() -> None:
    from warroom.ui.app import WarRoomApp

    paths = [Path(p) for p in WarRoomApp.CSS_PATH]
    assert paths
    for path in paths:
        assert path.parent == styles_dir(), path
        assert path.is_file(), path


_PROBE = """
import json, sys
from pathlib import Path
import warroom
from warroom import resources
from warroom.ui.app import WarRoomApp
from warroom.incident_file import load_incident
print(json.dumps({
    "package": str(Path(warroom.__file__).parent),
    "styles": str(resources.styles_dir()),
    "css": [str(p) for p in WarRoomApp.CSS_PATH],
    "css_exist": all(Path(p).is_file() for p in WarRoomApp.CSS_PATH),
    "sample": str(resources.sample_incident_path()),
    "incident": load_incident(resources.sample_incident_path()).id,
    "schema": str(resources.schema_path()),
    "schema_title": json.loads(resources.schema_path().read_text())["title"],
}))
"""


def test_installed_wheel_finds_its_files_at_run_time(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    package = target / "warroom"
    assert Path(found["package"]) == package, "the probe must run the installed copy"
    assert Path(found["styles"]) == package / "styles"
    assert found["css"] and found["css_exist"]
    assert all(Path(p).parent == package / "styles" for p in found["css"])
    assert Path(found["sample"]) == package / "data" / "sample_incident.json"
    assert found["incident"] == "nw-2026-11-credential-breach"
    assert Path(found["schema"]) == package / "schema" / "incident.schema.json"
    assert found["schema_title"] == "warroom incident file"
