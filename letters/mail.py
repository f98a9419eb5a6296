"""Sending Firmas's email: one helper for every email, and the retry policy of the tasks
that send them.

Each email has three templates, NAME_subject.txt, NAME.txt and NAME.html under
templates/emails/, rendered in the recipient's language. They are only ever sent
from the background worker (signatures.tasks, letters.invitations), never inside
a request.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

# A mail server that is down for a while should not lose an email.
MAX_ATTEMPTS = 5


def absolute(path):
    """A link for an email: the site's address and `path`."""
    return settings.SITE_URL + path


def send(template, to, language, context):
    """Renders emails/TEMPLATE_subject.txt, .txt and .html in `language` and sends them to `to`.

    With a "letter" in the context, the templates also get its title in that
    language and the address of its public page.
    """
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        letter = context.get("letter")
        if letter is not None:
            version = letter.version_for(language)
            context = {
                "title": version.title if version else letter.slug,
                "letter_url": absolute(letter.get_absolute_url()),
                **context,
            }
        # A header must be one line, whatever a title or translation contains.
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def retry_later(task_function, attempt, *args):
    """Queues the task again, later, if attempts remain and the backend can defer.

    The caller re-raises its error afterwards, so the failed run is recorded as such.
    """
    if attempt < MAX_ATTEMPTS and task_function.get_backend().supports_defer:
        later = task_function.using(run_after=timezone.now() + timedelta(minutes=2**attempt))
        later.enqueue(*args, attempt + 1)
