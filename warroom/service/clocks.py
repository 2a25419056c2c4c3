"""The clock rules and the file's regulatory section with triggers laid over it, for screens.

Screens that show the clock board need the rules' trigger names and labels; they read them
here rather than reaching into the store or the incident-file layer.
"""

from __future__ import annotations

from warroom.incident_file.regulatory import default_rules
from warroom.store.regulatory import RegulatoryState, StoredTrigger, effective_prep, file_prep

__all__ = ["default_rules", "effective_prep", "file_prep", "RegulatoryState", "StoredTrigger"]
