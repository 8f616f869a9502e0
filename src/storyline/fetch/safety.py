"""Which URLs and addresses storyline may fetch at all.

A feed or a sitemap is written by someone else, and each link in it makes storyline send a
request: without a check, a feed item pointing at ``http://10.0.0.1/admin`` or at a cloud
metadata address (``169.254.169.254``) would make storyline fetch the user's intranet. So:

* only ``http`` and ``https`` URLs are fetched (``check_url``);
* every address a host name resolves to is checked at connection time, on every request and
  every redirect hop (``GuardedBackend``, the network backend of storyline's HTTP client),
  and the connection goes to the very address that was checked, so a name that resolves to a
  public address for a check and a private one for the connection cannot slip through;
* private, loopback, link-local, unspecified, multicast and reserved addresses (IPv4 and IPv6,
  an IPv4 address mapped into IPv6 judged as the IPv4 one) are refused unless the user allows
  them (``--allow-private``).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore

from storyline.errors import StorylineError

__all__ = [
    "AddressPolicy", "FetchError", "GuardedBackend", "Refused", "allow_all", "check_url",
    "public_only",
]  # fmt: skip

#: The URL schemes storyline fetches.
SCHEMES = ("http", "https")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: Why an address may not be fetched ("a private address"), or None when it may.
AddressPolicy = Callable[[IPAddress], str | None]

_HINT = "use --allow-private to fetch it"


class FetchError(StorylineError):
    """One URL could not be fetched; ``str()`` is the reason (the URL is said by the caller)."""


class Refused(FetchError):
    """A URL storyline will not fetch (scheme, private address, robots.txt): never retried."""


def public_only(ip: IPAddress) -> str | None:
    """The default policy: only addresses of the public internet."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("a loopback address", ip.is_loopback),
        ("a link-local address", ip.is_link_local),
        ("an unspecified address", ip.is_unspecified),
        ("a multicast address", ip.is_multicast),
        ("a reserved address", ip.is_reserved),
        ("a private address", ip.is_private),
    ):
        if flag:
            return kind
    if not ip.is_global:  # shared address space (100.64/10) and the like
        return "not a public address"
    return None


def allow_all(ip: IPAddress) -> str | None:
    """The policy of ``--allow-private``: any address."""
    return None


def check_url(url: str) -> str:
    """``url`` if storyline may request it (http or https, with a host); else ``Refused``."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 (raises ValueError on a port out of range)
    except ValueError as exc:
        raise Refused(f"not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in SCHEMES:
        raise Refused(f"only http and https URLs are fetched, not {parts.scheme or 'this'!r}")
    if not host:
        raise Refused("the URL has no host")
    return url


def _is_name(host: str) -> bool:
    """True for a host name, False for a literal address."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return True
    return False


def _addresses(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (a literal address is itself)."""
    if not _is_name(host):
        return [ipaddress.ip_address(host.strip("[]"))]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from exc
    found: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if ip not in found:
            found.append(ip)
    return found


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend, resolving host names itself: each address is checked
    against ``policy`` and the connection goes to a checked address. A host with any refused
    address is refused (its other addresses could be chosen on the next connection)."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self.inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _addresses(host, port)
        named = _is_name(host)
        for ip in addresses:
            if (why := self.policy(ip)) is not None:
                said = f"{host} resolves to {ip}, {why}" if named else f"{ip} is {why}"
                raise Refused(f"refused: {said}; {_HINT}")
        problem: Exception | None = None
        for ip in addresses:
            try:
                return self.inner.connect_tcp(str(ip), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:  # try the host's next address
                problem = exc
        assert problem is not None
        raise problem

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise Refused("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)
