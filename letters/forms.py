"""Forms of the letter management pages: roles, invitations, settings, delivery."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from letters.models import Delivery, Letter, LetterRole


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


class InviteForm(forms.Form):
    """A moderator or a co-owner, invited by email: they accept with the account they have
    or a new one. Nobody joins a team without accepting, and the form says nothing of
    which addresses or user names have accounts (security review, finding 9)."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_(
            "They receive an invitation by email and join once they accept it, with "
            "the account they have or a new one."
        ),
    )

    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (LetterRole.Role.MODERATOR, _("Moderator: reviews the signatures")),
            (LetterRole.Role.OWNER, _("Co-owner: also manages the team, settings and delivery")),
        ],
        initial=LetterRole.Role.MODERATOR,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_role(self):
        return self.cleaned_data["role"] or LetterRole.Role.MODERATOR


class AccountForm(UserCreationForm):
    """The account an invited moderator creates: a user name and a password."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class LetterSettingsForm(forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["email_signers_on_approval", "closes_at"]
        widgets = {"closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}
        help_texts = {
            "email_signers_on_approval": _(
                "Each signer with an email address is told when a moderator approves "
                "their signature."
            ),
            "closes_at": _("Signing stops at this moment. Leave empty to close by hand."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if self.instance.status == Letter.Status.DELIVERED:
            raise forms.ValidationError(
                _("The letter is delivered: its settings no longer change."), code="delivered"
            )
        return cleaned

    def values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DeliverForm(forms.Form):
    delivered_on = forms.DateField(
        label=_("Delivered on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    recipient = forms.CharField(
        label=_("Delivered to"),
        max_length=300,
        help_text=_(
            "Who received it, as the public page will say it: "
            "“the Secretary of Foreign Affairs of Mexico”."
        ),
    )
    method = forms.ChoiceField(label=_("How"), choices=Delivery.Method.choices)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the letter's team only. It may be changed later."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that signing stops and the list is frozen as it is now; "
            "this cannot be undone."
        )
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"delivered_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def values(self):
        """What signatures.exports.delivery.deliver records."""
        return {name: self.cleaned_data[name] for name in DELIVERY_FIELDS}


DELIVERY_FIELDS = ("delivered_on", "recipient", "method", "note")
