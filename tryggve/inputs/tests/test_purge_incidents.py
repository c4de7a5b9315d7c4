"""purge_incidents: descriptions, addresses and positions go after the retention; counts stay."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from tryggve.inputs.models import Incident

from .conftest import Place, local


def test_expired_reports_lose_what_they_say_but_keep_what_is_counted(place: Place) -> None:
    old = place.report(place.north, local(2019, 1, 1, 12, 0), text="Krossad ruta")
    new = place.report(place.north, local(2019, 1, 2, 12, 0), text="Klotter")
    Incident.objects.filter(pk=old.pk).update(
        purge_after=timezone.localdate() - timedelta(days=1), address="Gatan 1", latitude=56.7, longitude=12.8
    )
    out = StringIO()
    call_command("purge_incidents", stdout=out)
    assert out.getvalue().strip() == "purged: 1"
    old.refresh_from_db()
    assert (old.description, old.address, old.latitude, old.purged) == ("", "", None, True)
    assert (old.category.slug, old.area) == ("graffiti", place.north)
    new.refresh_from_db()
    assert new.description == "Klotter" and not new.purged
