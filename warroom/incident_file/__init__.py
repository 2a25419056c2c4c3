"""The incident file: JSON that describes an incident and its preparation, loaded strictly."""

from warroom.incident_file.errors import IncidentFileError
from warroom.incident_file.loader import load_incident, parse_incident

__all__ = ["IncidentFileError", "load_incident", "parse_incident"]
