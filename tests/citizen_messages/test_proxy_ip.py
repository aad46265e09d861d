from django.test import RequestFactory

from accounts.http import client_ip


def test_without_a_proxy_the_socket_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.9"


def test_behind_one_proxy_the_address_nginx_saw_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # A citizen cannot dodge the per-address limit by sending a forged header: nginx appends the
    # real address last, and that is the one used.
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


def test_missing_header_falls_back_to_the_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
