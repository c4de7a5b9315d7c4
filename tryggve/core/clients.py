"""Who a limit counts, and its counters: survey answers, logins, password resets.

Behind a proxy, the peer (`REMOTE_ADDR`) is the proxy, so every resident would share one
counter. `X-Forwarded-For` is believed only when the peer is one of `TRYGGVE_TRUSTED_PROXIES`;
then the right-most entry that is not itself a trusted proxy is the client. Entries further
left are whatever the client wrote and are never read. From any other peer the header is
ignored, so a forged one changes nothing.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in configured)


def parse_trusted_proxies(text: str) -> list[str]:
    """The comma-separated addresses or networks of the setting; a wrong entry stops the start."""
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as error:
            raise ValueError(f"TRYGGVE_TRUSTED_PROXIES: {entry!r} is not an address or network") from error
    return entries


def _parsed(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address the request came from, as far as our own proxies can vouch for it."""
    peer = str(request.META.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(settings.TRYGGVE_TRUSTED_PROXIES))

    def trusted(ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
        return ip is not None and any(ip in network for network in networks)

    if not trusted(_parsed(peer)):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        ip = _parsed(hop)
        if ip is None:
            # Our proxy writes addresses only; anything else came from further left. The proxy
            # is the last address anyone vouches for.
            return peer
        if not trusted(ip):
            return hop
        peer = hop
    return peer


def count(key: str, seconds: int) -> int:
    """Add one to a counter that expires `seconds` after its first use; return the new count.

    The counters live in the cache only (memcached in the documented setup, shared by every
    worker), never in the database or its backups.
    """
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
        return 1
