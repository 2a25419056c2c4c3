"""Fixtures for the clock, trend, import and review tests."""

from __future__ import annotations

import pytest

from warroom.domain.clocks import ClockRules
from warroom.incident_file.regulatory import default_rules


@pytest.fixture
def rules() -> ClockRules:
    """The packaged rules file."""
    return default_rules()
