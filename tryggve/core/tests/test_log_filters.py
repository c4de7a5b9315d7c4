"""Django's own log leaves residents' requests out (deploy/nginx/tryggve.conf does the same for
nginx's access log): a report not yet public, followed by its sender, leaves no timed line."""

import io
import logging
from collections.abc import Iterator

import pytest
from django.test import Client

from tryggve.core.log_filters import ResidentRequestsLeftOut
from tryggve.testing import small_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal() -> Iterator[io.StringIO]:
    """What the configured console handler (gunicorn sends it to the journal) writes."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler)
        and any(isinstance(each, ResidentRequestsLeftOut) for each in handler.filters)
    )
    written = io.StringIO()
    before = handler.setStream(written)
    try:
        yield written
    finally:
        handler.setStream(before)


def test_a_residents_missing_report_or_survey_is_left_out_and_staff_pages_are_not(
    journal: io.StringIO,
) -> None:
    small_municipality()
    client = Client()
    for path in (
        "/testkommun/rapporterade-platser/3475000773022163005/",
        "/ar/testkommun/rapporterade-platser/3475000773022163005/",
        "/api/v1/municipalities/testkommun/place-reports/3475000773022163005",
        "/testkommun/enkat/ingen-sadan/",
    ):
        assert client.get(path).status_code == 404, path
    assert journal.getvalue() == ""
    assert client.get("/testkommun/lagesbild/1999/").status_code == 404
    assert "Not Found: /testkommun/lagesbild/1999/" in journal.getvalue()
