"""Every page of moderators and owners, and their forms with errors, at phone and
desktop sizes: axe-core finds no serious or critical violation; screenshots for review.
"""

import pytest

from signatures.models import Signature

from . import data
from .browser import log_in

SIZES = ["phone", "desktop"]


@pytest.fixture
def letter(site, django_user_model):
    letter = data.small_letter()
    data.user_with_role(django_user_model, letter, "duena", "owner")
    data.user_with_role(django_user_model, letter, "moderadora", "moderator")
    pending = {"status": Signature.Status.PENDING}
    data.signature(letter, "Casa Monarca", acronym="CM", country="MX", note="Por favor", **pending)
    data.signature(letter, "IMUMI", **pending)
    data.signature(letter, "Instituto para las Mujeres en la Migración", acronym="IMUMI")
    data.signature(letter, "Ana Hurtado", kind="individual", title="Investigadora")
    data.signature(letter, "Red de Derechos", kind="network", members=["Sin Fronteras", "CELS"])
    data.signature(letter, "Colectivo Sur", status=Signature.Status.REJECTED)
    return letter


def test_moderation_pages_are_accessible(open_page, letter):
    imumi = Signature.objects.get(letter=letter, name="IMUMI")
    network = Signature.objects.get(letter=letter, kind="network")
    full = Signature.objects.get(letter=letter, acronym="IMUMI", kind="organization").public_id
    base = f"/letters/{letter.slug}/moderate"
    other = data.small_letter(slug="otra-carta")
    for size in SIZES:
        page = open_page(size)
        log_in(page, "moderadora", "/manage/")
        for name, path in {
            "manage-my-letters": "/manage/",
            "moderation-queue": f"{base}/",
            "moderation-queue-all": f"{base}/?status=all&duplicates=on",
            "moderation-detail": f"{base}/signatures/{imumi.public_id}/",
            "moderation-detail-network": f"{base}/signatures/{network.public_id}/",
            "moderation-duplicates": f"{base}/duplicates/",
            "moderation-merge": f"{base}/merge/{imumi.public_id}/{full}/",
            "moderation-log": f"{base}/log/",
            "moderation-add": f"{base}/add/",
            "manage-dashboard": f"/letters/{letter.slug}/manage/",
            "manage-export": f"/letters/{letter.slug}/export/",
            "forbidden": f"/letters/{other.slug}/moderate/",
        }.items():
            page.goto(path)
            page.check(name)
            page.assert_fits()
        page.goto(f"{base}/add/")
        page.get_by_role("button", name="Add the signature").click()
        page.locator(".is-invalid").first.wait_for()
        page.check("moderation-add-errors")


def test_owner_pages_and_account_forms_are_accessible(open_page, letter):
    for size in SIZES:
        page = open_page(size)
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("duena")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()
        page.locator(".alert-danger, .is-invalid").first.wait_for()
        page.check("login-errors")
        page.goto("/accounts/password-reset/")
        page.check("password-reset")
        log_in(page, "duena", "/manage/")
        for name, path in {
            "manage-roles": f"/letters/{letter.slug}/manage/roles/",
            "manage-lifecycle": f"/letters/{letter.slug}/manage/lifecycle/",
            "password-change": "/accounts/password/",
        }.items():
            page.goto(path)
            page.check(name)
            page.assert_fits()
        page.goto(f"/letters/{letter.slug}/manage/roles/")
        page.get_by_role("button", name="Send the invitation").click()
        page.locator(".is-invalid, .alert-danger").first.wait_for()
        page.check("manage-roles-errors")


def test_on_a_phone_every_row_of_the_queue_has_its_actions_on_screen(open_page, letter):
    page = open_page("phone")
    log_in(page, "moderadora", f"/letters/{letter.slug}/moderate/")
    width = page.evaluate("() => document.documentElement.clientWidth")
    buttons = page.get_by_role("button", name="Approve")
    assert buttons.count() == 2
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["height"] >= 44  # a thumb's target
    contact = page.locator(".contact-cell").first.bounding_box()
    assert contact["x"] + contact["width"] <= width


def test_people_account_and_delivered_pages_are_accessible(open_page, letter, django_user_model):
    from letters.models import OrganizerInvitation, Profile
    from letters.people import organizers
    from signatures.exports.delivery import deliver

    root = django_user_model.objects.create_superuser("root", "root@example.org", data.PASSWORD)
    owner = django_user_model.objects.get(username="duena")
    organizers.grant(owner)
    Profile.objects.create(user=owner, display_name="Gretchen Kuhner (IMUMI), coordinación")
    OrganizerInvitation.objects.create(
        email="una-direccion-muy-larga-de-organizadora@organizacion-de-ejemplo.org",
        invited_by=root,
        language="en",
    )
    delivered = data.small_letter(slug="carta-entregada")
    data.user_with_role(django_user_model, delivered, "entrega", "owner")
    deliver(
        delivered,
        by=owner,
        recipient="la Secretaría de Relaciones Exteriores de los Estados Unidos Mexicanos",
        method="in_person",
        note="Recibida en la oficialía de partes",
    )
    for size in SIZES:
        page = open_page(size)
        log_in(page, "root", "/people/")
        for name, path in {
            "people": "/people/",
            "account": "/account/",
            "manage-lifecycle-delivered": f"/letters/{delivered.slug}/manage/lifecycle/",
            "letter-delivered-sentence": delivered.get_absolute_url(),
        }.items():
            page.goto(path)
            page.check(name)
            page.assert_fits()
        page.goto("/people/")
        page.get_by_role("button", name="Send the invitation").click()
        page.locator(".is-invalid, .alert-danger").first.wait_for()
        page.check("people-errors")
        page.assert_fits()
