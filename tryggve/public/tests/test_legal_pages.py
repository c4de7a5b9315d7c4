"""Each municipality's privacy notice and accessibility statement, linked from every page."""

import pytest
from django.test import Client

from tryggve.core.models import Municipality
from tryggve.testing import assert_valid_html


@pytest.fixture
def halmstad(db: None) -> Municipality:
    return Municipality.objects.create(
        name="Halmstad", official_name="Halmstads kommun", slug="halmstad", contact_phone="035-13 70 00"
    )


def test_the_standard_texts_name_the_municipality_and_the_authorities(
    client: Client, halmstad: Municipality
) -> None:
    privacy = client.get("/halmstad/personuppgifter/")
    assert_valid_html(privacy.content)
    page = privacy.content.decode()
    assert "Halmstads kommun är personuppgiftsansvarig" in page
    assert "Integritetsskyddsmyndigheten" in page and "90 dagar" in page
    # What a survey draft holds, and for how long.
    assert "bara dina svar hittills" in page and "efter 48 timmar eller när enkäten stänger" in page
    assert "Utkast ingår aldrig i säkerhetskopior" in page
    statement = client.get("/halmstad/tillganglighet/").content.decode()
    assert "lag 2018:1937" in statement and "DIGG" in statement and "035-13 70 00" in statement
    home = client.get("/halmstad/").content.decode()
    assert 'href="/halmstad/personuppgifter/"' in home and 'href="/halmstad/tillganglighet/"' in home


def test_administrators_replace_the_standard_texts(client: Client, halmstad: Municipality) -> None:
    Municipality.objects.filter(slug="halmstad").update(
        privacy_notice_sv="Vår egen policy.\n\nAndra stycket.", accessibility_statement_sv="Vår redogörelse."
    )
    page = client.get("/halmstad/personuppgifter/").content.decode()
    assert "<p>Vår egen policy.</p>" in page and "Integritetsskyddsmyndigheten" not in page
    assert "Vår redogörelse." in client.get("/halmstad/tillganglighet/").content.decode()
    assert client.get("/ingenstans/personuppgifter/").status_code == 404
