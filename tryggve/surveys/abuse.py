"""Abuse protection that never learns who answered.

A client is counted under a salted hash of its address. The salt is derived from the secret
key and today's date, so yesterday's hashes cannot be recomputed once the day has passed
and the key is rotated, and the counters live only in the cache, never in the database.
"""

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from tryggve.core.clients import client_address, count

WINDOW_SECONDS = 60 * 60


def _daily_hash(*parts: str) -> str:
    salt = hmac.new(
        settings.SECRET_KEY.encode(), f"survey-abuse:{timezone.localdate().isoformat()}".encode(), "sha256"
    ).digest()
    return hmac.new(salt, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()[:32]


def client_over_limit(request: HttpRequest, survey_id: int) -> bool:
    """Count a submission from this client; True when it is over the hourly limit."""
    key = "survey-client:" + _daily_hash(str(survey_id), client_address(request))
    return count(key, WINDOW_SECONDS) > settings.SURVEY_SUBMISSIONS_PER_CLIENT_PER_HOUR


def identical_burst(survey_id: int, answers: dict[str, Any]) -> bool:
    """Count these exact answers; True when too many identical ones arrived within the hour."""
    fingerprint = json.dumps(answers, sort_keys=True, separators=(",", ":"))
    key = "survey-same:" + _daily_hash(str(survey_id), fingerprint)
    return count(key, WINDOW_SECONDS) > settings.SURVEY_IDENTICAL_SUBMISSIONS_PER_HOUR
