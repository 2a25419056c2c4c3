"""Where the files that ship with warroom are, installed or in a source checkout.

A wheel carries ``styles/`` and ``sample_incident.json`` inside the package (see
pyproject's force-include); a checkout has them at the top of the tree.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["styles_dir", "sample_incident_path", "schema_path"]

_PACKAGE = Path(__file__).resolve().parent


def _first(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def styles_dir() -> Path:
    """The folder holding every ``.tcss`` file."""
    return _first(_PACKAGE / "styles", _PACKAGE.parent / "styles")


def sample_incident_path() -> Path:
    """The bundled sample incident file."""
    return _first(
        _PACKAGE / "data" / "sample_incident.json", _PACKAGE.parent / "sample_incident.json"
    )


def schema_path() -> Path:
    """The JSON Schema of the incident file."""
    return _first(
        _PACKAGE / "schema" / "incident.schema.json",
        _PACKAGE.parent / "schema" / "incident.schema.json",
    )
