"""Signing pages: choose how to sign, the forms, the thank-you page, and the links
from signers' emails (confirm, manage, withdraw, restore, ask for a new link).

Anything that changes data is a POST followed by a redirect. A GET on an email
link only shows a page with a button, because mail scanners open links.
"""

import math
from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters.access import readable_letter
from letters.authoring import texts
from letters.models import Letter
from signatures import tokens
from signatures.importing.pipeline import members as member_reading
from signatures.models import Network, Signature
from signatures.public import caching
from signatures.signing import proofofwork, ratelimit
from signatures.signing import service as signing
from signatures.signing.forms import CHECK_MEMBERS, FORMS
from signatures.status import LIVE, MOVES
from signatures.tasks import send_after_commit

ALLOWED = {
    Signature.Kind.ORGANIZATION: "allow_organizations",
    Signature.Kind.INDIVIDUAL: "allow_individuals",
    Signature.Kind.NETWORK: "allow_networks",
}


def allowed_kinds(letter):
    return [kind for kind, flag in ALLOWED.items() if getattr(letter, flag)]


def _context(letter, **extra):
    return {"letter": letter, "version": letter.version_for(), **extra}


def rate_limited(request, letter):
    response = render(request, "signatures/signing/rate_limited.html", _context(letter), status=429)
    response["Retry-After"] = str(ratelimit.window_seconds())
    return response


def over_the_limit(request, letter, kind, form):
    """The form again, with everything typed in it and a proof of work to solve: a
    connection many people share is not refused (signatures.signing.proofofwork)."""
    seconds = ratelimit.window_seconds()
    minutes = max(1, math.ceil(seconds / 60))
    response = _sign_page(
        request, letter, kind, form, proof=proofofwork.challenge(), proof_minutes=minutes
    )
    response.status_code = 429
    response["Retry-After"] = str(seconds)
    return response


def open_for_signing(view):
    """Loads the letter from `slug`; a letter that does not take signatures says so."""

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        # In a surge everyone fetches the same empty form: from the cache, without
        # reading the letter (kept there by the view's shared_page(by_address=True)).
        if caching.page_cacheable(request) and (response := caching.page_by_address(request)):
            return response
        letter = readable_letter(request, slug, Letter.objects.prefetch_related("versions"))
        if request.draft_preview:
            return _draft_preview(request, view, letter, *args, **kwargs)
        if not letter.is_accepting_signatures():
            return render(request, "signatures/signing/closed.html", _context(letter), status=403)
        return view(request, letter, *args, **kwargs)

    return wrapper


def _draft_preview(request, view, letter, *args, **kwargs):
    """The letter's team looks at a draft's forms: they see them, but a draft takes no
    signature, and the page is theirs alone (never cached)."""
    if request.method != "GET":
        return render(request, "signatures/signing/closed.html", _context(letter), status=403)
    response = view(request, letter, *args, **kwargs)
    add_never_cache_headers(response)
    return response


@require_GET
@open_for_signing
def choose(request, letter):
    kinds = allowed_kinds(letter)
    if len(kinds) == 1:
        return redirect("signing:sign_" + kinds[0], letter.slug)
    return render(request, "signatures/signing/choose.html", _context(letter, kinds=kinds))


