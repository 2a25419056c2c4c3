"""Package data: clock rules, rehearsal scripts and sample sections, read via importlib.resources."""
