"""The signing forms, one per kind of signer, also used to correct a signature.

Plain HTML forms rendered with crispy-forms (Bootstrap 5): they work on a phone
without JavaScript, keep what was typed when they fail, and put each message
next to its field.
"""

from functools import lru_cache

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from signatures.importing.pipeline import members as member_reading
from signatures.models import Member, Signature
from signatures.names import single_line
from signatures.signing.service import (
    MAX_MEMBERS,
    MAX_NEW_NETWORKS,
    MemberListError,
    member_lines_text,
    networks_signed,
    parse_member_lines,
    parse_network_names,
)
from signatures.widgets import LongSelect

HONEYPOT = "extra_info"
# The network form's "Check the list" button: shows how the member lists read, saves nothing.
CHECK_MEMBERS = "check_members"
# The fields of the check constraints signature_name_not_blank and
# signature_visibility_valid (see SignatureForm._get_validation_exclusions).
CHECKED_BY_FIELDS = {"name", "visibility"}


def country_choices():
    """Countries in the active language, after a translated blank choice."""
    return [("", _("Choose a country")), *_countries(get_language())]


@lru_cache(maxsize=8)
def _countries(language):
    return list(countries)


VISIBILITY_CHOICES = [
    (Signature.Visibility.PUBLIC, _("Show my name on the public page")),
    (
        Signature.Visibility.DELIVERY_ONLY,
        _("Include me in the delivered letter only (never shown on this website)"),
    ),
]

MEMBER_HELP = _(
    "One per line. A role may follow a comma: “IDC International Detention Coalition, "
    "Observadoras”. A legal form after a comma, such as “, A.C.” or “, I.A.P.”, stays "
    "part of the name."
)

MEMBER_ERRORS = {
    "name_too_long": _("Line %(line)s: the name is too long (at most 300 characters)."),
    "role_too_long": _("Line %(line)s: the role is too long (at most 300 characters)."),
    "too_many": _("A list may have at most %(max)s members."),
}


def _one_line(to_python):
    def to_one_line(value):
        return to_python(single_line(value) if isinstance(value, str) else value)

    return to_one_line


class SingleLineFields:
    """Form mixin: every text field typed on one line (not a textarea) holds one line.

    Line breaks, tabs and runs of spaces become one space, control characters and
    bidirectional overrides go (names.single_line). A line break in a title or a city
    would otherwise start a new entry in the delivered list. It happens in each
    field's to_python, before the field's own checks: a value of nothing but
    overrides is then empty, and a required field says so.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
                field.to_python = _one_line(field.to_python)


class SignatureForm(SingleLineFields, forms.ModelForm):
    """Fields every signer fills in; subclasses add their kind's own."""

    kind = None
    # (legend, field names) in the order shown; fields absent from the form are skipped.
    sections = ()

    visibility = forms.ChoiceField(
        label=_("On the public page"),
        choices=VISIBILITY_CHOICES,
        initial=Signature.Visibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_(
            "Delivered-only signatures are counted and delivered with the letter, for "
            "signers at risk, but never appear on this website."
        ),
    )
    language = forms.ChoiceField(label=_("Language version you read"))
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that the organizers keep these "
            "details to deliver this letter."
        ),
    )
    # Invisible to people (hidden by CSS, skipped by the keyboard); bots fill it in.
    extra_info = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Signature
        fields = ["name", "email", "note", "visibility", "language"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, letter, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter = letter
        self.editing = editing
        if editing:
            # The address is who signed: it is not corrected here, and no consent
            # or bot check is needed from someone who came through their email link.
            for name in ("email", "consent", "authorized", HONEYPOT):
                self.fields.pop(name, None)
        else:
            self.fields["email"].required = True
            self.fields["email"].help_text = _(
                "Private. We send a link to it; it is never shown or shared."
            )
        versions = list(letter.versions.all())
        self.fields["language"].choices = [(v.language, v.get_language_display()) for v in versions]
        if len(versions) < 2:
            self.fields["language"].widget = forms.HiddenInput()
        if not self.is_bound and not self.instance.pk:
            current = letter.version_for()
            self.initial.setdefault("language", current.language if current else "")
        if "country" in self.fields:
            # A callable: the sorted, translated list is built once per language and
            # only when the form is rendered or checked, not for every form made.
            self.fields["country"].widget = LongSelect()
            self.fields["country"].choices = country_choices
        if "note" in self.fields:
            self.fields["note"].label = _("Note to the organizers")
            self.fields["note"].help_text = _("Private: only the organizers read it.")

    @cached_property
    def helper(self):
        # Built when rendered, after subclasses have added or dropped their fields.
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = self._layout()
        return helper

    def _layout(self):
        sections = [
            *self.sections,
            (_("Your signature"), ["visibility", "language", "note"]),
            (_("Consent"), ["authorized", "consent"]),
        ]
        parts = []
        for legend, names in sections:
            present = [Field(name) for name in names if name in self.fields]
            if CHECK_MEMBERS in names:
                present.append(HTML('{% include "signatures/signing/_check_members.html" %}'))
            if "consent" in names and "consent" in self.fields:
                present.insert(0, HTML('{% include "signatures/signing/_privacy_notice.html" %}'))
            if present:
                parts.append(Fieldset(legend, *present))
        if HONEYPOT in self.fields:
            parts.append(Div(Field(HONEYPOT), css_class="hp-field", aria_hidden="true"))
        return Layout(*parts)

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get(HONEYPOT))

    def _get_validation_exclusions(self):
        # Django checks each of Signature's check constraints with a query of its own:
        # a quarter of a signing request's time. On the form's fields they only restate
        # what each field's validation has already ensured (a name that is not blank, a
        # visibility among the choices), and the database enforces them on save.
        return super()._get_validation_exclusions() | CHECKED_BY_FIELDS

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def consent_record(self):
        """What the signer agreed to, for the audit trail."""
        return {name: True for name in ("consent", "authorized") if name in self.fields}

    def submission(self):
        """Keyword arguments for signing.submit and signing.edit beyond the model fields."""
        return {}

    def values(self):
        """The model fields the signer may correct, for Signature.edit."""
        names = [f for f in self._meta.fields if f in self.fields and f != "email"]
        return {name: self.cleaned_data[name] for name in names}


