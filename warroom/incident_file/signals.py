"""The incident file's optional ``signals`` section: more respond-first patterns, wrappers, outlets.

Shape (every key optional)::

    "signals": {
      "respond_first": {"words": ["smish*"], "phrases": ["hotline is fake"],
                        "regexes": ["northwind-?(?:help|support)\\.(?:com|net)"]},
      "redirect_wrappers": [{"host": "links.example.net", "path": "/r", "params": ["to"]}],
      "outlets": {"tier1": ["reuters.com", "bbc.co.uk"], "regulators": ["ico.org.uk"],
                  "own": ["northwind.example"]}
    }

These extend the shipped ``warroom/data/signals.json`` (never replace it). A regex that could
backtrack catastrophically is refused here, at preparation time, with the ignore rules' guard.
"""

from __future__ import annotations

from typing import Any

from warroom.domain.incident import Incident
from warroom.domain.signals import (
    Outlets,
    SignalError,
    SignalRules,
    packaged_signals,
    pattern_set,
    wrapper_list,
)
from warroom.incident_file.errors import IncidentFileError
from warroom.incident_file.fields import Fields

__all__ = ["parse_signals", "incident_signals"]


def _domains(fields: Fields, key: str) -> tuple[str, ...]:
    domains = tuple(d.strip().lower() for d in fields.strings(key))
    for domain in domains:
        if not domain or "/" in domain or " " in domain:
            raise fields.error(key, f"{domain!r} is not a domain (write reuters.com, no URL)")
    return domains


def parse_signals(source: str, raw: object) -> SignalRules:
    """Validate the ``signals`` section (JSON path root ``$.signals``) into the rules to use."""
    root = Fields(source, "$.signals", raw)
    patterns = None
    try:
        if (respond := root.raw("respond_first")) is not None:
            if not isinstance(respond, dict):
                raise root.error("respond_first", "must be an object of words, phrases, regexes")
            patterns = pattern_set(respond, "$.signals.respond_first")
        wrappers = wrapper_list(root.raw("redirect_wrappers") or [], "$.signals.redirect_wrappers")
    except SignalError as exc:
        raise IncidentFileError(source, "$.signals", str(exc)) from None
    outlets = None
    if (outlet_fields := root.object("outlets", required=False)) is not None:
        outlets = Outlets(
            _domains(outlet_fields, "tier1"),
            _domains(outlet_fields, "regulators"),
            _domains(outlet_fields, "own"),
        )
        outlet_fields.done()
    root.done()
    try:
        return packaged_signals().extended(patterns, wrappers, outlets)
    except SignalError as exc:
        raise IncidentFileError(source, "$.signals.respond_first", str(exc)) from None


def incident_signals(incident: Incident, source: str = "incident") -> SignalRules:
    """The rules for this incident: its ``signals`` section over the shipped ones.

    Works on an incident loaded with or without its optional sections (``warroom poll`` loads
    the core only and keeps the raw sections).
    """
    parsed: Any = incident.extras.get("signals")
    if isinstance(parsed, SignalRules):
        return parsed
    raw = incident.extras.get("signals_raw")
    return parse_signals(source, raw) if raw is not None else packaged_signals()
