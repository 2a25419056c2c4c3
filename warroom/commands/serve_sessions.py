"""Browser sessions of ``warroom serve``: each with its operator's name, none reaching outside.

textual-serve runs one command for every browser, so out of the box every session would record
its changes under one name (the server's). Here each session says who it is: a reverse proxy
that authenticates sets a header (``--user-header X-Forwarded-User``), or the page asks for a
name before the dashboard opens. The name goes into the session's ``warroom open --operator``,
so the header shows it and every change records it.

textual-serve's page also loads its font from fonts.googleapis.com, which fails in an offline
war room (and tells a third party who is looking at the incident). The page is served from a
copy of textual-serve's own template with that link replaced by the font textual-serve ships.
"""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from warroom.commands.serve import build_command

__all__ = ["SessionServer", "offline_templates", "clean_operator"]

_GOOGLE_FONTS = re.compile(r'<link[^>]*href="https://fonts\.googleapis\.com[^"]*"[^>]*/?>', re.S)
_LOCAL_FONT = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf");
      }
    </style>"""


def offline_templates(folder: Path) -> Path:
    """Write textual-serve's page template, with its font served locally, into ``folder``.

    Raises:
        RuntimeError: the installed template still names an outside address (a textual-serve
            upgrade changed it): better to refuse than to leak.
    """
    import textual_serve

    source = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    page = _GOOGLE_FONTS.sub(_LOCAL_FONT, source.read_text(encoding="utf-8"))
    outside = [u for u in re.findall(r'(?:href|src)="(https?://[^"]+)"', page)]
    if outside:
        raise RuntimeError(f"textual-serve's page loads {outside[0]}; refusing to serve it")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app_index.html").write_text(page, encoding="utf-8")
    return folder


def clean_operator(name: str | None) -> str:
    """A name fit for the timeline and a shell argument: letters, digits, ``. _ @ -`` and
    spaces, at most 40 characters; empty when nothing is left."""
    kept = re.sub(r"[^\w .@-]", "", (name or "").strip(), flags=re.UNICODE)
    return re.sub(r"\s+", " ", kept).strip()[:40]


_ASK_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>warroom: who is at this keyboard?</title>
<style>
  body {{ background: #0c181f; color: #f0f0f0; font: 16px monospace; display: flex;
         align-items: center; justify-content: center; height: 100vh; margin: 0; }}
  form {{ background: #12232d; padding: 32px; max-width: 560px; }}
  input {{ font: inherit; width: 100%; margin: 12px 0; padding: 6px; }}
  button {{ font: inherit; padding: 8px 24px; }}
</style></head>
<body><form method="get" action="{action}">
  <h1>{title}</h1>
  <label for="operator">Your name: it is shown in the header and recorded with every change
  you make.</label>
  <input id="operator" name="operator" required maxlength="40" autofocus autocomplete="name">
  <button type="submit">Open the dashboard</button>
</form></body></html>
"""


class SessionServer(Server):
    """textual-serve's server, with a name per browser session and an offline page."""

    def __init__(
        self,
        db: Path,
        *,
        wall: bool,
        poll: bool,
        user_header: str | None,
        templates: Path,
        **options: Any,
    ) -> None:
        super().__init__(
            build_command(db, "NAME", wall=wall, poll=poll), templates_path=templates, **options
        )
        self.db, self.wall, self.poll, self.user_header = db, wall, poll, user_header

    def operator_for(self, request: web.Request, asked: str | None) -> str:
        """Who this session is: the proxy's header when one is configured, else what was asked."""
        if self.user_header:
            return clean_operator(request.headers.get(self.user_header))
        return clean_operator(asked)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/ws/{operator}", self.handle_websocket, name="session-websocket")
        return app

    async def handle_index(self, request: web.Request) -> Any:
        """The dashboard's page for a named operator, else a page asking for the name."""
        name = self.operator_for(request, request.query.get("operator"))
        if not name and not self.wall:
            if self.user_header:
                raise web.HTTPForbidden(text=f"no {self.user_header} header from the proxy\n")
            page = _ASK_PAGE.format(title=html.escape(self.title), action="./")
            return web.Response(text=page, content_type="text/html")
        page_context = getattr(Server.handle_index, "__wrapped__")  # noqa: B009 - the undecorated one
        context: dict[str, Any] = await page_context(self, request)
        context["app_websocket_url"] += "/" + quote(name or "wall", safe="")
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Run this session's dashboard under its operator's name (textual-serve's own loop)."""
        name = self.operator_for(request, unquote(request.match_info.get("operator", "")))
        websocket = web.WebSocketResponse(heartbeat=15)
        if not name and not self.wall:
            await websocket.prepare(request)
            await websocket.close(message=b"no operator name")
            return websocket
        command = build_command(self.db, name or "wall", wall=self.wall, poll=self.poll)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        service: AppService | None = None

        async def close() -> None:
            await websocket.close()

        try:
            await websocket.prepare(request)
            service = AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        finally:
            if service is not None:
                await service.stop()
        return websocket


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default