class OrganizationForm(SignatureForm):
    kind = Signature.Kind.ORGANIZATION
    sections = (
        (_("The organization"), ["name", "acronym", "country", "city", "website"]),
        (_("Networks"), ["networks", "new_networks"]),
        (_("About you (private)"), ["contact_name", "contact_role", "email"]),
    )

    website = forms.URLField(
        label=_("Website"), required=False, max_length=500, assume_scheme="https"
    )
    networks = forms.ModelMultipleChoiceField(
        label=_("Signing as a member of"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_networks = forms.CharField(
        label=_("Other networks"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Networks not listed above, one per line."),
    )
    authorized = forms.BooleanField(label=_("I am authorized to sign for this organization."))

    class Meta(SignatureForm.Meta):
        fields = [
            "name",
            "acronym",
            "country",
            "city",
            "website",
            "contact_name",
            "contact_role",
            "email",
            "note",
            "visibility",
            "language",
        ]
        widgets = {
            **SignatureForm.Meta.widgets,
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }
        labels = {
            "name": _("Name of the organization"),
            "contact_name": _("Your name"),
            "contact_role": _("Your role in the organization"),
        }

    def __init__(self, *args, letter, **kwargs):
        super().__init__(*args, letter=letter, **kwargs)
        self.fields["contact_name"].required = True
        self.fields["networks"].queryset = networks_signed(letter)
        if not self.fields["networks"].queryset.exists():
            del self.fields["networks"]
            self.fields["new_networks"].label = _("Signing as a member of networks")
            self.fields["new_networks"].help_text = _(
                "Optional: the networks your organization belongs to, one per line."
            )
        if self.instance.pk and not self.is_bound:
            # Declared networks among the choices are ticked; the others are typed in.
            choices = set(self.fields["networks"].queryset) if "networks" in self.fields else set()
            declared = list(self.instance.member_of.order_by("name"))
            self.initial["networks"] = [n for n in declared if n in choices]
            self.initial["new_networks"] = "\n".join(n.name for n in declared if n not in choices)

    def clean_new_networks(self):
        names = parse_network_names(self.cleaned_data["new_networks"])
        if len(names) > MAX_NEW_NETWORKS:
            raise forms.ValidationError(
                _("At most %(max)s networks."), params={"max": MAX_NEW_NETWORKS}
            )
        limit = 300
        if any(len(name) > limit for name in names):
            raise forms.ValidationError(
                _("A network's name may have at most %(max)s characters."), params={"max": limit}
            )
        return names

    def submission(self):
        return {
            "networks": list(self.cleaned_data.get("networks") or ()),
            "new_networks": self.cleaned_data["new_networks"],
        }


class IndividualForm(SignatureForm):
    kind = Signature.Kind.INDIVIDUAL
    sections = ((_("About you"), ["name", "title", "country", "email"]),)

    class Meta(SignatureForm.Meta):
        fields = ["name", "title", "country", "email", "note", "visibility", "language"]
        widgets = {
            **SignatureForm.Meta.widgets,
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        labels = {"name": _("Full name"), "title": _("Title or affiliation")}
        help_texts = {
            "title": _("Shown after your name, for identification only: you sign as a person."),
        }


class NetworkForm(SignatureForm):
    kind = Signature.Kind.NETWORK
    sections = (
        (_("The network"), ["name", "acronym", "website"]),
        (_("Members"), ["member_organizations", "member_people", CHECK_MEMBERS]),
        (_("Its representative (private)"), ["contact_name", "email"]),
    )

    website = forms.URLField(
        label=_("Website"), required=False, max_length=500, assume_scheme="https"
    )
    member_organizations = forms.CharField(
        label=_("Member organizations"),
        required=False,
        max_length=MAX_MEMBERS * 120,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MEMBER_HELP,
    )
    member_people = forms.CharField(
        label=_("People listed by the network"),
        required=False,
        max_length=MAX_MEMBERS * 120,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "People, not organizations, one per line, a role after a comma: "
            "“Melissa Vertiz, Secretaria Técnica”."
        ),
    )

    class Meta(SignatureForm.Meta):
        fields = ["name", "acronym", "website", "contact_name", "email", "note", "visibility"]
        fields += ["language"]
        labels = {"name": _("Name of the network"), "contact_name": _("Representative's name")}
        widgets = {
            **SignatureForm.Meta.widgets,
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, letter, **kwargs):
        super().__init__(*args, letter=letter, **kwargs)
        self.fields["contact_name"].required = True
        if self.instance.pk and not self.is_bound:
            members = list(self.instance.members.order_by("position"))
            self.initial["member_organizations"] = member_lines_text(
                members, Member.Kind.ORGANIZATION
            )
            self.initial["member_people"] = member_lines_text(members, Member.Kind.PERSON)

    def _members(self, field, kind):
        # Numbering, spreadsheet cells and contact details out of the names, whatever
        # was pasted; the contact details go to the private note (see clean()).
        text = self.cleaned_data[field]
        boxes = (text, "") if kind == Member.Kind.ORGANIZATION else ("", text)
        reading = member_reading.read(*boxes)
        self.member_private = [*getattr(self, "member_private", []), *reading.private]
        text = reading.organizations_text or reading.people_text
        try:
            return parse_member_lines(text, kind)
        except MemberListError as error:
            raise forms.ValidationError(
                MEMBER_ERRORS[error.problem],
                params={"line": error.line_number, "max": MAX_MEMBERS},
            ) from None

    def clean_member_organizations(self):
        return self._members("member_organizations", Member.Kind.ORGANIZATION)

    def clean_member_people(self):
        return self._members("member_people", Member.Kind.PERSON)

    def clean(self):
        cleaned = super().clean()
        members = cleaned.get("member_organizations", []) + cleaned.get("member_people", [])
        if len(members) > MAX_MEMBERS:
            raise forms.ValidationError(MEMBER_ERRORS["too_many"], params={"max": MAX_MEMBERS})
        private = getattr(self, "member_private", [])
        if private and "note" in cleaned:
            found = _("Contact details found in the member list (private):")
            note = "\n".join(filter(None, [cleaned["note"], str(found), *private]))
            cleaned["note"] = note[: Signature._meta.get_field("note").max_length]
        return cleaned

    def submission(self):
        members = self.cleaned_data["member_organizations"] + self.cleaned_data["member_people"]
        return {"members": members}


FORMS = {form.kind: form for form in (OrganizationForm, IndividualForm, NetworkForm)}
