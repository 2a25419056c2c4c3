"""Panes and small widgets of the dashboard."""
