"""A per-IP limit on signing submissions, counted in the shared cache.

Counts live in fixed windows of FIRMAS_SIGN_RATE_WINDOW seconds. The read and
write are not atomic, so simultaneous requests may undercount a little; that is
enough to stop a flood without another service.
"""

import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The client's address: the connection's, or the one the trusted proxies saw."""
    if settings.NUM_PROXIES:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= settings.NUM_PROXIES:
            return hops[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")


def allow(request, scope="sign"):
    """Counts one submission from this client; False once it is over the limit."""
    window = settings.FIRMAS_SIGN_RATE_WINDOW
    bucket = int(time.time() // window)
    key = f"firmas:rate:{scope}:{client_ip(request)}:{bucket}"
    count = (cache.get(key) or 0) + 1
    cache.set(key, count, timeout=window)
    return count <= settings.FIRMAS_SIGN_RATE_LIMIT


def window_seconds():
    return settings.FIRMAS_SIGN_RATE_WINDOW
