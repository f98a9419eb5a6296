"""The emails a signer receives: one function per email.

Each email has three templates under templates/emails/: NAME_subject.txt,
NAME.txt and NAME.html. They are rendered in the language the signer was using
and sent from the background worker (signatures.tasks) through letters.mail, never inside a request.
Links carry fresh tokens, so their expiry counts from the moment of sending.
"""

from django.conf import settings
from django.urls import reverse

from letters import mail
from letters.authoring import texts
from signatures import tokens
from signatures.models import Signature


def confirm_url(signature):
    token = tokens.make_token(signature, tokens.CONFIRM)
    return mail.absolute(
        reverse("signing:confirm", args=[signature.letter.slug, signature.public_id, token])
    )


def manage_url(signature):
    token = tokens.make_token(signature, tokens.MANAGE)
    return mail.absolute(
        reverse("signing:manage", args=[signature.letter.slug, signature.public_id, token])
    )


def _send(name, signature, language, **context):
    language = language or signature.email_language
    context = {
        "signature": signature,
        "letter": signature.letter,
        "confirm_days": settings.FIRMAS_CONFIRM_LINK_DAYS,
        **context,
    }
    mail.send(name, signature.email, language, context)


def _links(signature):
    """The confirm link while the address is unconfirmed, and always the manage link."""
    links = {"manage_url": manage_url(signature)}
    if signature.status == Signature.Status.UNCONFIRMED:
        links["confirm_url"] = confirm_url(signature)
    return links


def confirmation(signature, language=None):
    """A new signature on a letter that asks signers to confirm their address."""
    _send("confirm", signature, language, **_links(signature))


def received(signature, language=None):
    """A new signature on a letter that needs no confirmation: its manage link."""
    _send("received", signature, language, **_links(signature))


def already_signed(signature, language=None):
    """Someone signed again with this address: the existing signature's links, nothing new.

    The page shown was the same as for a new signature, so only the owner of the
    address learns that it had signed.
    """
    _send("already_signed", signature, language, **_links(signature))


def new_link(signature, language=None):
    """The signer asked for a fresh link after theirs expired."""
    _send("new_link", signature, language, **_links(signature))


def withdrawn(signature, language=None):
    """Confirms a withdrawal, so that a signer learns if someone else used their link."""
    _send("withdrawn", signature, language, manage_url=manage_url(signature))


def amended(signature, revision, language=None):
    """The letter's text changed after this signer signed it: what changed, from the text
    they read to `revision`, and their link to correct or withdraw their signature."""
    language = language or signature.email_language
    theirs = signature.revision or texts.previous(revision) or revision
    read = signature.language or language or settings.LANGUAGE_CODE
    compared, changes = texts.changes_between(theirs, revision, read)
    _send(
        "amended",
        signature,
        language,
        revision=revision,
        changes=changes,
        compared=compared,
        manage_url=manage_url(signature),
    )


EMAILS = {
    "confirmation": confirmation,
    "received": received,
    "already_signed": already_signed,
    "new_link": new_link,
    "withdrawn": withdrawn,
}
