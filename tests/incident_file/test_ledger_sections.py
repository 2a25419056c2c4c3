"""The ``stakeholders``, ``population`` and ``holding_statements`` sections: each mistake named.

Each case writes a real file from the sample, breaks it one way, and checks the message names
the file, the JSON path and the problem.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.incident_file.test_loader import expect_error, write_json
from warroom.domain.holding import HoldingPrep, text_hash
from warroom.domain.ledger import Audience
from warroom.domain.population import FilePopulation
from warroom.incident_file import load_incident

ROOT = Path(__file__).resolve().parents[2]
Data = dict[str, Any]


def _sample() -> Data:
    data: Data = json.loads((ROOT / "sample_incident.json").read_text("utf-8"))
    return data


def test_the_sample_sections_load() -> None:
    incident = load_incident(ROOT / "sample_incident.json")
    stakeholders = incident.extras["stakeholders"]
    assert isinstance(stakeholders, tuple)
    insurer = next(s for s in stakeholders if s.id == "cyber-insurer")
    assert insurer.audience is Audience.INSURER and insurer.due is not None
    population = incident.extras["population"]
    assert isinstance(population, FilePopulation)
    assert population.counts.total == incident.facts.customers_affected
    assert population.counts.jurisdictions["US-CA"] == 1900
    holding = incident.extras["holding_statements"]
    assert isinstance(holding, HoldingPrep) and len(holding.statements) == 4
    for statement in holding.statements:  # the sample's approvals match the texts
        assert statement.approved_hash == text_hash(statement.source)


def _stakeholder(key: str, value: object) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["stakeholders"][0][key] = value

    return change


def _population(key: str, value: object) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["population"][key] = value

    return change


def _fact_total(data: Data) -> None:
    data["facts"]["customers_affected"] = 50000


def _residents_disagree(data: Data) -> None:
    data["population"]["jurisdictions"]["US-TX"] = 200


def _unapproved_placeholder(data: Data) -> None:
    data["holding_statements"]["statements"][0]["placeholders"] = ["{facts.hotlines}"]


def _duplicate_stakeholder(data: Data) -> None:
    data["stakeholders"][1]["id"] = data["stakeholders"][0]["id"]


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (_stakeholder("audience", "pigeons"), "$.stakeholders[0].audience", ("pigeons",)),
        (_stakeholder("jurisdiction", "California"), "$.stakeholders[0].jurisdiction", ("US-CA",)),
        (_stakeholder("draft", "letter"), "$.stakeholders[0].draft", ("briefing:TEAM",)),
        (_stakeholder("required", False), "$.stakeholders[0].why_not", ("required",)),
        (_stakeholder("colour", "red"), "$.stakeholders[0].colour", ("not a known field",)),
        (_duplicate_stakeholder, "$.stakeholders[1].id", ("unique",)),
        (_population("total", -1), "$.population.total", ("at least 0",)),
        (
            _population("jurisdictions", {"California": 5}),
            "$.population.jurisdictions.California",
            ("US-CA",),
        ),
        (_population("jurisdictions", {"US-CA": 90000}), "$.population", ("more than the total",)),
        (_fact_total, "$.facts.customers_affected", ("one number", "48200")),
        (_residents_disagree, "$.population.jurisdictions.US-TX", ("310", "one number")),
        (
            _unapproved_placeholder,
            "$.holding_statements.statements[0].placeholders",
            ("not in the body",),
        ),
    ],
)  # fmt: skip
def test_a_broken_section_is_refused_with_its_path(
    tmp_path: Path, change: Callable[[Data], None], path: str, words: tuple[str, ...]
) -> None:
    data = _sample()
    change(data)
    expect_error(write_json(tmp_path / "incident.json", data), path, *words)
