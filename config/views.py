"""Error pages. They render without the database, which may be the thing that failed."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger("firmas.errors")

# psycopg raises these when the server is down, restarting or unreachable.
DATABASE_DOWN = (OperationalError, InterfaceError)


def server_error(request):
    """500, or 503 when the database is unavailable: a short outage is not a bug."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        logger.warning("database unavailable: %s", type(error).__name__)
        response = render(request, "errors/503.html", status=503)
        response["Retry-After"] = "10"
        return response
    return render(request, "errors/500.html", status=500)
