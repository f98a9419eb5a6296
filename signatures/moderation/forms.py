"""Forms of the moderation pages: the queue's filters, bulk actions, edits, additions."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from signatures.models import Member, Signature
from signatures.moderation import bulk
from signatures.moderation import queue as moderation
from signatures.signing.forms import MEMBER_ERRORS, SingleLineFields, country_choices
from signatures.signing.service import (
    MAX_MEMBERS,
    MemberListError,
    member_lines_text,
    parse_member_lines,
)
from signatures.widgets import LongSelect


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


def _any(label):
    return [("", label)]


def _formfield(field, **kwargs):
    # Signers type "www.example.org": read it as https, as browsers do now.
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if field.name == "country":
        kwargs["widget"] = LongSelect
    formfield = field.formfield(**kwargs)
    if field.name == "country":
        formfield.choices = country_choices  # sorted in the reader's language, a real prompt
    elif getattr(formfield, "choices", None) and list(formfield.choices)[0][0] == "":
        # Django's "---------" says nothing to a moderator.
        formfield.choices = [("", _("Choose…")), *list(formfield.choices)[1:]]
    return formfield


class QueueFilterForm(forms.Form):
    """The queue's filters, from the query string. Invalid values are ignored, not fatal."""

    status = forms.ChoiceField(
        required=False, choices=[(tab, tab) for tab in moderation.TABS], widget=forms.HiddenInput
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, acronym or email")}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_any(_("Any kind")) + Signature.Kind.choices
    )
    network = forms.TypedChoiceField(
        label=_("Network"), required=False, coerce=int, empty_value=None
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=LongSelect)
    language = forms.ChoiceField(
        label=_("Language read"),
        required=False,
        choices=_any(_("Any language")) + list(settings.LANGUAGES),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        required=False,
        choices=_any(_("Any visibility")) + Signature.Visibility.choices,
    )
    origin = forms.ChoiceField(
        label=_("Origin"), required=False, choices=_any(_("Any origin")) + Signature.Origin.choices
    )
    duplicates = forms.BooleanField(label=_("Possible duplicates only"), required=False)
    lead = forms.BooleanField(label=_("Lead signatories only"), required=False)
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("oldest", _("Oldest first")),
            ("newest", _("Newest first")),
            ("name", _("By name")),
        ],
    )

    size = forms.TypedChoiceField(
        label=_("Per page"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(size, size) for size in moderation.PAGE_SIZES],
    )

    def __init__(self, data, *, networks):
        super().__init__(data)
        self.fields["network"].choices = _any(_("Any network")) + [
            (network.pk, network.name) for network in networks
        ]
        # Every country, as the signing form offers: listing only those present
        # would read every signature of the letter on each page.
        self.fields["country"].choices = _any(_("Any country")) + list(countries)
        self.helper = _helper()
        self.helper.disable_csrf = True

    @property
    def values(self):
        """The valid filters, with defaults; an invalid one counts as not given."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {name: cleaned.get(name) for name in self.fields}
        values["status"] = values["status"] or Signature.Status.PENDING
        values["order"] = values["order"] or moderation.DEFAULT_ORDER
        values["size"] = values["size"] or moderation.PAGE_SIZE
        return values

    def summary(self):
        """(label, value) for each filter in use, for the confirmation page."""
        values = self.values
        shown = []
        for name, field in self.fields.items():
            value = values.get(name)
            if name in moderation.VIEW_OPTIONS or not value:
                continue
            if isinstance(field, forms.BooleanField):
                shown.append((field.label, _("yes")))
            elif hasattr(field, "choices"):
                shown.append((field.label, dict(field.choices).get(value, value)))
            else:
                shown.append((field.label, value))
        return shown


class ReasonForm(SingleLineFields, forms.Form):
    reason_code = forms.ChoiceField(
        label=_("Reason"), required=False, choices=_any(_("Choose a reason")) + bulk.REASONS
    )
    reason_text = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=1000,
        help_text=_("Kept in the audit trail; the signer does not see it."),
    )

    def __init__(self, *args, needs_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_reason = needs_reason
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        code, text = cleaned.get("reason_code"), cleaned.get("reason_text", "").strip()
        if self.needs_reason and not code and not text:
            raise forms.ValidationError(_("Say why: choose a reason or write one."))
        if code == "other" and not text:
            self.add_error("reason_text", _("Write the reason."))
        cleaned["reason"] = bulk.reason_text(code, text)
        return cleaned


class BulkForm(ReasonForm):
    """What the bulk toolbar (and each row's buttons) post."""

    action = forms.ChoiceField(choices=[(name, a.label) for name, a in bulk.ACTIONS.items()])
    scope = forms.ChoiceField(choices=[("selected", "selected"), ("filter", "filter")])
    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)
    confirmed = forms.BooleanField(required=False)
    expected = forms.IntegerField(required=False, min_value=0)

    def __init__(self, data):
        action = bulk.ACTIONS.get((data or {}).get("action"))
        super().__init__(data, needs_reason=bool(action and action.needs_reason))
        # Any whole numbers: whether they are the letter's is checked against the database.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()


