"""Every admin change and delete page of every registered model, for an administrator of Laholm only.

Whatever belongs to another municipality is neither shown nor changed nor deleted; what Laholm
shares with Halmstad (the police area, a colleague with roles in both) is at most shown.
"""

from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core import serializers
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tryggve.core.models import AuditEntry, Membership, Municipality, RetentionRule
from tryggve.situation.models import Theme, Weighting
from tryggve.surveys.models import Survey
from tryggve.testing import administrator, client_of, form_data

pytestmark = pytest.mark.django_db

# How each registered model belongs to municipalities, said here rather than taken from the
# admin under test: the first of the paths that finds any. None: it belongs to none (the
# installation's, for superusers only).
BELONGS_BY: dict[str, str | tuple[str, ...] | None] = {
    "auth.group": None,
    "auth.user": "memberships__municipality",
    "otp_totp.totpdevice": "user__memberships__municipality",
    "axes.accessattempt": None,
    "axes.accesslog": None,
    "axes.accessfailurelog": None,
    "core.municipality": "pk",
    "core.organisation": "municipalities",
    "core.area": "municipality",
    "core.landmark": "municipality",
    "core.cycle": "municipality",
    "core.membership": "municipality",
    # An entry without a municipality (a login) belongs where its user works.
    "core.auditentry": ("municipality", "user__memberships__municipality"),
    "core.retentionrule": "municipality",
    "surveys.survey": "municipality",
    "surveys.question": "survey__municipality",
    "surveys.response": "survey__municipality",
    "surveys.freetext": "response__survey__municipality",
    "surveys.placemark": "response__survey__municipality",
    "inputs.policeevent": "municipality",
    "inputs.category": "municipality",
    "inputs.topic": "municipality",
    "inputs.koladakpi": "municipality",
    "situation.weighting": "survey__municipality",
    "situation.situation": "municipality",
    "situation.theme": "municipality",
    "situation.nationalfigure": "municipality",
    "promises.promise": "municipality",
    "followup.activitylog": "activity__promise__municipality",
    "followup.indicator": "activity__promise__municipality",
}
# Enough objects per model to meet each way of belonging, without visiting thousands of answers.
PER_MODEL = 3


def municipalities_of(obj: Model) -> set[int]:
    paths = BELONGS_BY[obj._meta.label_lower] or ()
    for path in (paths,) if isinstance(paths, str) else paths:
        found = type(obj)._default_manager.filter(pk=obj.pk).values_list(path, flat=True)
        if ids := {pk for pk in found if pk is not None}:
            return ids
    return set()


def snapshot(obj: Model) -> Any:
    return serializers.serialize("python", type(obj)._default_manager.filter(pk=obj.pk))


def refused(response: Any) -> bool:
    """Forbidden, not found, or sent to the admin's start page as not found: never saved."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response.url == reverse("admin:index")


def not_mine(laholm: Municipality, root: User) -> dict[str, list[tuple[Model, str]]]:
    """For each registered model, objects of its admin (as a superuser sees them) that are not
    Laholm's alone: "foreign" when they have nothing to do with Laholm, "shared" when Laholm
    shares them with another municipality."""
    request = RequestFactory().get("/admin/")
    request.user = root
    found: dict[str, list[tuple[Model, str]]] = {}
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        assert label in BELONGS_BY, (
            f"{label} is registered in the admin: say how it belongs to municipalities"
        )
        kinds: dict[str, list[Model]] = {"foreign": [], "shared": []}
        for obj in model_admin.get_queryset(request).order_by("pk").iterator():
            belongs = municipalities_of(obj)
            kind = "foreign" if laholm.pk not in belongs else "shared" if belongs != {laholm.pk} else None
            if kind and len(kinds[kind]) < PER_MODEL:
                kinds[kind].append(obj)
            if all(len(objects) == PER_MODEL for objects in kinds.values()):
                break
        found[label] = [(obj, kind) for kind, objects in kinds.items() for obj in objects]
    return found


@pytest.fixture
def everything(demo: None) -> None:
    """The demo, plus one object of each registered kind the demo has none of."""
    analyst = User.objects.get(username="samordnare.halmstad")
    halmstad = Municipality.objects.get(slug="halmstad")
    Group.objects.create(name="Redaktörer")
    TOTPDevice.objects.create(user=analyst, name="Telefon")
    TOTPDevice.objects.create(user=User.objects.get(username="kommunpolis"), name="Telefon")
    AuditEntry.objects.create(
        user=analyst, username=analyst.username, municipality=halmstad, action="view", what="Händelser"
    )
    RetentionRule.objects.create(municipality=halmstad, kind="incidents", days=60, decision="KS 2024/1")
    Weighting.objects.create(survey=Survey.objects.filter(municipality=halmstad).earliest("pk"))
    Theme.objects.create(municipality=halmstad, name="Belysning", words="lampa, mörkt")
    for axes_model in (AccessAttempt, AccessLog, AccessFailureLog):
        extra = {"failures_since_start": 1} if axes_model is AccessAttempt else {}
        axes_model.objects.create(username="samordnare.halmstad", ip_address="192.0.2.1", **extra)


def test_administrator_of_one_municipality_changes_nothing_of_another_on_any_admin_page(
    everything: None,
) -> None:
    laholm = Municipality.objects.get(slug="laholm")
    # Every role in Laholm, so that no page refuses for want of a role rather than of a municipality.
    laholm_admin = client_of(administrator("admin.laholm", laholm, roles=Membership.Role.values))
    superuser = User.objects.get(username="it.admin")
    root = client_of(superuser)
    uncovered = []
    for label, objects in not_mine(laholm, superuser).items():
        if not any(kind == "foreign" for _, kind in objects):
            uncovered.append(label)
        for obj, kind in objects:
            info = obj._meta.app_label, obj._meta.model_name
            change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            delete = reverse("admin:{}_{}_delete".format(*info), args=[obj.pk])
            before = snapshot(obj)
            what = f"{label} #{obj.pk} ({kind})"

            page = laholm_admin.get(change)
            if kind == "foreign":
                assert refused(page), f"{what}: its change page was shown ({page.status_code})"
            else:
                assert refused(page) or 'name="_save"' not in page.content.decode(), f"{what}: can be saved"
            assert refused(laholm_admin.get(delete)), f"{what}: its delete page was shown"

            # What the superuser's form holds, with a text changed, sent by the Laholm administrator.
            data = submitted_change(root, change)
            assert refused(laholm_admin.post(change, data)), f"{what}: the change was taken"
            assert refused(laholm_admin.post(delete, {"post": "yes"})), f"{what}: the deletion was taken"
            changelist = reverse("admin:{}_{}_changelist".format(*info))
            bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
            laholm_admin.post(changelist, bulk)
            assert snapshot(obj) == before, f"{what}: changed"
    assert not uncovered, f"no object of another municipality to try for {uncovered}"


def submitted_change(root: Client, change: str) -> dict[str, Any]:
    page = root.get(change)
    assert page.status_code == 200, f"the superuser cannot open {change}"
    data = form_data(page)
    form = page.context["adminform"].form
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if type(field) is forms.CharField and isinstance(data.get(key), str) and data[key]:
            data[key] = f"{data[key][:-1]}!"
            break
    return data
