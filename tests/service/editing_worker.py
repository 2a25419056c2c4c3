"""An operator's process for the multi-process tests of issue 10: ``python editing_worker.py MODE``.

Real, separate interpreters (never forks of pytest), like two ``warroom open`` on a jump host:

- ``edit DB OPERATOR TEXT``: open the notice at its latest version, say so, wait for ``go``,
  save TEXT on that base; on a conflict, print it and apply the resolution read from stdin
  (``merge``, ``mine`` or ``discard``).
- ``beat DB OPERATOR EDITING``: send a heartbeat, say so, then wait (to be killed).
- ``type DB OPERATOR``: run the real app headless, open the notice editor and type until
  killed (``kill -9`` mid-typing).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from warroom.domain.drafts import DraftKind, DraftRef  # noqa: E402
from warroom.service import SaveConflict, StoreGateway, WarRoomService  # noqa: E402
from warroom.service.merge import merge_texts  # noqa: E402
from warroom.store.repository import WarRoomRepository  # noqa: E402

NOTICE = DraftRef(DraftKind.NOTICE)


def say(document: object) -> None:
    print(json.dumps(document), flush=True)


def edit(db: str, operator: str, text: str) -> None:
    repo = WarRoomRepository.open(db)
    service = WarRoomService(repo, operator=operator)
    latest = service.editor_data(NOTICE).latest
    base = latest.number if latest else 0
    say({"ready": base})
    sys.stdin.readline()
    repo.refresh_if_changed()
    try:
        saved = service.save_draft(NOTICE, text, base_version=base).value
        say({"saved": saved.number if saved else None})
    except SaveConflict as conflict:
        say(
            {
                "conflict": {
                    "base": conflict.base,
                    "theirs": conflict.theirs,
                    "token": conflict.token,
                }
            }
        )
        how = sys.stdin.readline().strip()
        token = int(conflict.token)
        if how == "merge":
            merged = merge_texts(conflict.base, conflict.theirs, conflict.yours)
            resolved = "".join(
                line + "\n"
                for line in merged.text.split("\n")
                if not line.startswith(("<<<<<<< ", "=======", ">>>>>>> "))
            )
            saved = service.save_draft(NOTICE, resolved, base_version=token).value
        elif how == "mine":
            saved = service.save_draft(NOTICE, text, base_version=token, overriding=True).value
        else:
            saved = None
        say({"resolved": how, "saved": saved.number if saved else None})
    repo.close()


def beat(db: str, operator: str, editing: str) -> None:
    repo = WarRoomRepository.open(db)
    service = WarRoomService(repo, operator=operator)
    service.heartbeat(editing)
    say({"ready": service.presence_store.session})
    sys.stdin.readline()  # until killed


def type_until_killed(db: str, operator: str) -> None:
    from warroom.ui.app import WarRoomApp
    from warroom.ui.screens.draft_editor import DraftEditorScreen

    async def run() -> None:
        app = WarRoomApp(StoreGateway(WarRoomRepository.open(db)), operator=operator)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("d")
            await pilot.pause()
            await pilot.press("enter")
            while not isinstance(app.screen, DraftEditorScreen):
                await pilot.pause(0.05)
            await pilot.press("ctrl+end")
            for key in "ZZZ":
                await pilot.press(key)
            say({"ready": "typing"})
            count = 0
            while True:  # typing on until killed
                await pilot.press("a" if count % 2 else "b")
                count += 1
                await pilot.pause(0.01)

    asyncio.run(run())


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"edit": edit, "beat": beat, "type": type_until_killed}[mode](*args)
