"""The store: the only code that touches TinyDB (shared, atomic, lock-protected JSON files)."""
