from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from tryggve.core.models import StaffEmail


class CodeForm(forms.Form):
    """A six-digit code from the user's authenticator app, checked against their device."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}),
    )

    def __init__(self, device: TOTPDevice, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.device = device

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(_("Too many wrong codes. Wait a minute and try again."))
        if not code.isdigit() or not self.device.verify_token(code):
            raise forms.ValidationError(
                _("The code is wrong or too old. Check that your phone's clock is right and try again.")
            )
        return code


class LoginForm(AuthenticationForm):
    """The login form, saying so when the account's logins are being slowed down (accounts.throttle)."""

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            wait = getattr(self.request, "account_wait", 0)
            if not wait:
                raise
            raise ValidationError(
                ngettext(
                    "There have been many failed logins to this account. Wait %(seconds)d second "
                    "and try again.",
                    "There have been many failed logins to this account. Wait %(seconds)d seconds "
                    "and try again.",
                    wait,
                )
                % {"seconds": wait},
                code="slowed",
            ) from None


class EmailChoicesForm(forms.Form):
    """Which kinds of e-mail the user gets: each one ticked is on."""

    wanted = forms.MultipleChoiceField(
        label=_("E-mails you get"),
        choices=StaffEmail.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
