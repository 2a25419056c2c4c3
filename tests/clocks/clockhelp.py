"""Builders shared by the clock, trend, import and review tests (imported as ``clockhelp``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

from warroom.domain.checklist import Tick
from warroom.domain.clocks import RegimeApplicability, RegulatoryPrep

ROOT = Path(__file__).resolve().parents[2]
DETECTED_SAMPLE = datetime(2026, 11, 26, 22, 40, tzinfo=UTC)


def at(text: str) -> datetime:
    """A UTC time from a short ISO string."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def tick(item_id: str, when: str, done: bool = True) -> Tick:
    """A checklist tick at ``when``."""
    return Tick(item_id, done, "ana", at(when))


def prep(
    *regimes: str,
    triggers: dict[str, str] | None = None,
    residents: dict[str, int] | None = None,
    closes: dict[str, str] | None = None,
    not_applicable: dict[str, str] | None = None,
) -> RegulatoryPrep:
    """A regulatory prep with the named regimes applying."""
    listed = [RegimeApplicability(r, True) for r in regimes]
    listed += [RegimeApplicability(r, False, why) for r, why in (not_applicable or {}).items()]
    return RegulatoryPrep(
        regimes=tuple(listed),
        triggers={k: at(v) for k, v in (triggers or {}).items()},
        residents=residents or {},
        closes=closes or {},
    )


def sample_incident_data() -> dict[str, Any]:
    """sample_incident.json with the proposed regulatory section and checklist items merged in."""
    data = json.loads((ROOT / "sample_incident.json").read_text(encoding="utf-8"))
    extra = json.loads(files("warroom.data").joinpath("sample_regulatory.json").read_text())
    data["regulatory"] = extra["regulatory"]
    known = {item["id"] for item in data["checklist"]}
    data["checklist"] += [i for i in extra["checklist_items_to_add"] if i["id"] not in known]
    return data
