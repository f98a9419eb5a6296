"""Emails that moderation sends to signers: one function per email.

Templates under templates/emails/moderation/, sent through letters.mail by the
worker (signatures.tasks), never inside a request.
"""

from letters import mail
from signatures.signing.emails import manage_url


def approved(signature, language=None):
    """A moderator approved the signature: it is on the list now."""
    mail.send(
        "moderation/approved",
        signature.email,
        language or signature.email_language,
        {"signature": signature, "letter": signature.letter, "manage_url": manage_url(signature)},
    )
