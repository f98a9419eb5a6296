"""Moderation pages: the queue, bulk actions, duplicates and merging, the log, additions.

Access is checked by letters.access.letter_access_required, once per view. Every
change is a POST (with CSRF) that redirects back to where the moderator was,
filters and page included. A signature's own page is in moderation_detail_views.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters.access import MODERATE, OWN, letter_access_required
from signatures.models import MergeError, Signature, SignatureEvent
from signatures.moderation import bulk, duplicates
from signatures.moderation import queue as moderation
from signatures.moderation.forms import (
    AddSignatureForm,
    BulkForm,
    QueueFilterForm,
    ReasonForm,
)
from signatures.moderation.memberships import add_signature
from signatures.moderation.mergeform import MergeForm
from signatures.status import OFFERED

LOG_PAGE_SIZE = 100
# Stands for a signature's public id in a link made once for a whole page.
_ANY_ID = "00000000-0000-4000-8000-000000000000"
# Names listed on a confirmation page, so that the moderator sees what they act on.
EXAMPLES = 20
# The Duplicates page reads this many groups at a time, the first alphabetically.
GROUPS_SHOWN = 200

# Filters folded under "More filters" unless one of them is in use.
MORE_FILTERS = ("network", "country", "language", "visibility", "origin", "duplicates", "lead")

# The actions offered on each tab of the queue: those its status allows (its rows
# offer the same, Signature.moderation_actions), and on "All" every one.
TAB_ACTIONS = {**OFFERED, moderation.ALL: tuple(bulk.ACTIONS)}


def int_or_none(value):
    """A whole number from a form or query string, else None.

    ASCII digits only: str.isdigit() also accepts "²" and "①", which int() refuses.
    """
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() else None


def context(request, letter, **extra):
    """What every moderation page needs: the letter, its title, the user's abilities."""
    return {
        "letter": letter,
        "version": letter.version_for(),
        "is_owner": OWN in request.letter_abilities,
        **extra,
    }


def back(request, letter, default=None):
    """Where to go after a change: the page the moderator came from, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    base = reverse("moderation:queue", args=[letter.slug])
    if target.startswith(base) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or base


def filter_form(data, letter):
    return QueueFilterForm(data, networks=moderation.networks_of(letter))


def filtered(letter, values):
    """The letter's signatures matching the filter values, every status."""
    duplicate_ids = duplicates.duplicate_ids(letter) if values["duplicates"] else None
    return moderation.matching(letter, values, duplicate_ids)


def _query(values, **changes):
    """A query string with the filters in `values`, changed by `changes`; blanks left out."""
    query = QueryDict(mutable=True)
    for name, value in {**values, **changes}.items():
        if value not in (None, "", False):
            query[name] = "on" if value is True else value
    return query.urlencode()


def _tab_label(status):
    return dict(Signature.Status.choices).get(status) or _("All")


@require_GET
@letter_access_required(MODERATE)
def queue(request, letter):
    form = filter_form(request.GET, letter)
    values = form.values
    signatures = filtered(letter, values)
    in_use = any(v for name, v in values.items() if name not in moderation.VIEW_OPTIONS)
    counts = moderation.tab_counts(letter, signatures, filtered=in_use)
    tab = values["status"]
    page = moderation.keyset_page(
        letter,
        moderation.with_details(moderation.in_tab(signatures, tab)),
        values["order"],
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=values["size"],
    )
    hints = duplicates.hints(letter, page.rows)
    # One reverse() for the page, not one per row (2 ms for fifty).
    detail_url = reverse("moderation:detail", args=[letter.slug, _ANY_ID])
    for row in page.rows:
        row.hints = hints.get(row.pk, [])
        row.detail_url = detail_url.replace(_ANY_ID, str(row.public_id))
    tabs = [
        (status, _tab_label(status), counts[status], _query(values, status=status))
        for status in moderation.TABS
    ]
    return render(
        request,
        "signatures/moderation/queue.html",
        context(
            request,
            letter,
            form=form,
            values=values,
            tab=tab,
            tabs=tabs,
            count=counts[tab],
            page=page,
            query=_query(values),
            hidden_filters=[(n, v) for n, v in values.items() if v not in (None, "", False)],
            actions=[bulk.ACTIONS[name] for name in TAB_ACTIONS[tab]],
            reason_form=ReasonForm(),
            here=request.get_full_path(),
            bulk_url=reverse("moderation:bulk", args=[letter.slug]),
            filter_bar=_filter_bar(request, letter, form, tab),
        ),
    )


