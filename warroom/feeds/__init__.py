"""Feeds: fetch (httpx), parse (feedparser, off the UI's loop), poll on each feed's interval.

Modules here import httpx/feedparser lazily where they can: a warm poll (every feed answers
304) must not pay for feedparser's import.
"""
