"""Password reset: the same answer in the same time whoever asks, and its email
leaves through the task queue (security review, finding 4).

Django's own view looks the accounts up and sends the email inside the request:
an address with an account answered in 272 ms, one without in 8 ms, and nothing
limited how often one inbox was written to. Here the request only counts itself,
per client address and per email address (the signing forms' counter,
signatures.signing.ratelimit, which keeps a keyed digest of the address, never the
address), and queues `send_reset`; the worker looks the accounts up and sends.
Over either limit nothing is queued, and the answer is the same page.
"""

from axes.utils import reset as reset_failures
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django_tasks import task

from config.lockout import remember_device
from letters import mail
from signatures.signing import ratelimit
from signatures.tasks import enqueue_with_commit


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form, whose save() queues the email instead of sending it."""

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        email = self.cleaned_data["email"]
        if not ratelimit.allow(request, scope="reset") or not ratelimit.allow_email(email):
            return
        domain = domain_override or request.get_host()
        language = translation.get_language()
        enqueue_with_commit(send_reset, email, domain, use_https, language)


@task()
def send_reset(email, domain, use_https, language, attempt=1):
    """Emails a reset link to each active account with this address, if there is one."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    try:
        with translation.override(language):
            form.save(domain_override=domain, use_https=use_https)
    except OSError:
        mail.retry_later(send_reset, attempt, email, domain, use_https, language)
        raise


class UnlockingPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's last step of the reset: the link proved control of the account's email,
    so the account's failed logins are forgotten at every address and this browser is
    remembered as the account's (config.lockout): whoever was locked out is let in
    (security review, finding 10)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_failures(username=self.user.get_username())
        remember_device(response, self.user)
        return response
