"""The domain imports only the standard library: no Textual, TinyDB, httpx, feedparser or Rich."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import warroom.domain

FORBIDDEN = ("textual", "tinydb", "httpx", "feedparser", "rich", "orjson", "platformdirs")


def test_every_domain_module_imports_without_the_outer_layers() -> None:
    modules = sorted(
        f"warroom.domain.{m.name}" for m in pkgutil.iter_modules(warroom.domain.__path__)
    )
    assert len(modules) >= 10
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout)
    leaked = [m for m in loaded if m.split(".")[0] in FORBIDDEN]
    assert leaked == []
    assert "warroom.domain.mentions" in loaded  # the import really happened
    assert not any(m.startswith(("warroom.store", "warroom.ui", "warroom.feeds")) for m in loaded)
