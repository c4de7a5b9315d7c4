"""What the lägesbild tests share: logging in, the demo survey, reading the CSV download."""

import csv
import io
from typing import Any, cast

from django.contrib.auth.models import User
from django.test import Client

from tryggve.situation import builder, publication
from tryggve.surveys.models import Survey

STAFF_URL = "/halmstad/lagesbild/2019/personal/"
PUBLIC_URL = "/halmstad/lagesbild/2019/"


def login(client: Client, username: str) -> Client:
    client.force_login(User.objects.get(username=username))
    return client


def survey_2019() -> Survey:
    return Survey.objects.get(municipality__slug="halmstad", slug="trygghetsmatning-2019")


def table(content: bytes) -> list[dict[str, Any]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def built(survey: Survey, focus: list[int] | None = None) -> dict[str, Any]:
    """The live picture (shape.Picture), as a plain dict for tests that read into it."""
    return cast(dict[str, Any], builder.build(survey, focus))


def public_of(data: Any) -> dict[str, Any]:
    """The public form of a picture (shape.PublicPicture), as a plain dict."""
    return cast(dict[str, Any], publication.public(data))
