"""Package data: clock rules, rehearsal script, sample sections (read via importlib.resources)."""
