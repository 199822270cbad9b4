"""Who the client is and which origin it asked for, through the proxies this deployment trusts.

`X-Forwarded-For` / `X-Forwarded-Proto` / `X-Forwarded-Host` and `Forwarded` (RFC 7239) are read
only when the socket peer is one of `OPENWFO_TRUSTED_PROXIES` (addresses or networks); anyone
else could write them. The client is the right-most address of the chain that is not itself a
trusted proxy (each proxy appends the peer it saw, so everything left of the last trusted hop may
be made up by the client). Scheme and host are the ones the client used at the first proxy (the
left-most values).

Origins (`scheme://host[:port]`) are compared normalised: lower case, default port dropped.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as proxies write it: bare, "[v6]", "v4:port", "[v6]:port", quoted; None if not one."""
    value = text.strip().strip('"').strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # IPv4 with a port (a bare IPv6 address has several colons)
        value = value.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        return None
    mapped = getattr(ip, "ipv4_mapped", None)
    return mapped or ip


class TrustedProxies:
    """The proxies whose forwarding headers are believed (empty: none)."""

    def __init__(self, spec: str | Iterable[str] | None = None):
        items = spec.split(",") if isinstance(spec, str) else list(spec or ())
        self.networks: list[IPNetwork] = []
        for item in items:
            item = item.strip()
            if not item:
                continue
            try:
                self.networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise ValueError(f"OPENWFO_TRUSTED_PROXIES: '{item}' is not an IP address or network") from None

    def __bool__(self) -> bool:
        return bool(self.networks)

    def trusts(self, address: str | None) -> bool:
        if not self.networks or not address:
            return False
        ip = parse_ip(address)
        return ip is not None and any(ip.version == n.version and ip in n for n in self.networks)

    def client_address(self, peer: str, chain: list[str]) -> str:
        """The right-most address of `chain` (+ the peer) that is not a trusted proxy."""
        for hop in reversed(chain):
            ip = parse_ip(hop)
            if ip is None:
                return hop.strip().strip('"')[:64] or peer
            if not self.trusts(str(ip)):
                return str(ip)
        # Every hop is a proxy we trust: the left-most is the closest we know to the client.
        first = parse_ip(chain[0]) if chain else None
        return str(first) if first else peer

    def resolve(self, peer: str | None, headers: dict[bytes, bytes]) -> tuple[str | None, str | None, str | None]:
        """(client address, scheme, host) for a request from `peer`; scheme/host None when not forwarded."""
        if not self.trusts(peer):
            return peer, None, None
        forwarded = _parse_forwarded(_text(headers.get(b"forwarded")))
        chain = [h for h in _text(headers.get(b"x-forwarded-for")).split(",") if h.strip()]
        if not chain:
            chain = [e["for"] for e in forwarded if e.get("for")]
        first = forwarded[0] if forwarded else {}
        proto = (_first(headers.get(b"x-forwarded-proto")) or first.get("proto", "")).lower()
        host = _first(headers.get(b"x-forwarded-host")) or first.get("host") or None
        address = self.client_address(peer, chain) if chain else peer
        return address, (proto if proto in _DEFAULT_PORTS else None), host


def _text(value: bytes | None) -> str:
    return value.decode("latin-1") if value else ""


def _first(value: bytes | None) -> str:
    return _text(value).split(",")[0].strip()


def _parse_forwarded(value: str) -> list[dict[str, str]]:
    """RFC 7239 elements, in order: [{"for": ..., "proto": ..., "host": ...}, ...]."""
    out = []
    for element in value.split(","):
        pairs = {}
        for pair in element.split(";"):
            name, sep, val = pair.partition("=")
            if sep:
                pairs[name.strip().lower()] = val.strip().strip('"')
        if pairs:
            out.append(pairs)
    return out


def normalise_origin(value: str) -> str | None:
    """`scheme://host[:port]` in canonical form, or None when `value` is not an http(s) origin or URL."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}" + ("" if port in (None, _DEFAULT_PORTS[scheme]) else f":{port}")


def own_origin(scheme: str, host_header: str | None) -> str | None:
    """The origin a browser names for this server, from the request's scheme and Host."""
    if not host_header:
        return None
    return normalise_origin(f"{scheme}://{host_header.strip()}")


def allowed_origins(spec: str | None) -> frozenset[str]:
    """OPENWFO_ALLOWED_ORIGINS (comma-separated origins) normalised; a malformed entry is an error."""
    out = set()
    for item in (spec or "").split(","):
        if not item.strip():
            continue
        origin = normalise_origin(item)
        if origin is None:
            raise ValueError(f"OPENWFO_ALLOWED_ORIGINS: '{item.strip()}' is not an origin such as https://wfo.example.com")
        out.add(origin)
    return frozenset(out)
