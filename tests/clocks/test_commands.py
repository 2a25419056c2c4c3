"""new-incident, check, inquiries import and rehearse, against real files and a local server."""

from __future__ import annotations

import http.server
import io
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from clockhelp import at, sample_incident_data

from warroom.commands.check import run_check
from warroom.commands.inquiries_import import run_inquiries_import
from warroom.commands.new_incident import run_new_incident
from warroom.commands.rehearse import load_script, replay, run_rehearse
from warroom.domain.rehearsal import RehearsalClock
from warroom.domain.timeline import EventKind
from warroom.incident_file import load_incident
from warroom.store.repository import WarRoomRepository

NOW = at("2026-11-27T12:00")


class _Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        status = 200 if self.path.startswith("/ok") else 404
        payload = b"<rss/>"
        self.send_response(status)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "warroom.json"
    repo = WarRoomRepository.open(path, create=True)
    try:
        repo.import_incident(sample_incident_data(), "lead", NOW)
    finally:
        repo.close()
    return path


def test_new_incident_writes_a_loadable_starter_and_never_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "incident.json"
    assert run_new_incident(out, now=at("2026-12-01T09:00"), stdout=io.StringIO()) == 0
    incident = load_incident(out)
    assert incident.detected_at == at("2026-12-01T09:00")
    assert {"tell", "prepare", "monitor", "learn"} == {i.step.value for i in incident.checklist}
    before = out.read_bytes()
    assert run_new_incident(out) == 2  # a user error (README, exit codes)
    assert out.read_bytes() == before


def test_check_reports_gaps_of_the_starter(tmp_path: Path) -> None:
    out = tmp_path / "incident.json"
    run_new_incident(out, stdout=io.StringIO())
    data = json.loads(out.read_text())
    data["feeds"] = []
    out.write_text(json.dumps(data))
    report = io.StringIO()
    assert run_check(out, out=report) == 2
    text = report.getvalue()
    assert "✖ hotline: 'TODO: 1-800 number' is not a real phone number yet" in text
    assert "✖ feeds: no feeds to monitor" in text
    assert "✖ clocks: regimes applying: none" in text


def test_check_probes_feeds_and_clocks_of_a_prepared_file(tmp_path: Path, server: str) -> None:
    data = sample_incident_data()
    data["feeds"] = [
        {"id": "good", "name": "Good feed", "url": f"{server}/ok.xml"},
        {"id": "gone", "name": "Gone feed", "url": f"{server}/gone.xml"},
    ]
    path = tmp_path / "prepared.json"
    path.write_text(json.dumps(data))
    report = io.StringIO()
    assert run_check(path, out=report) == 2
    text = report.getvalue()
    assert "✔ feed Good feed: answers" in text
    assert "✖ feed Gone feed: answered HTTP 404" in text
    assert "✔ hotline: 1-800-555-0142" in text
    assert "✔ clocks: every applicable clock has an item that closes it" in text
    assert "✔ team Customer service" in text
    data["feeds"] = data["feeds"][:1]
    path.write_text(json.dumps(data))
    assert run_check(path, out=io.StringIO()) in (0, 1)
    assert run_check(tmp_path / "missing.json", err=io.StringIO()) == 2


def test_inquiries_import_all_or_nothing_and_only_once(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "timestamp,channel,count\n2026-11-27T09:00:00Z,phone,3\n2026-11-27T09:00:00Z,fax,1\n"
    )
    err = io.StringIO()
    assert run_inquiries_import(db, bad, "ana", now=NOW, err=err) == 2
    assert "line 3: channel 'fax'" in err.getvalue()
    repo = WarRoomRepository.open(db)
    try:
        before = repo.snapshot()
        assert before.inquiries == ()
    finally:
        repo.close()
    good = tmp_path / "good.csv"
    good.write_text(
        "timestamp,channel,count,topic\n2026-11-27T09:00:00Z,phone,3,card\n2026-11-27T10:00:00Z,E-mail,2,\n"
    )
    assert run_inquiries_import(db, good, "ana", now=NOW, out=io.StringIO()) == 0
    again = io.StringIO()
    assert run_inquiries_import(db, good, "ana", now=NOW, err=again) == 2
    assert "imported already" in again.getvalue()
    repo = WarRoomRepository.open(db)
    try:
        room = repo.snapshot()
    finally:
        repo.close()
    assert room.inquiry_totals() == {"phone": 3, "email": 2}
    imports = [e for e in room.timeline if e.kind is EventKind.IMPORT and "good.csv" in e.text]
    assert len(imports) == 1 and "phone 3, email 2" in imports[0].text


def test_the_shipped_rehearsal_replays_into_the_database(db: Path) -> None:
    script = load_script(None)
    waits: list[float] = []
    repo = WarRoomRepository.open(db)
    clock = RehearsalClock(script.title, NOW, NOW, 60, script.duration)
    wall = [NOW]

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        wall[0] += timedelta(seconds=seconds)

    try:
        played = replay(script, repo, clock=clock, wall=lambda: wall[0], sleep=sleep)
        room = repo.snapshot()
    finally:
        repo.close()
    assert played == len(script.events)
    assert sum(waits) == pytest.approx(script.duration.total_seconds() / 60)
    expected = sum(e.data["count"] for e in script.events if e.kind == "inquiry")
    assert sum(room.inquiry_totals().values()) == expected
    assert len(room.mentions) == sum(1 for e in script.events if e.kind == "mention")
    assert any("[/] <script>" in m.title for m in room.mentions)  # kept as plain text


def test_rehearse_refuses_a_script_naming_an_unknown_channel(db: Path, tmp_path: Path) -> None:
    script = tmp_path / "s.json"
    script.write_text(
        json.dumps({"title": "t", "events": [{"after": "1m", "inquiry": {"channel": "fax"}}]})
    )
    err = io.StringIO()
    fresh = tmp_path / "rehearsal.json"
    assert run_rehearse(script, fresh, speed=0, out=io.StringIO(), err=err) == 2
    assert "no channel 'fax'" in err.getvalue()
    script.write_text(json.dumps({"title": "t", "events": [{"after": "soon", "note": "x"}]}))
    assert run_rehearse(script, db, speed=0, out=io.StringIO(), err=(err := io.StringIO())) == 2
    assert "$.events[0].after" in err.getvalue()


def test_check_treats_todo_answers_as_gaps_and_runs_the_notice_linter(tmp_path: Path) -> None:
    from warroom.commands.check import readiness

    data = sample_incident_data()
    data["teams"][0]["qa"][0]["answer"] = "TODO"
    data["feeds"] = []
    notice = data["drafting"]["notice"]["body"]
    data["drafting"]["notice"]["body"] = [line for line in notice if "{facts.hotline}" not in line]
    path = tmp_path / "incident.json"
    path.write_text(json.dumps(data))
    findings = {f.area: f for f in readiness(load_incident(path))}
    team = findings[f"team {data['teams'][0]['name']}"]
    assert not team.ok and "TODO/TBD" in team.text
    assert not findings["template notice"].ok
    assert "hotline" in findings["template notice"].text.lower()
    assert findings["template faq"].ok
