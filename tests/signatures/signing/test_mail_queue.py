"""With the database backend, a signature's email is queued in the signature's own
transaction: it commits with it or not at all."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from signatures.tasks import send_after_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_email_is_queued_with_the_signature(database_tasks, letter, signature):
    with transaction.atomic():
        # An individual: an organization's name may queue the linking of its keys too.
        send_after_commit("confirmation", signature("Ana Hurtado", kind="individual"))
        queued = DBTaskResult.objects.count()

    assert queued == 1  # already inside the transaction: one commit for both
    assert DBTaskResult.objects.get().args_kwargs["args"][0] == "confirmation"


def test_nothing_is_queued_when_the_signature_is_rolled_back(database_tasks, letter, signature):
    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        send_after_commit("confirmation", signature("Casa Monarca"))
        raise Abandoned

    assert DBTaskResult.objects.count() == 0
