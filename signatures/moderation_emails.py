"""Emails that moderation sends: one function per email.

As in signatures.emails: each email has three templates, here under
templates/emails/moderation/ (NAME_subject.txt, NAME.txt, NAME.html), rendered
in the recipient's language and sent by the worker (moderation_tasks), never
inside a request.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from letters.invitations import make_token

from .emails import manage_url


def _absolute(path):
    return settings.SITE_URL + path


def _send(name, to, language, context):
    with translation.override(language or settings.LANGUAGE_CODE):
        letter = context["letter"]
        version = letter.version_for(language)
        context = {
            "title": version.title if version else letter.slug,
            "letter_url": _absolute(letter.get_absolute_url()),
            **context,
        }
        # A header must be one line, whatever a title or translation contains.
        subject = render_to_string(f"emails/moderation/{name}_subject.txt", context)
        subject = " ".join(subject.split())
        text = render_to_string(f"emails/moderation/{name}.txt", context)
        html = render_to_string(f"emails/moderation/{name}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def approved(signature, language=None):
    """A moderator approved the signature: it is on the list now."""
    _send(
        "approved",
        signature.email,
        language or signature.email_language,
        {"signature": signature, "letter": signature.letter, "manage_url": manage_url(signature)},
    )


def invitation_url(invitation):
    path = reverse("letters:accept_invitation", args=[invitation.token, make_token(invitation)])
    return _absolute(path)


def invitation(invitation):
    """Someone is invited to moderate a letter; the link creates their account."""
    inviter = invitation.invited_by
    _send(
        "invitation",
        invitation.email,
        invitation.language,
        {
            "letter": invitation.letter,
            "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
            "accept_url": invitation_url(invitation),
            "days": settings.FIRMAS_INVITATION_DAYS,
        },
    )