@require_http_methods(["GET", "POST"])
@open_for_signing
def sign(request, letter, kind):
    if kind not in allowed_kinds(letter):
        raise Http404
    form_class = FORMS[kind]
    if (
        request.method == "POST"
        and kind == Signature.Kind.NETWORK
        and CHECK_MEMBERS in request.POST
    ):
        return _check_members(request, letter, kind, form_class)
    if request.method == "POST":
        instance = Signature(letter=letter, kind=kind)
        form = form_class(request.POST, letter=letter, instance=instance)
        if form.is_valid():
            # One transaction, so one commit, for the rate-limit count and the signature.
            with transaction.atomic():
                # Over the limit, a solved proof of work lets the signature in.
                allowed = ratelimit.allow(request) or proofofwork.solved(request.POST)
                # A bot that filled the hidden field sees the same page as everyone.
                if allowed and not form.is_bot:
                    signature = form.save(commit=False)
                    signature.email_language = get_language()
                    signing.submit(signature, consent=form.consent_record(), **form.submission())
            if not allowed:
                return over_the_limit(request, letter, kind, form)
            return redirect("signing:thanks", letter.slug)
        messages.error(request, _("Please correct the errors below."))
    else:
        shared = caching.page_cacheable(request) and not request.draft_preview
        if kind != Signature.Kind.NETWORK and shared:
            # In a surge everyone fetches the same empty form: it is rendered once per
            # letter, language and list version, and each reader gets their CSRF token.
            return caching.shared_page(
                request,
                letter,
                kind,
                lambda token: _sign_page(
                    request, letter, kind, form_class(letter=letter), csrf_token=token
                ),
                by_address=True,
                form=True,
            )
        form = form_class(letter=letter, initial=_prefill(request, kind))
    return _sign_page(request, letter, kind, form)


def _check_members(request, letter, kind, form_class):
    """The network form again, its member lists as they will read, and what was found in
    them: nothing is saved or sent, and no field is checked yet."""
    data = request.POST.copy()
    reading = member_reading.read(data.get("member_organizations"), data.get("member_people"))
    data["member_organizations"] = reading.organizations_text
    data["member_people"] = reading.people_text
    initial = {name: data.get(name) for name in form_class.base_fields if name in data}
    form = form_class(letter=letter, initial=initial)
    return _sign_page(request, letter, kind, form, member_reading=reading)


def _sign_page(request, letter, kind, form, **extra):
    context = _context(letter, form=form, kind=kind, **extra)
    if kind == Signature.Kind.NETWORK:
        context["known_networks"] = signing.networks_with_member_lists()
        context["chosen_network"] = request.GET.get("network", "")
    return render(request, "signatures/signing/sign.html", context)


def _prefill(request, kind):
    """A known network's last public member list, when the signer picked that network."""
    # PostgreSQL refuses a NUL byte in a query, and no name has one.
    name = request.GET.get("network", "").replace("\x00", "").strip()
    if kind != Signature.Kind.NETWORK or not name:
        return {}
    network = Network.objects.filter(name__iexact=name).first()
    previous = signing.last_public_signature(network) if network else None
    if previous is None:
        return {"name": name[:300]}
    members = list(previous.members.all())
    return {
        "name": network.name,
        "acronym": previous.acronym,
        "website": previous.website,
        "member_organizations": signing.member_lines_text(members, "organization"),
        "member_people": signing.member_lines_text(members, "person"),
    }


@require_GET
def thanks(request, slug):
    """The same page after every submission (new, duplicate or bot), so it reveals nothing."""
    letter = get_object_or_404(Letter.objects.listed().prefetch_related("versions"), slug=slug)
    version = letter.version_for()
    url = request.build_absolute_uri(letter.get_absolute_url())
    title = version.title if version else letter.slug
    context = _context(
        letter,
        count=_count(letter),
        letter_url=url,
        share_links=signing.share_links(url, title),
        email_share_link=signing.email_share_link(url, title),
    )
    return render(request, "signatures/signing/thanks.html", context)


def _count(letter):
    """The letter's count from the cache: in a surge every signer lands here."""
    return caching.signatory_count(letter)


def signature_link(purpose):
    """For views reached from an email link: checks the token, passes the signature.

    A wrong link gets a 404 page that tells nothing about the signature; an
    authentic but expired one offers to email a fresh link to the signer. The pages
    show the signer's own details (their email among them): never cached.
    """

    def decorator(view):
        @never_cache
        @wraps(view)
        def wrapper(request, slug, public_id, token):
            signature = (
                Signature.objects.select_related("letter")
                .prefetch_related("letter__versions")
                .filter(letter__slug=slug, public_id=public_id)
                .first()
            )
            state = tokens.check_token(public_id, token, purpose) if signature else tokens.INVALID
            if state == tokens.INVALID:
                return render(request, "signatures/signing/link_invalid.html", status=404)
            if state == tokens.EXPIRED:
                return _expired_link(request, signature, purpose)
            return view(request, signature, token)

        return wrapper

    return decorator


