from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "signatures"
    verbose_name = _("Signatures")

    def ready(self):
        from letters.authoring.texts import notify_signers
        from signatures import duplicate_keys, tasks

        duplicate_keys.connect()
        # The letter's edit page asks for the amendment emails; only this app knows the signers.
        notify_signers.connect(tasks.amendment_emails_after_commit, dispatch_uid="amendment_emails")
