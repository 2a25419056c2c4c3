"""Exporters: the record turned into documents (Markdown, HTML …) for people outside the tool."""
