"""The visitor's address (rate limits, the sender hash of a comment) cannot be chosen by the visitor.

NUM_PROXIES says how many of our own proxies stand in front of the site. Without one, the
X-Forwarded-For header is whatever the client sent and is ignored; behind nginx, only the entry
nginx appended (the last) is the visitor's address.
"""

from django.test import RequestFactory, override_settings

from core.http import client_address

NGINX = "127.0.0.1"
VISITOR = "203.0.113.7"
SPOOFED = "198.51.100.66"


def request(**meta):
    return RequestFactory().get("/", **meta)


@override_settings(NUM_PROXIES=0)
def test_without_a_proxy_the_connection_address_is_used_and_a_forwarded_header_ignored():
    assert client_address(request(REMOTE_ADDR=VISITOR)) == VISITOR
    # A client that writes its own X-Forwarded-For does not get to choose its address.
    assert client_address(request(REMOTE_ADDR=VISITOR, HTTP_X_FORWARDED_FOR=SPOOFED)) == VISITOR


@override_settings(NUM_PROXIES=1)
def test_behind_nginx_the_address_nginx_appended_is_used_not_a_spoofed_first_entry():
    # The client sent "X-Forwarded-For: 198.51.100.66"; nginx appended the address it saw.
    spoofed_then_real = request(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"{SPOOFED}, {VISITOR}")
    assert client_address(spoofed_then_real) == VISITOR
    assert client_address(request(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=VISITOR)) == VISITOR


@override_settings(NUM_PROXIES=1)
def test_behind_nginx_without_the_header_the_connection_address_is_used():
    assert client_address(request(REMOTE_ADDR=VISITOR)) == VISITOR
    assert client_address(request(REMOTE_ADDR=VISITOR, HTTP_X_FORWARDED_FOR=" , ")) == VISITOR
