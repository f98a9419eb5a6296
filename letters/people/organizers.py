"""Who may start letters: the "Organizers" group, which holds Django's `letters.add_letter`.

Being an organizer is a site-wide permission, not a flag on the account: the group
and its permission are made by a data migration, and `user.has_perm("letters.add_letter")`
is the one question every page asks (superusers have every permission). Granting
and revoking are recorded in the account's history in the admin (Django's LogEntry).
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

GROUP = "Organizers"
PERMISSION = "letters.add_letter"


def is_organizer(user):
    return user.is_active and user.has_perm(PERMISSION)


def organizer_ids():
    """The ids of every account that may start letters, from one query (for lists of
    accounts, where asking has_perm of each would cost queries per account)."""
    granted = Permission.objects.filter(content_type__app_label="letters", codename="add_letter")
    return set(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=granted)
            | Q(user_permissions__in=granted)
        )
        .values_list("pk", flat=True)
    )


def organizers_group():
    # Made by the data migration; made again here if a site administrator deleted it.
    group, _created = Group.objects.get_or_create(name=GROUP)
    if not group.permissions.exists():
        group.permissions.add(
            Permission.objects.get(content_type__app_label="letters", codename="add_letter")
        )
    return group


def _record(user, by, message):
    if by is None or not by.is_authenticated:
        return
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def grant(user, by=None):
    """Makes `user` an organizer; returns whether they were not one already."""
    with transaction.atomic():
        group = organizers_group()
        if user.groups.filter(pk=group.pk).exists():
            return False
        user.groups.add(group)
        _record(user, by, "Granted organizer (may start letters).")
    return True


def revoke(user, by=None):
    """`user` may no longer start letters (their letters and roles stay); whether they could."""
    with transaction.atomic():
        group = organizers_group()
        if not user.groups.filter(pk=group.pk).exists():
            return False
        user.groups.remove(group)
        _record(user, by, "Revoked organizer.")
    return True
