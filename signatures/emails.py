"""The emails a signer receives: one function per email.

Each email has three templates under templates/emails/: NAME_subject.txt,
NAME.txt and NAME.html. They are rendered in the language the signer was using
and sent from the background worker (see tasks.py), never inside a request.
Links carry fresh tokens, so their expiry counts from the moment of sending.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import tokens
from .models import Signature


def _absolute(path):
    return settings.SITE_URL + path


def confirm_url(signature):
    token = tokens.make_token(signature, tokens.CONFIRM)
    return _absolute(
        reverse("signatures:confirm", args=[signature.letter.slug, signature.public_id, token])
    )


def manage_url(signature):
    token = tokens.make_token(signature, tokens.MANAGE)
    return _absolute(
        reverse("signatures:manage", args=[signature.letter.slug, signature.public_id, token])
    )


def _send(name, signature, language, **context):
    language = language or signature.email_language or settings.LANGUAGE_CODE
    with translation.override(language):
        version = signature.letter.version_for(language)
        context = {
            "signature": signature,
            "letter": signature.letter,
            "title": version.title if version else signature.letter.slug,
            "letter_url": _absolute(signature.letter.get_absolute_url()),
            "confirm_days": settings.FIRMAS_CONFIRM_LINK_DAYS,
            **context,
        }
        # A header must be one line, whatever a title or translation contains.
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[signature.email])
    message.attach_alternative(html, "text/html")
    message.send()


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


EMAILS = {
    "confirmation": confirmation,
    "received": received,
    "already_signed": already_signed,
    "new_link": new_link,
    "withdrawn": withdrawn,
}
