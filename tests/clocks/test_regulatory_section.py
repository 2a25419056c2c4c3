"""The incident file's ``regulatory`` section: the sample parses, mistakes name their path."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from clockhelp import DETECTED_SAMPLE, at, sample_incident_data

from warroom.domain.clocks import (
    ClockRules,
    ClockState,
    RegulatoryPrep,
    evaluate_clocks,
    unclosable_clocks,
)
from warroom.incident_file import IncidentFileError, parse_incident
from warroom.incident_file.regulatory import milestones_of, parse_regulatory


def section() -> dict[str, Any]:
    return copy.deepcopy(sample_incident_data()["regulatory"])


def test_sample_section_parses_into_a_prep() -> None:
    prep = parse_regulatory("f.json", section())
    assert prep.residents == {
        "CA": 1900,
        "NY": 2400,
        "TX": 310,
        "FL": 2100,
        "CO": 640,
        "WA": 1150,
        "MA": 820,
        "AL": 0,
        "AZ": 0,
        "CT": 0,
    }
    assert prep.triggers == {"became_aware": at("2026-11-26T22:40")}
    dora = prep.regime("dora")
    assert dora is not None and not dora.applies and "financial entity" in dora.why
    assert prep.closes["sec-8k"] == "sec-8k-filed"
    assert milestones_of(prep)["first_notice"] == "notify-individuals"
    assert milestones_of(None)["faq_published"] == "faq-published"


def test_sample_incident_with_the_section_loads_and_every_clock_can_close(
    rules: ClockRules,
) -> None:
    incident = parse_incident("sample", sample_incident_data())
    prep = incident.extras["regulatory"]
    assert isinstance(prep, RegulatoryPrep)
    assert unclosable_clocks(prep, [i.id for i in incident.checklist], rules) == []
    statuses = evaluate_clocks(prep, {}, incident.detected_at, at("2026-11-27T12:00"), rules)
    by_id = {s.id: s.state for s in statuses}
    assert by_id["gdpr-authority"] is ClockState.RUNNING
    assert by_id["sec-8k"] is ClockState.NOT_STARTED
    assert by_id["dora-initial"] is ClockState.NOT_APPLICABLE
    assert by_id["us-tx-attorney-general"] is ClockState.RUNNING
    assert incident.detected_at == DETECTED_SAMPLE


@pytest.mark.parametrize(
    ("mutate", "path", "words"),
    [
        (
            lambda s: s["regimes"].update(gdrp={"applies": True}),
            "$.regulatory.regimes.gdrp",
            "unknown regime",
        ),
        (
            lambda s: s["triggers"].update(aware="2026-11-26T22:40:00Z"),
            "$.regulatory.triggers.aware",
            "unknown trigger",
        ),
        (
            lambda s: s["triggers"].update(became_aware="yesterday"),
            "$.regulatory.triggers.became_aware",
            "not a valid date-time",
        ),
        (
            lambda s: s["residents"].update(California=3),
            "$.regulatory.residents.California",
            "two-letter",
        ),
        (lambda s: s["residents"].update(CA=-1), "$.regulatory.residents.CA", "at least 0"),
        (
            lambda s: s["closes"].update({"sec-8-k": "x"}),
            "$.regulatory.closes.sec-8-k",
            "unknown clock id",
        ),
        (lambda s: s["regimes"]["dora"].pop("why"), "$.regulatory.regimes.dora.why", "required"),
        (lambda s: s.update(resident={}), "$.regulatory.resident", "not a known field"),
        (
            lambda s: s["milestones"].update(faq="faq-published"),
            "$.regulatory.milestones.faq",
            "unknown milestone",
        ),
    ],
)
def test_mistakes_name_their_json_path(mutate, path: str, words: str) -> None:  # type: ignore[no-untyped-def]
    raw = section()
    mutate(raw)
    with pytest.raises(IncidentFileError) as error:
        parse_regulatory("f.json", raw)
    assert error.value.json_path == path
    assert words in error.value.problem


def test_null_trigger_means_not_yet() -> None:
    raw = section()
    raw["triggers"]["materiality_determined"] = None
    assert "materiality_determined" not in parse_regulatory("f.json", raw).triggers
    json.dumps(raw)  # the section stays plain JSON
