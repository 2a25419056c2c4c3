"""The incident file's boundary, through real files and real ``warroom`` processes.

Before: a FIFO hung ``init`` and ``check``; a number thousands of digits long was a traceback
with exit 1; a duplicated key was silently accepted; a file with 100,000 checklist items was
imported (16 s, 121 MB); a megabyte title was echoed whole; 9999-12-31 crashed ``status``.
"""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.boundary.conftest import run_warroom
from warroom.incident_file import IncidentFileError, load_incident
from warroom.incident_file.bounded import LIMITS, MAX_FILE_BYTES

Data = dict[str, Any]


def _refused(tmp_path: Path, path: Path, *words: str, timeout: float = 30) -> str:
    """``init`` and ``check`` both refuse ``path`` with exit 2, no traceback, naming ``words``."""
    stderr = ""
    for args in (("init", str(path), "--db", "db.json"), ("check", str(path))):
        result = run_warroom(tmp_path, *args, timeout=timeout)
        stderr = result.stderr.decode()
        assert result.returncode == 2, (args, stderr)
        assert "Traceback" not in stderr
        for word in words:
            assert word in stderr, (word, stderr)
    assert not (tmp_path / "db.json").exists()
    return stderr


def _with(sample: Data, change: Any) -> Data:
    data = copy.deepcopy(sample)
    change(data)
    return data


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "incident.json"
    os.mkfifo(fifo)
    started = time.monotonic()
    _refused(tmp_path, fifo, "FIFO", timeout=20)
    assert time.monotonic() - started < 20


def test_a_device_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, Path("/dev/zero"), "a device")


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: the size alone must refuse it
    _refused(tmp_path, big, "larger than 4 MiB")


def test_a_huge_integer_is_refused_with_its_path(tmp_path: Path, sample_data: Data) -> None:
    text = json.dumps(sample_data).replace(
        '"customers_affected": ', '"customers_affected": ' + "9" * 5000 + ', "x_was": ', 1
    )
    path = tmp_path / "huge.json"
    path.write_text(text, encoding="utf-8")
    _refused(tmp_path, path, "$.facts.customers_affected", "5000 digits")


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_refused_with_their_path(
    tmp_path: Path, sample_data: Data, number: str
) -> None:
    text = json.dumps(sample_data).replace('"poll_seconds": 60', f'"poll_seconds": {number}', 1)
    path = tmp_path / "nan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IncidentFileError) as caught:
        load_incident(path)
    assert caught.value.json_path == "$.feeds[0].poll_seconds"


def test_a_duplicate_key_is_refused_naming_both(tmp_path: Path, sample_data: Data) -> None:
    text = json.dumps(sample_data, indent=1)
    text = text.replace('"severity": "critical"', '"severity": "low", "severity": "critical"', 1)
    path = tmp_path / "dup.json"
    path.write_text(text, encoding="utf-8")
    stderr = _refused(tmp_path, path, "$.incident.severity", "given twice")
    assert "keys 3 and 4" in stderr


@pytest.mark.parametrize(
    ("count", "json_path", "words"),
    [
        (100_000, "$", "larger than 4 MiB"),  # 10 MB of items: refused by size, unparsed
        (LIMITS["$.checklist"] + 1, "$.checklist", f"limit is {LIMITS['$.checklist']}"),
    ],
)
def test_too_many_checklist_items_are_refused_quickly(
    tmp_path: Path, sample_data: Data, count: int, json_path: str, words: str
) -> None:
    item = sample_data["checklist"][0]
    items = [{**item, "id": f"i{n}"} for n in range(count)]
    data = _with(sample_data, lambda d: d.__setitem__("checklist", items))
    path = tmp_path / "many.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(IncidentFileError) as caught:
        load_incident(path)
    assert time.monotonic() - started < 3.0
    assert caught.value.json_path == json_path
    assert words in caught.value.problem


def _alert_feeds(count: int) -> list[dict[str, object]]:
    """Feeds as a war room following thousands of Google Alerts would list them."""
    return [
        {
            "id": f"alert-{n:05d}",
            "name": f"Google Alert - northwind breach variant {n}",
            "url": f"https://www.google.com/alerts/feeds/01234567890123456789/{n:020d}",
            "poll_seconds": 300,
        }
        for n in range(count)
    ]


def test_five_thousand_feeds_fit_the_incident_file_and_one_more_is_refused(
    tmp_path: Path, sample_data: Data
) -> None:
    """The feed cap is 5,000 (thousands of alerts in a breach), and such a file is well within
    the byte cap, so it is the feed count that is refused, naming its limit."""
    limit = LIMITS["$.feeds"]
    assert limit == 5_000
    path = tmp_path / "alerts.json"
    path.write_text(
        json.dumps(_with(sample_data, lambda d: d.__setitem__("feeds", _alert_feeds(limit))))
    )
    assert path.stat().st_size < MAX_FILE_BYTES / 4
    assert len(load_incident(path).feeds) == limit
    path.write_text(
        json.dumps(_with(sample_data, lambda d: d.__setitem__("feeds", _alert_feeds(limit + 1))))
    )
    with pytest.raises(IncidentFileError) as caught:
        load_incident(path)
    assert caught.value.json_path == "$.feeds"
    assert "has 5,001 entries; the limit is 5,000" in caught.value.problem


def test_a_megabyte_title_is_refused_and_not_echoed(tmp_path: Path, sample_data: Data) -> None:
    data = _with(sample_data, lambda d: d["incident"].__setitem__("title", "T" * 1_000_000))
    path = tmp_path / "title.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    stderr = _refused(tmp_path, path, "$.incident.title", "limit is 300")
    assert len(stderr) < 2000


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"])
def test_dates_at_the_ends_of_the_calendar_are_refused(
    tmp_path: Path, sample_data: Data, when: str
) -> None:
    data = _with(sample_data, lambda d: d["incident"].__setitem__("detected_at", when))
    path = tmp_path / "when.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    _refused(tmp_path, path, "$.incident.detected_at", "outside 1970-2099")


def test_every_problem_is_reported_in_one_run(tmp_path: Path, sample_data: Data) -> None:
    def breaks(d: Data) -> None:
        d["incident"]["severity"] = "apocalyptic"
        d["facts"]["hotline"] = 42
        d["checklist"][2]["step"] = "panic"
        d["feeds"][1]["poll_seconds"] = 1
        d["teams"][0]["qa"][0]["answr"] = "typo"

    path = tmp_path / "broken.json"
    path.write_text(json.dumps(_with(sample_data, breaks)), encoding="utf-8")
    stderr = _refused(tmp_path, path)
    for json_path in (
        "$.incident.severity",
        "$.facts.hotline",
        "$.checklist[2].step",
        "$.feeds[1].poll_seconds",
        "$.teams[0].qa[0].answr",
    ):
        assert json_path in stderr, (json_path, stderr)
    assert len(stderr.strip().splitlines()) >= 5
