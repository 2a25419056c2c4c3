"""The sample drafting section: valid, renders a notice with no blocking problem; bad ones are
refused with the JSON path of the mistake."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from importlib import resources
from typing import Any

import pytest

from warroom.domain.checks import check_draft, has_blocking
from warroom.domain.drafts import DEFAULT_PREP, DraftingPrep, DraftKind, render
from warroom.domain.incident import Incident
from warroom.incident_file.drafting import parse_drafting
from warroom.incident_file.errors import IncidentFileError


def sample() -> dict[str, Any]:
    text = resources.files("warroom.data").joinpath("sample_drafting.json").read_text("utf-8")
    return json.loads(text)


def test_sample_notice_passes_every_blocking_check(
    incident: Incident, prep: DraftingPrep, now: datetime
) -> None:
    assert prep.profiles == ("california", "gdpr")
    text = render(prep.template(DraftKind.NOTICE), incident.facts).text
    problems = check_draft(DraftKind.NOTICE, text, incident.facts, prep.profiles, now, prep=prep)
    assert not has_blocking(problems), [str(p) for p in problems]


@pytest.mark.parametrize("kind", [DraftKind.FAQ, DraftKind.SOCIAL, DraftKind.BANNER])
def test_sample_companions_pass_every_blocking_check(
    kind: DraftKind, incident: Incident, prep: DraftingPrep, now: datetime
) -> None:
    text = render(prep.template(kind), incident.facts, last_updated=now).text
    problems = check_draft(kind, text, incident.facts, prep.profiles, now, prep=prep)
    assert not has_blocking(problems), [str(p) for p in problems]


def test_sample_briefings_pass_for_every_team(
    incident: Incident, prep: DraftingPrep, now: datetime
) -> None:
    for team in incident.teams:
        text = render(prep.template(DraftKind.BRIEFING), incident.facts, team=team).text
        problems = check_draft("briefing", text, incident.facts, prep.profiles, now, prep=prep)
        assert not has_blocking(problems), (team.id, [str(p) for p in problems])


def test_missing_section_parts_fall_back_to_defaults() -> None:
    prep = parse_drafting("f.json", {})
    assert prep.notice == DEFAULT_PREP.notice and prep.profiles == ()


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda d: d.update(profile=["x"]), "$.drafting.profile", "not a known field"),
        (lambda d: d.update(profiles=["texas"]), "$.drafting.profiles[0]", "not a profile"),
        (
            lambda d: d["notice"]["body"].append("{facts.hotlne}"),
            "$.drafting.notice.body",
            "unknown placeholder {facts.hotlne}",
        ),
        (
            lambda d: d["limits"].update(banner_length="short"),
            "$.drafting.limits.banner_length",
            "whole number",
        ),
        (
            lambda d: d["limits"].update(reading_grade=-1),
            "$.drafting.limits.reading_grade",
            "positive number",
        ),
        (
            lambda d: d["faq"]["entries"][0].pop("question"),
            "$.drafting.faq.entries[0].question",
            "required",
        ),
        (
            lambda d: d["briefing"]["key_messages"].append("{team.qa}"),
            "$.drafting.briefing.key_messages[6]",
            "unknown placeholder",
        ),
        (lambda d: d.update(banner=42), "$.drafting.banner", "string or a list"),
    ],
)
def test_bad_sections_name_the_json_path(change: Any, path: str, words: str) -> None:
    data = copy.deepcopy(sample())
    change(data)
    with pytest.raises(IncidentFileError) as caught:
        parse_drafting("incident.json", data)
    assert caught.value.json_path == path
    assert words in caught.value.problem
