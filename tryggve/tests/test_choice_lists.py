"""No choice list shows Django's "---------" (issue 26): each names its empty choice ("Välj …",
"Alla", "Ingen") or has none.

The demo's pages as a resident and as each demo staff user, reached as they reach them: from the
start pages, following every link and GET form, one page per URL pattern (and set of query
names), and the editor of a new draft of Halmstad's promise, as an analyst opens it from the
published one. Django's own admin is left out: its lists are Django's.
"""

import re
from collections import deque

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import Resolver404, resolve

from tryggve.promises.models import Promise
from tryggve.promises.workflow import new_version

ROLES = [None, "samordnare.halmstad", "kommunpolis", "hfab.rapportor", "ks.ordforande", "it.admin"]
START_PAGES = ["/", "/halmstad/", "/laholm/", "/konto/"]
LEFT_OUT = ("/admin/", "/api/", "/static/", "/media/", "/konto/logga-ut/")
DOWNLOADS = (".csv", ".xlsx", ".json", ".pdf", ".zip", ".atom", ".css", ".geojson")
LINK = re.compile(r'<a\b[^>]*\bhref="(?P<href>/[^"#]*)"')
GET_FORM = re.compile(r'<form\b(?![^>]*method="post")[^>]*\baction="(?P<href>/[^"#]*)"', re.IGNORECASE)
SELECT = re.compile(r'<select\b[^>]*\bname="([^"]+)"')
DASHES = re.compile(r"<option\b[^>]*>\s*-{3,}\s*</option>")


def pattern(path: str) -> tuple[str, frozenset[str]] | None:
    """One page per URL pattern and set of query names; None for what is not crawled."""
    where, _, query = path.partition("?")
    if where.startswith(LEFT_OUT) or where.endswith(DOWNLOADS):
        return None
    try:
        route = resolve(where).route
    except Resolver404:
        return None
    return route, frozenset(part.split("=")[0] for part in query.replace("&amp;", "&").split("&") if part)


def draft_pages() -> list[str]:
    """The pages of a promise's draft: the promise, a new activity, the evidence behind it."""
    published = Promise.objects.filter(municipality__slug="halmstad", status=Promise.Status.PUBLISHED).get()
    draft = new_version(published, None)
    editor = f"/halmstad/medborgarloften/personal/{draft.pk}"
    activity = draft.activities.first()
    assert activity is not None
    return [
        f"{editor}/redigera/",
        f"{editor}/aktiviteter/ny/",
        f"{editor}/aktiviteter/{activity.pk}/",
        f"{editor}/underlag/",
    ]


def dashes_seen_by(username: str | None) -> tuple[list[str], int]:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    queue, seen, found, visited = deque(START_PAGES + draft_pages()), set(), [], 0
    while queue:
        path = queue.popleft()
        key = pattern(path)
        if key is None or key in seen:
            continue
        seen.add(key)
        response = client.get(path.replace("&amp;", "&"), follow=True)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        visited += 1
        html = response.content.decode()
        if DASHES.search(html):
            selects = sorted(set(SELECT.findall(html)))
            found.append(f"{path}: {', '.join(selects)}")
        queue.extend(match["href"] for regex in (LINK, GET_FORM) for match in regex.finditer(html))
    return found, visited


@pytest.mark.parametrize("username", ROLES, ids=lambda name: name or "anonymous")
def test_no_choice_list_offers_dashes(demo: None, username: str | None) -> None:
    found, visited = dashes_seen_by(username)
    assert found == []
    assert visited > 3
