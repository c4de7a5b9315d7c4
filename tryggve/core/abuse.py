"""Abuse protection that never learns who sent something (survey answers, place reports).

A client is counted under a salted hash of its address (as seen through the trusted proxies,
`core.clients`). The salt is derived from the secret key and today's date, so yesterday's
hashes cannot be recomputed once the day has passed and the key is rotated, and the counters
live only in the cache, never in the database.
"""

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from tryggve.core.clients import client_address, count

WINDOW_SECONDS = 60 * 60


def daily_hash(purpose: str, *parts: str) -> str:
    """The parts under today's salt for one purpose: nothing that can be traced back tomorrow."""
    salt = hmac.new(
        settings.SECRET_KEY.encode(), f"{purpose}:{timezone.localdate().isoformat()}".encode(), "sha256"
    ).digest()
    return hmac.new(salt, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()[:32]


def client_over_limit(request: HttpRequest, purpose: str, scope: str, limit: int) -> bool:
    """Count one sending from this client for `purpose` in `scope` (a survey, a municipality);
    True when it is over `limit` within the hour."""
    key = f"{purpose}-client:" + daily_hash(f"{purpose}-abuse", scope, client_address(request))
    return count(key, WINDOW_SECONDS) > limit


def identical_over_limit(purpose: str, scope: str, fingerprint: str, limit: int) -> bool:
    """Count one sending with this exact content; True when more than `limit` arrived within the hour."""
    key = f"{purpose}-same:" + daily_hash(f"{purpose}-abuse", scope, fingerprint)
    return count(key, WINDOW_SECONDS) > limit
