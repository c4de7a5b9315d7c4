"""Pages that every visitor gets alike, rendered once per server process for what they show.

A resident's empty form (the survey's pages, the place report's form) is the same page for
everyone but for the CSRF token: it is rendered with `CSRF_PLACEHOLDER` in the token's place
and the visitor's own token is filled in per request (`with_token`). `fingerprint` turns the
rows a page is drawn from into part of its key, so an edit anywhere in them gives a new key in
every process at once and a stale page is never shown; nothing of a visitor is ever part of
a key or a page kept here.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

CSRF_PLACEHOLDER = "csrf-token-placeholder-6f1c"
MAX_PAGES = 500

_pages: "OrderedDict[Hashable, str]" = OrderedDict()
_lock = threading.Lock()


def fingerprint(*rows: models.Model) -> tuple[Any, ...]:
    """Every stored value of the rows, as a key: any edit to one of them changes it."""
    return tuple(
        (row._meta.label, *(getattr(row, field.attname) for field in row._meta.concrete_fields))
        for row in rows
    )


def rendered(key: Hashable, render: Callable[[], str]) -> str:
    """The page kept for `key`, or `render()` kept for it (the least recently used goes first)."""
    with _lock:
        html = _pages.get(key)
        if html is not None:
            _pages.move_to_end(key)
            return html
    html = render()
    with _lock:
        _pages[key] = html
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)
    return html


def reusable(request: HttpRequest) -> bool:
    """Whether the request may get a kept page: a plain GET with no message waiting to be shown."""
    return request.method == "GET" and "messages" not in request.COOKIES


def with_token(html: str, request: HttpRequest) -> HttpResponse:
    """The kept page with this visitor's CSRF token."""
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
