"""Filters for the site's log records: nothing a signer typed reaches a log.

Django's template engine logs, at DEBUG, every variable it fails to resolve, with the
exception, whose text is the whole template context: a form given back with its
errors, or over the signing limit, would put the signer's email in the log.
"""

import logging


class WithoutTemplateContext(logging.Filter):
    """Keeps the record (which variable, in which template) without the context."""

    def filter(self, record):
        if record.exc_info or record.exc_text:
            record.exc_info = None
            record.exc_text = None
        return True
