"""Invitations to become an organizer: their email and task, and taking one up.

The link is made and checked by letters.invitations (the same signed, expiring
token as an invitation to a letter's team), under a route of its own.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from letters import invitations, mail
from letters.people.models import OrganizerInvitation, display_name


def invitation_url(invitation):
    path = reverse(
        "people:accept_invitation", args=[invitation.token, invitations.make_token(invitation)]
    )
    return mail.absolute(path)


def send_email(invitation):
    """Someone is invited to start letters; the link creates their account."""
    mail.send(
        "people/organizer_invitation",
        invitation.email,
        invitation.language,
        {
            "inviter": display_name(invitation.invited_by),
            "accept_url": invitation_url(invitation),
            "days": settings.FIRMAS_INVITATION_DAYS,
        },
    )


@task()
def send_organizer_invitation_email(invitation_id, attempt=1):
    invitation = (
        OrganizerInvitation.objects.select_related("invited_by__profile")
        .filter(pk=invitation_id)
        .first()
    )
    return invitations.send_or_retry(
        send_organizer_invitation_email, send_email, invitation, attempt
    )


def invitation_after_commit(invitation):
    """Queues the invitation email once the transaction that made it commits."""
    invitation_id = invitation.pk
    transaction.on_commit(lambda: send_organizer_invitation_email.enqueue(invitation_id))
