import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from tryggve.surveys.definition import build_survey
from tryggve.surveys.standard_questions import TEMPLATE
from tryggve.testing import Neighbours

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db: None) -> User:
    return User.objects.create_user("analytiker", "analytiker@kommun.example", "ett-langt-losenord-2026")


def test_staff_log_in_and_see_their_roles(client: Client, neighbours: Neighbours) -> None:
    user = neighbours.police_analyst  # an analyst in both municipalities, through the police area
    user.first_name, user.last_name = "Kim", "Exempel"
    user.set_password("ett-langt-losenord-2026")
    user.save()
    build_survey(
        TEMPLATE,
        municipality=neighbours.halmstad,
        year=2019,
        slug="trygghetsmatning-2019",
        opens=date(2019, 10, 28),
        closes=date(2019, 11, 24),
    )
    response = client.post(
        "/konto/logga-in/", {"username": "kommunpolis", "password": "ett-langt-losenord-2026"}, follow=True
    )
    html = response.content.decode()
    assert "Välkommen, Kim Exempel" in html
    assert "Analytiker för Lokalpolisområde Halmstad-Laholm i Halmstad" in html
    assert "Analytiker för Lokalpolisområde Halmstad-Laholm i Laholm" in html
    # The surveys of their municipalities, with a link to the responses so far.
    assert 'href="/halmstad/enkat/trygghetsmatning-2019/personal/"' in html


def test_wrong_password_is_told_in_swedish(client: Client, staff: User) -> None:
    response = client.post("/konto/logga-in/", {"username": "analytiker", "password": "fel"})
    assert "Användarnamnet eller lösenordet är fel." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_forgotten_password_is_reset_by_email(client: Client, staff: User) -> None:
    response = client.post("/konto/losenord/", {"email": "analytiker@kommun.example"}, follow=True)
    assert "Titta i din e-post" in response.content.decode()
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/konto/losenord/nytt/\S+/)", str(mail.outbox[0].body))
    assert link, mail.outbox[0].body
    form = client.get(link.group(1), follow=True)
    new = "ett-helt-nytt-losenord-2026"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "Lösenordet är bytt" in done.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(new)
    assert staff.password.startswith("argon2")


def test_unknown_address_sends_nothing_and_reveals_nothing(client: Client, staff: User) -> None:
    response = client.post("/konto/losenord/", {"email": "okand@kommun.example"}, follow=True)
    assert "Titta i din e-post" in response.content.decode()
    assert mail.outbox == []


def test_admin_login_offers_password_reset(client: Client, db: None) -> None:
    assert "/admin/password_reset/" in client.get("/admin/login/").content.decode()
    assert client.get("/admin/password_reset/")["Location"] == "/konto/losenord/"


def test_start_page_needs_login(client: Client, db: None) -> None:
    response = client.get("/konto/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")
