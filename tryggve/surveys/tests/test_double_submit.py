"""Two sends of the same last page at the same moment store one response (real threads, real server)."""

import threading
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tryggve.core.models import Area
from tryggve.surveys.models import Response, Survey

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_sends_of_one_draft_store_one_response(live_server: Any, fresh_demo: None) -> None:
    import http.cookiejar
    import urllib.parse
    import urllib.request

    survey = Survey.objects.get(municipality__slug="halmstad", slug="trygghetsmatning")
    base = live_server.url + reverse("surveys:start", args=["halmstad", survey.slug])
    client = Client()
    client.post(reverse("surveys:start", args=["halmstad", survey.slug]))
    area = Area.objects.get(slug="vallas").pk
    for number, fields in ((1, {"area": area, "age_band": 2}), (2, {"unsafe_alone_evening": 2})):
        client.post(reverse("surveys:page", args=["halmstad", survey.slug, number]), fields)
    cookie = client.cookies[f"tryggve-survey-halmstad-{survey.slug}"].value
    before = Response.objects.filter(survey=survey).count()

    def send() -> int:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        # Django's CSRF check needs the cookie and the same token in the form.
        opener.addheaders = [
            ("Cookie", f"tryggve-survey-halmstad-{survey.slug}={cookie}; csrftoken={'x' * 32}")
        ]
        body = urllib.parse.urlencode({"action": "submit", "csrfmiddlewaretoken": "x" * 32}).encode()
        try:
            with opener.open(base + "steg/5/", body) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    statuses: list[int] = []
    threads = [threading.Thread(target=lambda: statuses.append(send())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(status == 200 for status in statuses), statuses  # redirected to the thank-you page
    assert Response.objects.filter(survey=survey).count() == before + 1
