"""Everything Tryggve stores about one staff user, as one JSON document (GDPR right of access).

Found by following every foreign key to the user model, so a model added later is included
without a change here; rows that name the user only by user name (the audit log, failed logins)
are added by name. Secrets (the password hash, the two-factor key) are left out.
"""

import json
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q
from django.utils import timezone

# (model, field) pairs never exported: they are credentials, not information about the person.
SECRETS = {("auth.user", "password"), ("otp_totp.totpdevice", "key")}
# Models that keep a user name as text, beside or instead of a link.
BY_USERNAME = {"core.auditentry": "username", "axes.accessattempt": "username"}


def _rows(model: type[Model], query: Q) -> list[dict[str, Any]]:
    label = model._meta.label_lower
    objects = model._default_manager.filter(query).order_by("pk")
    rows = serializers.serialize("python", objects)
    for row in rows:
        for model_label, field in SECRETS:
            if model_label == label:
                row["fields"].pop(field, None)
    return rows


def collect(user: AbstractBaseUser) -> dict[str, Any]:
    user_model = get_user_model()
    found: dict[str, Any] = {
        "exported_at": timezone.now(),
        "user": _rows(user_model, Q(pk=user.pk))[0],
        "records": {},
    }
    for model in apps.get_models():
        label = model._meta.label_lower
        query = Q()
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is user_model:
                query |= Q(**{field.name: user})
        if label in BY_USERNAME:
            query |= Q(**{BY_USERNAME[label]: user.get_username()})
        if label == user_model._meta.label_lower or not query:
            continue
        rows = _rows(model, query)
        if rows:
            found["records"][label] = rows
    return found


def as_json(user: AbstractBaseUser) -> bytes:
    return json.dumps(collect(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()
