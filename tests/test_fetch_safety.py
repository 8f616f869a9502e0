"""What storyline refuses to fetch (#18): schemes other than http(s), and addresses outside
the public internet, whether written in the URL, reached by a redirect, or behind a host name.
Nothing here connects anywhere but the test site on 127.0.0.1."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest

from fetchserver import Site, redirect, serve
from storyline.fetch import Fetcher, FetchOptions, Refused
from storyline.fetch.safety import public_only

QUICK = FetchOptions(host_interval=0, timeout=0.5, retries=0)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.0.0.1", "a private address"),
        ("172.16.5.4", "a private address"),
        ("192.168.1.1", "a private address"),
        ("127.0.0.1", "a loopback address"),
        ("169.254.169.254", "a link-local address"),
        ("0.0.0.0", "an unspecified address"),
        ("224.0.0.1", "a multicast address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "not a public address"),
        ("::1", "a loopback address"),
        ("fe80::1", "a link-local address"),
        ("fc00::1", "a private address"),
        ("::ffff:10.0.0.1", "a private address"),  # IPv4 mapped into IPv6
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_only_public_addresses_pass(address: str, kind: str | None) -> None:
    said = public_only(ipaddress.ip_address(address))
    assert said == kind


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    with serve(s):
        s.routes["/to-file"] = redirect("file:///etc/passwd")
        yield s


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://localhost:{port}/news.html", "refused: localhost resolves to "),
        ("http://[::ffff:127.0.0.1]:{port}/news.html", "refused: ::ffff:7f00:1 is a loopback"),
        ("http://127.1:{port}/news.html", "refused: "),
        ("ftp://127.0.0.1/news.txt", "only http and https URLs are fetched, not 'ftp'"),
        ("http://:80/news.html", "the URL has no host"),
    ],
)
def test_refused_before_any_request(site: Site, url: str, reason: str) -> None:
    port = site.base.rsplit(":", 1)[1]
    with Fetcher(QUICK) as fetcher, pytest.raises(Refused) as refused:
        fetcher.get(url.format(port=port))
    assert str(refused.value).startswith(reason)
    assert site.log == []


def test_a_redirect_to_another_scheme_is_refused(site: Site) -> None:
    options = FetchOptions(host_interval=0, timeout=0.5, retries=0, allow_private=True)
    with Fetcher(options) as fetcher, pytest.raises(Refused, match="not 'file'"):
        fetcher.get(site.base + "/to-file")
    assert site.log == ["/to-file"]
