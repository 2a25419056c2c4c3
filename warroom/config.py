"""Settings: where the database is, who the operator is, how the dashboard looks.

Command-line flags beat environment variables, which beat the config file, which beats the
defaults. The config file lives in the platform's config folder (``warroom/config.json``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warroom.domain.errors import UserError

__all__ = ["Settings", "ConfigError", "config_path", "load_config", "remember_theme", "DEFAULT_DB"]

DEFAULT_DB = Path("warroom.json")
_KNOWN_KEYS = {"operator", "theme", "themes", "db", "keymap", "wall_cycle_seconds"}


class ConfigError(UserError, ValueError):
    """The config file cannot be used; the message names the file and the problem."""


def config_path() -> Path:
    """The config file: ``$WARROOM_CONFIG``, else the platform's config folder."""
    explicit = os.environ.get("WARROOM_CONFIG")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir("warroom", appauthor=False)) / "config.json"


def load_config(path: Path | None = None) -> dict[str, Any]:
    """Read the config file (absent: empty); refuse a broken one with a clear message."""
    target = path or config_path()
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{target}: cannot be read ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(
            f"{target}: is not valid JSON: {error.msg} at line {error.lineno}"
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{target}: must hold a JSON object")
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            f"{target}: {unknown[0]!r} is not a known setting ({', '.join(sorted(_KNOWN_KEYS))})"
        )
    for key in ("operator", "theme", "db"):
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"{target}: {key!r} must be a string")
    if "themes" in data and not (
        isinstance(data["themes"], dict)
        and all(isinstance(v, str) for v in data["themes"].values())
    ):
        raise ConfigError(f"{target}: 'themes' must map operator names to theme names")
    if "auto_advance" in data and not isinstance(data["auto_advance"], bool):
        raise ConfigError(f"{target}: 'auto_advance' must be true or false")
    cycle = data.get("wall_cycle_seconds", 0)
    if isinstance(cycle, bool) or not isinstance(cycle, int | float) or cycle < 0:
        raise ConfigError(f"{target}: 'wall_cycle_seconds' must be a number of seconds (0: off)")
    if "keymap" in data and not (
        isinstance(data["keymap"], dict)
        and all(isinstance(v, str) for v in data["keymap"].values())
    ):
        raise ConfigError(
            f'{target}: \'keymap\' must map binding ids to keys, e.g. {{"add-note": "N"}}'
        )
    return data


@dataclass(frozen=True)
class Settings:
    """What one run of warroom works with."""

    db: Path = DEFAULT_DB
    operator: str = "operator"
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    wall_cycle_seconds: float = 0.0
    layout: str = ""
    """The operator's pane split as last left (``"40x40"``; empty: the default)."""
    auto_advance: bool = True
    """After triaging a mention the cursor moves to the next new one (config ``auto_advance``)."""

    @classmethod
    def resolve(cls, *, db: str | None, operator: str | None, theme: str | None = None) -> Settings:
        """Combine flags, environment, config file and defaults, in that order of precedence."""
        config = load_config()
        chosen_db = db or os.environ.get("WARROOM_DB") or config.get("db") or str(DEFAULT_DB)
        chosen_operator = (
            operator or os.environ.get("WARROOM_OPERATOR") or config.get("operator") or _login()
        )
        name = chosen_operator.strip()[:40] or "operator"
        return cls(
            db=Path(chosen_db).expanduser(),
            operator=name,
            theme=theme or config.get("themes", {}).get(name) or config.get("theme"),
            keymap=dict(config.get("keymap", {})),
            wall_cycle_seconds=float(config.get("wall_cycle_seconds", 0)),
            layout=str(config.get("layouts", {}).get(name, "")),
            auto_advance=bool(config.get("auto_advance", True)),
        )


def _login() -> str:
    import getpass  # only when no flag, variable or config names the operator

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "operator"


def remember_theme(operator: str, theme: str, path: Path | None = None) -> None:
    """Record an operator's theme in the config file (written atomically; other keys kept)."""
    _remember("themes", operator, theme, path)


def remember_layout(operator: str, layout: str, path: Path | None = None) -> None:
    """Record an operator's pane split (``"40x40"``) in the config file, as for the theme."""
    _remember("layouts", operator, layout, path)


def _remember(section: str, operator: str, value: str, path: Path | None) -> None:
    target = path or config_path()
    data = load_config(target)
    chosen = dict(data.get(section, {}))
    if chosen.get(operator) == value:
        return
    chosen[operator] = value
    data[section] = chosen
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, target)
