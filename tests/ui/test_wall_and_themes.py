"""Wall mode is read-only and says why; themes work and are remembered per operator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import AppFactory, make_mention, screen_text, snap, store_view
from warroom.config import Settings, remember_theme
from warroom.ui.screens.wall import READ_ONLY_MESSAGE, WallScreen

DATA_KEYS = (
    "n",
    "enter",
    "1",
    "2",
    "minus",
    "backspace",
    "i",
    "m",
    "r",
    "u",
    "p",
    "a",
    "e",
    "slash",
    "s",
    "d",
    "x",
    "t",
    "plus",
    "R",
    "I",
)


def _fingerprint(db: Path) -> str:
    return "".join(p.read_text() for p in sorted(db.parent.glob("warroom*.json")))


async def test_wall_mode_keys_change_nothing_and_say_why(
    make_app: AppFactory, db_file: Path
) -> None:
    view = store_view(db_file)
    view.add_new_mentions([make_mention(4)])
    view.close()
    before = _fingerprint(db_file)
    app = make_app(read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WallScreen)
        assert "WALL · READ-ONLY" in screen_text(app)
        for key in DATA_KEYS:
            count = len(app._notifications)
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, WallScreen), f"{key} opened another screen"
            assert len(app._notifications) == count + 1, f"{key} said nothing"
            assert READ_ONLY_MESSAGE in list(app._notifications)[-1].message
    assert _fingerprint(db_file) == before


async def test_wall_shows_the_four_glanceable_tiles_and_refreshes(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for title in ("Next deadline", "Playbook progress", "Inquiries", "Newest mentions"):
            assert title in text
        assert "NIS2: early warning" in text and "running" in text
        other = store_view(db_file)
        other.add_new_mentions([make_mention(2, title="Wall sees this new mention")])
        other.set_tick("key-messages", True, "kim", other.snapshot().incident.detected_at)
        other.close()
        await pilot.pause(1.2)
        text = screen_text(app)
        assert "Wall sees this new mention" in text
        assert "1/37" in str(app.screen.query_one("#wall-done").value)


async def test_wall_cycles_tiles_full_screen(make_app: AppFactory) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is not None and app.screen.maximized.id == "wall-clock"
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized.id == "wall-progress"  # type: ignore[union-attr]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.maximized is None


async def test_high_contrast_theme_is_available_and_remembered(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.json"
    monkeypatch.setenv("WARROOM_CONFIG", str(config))
    chosen: list[str] = []
    app = make_app(on_theme_change=lambda name: (chosen.append(name), remember_theme("ana", name)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "warroom-high-contrast" in app.available_themes
        app.theme = "warroom-high-contrast"
        await pilot.pause()
    assert chosen == ["warroom-high-contrast"]
    assert json.loads(config.read_text())["themes"] == {"ana": "warroom-high-contrast"}
    assert Settings.resolve(db=None, operator="ana").theme == "warroom-high-contrast"
    assert Settings.resolve(db=None, operator="kim").theme is None
    assert Settings.resolve(db=None, operator="ana", theme="nord").theme == "nord"  # the flag wins


def test_an_unknown_theme_is_refused_clearly(make_app: AppFactory) -> None:
    with pytest.raises(ValueError, match="unknown theme 'sparkly'.*warroom-high-contrast"):
        make_app(theme="sparkly")


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (240, 67)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_wall_snapshot(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap(snap_compare, make_app(read_only=True), size)


def test_high_contrast_dashboard_snapshot(
    snap_compare: Any, make_app: AppFactory, busy_db: Path
) -> None:
    assert snap(snap_compare, make_app(busy_db, theme="warroom-high-contrast"), (120, 40))


async def test_key_bindings_can_be_changed_in_the_config_file(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"keymap": {"add-note": "N", "maximize": "M"}}))
    monkeypatch.setenv("WARROOM_CONFIG", str(config))
    settings = Settings.resolve(db=None, operator=None)
    assert settings.keymap == {"add-note": "N", "maximize": "M"}
    app = make_app(keymap=settings.keymap)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        assert app.screen.maximized is not None
        await pilot.press("M")
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert type(app.screen).__name__ == "FormDialog"