# How long a rendered filter bar is kept; the key holds all it shows.
FILTER_BAR_SECONDS = 3600


def _filter_bar(request, letter, form, tab):
    """The queue's filter form, rendered, from the shared cache when the same bar was
    rendered before: crispy-forms took 6 ms of the page for its eleven fields.

    The key holds everything the bar shows: the letter, the language, the tab, the
    networks offered and the values as typed. A search is never kept: it may be a
    signer's email address.
    """
    typed = sorted((name, form.data.getlist(name)) for name in form.fields if name in form.data)
    networks = form.fields["network"].choices

    def render():
        more = any(form.values[name] for name in MORE_FILTERS)
        context = {"form": form, "tab": tab, "more_filters": more}
        return render_to_string("signatures/moderation/_filters.html", context, request)

    if form.data.get("q"):
        return mark_safe(render())  # noqa: S308 - rendered by the template engine
    where = repr((letter.pk, get_language(), tab, networks, typed))
    key = "firmas:queue-filters:" + hashlib.md5(where.encode(), usedforsecurity=False).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, FILTER_BAR_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine


@require_POST
@letter_access_required(MODERATE)
def bulk_action(request, letter):
    """Approve, reject or restore the ticked signatures, or all that match the filter.

    Acting on a filter, or rejecting without a reason, first shows a page with the
    number of signatures concerned; the action runs when that page is confirmed
    and the number has not changed meanwhile.
    """
    form = BulkForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    action = bulk.ACTIONS.get(data.get("action"))
    if action is None or not data.get("scope") or "ids" in form.errors:
        messages.error(request, _("That action is not possible."))
        return redirect(back(request, letter))
    values, summary, ids = None, [], data.get("ids") or []
    if data["scope"] == "selected":
        try:
            signatures = bulk.selected(letter, action, ids)
        except bulk.BulkRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(back(request, letter))
        count = len(set(ids))
    else:
        filters = filter_form(request.POST, letter)
        values = filters.values
        summary = [(_("Status"), _tab_label(values["status"])), *filters.summary()]
        matching = moderation.in_tab(filtered(letter, values), values["status"])
        signatures = bulk.eligible(matching, action)
        count = signatures.count()
    confirmed = data.get("confirmed")
    changed = confirmed and data["scope"] == "filter" and data.get("expected") != count
    must_confirm = data["scope"] == "filter" and (not confirmed or changed)
    if must_confirm or form.errors:
        return render(
            request,
            "signatures/moderation/confirm.html",
            context(
                request,
                letter,
                action=action,
                scope=data["scope"],
                ids=sorted(set(ids)),
                count=count,
                changed=changed,
                summary=summary,
                examples=list(
                    signatures.order_by("sort_name", "pk").values_list("name", flat=True)[:EXAMPLES]
                ),
                hidden_filters=[
                    (n, v) for n, v in (values or {}).items() if v not in (None, "", False)
                ],
                form=form if confirmed else BulkForm(None),
                needs_reason=action.needs_reason,
                next=back(request, letter),
            ),
        )
    if count == 0:
        messages.info(request, _("No signature matches: nothing was changed."))
        return redirect(back(request, letter))
    done = bulk.apply(letter, action, signatures, by=request.user, reason=data.get("reason", ""))
    messages.success(request, bulk.done_message(action, done))
    return redirect(back(request, letter))


