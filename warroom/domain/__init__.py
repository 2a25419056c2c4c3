"""The domain: plain dataclasses and functions, importing only the standard library.

Nothing here may import Textual, TinyDB, httpx or feedparser; a test checks ``sys.modules``.
"""
