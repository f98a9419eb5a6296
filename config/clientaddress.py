"""The client's address, the one rule for both limits: signing (signatures.signing.ratelimit)
and logging in (django-axes, AXES_CLIENT_IP_CALLABLE).

Behind NUM_PROXIES reverse proxies that each append to X-Forwarded-For, the
client is the entry that many places from the right: the rightmost ones were
written by our proxies, anything left of them by whoever sent the request.
Anything that is not one plain IP address (a misconfigured NUM_PROXIES lets a
client write the header: a name, NUL bytes, 10,000 characters, a scoped IPv6
address that PostgreSQL's inet refuses) counts as the connection's own address
instead, never as an error.
"""

import ipaddress

from django.conf import settings

# The longest written form of an IP address ("ffff:…:255.255.255.255"). Anything
# longer is not one, and is not handed to the parser.
_LONGEST = 45


def _valid(text):
    """`text` as one IP address in its canonical form, or None."""
    text = text.strip()
    # A zone ("fe80::1%eth0") is valid for Python, not for PostgreSQL's inet.
    if not text or len(text) > _LONGEST or "%" in text:
        return None
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def _forwarded(request):
    """The address our proxies saw, or None without proxies or a usable header."""
    proxies = settings.NUM_PROXIES
    if not proxies:
        return None
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return None
    return _valid(hops[-proxies])


def client_address(request):
    """The client's IP address (canonical text), or None if the request names none."""
    return _forwarded(request) or _valid(request.META.get("REMOTE_ADDR", ""))
