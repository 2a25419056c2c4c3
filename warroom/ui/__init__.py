"""The Textual user interface: thin widgets that show domain snapshots and post intents."""
