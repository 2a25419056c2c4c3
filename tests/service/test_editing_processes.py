"""Several real operator processes on one database: saves race, dashboards die, nothing is lost.

Each worker is a separate interpreter (``editing_worker.py``). Every test kills and waits for
its workers in ``finally``, so none outlives it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.service.conftest import Services
from warroom.domain.drafts import DraftKind, DraftRef
from warroom.domain.presence import operators_in
from warroom.store.autosave import AutosaveStore
from warroom.store.repository import WarRoomRepository

WORKER = Path(__file__).with_name("editing_worker.py")
NOTICE = DraftRef(DraftKind.NOTICE)


class Worker:
    """One operator process, spoken to line by line."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def read(self) -> Any:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(self.proc.stderr.read() if self.proc.stderr else "no output")
        return json.loads(line)

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)


@contextmanager
def workers() -> Iterator[Callable[..., Worker]]:
    started: list[Worker] = []

    def start(*args: str) -> Worker:
        worker = Worker(*args)
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.kill()


def wait_until(condition: Callable[[], bool], *, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        time.sleep(0.02)


def _sources(db: Path) -> list[str]:
    repo = WarRoomRepository.open(db)
    try:
        docs = sorted(repo.table("draft_versions").all(), key=lambda d: d["number"])
        return [d["source"] for d in docs if d["kind"] == "notice"]
    finally:
        repo.close()


@pytest.mark.parametrize("resolution", ["merge", "mine", "discard"])
def test_two_processes_saving_the_notice_from_one_base_lose_no_saved_text(
    db: Path, services: Services, resolution: str
) -> None:
    ana = services("ana")
    v1 = ana.editor_data(NOTICE).source
    ana.save_draft(NOTICE, v1, base_version=0)
    theirs = v1.replace("Dear customer,", "Dear Northwind customer,")
    yours = v1 + "\nWe will write again within 24 hours.\n"
    with workers() as start:
        first, second = start("edit", str(db), "kim", theirs), start("edit", str(db), "lou", yours)
        assert first.read() == {"ready": 1} and second.read() == {"ready": 1}
        first.send("go")
        assert first.read() == {"saved": 2}
        second.send("go")
        conflict = second.read()["conflict"]
        assert conflict == {"base": v1, "theirs": theirs, "token": 2}
        second.send(resolution)
        done = second.read()
    sources = _sources(db)
    assert sources[:2] == [v1, theirs]  # kim's save is never lost
    if resolution == "merge":
        assert done == {"resolved": "merge", "saved": 3}
        assert "Dear Northwind customer," in sources[2] and "within 24 hours" in sources[2]
    elif resolution == "mine":
        assert done == {"resolved": "mine", "saved": 3} and sources[2] == yours
        ana.repo.refresh_if_changed()
        timeline = [e.text for e in ana.view().room.timeline if e.operator == "lou"]
        assert timeline[-1].endswith("v3, overriding v2 by kim (both kept in history)")
    else:
        assert done == {"resolved": "discard", "saved": None} and len(sources) == 2


def test_presence_appears_with_a_process_and_goes_when_it_is_killed(
    db: Path, services: Services
) -> None:
    ana = services("ana", now=datetime.now(UTC))  # the worker beats on the real clock
    with workers() as start:
        kim = start("beat", str(db), "kim", "notice")
        kim.read()
        seen = ana.heartbeat()
        assert operators_in(seen) == ("ana", "kim")
        assert [p.editing for p in seen if p.operator == "kim"] == ["notice"]
        kim.kill()  # kill -9: no goodbye
        assert operators_in(ana.heartbeat()) == ("ana",)
    files = list(db.parent.glob("warroom.presence.*.json"))
    assert len(files) == 1  # the dead process's heartbeat file was cleaned up


def test_autosave_survives_kill_9_mid_typing_and_is_offered_back(
    db: Path, services: Services
) -> None:
    kept = AutosaveStore(db, "kim").path("notice")
    with workers() as start:
        typist = start("type", str(db), "kim")
        assert typist.read() == {"ready": "typing"}

        def autosaved_zzz() -> bool:
            try:
                return "ZZZ" in json.loads(kept.read_text("utf-8"))["source"]
            except (OSError, ValueError):
                return False

        wait_until(autosaved_zzz)
        typist.kill()  # mid-typing
    kim = services("kim")
    offered = kim.restorable(NOTICE)
    assert offered is not None and "ZZZ" in offered.autosaved.source
    assert "+" in offered.diff and "ZZZ" in offered.diff
    assert not list(db.parent.glob(".warroom.autosave.*.tmp"))  # no half-written leftovers
    kim.drop_autosave(NOTICE)  # saved or discarded: it is not offered again
    assert kim.restorable(NOTICE) is None and not os.path.exists(kept)
