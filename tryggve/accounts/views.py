from base64 import b32encode
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tryggve.core import notices
from tryggve.core.access import AnyUser, acting_user, memberships, municipalities_for
from tryggve.core.audit import record
from tryggve.core.files import attachment
from tryggve.core.models import AuditEntry, Municipality, StaffEmail
from tryggve.core.roles import ADMINISTER, FILE_INCIDENT_REPORTS, LOG_ACTIVITIES, RECORD_DIALOGUES, RUN_EST
from tryggve.followup import reminders
from tryggve.inputs import est
from tryggve.promises.notices import waiting_for
from tryggve.surveys.models import Survey

from . import personal_data, sso, throttle, two_factor
from .forms import CodeForm, EmailChoicesForm, LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        throttle.succeeded(self.request, form.get_user().get_username(), response)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            sso=sso.enabled(),
            sso_failed=self.request.GET.get("sso") == "fel",
            slowed=getattr(self.request, "account_wait", 0),
            **kwargs,
        )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        if throttle.resets_over_limit(self.request, form.cleaned_data["email"]):
            form.add_error(None, _("Too many password reset requests. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A staff member's start page: what waits for them, the roles they hold, and where to work."""
    held = memberships(request.user).select_related("organisation", "municipality").prefetch_related("areas")
    return render(
        request,
        "accounts/home.html",
        {
            **to_do(request.user),
            "memberships": held.order_by("municipality__name", "organisation__name", "role"),
            "est": municipalities_for(request.user, *FILE_INCIDENT_REPORTS).order_by("name"),
            "dialogues": municipalities_for(request.user, *RECORD_DIALOGUES).order_by("name"),
            "followup": municipalities_for(request.user, *LOG_ACTIVITIES).order_by("name"),
            "promises": municipalities_for(request.user).order_by("name"),
            "surveys": Survey.objects.filter(municipality__in=municipalities_for(request.user))
            .select_related("municipality")
            .order_by("municipality__name", "-year", "slug"),
            "two_factor_on": two_factor.enrolled(request.user),
            "administered": (
                Municipality.objects.order_by("name")
                if request.user.is_superuser
                else municipalities_for(request.user, *ADMINISTER).order_by("name")
            ),
        },
    )


def to_do(user: AnyUser) -> dict[str, Any]:
    """What waits for the user, from their own memberships: promises to review, adopt or
    publish, their organisations' late safety-walk measures, the activities they log that are
    late, and the EST weeks whose meeting is not recorded where they run EST."""
    today = timezone.localdate()
    running_est = Municipality.objects.filter(pk__in=memberships(user, *RUN_EST).values("municipality_id"))
    weeks = [
        (place, monday.isocalendar())
        for place in running_est.order_by("name")
        for monday in est.weeks_without_meeting(place, today)
    ]
    found = {
        "waiting": waiting_for(user),
        "measures": [(m, reminders.is_overdue(m, today)) for m in reminders.measures_for(user, today)],
        "late_activities": reminders.activities_for(user, today),
        "est_weeks": weeks,
    }
    return {
        **found,
        "nothing_to_do": not any(found.values()),
        "quiet_days": reminders.QUIET_DAYS,
        "several_places": memberships(user).values("municipality_id").distinct().count() > 1,
    }


@login_required
def email_choices(request: HttpRequest) -> HttpResponse:
    """Under *Ditt konto*: which kinds of e-mail the user gets."""
    user = acting_user(request.user)
    if user is None:  # login_required lets only users through; this tells mypy
        raise PermissionDenied
    initial = [kind for kind in StaffEmail.values if kind not in notices.turned_off(user)]
    form = EmailChoicesForm(request.POST or None, initial={"wanted": initial})
    if request.method == "POST" and form.is_valid():
        notices.choose(user, form.cleaned_data["wanted"])
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("accounts:email")
    return render(request, "accounts/email.html", {"form": form, "has_address": bool(user.email)})


def _next(request: HttpRequest) -> HttpResponseRedirect:
    """Back to where the user was going, if that is on this site."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect("accounts:home")
    return HttpResponseRedirect(target)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: the code from the authenticator app."""
    device = next(iter(devices_for_user(request.user, confirmed=True)), None)
    if device is None or two_factor.verified(request):
        return _next(request)
    form = CodeForm(device, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            return _next(request)
        record(request, None, AuditEntry.Action.TWO_FACTOR_FAILED, _("Wrong two-factor code"), 0)
    return render(request, "accounts/verify.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Turn two-factor login on (scan a QR code, confirm with a first code), or off where allowed."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    required = two_factor.required(user)
    if confirmed is not None:
        if not two_factor.verified(request):
            return redirect("accounts:verify")
        form = CodeForm(confirmed, request.POST or None)
        if request.method == "POST" and not required and form.is_valid():
            TOTPDevice.objects.filter(user_id=user.pk).delete()
            record(request, None, AuditEntry.Action.TWO_FACTOR_OFF, _("Turned two-factor login off"), 0)
            return redirect("accounts:home")
        return render(request, "accounts/two_factor.html", {"on": True, "required": required, "form": form})

    device, _created = TOTPDevice.objects.get_or_create(
        user_id=user.pk, confirmed=False, defaults={"name": "Tryggve"}
    )
    form = CodeForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        record(request, None, AuditEntry.Action.TWO_FACTOR_ON, _("Turned two-factor login on"), 0)
        return _next(request)
    key = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor.html",
        {
            "on": False,
            "required": required,
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_inline(
                scale=4, title=_("QR code for your authenticator app")
            ),
            # Grouped in fours so it can be typed into an app by hand.
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
            "next": request.GET.get("next", ""),
        },
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """A staff member downloads everything Tryggve stores about them."""
    user = acting_user(request.user)
    if user is None:  # login_required lets only users through; this tells mypy
        raise PermissionDenied
    record(request, None, AuditEntry.Action.EXPORT, _("Downloaded their own stored data"), 1)
    filename = f"tryggve-{user.get_username()}-{timezone.localdate():%Y-%m-%d}.json"
    return attachment(personal_data.as_json(user), "application/json", filename)