DELIVERY_ONLY = Signature.Visibility.DELIVERY_ONLY


def signer_chose_privacy(signature):
    """Whether the signature is delivered-only by its signer's own choice on the form."""
    return (
        signature.pk is not None
        and signature.origin == Signature.Origin.FORM
        and signature.visibility == DELIVERY_ONLY
    )


class SignatureEditForm(SingleLineFields, forms.ModelForm):
    """A moderator's corrections to what the list shows."""

    class Meta:
        model = Signature
        fields = ["name", "acronym", "title", "country", "city", "website", "visibility"]
        formfield_callback = _formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        if signer_chose_privacy(self.instance):
            # Their choice, not the moderators': a delivered-only signer stays so.
            visibility = self.fields["visibility"]
            visibility.choices = [
                choice for choice in visibility.choices if choice[0] == DELIVERY_ONLY
            ]
            visibility.help_text = _(
                "The signer asked to be named only in the delivered letter. Only they "
                "can change that, from the link in their email."
            )

    def values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class LeadForm(forms.ModelForm):
    class Meta:
        model = Signature
        fields = ["is_lead", "lead_order"]
        help_texts = {"lead_order": _("1 comes first. Leave empty to sort by name.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_lead"):
            cleaned["lead_order"] = None
        return cleaned

    def values(self):
        return {
            "is_lead": self.cleaned_data["is_lead"],
            "lead_order": self.cleaned_data["lead_order"],
        }


class DeclaredNetworksForm(forms.Form):
    networks = forms.ModelMultipleChoiceField(
        label=_("Member of these networks"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["networks"].queryset = networks
        self.helper = _helper()


class AttachForm(SingleLineFields, forms.Form):
    network_signature = forms.ModelChoiceField(
        label=_("Add to the member list of"), queryset=None, empty_label=None
    )
    role = forms.CharField(
        label=_("Role in the network (optional)"), required=False, max_length=300
    )

    def __init__(self, *args, network_signatures, signature, **kwargs):
        super().__init__(*args, **kwargs)
        self.signature = signature
        self.fields["network_signature"].queryset = network_signatures
        self.fields["network_signature"].label_from_instance = lambda s: s.display_name
        self.helper = _helper()

    def clean_network_signature(self):
        """A delivered-only organization goes on a public network's list, which the
        website shows, only if it named that network itself when it signed."""
        network_signature = self.cleaned_data["network_signature"]
        if (
            self.signature.visibility == DELIVERY_ONLY
            and network_signature.visibility == Signature.Visibility.PUBLIC
            and not self.signature.member_of.filter(pk=network_signature.network_id).exists()
        ):
            raise forms.ValidationError(
                _(
                    "This organization asked to be named only in the delivered letter, and "
                    "this network's member list is on the website. It can go only on the "
                    "list of a network it named when it signed."
                )
            )
        return network_signature


MEMBER_HELP = _(
    "One per line. A role may follow a comma (“IDC International Detention Coalition, "
    "Observadoras”); a legal form after a comma, such as “, A.C.”, stays part of the name."
)


class MemberListForm(forms.Form):
    member_organizations = forms.CharField(
        label=_("Member organizations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MEMBER_HELP,
    )
    member_people = forms.CharField(
        label=_("Member people"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; a role may follow a comma."),
    )

    def __init__(self, *args, members=(), **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "member_organizations": member_lines_text(members, Member.Kind.ORGANIZATION),
                "member_people": member_lines_text(members, Member.Kind.PERSON),
            },
        )
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def _parse(self, name, kind):
        try:
            return parse_member_lines(self.cleaned_data.get(name, ""), kind)
        except MemberListError as error:
            message = MEMBER_ERRORS[error.problem] % {"line": error.line_number, "max": MAX_MEMBERS}
            self.add_error(name, message)
            return []

    def clean(self):
        cleaned = super().clean()
        cleaned["members"] = self._parse(
            "member_organizations", Member.Kind.ORGANIZATION
        ) + self._parse("member_people", Member.Kind.PERSON)
        return cleaned


class AddSignatureForm(SingleLineFields, forms.ModelForm):
    """A signature that arrived by email or on paper, typed in by a moderator."""

    origin = forms.ChoiceField(
        label=_("Received"),
        choices=[
            (Signature.Origin.EMAIL, Signature.Origin.EMAIL.label),
            (Signature.Origin.PAPER, Signature.Origin.PAPER.label),
        ],
        widget=forms.RadioSelect,
        initial=Signature.Origin.EMAIL,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Signature.Status.APPROVED, _("Approved: I checked it")),
            (Signature.Status.PENDING, _("Pending: another moderator reviews it")),
        ],
        widget=forms.RadioSelect,
        initial=Signature.Status.APPROVED,
    )

    class Meta:
        model = Signature
        fields = [
            "kind", "name", "acronym", "title", "country", "city", "website", "visibility",
            "contact_name", "contact_role", "email", "note", "origin", "status",
        ]  # fmt: skip
        labels = {"note": _("Note (how it arrived, who sent it)")}
        formfield_callback = _formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