@require_GET
@letter_access_required(MODERATE)
def duplicate_list(request, letter):
    clusters, groups = duplicates.clusters(letter, limit=GROUPS_SHOWN)
    return render(
        request,
        "signatures/moderation/duplicates.html",
        context(request, letter, clusters=clusters, groups=groups, more=groups > GROUPS_SHOWN),
    )


def letter_signature(letter, public_id):
    """The letter's signature with this public id, or 404: no reaching across letters."""
    return get_object_or_404(
        Signature.objects.select_related("letter", "network", "merged_into"),
        letter=letter,
        public_id=public_id,
    )


@require_http_methods(["GET", "POST"])
@letter_access_required(MODERATE)
def merge(request, letter, first, second):
    """Compare two signatures side by side, and merge one into the other."""
    pair = [letter_signature(letter, first), letter_signature(letter, second)]
    default_keep = min(pair, key=duplicates.keep_rank)
    form = MergeForm(
        request.POST or None,
        pair=pair,
        default_keep=default_keep,
        initial={"keep": str(default_keep.public_id)},
    )
    if request.method == "POST" and form.is_valid():
        keep = form.kept()
        other = next(s for s in pair if s.pk != keep.pk)
        values = form.values()
        if other.visibility == Signature.Visibility.DELIVERY_ONLY:
            # The more private choice of the two stands: a signer's privacy is theirs.
            values["visibility"] = Signature.Visibility.DELIVERY_ONLY
        try:
            other.merge_into(
                keep, by=request.user, reason=form.cleaned_data["reason_text"], values=values
            )
        except MergeError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("“%(other)s” is merged into “%(keep)s”.")
                % {"other": other.display_name, "keep": keep.display_name},
            )
            return redirect(
                back(request, letter, reverse("moderation:duplicates", args=[letter.slug]))
            )
    for signature in pair:
        signature.declared = list(signature.member_of.all())
        signature.listed_in = list(signature.memberships.select_related("network_signature"))
    return render(
        request,
        "signatures/moderation/merge.html",
        context(request, letter, pair=pair, form=form, next=back(request, letter)),
    )


@require_GET
@letter_access_required(MODERATE)
def log(request, letter):
    """The letter's audit trail, newest first, filterable by moderator and action."""
    events = SignatureEvent.objects.filter(signature__letter=letter)
    actors = (
        get_user_model()
        .objects.filter(pk__in=events.values("actor_id"))
        .select_related("profile")
        .order_by("username")
    )
    actor = request.GET.get("actor", "")
    if actor == "none":
        events = events.filter(actor__isnull=True)
    elif int_or_none(actor):
        events = events.filter(actor_id=int(actor))
    action = request.GET.get("action", "")
    if action in SignatureEvent.Action.values:
        events = events.filter(action=action)
    before = int_or_none(request.GET.get("before"))
    if before:
        events = events.filter(pk__lt=before)
    events = events.select_related("actor__profile", "signature", "batch")
    rows = list(events.order_by("-pk")[: LOG_PAGE_SIZE + 1])
    more = len(rows) > LOG_PAGE_SIZE
    rows = rows[:LOG_PAGE_SIZE]
    query = _query({"actor": actor, "action": action})
    return render(
        request,
        "signatures/moderation/log.html",
        context(
            request,
            letter,
            events=rows,
            actors=actors,
            actor=actor,
            action=action,
            actions=SignatureEvent.Action.choices,
            next_before=rows[-1].pk if more else None,
            query=query,
        ),
    )


@require_http_methods(["GET", "POST"])
@letter_access_required(MODERATE)
def add(request, letter):
    """A signature that arrived by email or on paper."""
    form = AddSignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signature = add_signature(letter, form, by=request.user)
        if signature is not None:
            messages.success(request, _("“%(name)s” is added.") % {"name": signature.display_name})
            return redirect("moderation:detail", letter.slug, signature.public_id)
        form.add_error("email", _("This email address already signed this letter as this kind."))
    return render(request, "signatures/moderation/add.html", context(request, letter, form=form))
