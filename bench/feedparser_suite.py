#!/usr/bin/env python3
"""Poll feedparser's own test suite over loopback HTTP, as a user would, and count what is kept.

One command, from the project root, after extracting feedparser's ``tests/`` folder outside the
repository (``git archive HEAD tests | tar -x -C /work/fp-tests``):

    .venv/bin/python bench/feedparser_suite.py --suite /work/fp-tests/tests

Every feed file of the suite (2,107 at feedparser a22c552) is served from 127.0.0.1 by a small
server in this process (``application/xml`` without a charset, so the document's own declaration
decides, ``application/feed+json`` for ``.json``). Then:

- **warroom**: ``FeedPoller`` (real HTTP, the parse worker pool) polls each feed as an incident
  of its own would (deduplicated against itself only: the suite's files share ids and links, so
  one shared store, or one newsboat cache, would hide most of them as each other's duplicates);
  feeds with at least one mention kept, crashes ("the parser process died"), and mentions a
  second poll would add (must be 0).
- **newsboat** (when installed): ``newsboat -x reload``, one cache per feed; feeds whose cache
  holds at least one item.
- **feedparser**: ``feedparser.parse`` on the same bytes; feeds with at least one entry.

And fidelity: for every entry whose title feedparser reports as ``text/plain``, warroom's stored
title must equal feedparser's (made inert and bounded the way warroom bounds every title). The
mismatches are printed (the first 10). Not part of the test suite: it needs the suite's files.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def suite_files(suite: Path) -> list[Path]:
    """Every feed file of the suite (``.xml`` and ``.json``), in a stable order."""
    return sorted(
        p for p in suite.rglob("*") if p.is_file() and p.suffix in (".xml", ".json", ".rdf")
    )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root: Path

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Quiet."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        relative = self.path.split("?", 1)[0].lstrip("/")
        path = (self.root / relative).resolve()
        if self.root not in path.parents or not path.is_file():
            body, kind, code = b"not found\n", "text/plain", 404
        else:
            body = path.read_bytes()
            kind = "application/feed+json" if path.suffix == ".json" else "application/xml"
            code = 200
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``root`` on 127.0.0.1 in a daemon thread; return the server and its base URL."""
    handler = type("Handler", (_Handler,), {"root": root.resolve()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def run_warroom(urls: list[str]) -> tuple[dict[str, list[str]], int, int, Counter[str]]:
    """Poll each URL as its own incident would, twice; return what the first poll keeps.

    Each feed is deduplicated only against itself (a fresh store per feed): the suite's files
    share titles, ids and links, and one shared store would hide most of them as duplicates of
    each other. Returns (titles per URL, crashes, mentions the second poll would add, errors).
    """
    import asyncio

    from warroom.domain.incident import FeedSource
    from warroom.domain.mentions import merge_new
    from warroom.feeds.fetch import FetchSettings
    from warroom.feeds.poller import FeedPoller, Outcome

    titles: dict[str, list[str]] = {}
    errors: Counter[str] = Counter()
    crashes = again = 0

    async def main() -> None:
        nonlocal crashes, again
        async with FeedPoller(FetchSettings(concurrency=8), parse_workers=2) as poller:

            async def one(index: int, url: str) -> None:
                nonlocal crashes, again
                source = FeedSource(f"f{index:04d}", f"f{index:04d}", url)
                first = await poller.poll([source], {}, force=True)
                for outcome in first.outcomes:
                    if outcome.outcome is Outcome.FAILED:
                        errors[outcome.error.split(":")[0]] += 1
                        crashes += "parser process died" in outcome.error
                seen: set[str] = set()
                kept = merge_new(seen, first.mentions)
                if kept:
                    titles[url] = [m.title for m in kept]
                second = await poller.poll([source], {}, force=True)
                again += len(merge_new(seen, second.mentions))

            pending = list(enumerate(urls))
            while pending:
                batch, pending = pending[:16], pending[16:]
                await asyncio.gather(*(one(i, u) for i, u in batch))

    started = time.perf_counter()
    asyncio.run(main())
    print(f"  warroom: polled {len(urls)} feeds twice in {time.perf_counter() - started:.1f} s")
    return titles, crashes, again, errors


def _newsboat_one(work: Path, index: int, url: str) -> int:
    """Reload one URL with newsboat in a cache of its own; the items it stored."""
    folder = work / f"nb{index:04d}"
    folder.mkdir()
    (folder / "urls").write_text(url + "\n")
    (folder / "config").write_text("download-timeout 60\n")
    cache = folder / "cache.db"
    subprocess.run(
        ["newsboat", "-u", "urls", "-c", "cache.db", "-C", "config", "-x", "reload"],
        cwd=folder,
        env=dict(os.environ, HOME=str(folder)),
        capture_output=True,
        check=False,
    )
    if not cache.exists():
        return 0
    with sqlite3.connect(cache) as conn:
        (count,) = conn.execute("SELECT count(*) FROM rss_item").fetchone()
    shutil.rmtree(folder, ignore_errors=True)
    return int(count)


def run_newsboat(work: Path, urls: list[str]) -> dict[str, int] | None:
    """Reload each URL with newsboat, each in a cache of its own; None when not installed."""
    if shutil.which("newsboat") is None:
        return None
    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = list(pool.map(lambda pair: _newsboat_one(work, *pair), enumerate(urls)))
    print(f"  newsboat: reloaded {len(urls)} feeds in {time.perf_counter() - started:.1f} s")
    return dict(zip(urls, counts, strict=True))


def feedparser_plain_titles(files: list[Path]) -> tuple[int, dict[Path, list[str]]]:
    """Feeds where feedparser finds entries, and its plain-text titles per file."""
    import feedparser  # type: ignore[import-untyped]

    from warroom.domain.text import inert
    from warroom.feeds.parse import TITLE_LIMIT

    with_entries = 0
    plain: dict[Path, list[str]] = {}
    for path in files:
        result = feedparser.parse(io.BytesIO(path.read_bytes()), sanitize_html=False)
        entries = result.get("entries") or []
        with_entries += bool(entries)
        for entry in entries:
            detail = entry.get("title_detail") or {}
            title = entry.get("title")
            if title and detail.get("type") == "text/plain":
                plain.setdefault(path, []).append(inert(title, limit=TITLE_LIMIT))
    return with_entries, plain


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--suite", type=Path, required=True, help="feedparser's tests/ folder")
    parser.add_argument("--no-newsboat", action="store_true", help="skip newsboat")
    args = parser.parse_args()
    suite: Path = args.suite.resolve()
    files = suite_files(suite)
    server, base = serve(suite)
    urls = [f"{base}/{p.relative_to(suite).as_posix()}" for p in files]
    by_url = dict(zip(urls, files, strict=True))
    print(f"feedparser's suite: {len(files)} feed files from {suite}")
    with tempfile.TemporaryDirectory(prefix="fp-suite-") as tmp:
        work = Path(tmp)
        titles, crashes, again, errors = run_warroom(urls)
        nb = None if args.no_newsboat else run_newsboat(work, urls)
    server.shutdown()
    fp_count, fp_plain = feedparser_plain_titles(files)
    print(f"\nfeeds with at least one stored mention, of {len(files)}:")
    print(f"  warroom     {len(titles):>5}   crashes: {crashes}; added by a second poll: {again}")
    for reason, count in errors.most_common(8):
        print(f"    ({count:>4} feeds failed: {reason})")
    if nb is not None:
        print(f"  newsboat    {sum(1 for c in nb.values() if c):>5}")
    print(f"  feedparser  {fp_count:>5}   (feeds where feedparser.parse finds entries)")
    checked = mismatched = 0
    examples: list[str] = []
    for url, path in by_url.items():
        stored = set(titles.get(url, ()))
        for title in fp_plain.get(path, ()):
            checked += 1
            if title not in stored:
                mismatched += 1
                if len(examples) < 10:
                    got = sorted(stored)[:2]
                    examples.append(f"    {path.relative_to(suite)}: {title!r} not in {got!r}")
    print(f"\nplain-text titles (feedparser's text/plain): {checked} checked, {mismatched} differ")
    print("\n".join(examples))
    return 0 if crashes == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
