"""Forms of the people pages: one's display name, and inviting an organizer."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from letters.people.models import Profile


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class InviteOrganizerForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_(
            "They receive a link to create an account that may start letters. "
            "Someone who already has an account is made an organizer from the list above."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
