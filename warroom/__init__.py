"""warroom: the communications war room's terminal dashboard for a data breach."""

__version__ = "0.1.0"