def _expired_link(request, signature, purpose):
    letter = signature.letter
    if request.method == "POST":
        if not ratelimit.allow(request):
            return rate_limited(request, letter)
        send_after_commit("new_link", signature)
        return redirect("signing:link_sent", letter.slug)
    context = _context(letter, purpose=purpose)
    return render(request, "signatures/signing/link_expired.html", context, status=410)


@require_GET
def link_sent(request, slug):
    letter = get_object_or_404(Letter.objects.listed().prefetch_related("versions"), slug=slug)
    return render(request, "signatures/signing/link_sent.html", _context(letter))


@require_http_methods(["GET", "POST"])
@signature_link(tokens.CONFIRM)
def confirm(request, signature, token):
    letter = signature.letter
    is_open = letter.is_accepting_signatures()
    if request.method == "POST" and is_open:
        signature.confirm()
        return redirect("signing:confirm", letter.slug, signature.public_id, token)
    context = _context(
        letter,
        signature=signature,
        is_open=is_open,
        manage_token=tokens.make_token(signature, tokens.MANAGE),
    )
    return render(request, "signatures/signing/confirm.html", context)


@require_http_methods(["GET", "POST"])
@signature_link(tokens.MANAGE)
def manage(request, signature, token):
    letter = signature.letter
    # A signature on its way to the list or on it: the signer may correct it while the
    # letter is open, and withdraw it at any time.
    can_withdraw = signature.status in MOVES["withdraw"].from_statuses
    can_edit = letter.is_accepting_signatures() and signature.status in LIVE
    form_class = FORMS[signature.kind]
    form = form_class(letter=letter, instance=signature, editing=True) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            return redirect("signing:manage", letter.slug, signature.public_id, token)
        form = form_class(request.POST, letter=letter, instance=signature, editing=True)
        if form.is_valid():
            changes = signing.edit(signature, form.values(), **form.submission())
            if not changes:
                messages.info(request, _("Nothing was changed."))
            elif signature.status == Signature.Status.PENDING and letter.require_moderation:
                messages.success(
                    request,
                    _(
                        "Your changes are saved. The organizers will review them "
                        "before they appear."
                    ),
                )
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect("signing:manage", letter.slug, signature.public_id, token)
        messages.error(request, _("Please correct the errors below."))
        # The bound form set the rejected values on the instance; show the stored ones.
        signature.refresh_from_db()
    context = _context(
        letter,
        signature=signature,
        form=form,
        token=token,
        members=list(signature.members.order_by("position")),
        can_withdraw=can_withdraw,
        amended_since=_amended_since(signature),
        can_restore=(
            signature.status in MOVES["restore"].from_statuses and letter.is_accepting_signatures()
        ),
    )
    return render(request, "signatures/signing/manage.html", context)


def _amended_since(signature):
    """Whether the letter's text changed after this signer was given theirs."""
    if signature.revision is None:
        return False
    return texts.current_revision(signature.letter).number > signature.revision.number


@require_POST
@signature_link(tokens.MANAGE)
def withdraw(request, signature, token):
    """Always possible, even after the letter closed: a signer at risk must be able to leave."""
    with transaction.atomic():
        if signature.withdraw():
            send_after_commit("withdrawn", signature)
            messages.success(request, _("Your signature is withdrawn."))
    return redirect("signing:manage", signature.letter.slug, signature.public_id, token)


@require_POST
@signature_link(tokens.MANAGE)
def restore(request, signature, token):
    letter = signature.letter
    if letter.is_accepting_signatures():
        with transaction.atomic():
            if signature.restore():
                if signature.status == Signature.Status.UNCONFIRMED:
                    send_after_commit("confirmation", signature)
                messages.success(request, _("Your signature is back."))
    return redirect("signing:manage", letter.slug, signature.public_id, token)
