"""Which address the limits count: the peer, unless it is one of our own proxies."""

import pytest
from django.test import RequestFactory, override_settings

from tryggve.core.clients import client_address, parse_trusted_proxies


def address(peer: str, forwarded: str | None = None) -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=peer)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(request)


def test_without_trusted_proxies_a_forwarded_header_is_ignored() -> None:
    assert address("198.51.100.7", "203.0.113.1") == "198.51.100.7"


@override_settings(TRYGGVE_TRUSTED_PROXIES=["127.0.0.1"])
def test_a_forged_header_from_an_untrusted_peer_is_ignored() -> None:
    assert address("198.51.100.7", "203.0.113.1, 127.0.0.1") == "198.51.100.7"


@override_settings(TRYGGVE_TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_the_trusted_proxy_the_client_is_the_address_it_added() -> None:
    assert address("127.0.0.1", "203.0.113.1") == "203.0.113.1"
    # What the client wrote itself stands further left and is never believed.
    assert address("127.0.0.1", "10.9.9.9, 203.0.113.1") == "203.0.113.1"


@override_settings(TRYGGVE_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8", "2001:db8::/32"])
def test_a_chain_of_trusted_proxies_is_walked_from_the_right() -> None:
    assert address("127.0.0.1", "203.0.113.1, 10.1.2.3") == "203.0.113.1"
    assert address("2001:db8::1", "2001:db8::2, 2001:db8:ffff::1") == "2001:db8::2"
    assert address("127.0.0.1", "2a00:1450::1, 10.1.2.3") == "2a00:1450::1"
    # Only our own proxies in the header: the left-most of them is as far as anyone vouches.
    assert address("127.0.0.1", "10.1.2.3") == "10.1.2.3"


@override_settings(TRYGGVE_TRUSTED_PROXIES=["127.0.0.1"])
def test_garbage_in_the_header_counts_as_the_proxy_not_as_a_new_client() -> None:
    assert address("127.0.0.1", "not-an-address") == "127.0.0.1"
    assert address("127.0.0.1", "") == "127.0.0.1"
    assert address("127.0.0.1") == "127.0.0.1"


def test_the_setting_takes_addresses_and_networks_and_refuses_anything_else() -> None:
    assert parse_trusted_proxies(" 127.0.0.1, 10.0.0.0/8 ,::1,") == ["127.0.0.1", "10.0.0.0/8", "::1"]
    assert parse_trusted_proxies("") == []
    with pytest.raises(ValueError, match="'nginx' is not an address"):
        parse_trusted_proxies("127.0.0.1,nginx")
