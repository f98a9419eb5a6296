"""Forms for writing a letter: a new letter, a language version's text, a save's options."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from letters.authoring import paste
from letters.models import Letter

# The fields of a language version the pages edit (the imported Markdown `recipient`
# is kept as it is: `recipients` replaces it on the page once filled in).
EDITED_FIELDS = ("title", "recipients", "body", "closing")

RECIPIENTS_HELP = _(
    "One recipient a line: name, position, institution. They are shown as the "
    "letter's address block."
)
BODY_HELP = _(
    "Markdown: a blank line between paragraphs, **bold**, *italics*, "
    "“- ” or “1. ” at the start of a line for lists, “## ” for a heading."
)


# How people may sign: asked when a letter is started, changeable while it is a draft.
SIGNING_OPTIONS = (
    "allow_organizations",
    "allow_individuals",
    "allow_networks",
    "require_confirmation",
    "require_moderation",
)


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


def free_slug(slug):
    """`slug` if no letter uses it, else the first free "slug-2", "slug-3"…"""
    taken = set(Letter.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate, number = slug[: 100 - len(suffix)] + suffix, number + 1
    return candidate


class TextForm(forms.Form):
    """One language version's text. The original must have a title and a text; a
    translation left entirely empty is no translation."""

    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        help_text=RECIPIENTS_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=_("Text of the letter"),
        required=False,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 16, "class": "font-monospace"}),
    )
    closing = forms.CharField(
        label=_("Closing line"),
        max_length=200,
        required=False,
        help_text=_("For example “Sincerely,” or “Atentamente,”."),
    )

    def __init__(self, *args, original=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.original = original
        self.helper = _helper()
        for name in ("title", "closing"):
            self.fields[name].widget.attrs["maxlength"] = self.fields[name].max_length

    def clean(self):
        data = super().clean()
        if not self.has_text() and not self.original:
            return data
        for name in ("title", "body"):
            if not (data.get(name) or "").strip():
                self.add_error(name, _("This field is required."))
        return data

    def has_text(self):
        return any((self.cleaned_data.get(name) or "").strip() for name in EDITED_FIELDS)

    def text(self, keep=None):
        """The version's text for saving ({field: text}), with what the page does not
        edit kept from `keep` (the version as stored)."""
        text = {name: self.cleaned_data.get(name, "").strip() for name in EDITED_FIELDS}
        text["recipient"] = getattr(keep, "recipient", "") if keep else ""
        return text

    def warnings(self):
        """Paste damage in the text, to show before saving."""
        return paste.check(self.cleaned_data.get("body", "")) if self.is_valid() else []


def text_forms(letter, data=None):
    """One TextForm per language, the original first, each prefixed with its language."""
    versions = {version.language: version for version in letter.versions.all()}
    original = letter.original_version()
    languages = sorted(
        (code for code, _name in settings.LANGUAGES),
        key=lambda code: (not original or code != original.language, code),
    )
    return [
        (
            code,
            versions.get(code),
            TextForm(
                data,
                prefix=code,
                original=bool(original and code == original.language),
                initial={name: getattr(versions.get(code), name, "") for name in EDITED_FIELDS},
            ),
        )
        for code in languages
    ]


class NewLetterForm(forms.ModelForm):
    """A new letter: its original text, its address, and how people may sign it."""

    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(
        label=_("Original language"),
        choices=settings.LANGUAGES,
        help_text=_("The language the letter is written in. You can add a translation later."),
    )
    recipients = TextForm.base_fields["recipients"]
    body = TextForm.base_fields["body"]
    closing = TextForm.base_fields["closing"]

    class Meta:
        model = Letter
        fields = ["slug", "date", *SIGNING_OPTIONS, "closes_at"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }
        labels = {"slug": _("Web address"), "date": _("Date of the letter")}
        help_texts = {
            "slug": _(
                "The end of the letter's address, /letters/…/: lowercase letters, digits "
                "and hyphens. Leave it empty to make it from the title."
            ),
            "closes_at": _("Signing stops at this moment. Leave empty to close by hand."),
        }

    field_order = ["title", "slug", "language", "date", "recipients", "body", "closing"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["slug"].required = False
        self.fields["body"].required = True

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.data.get("title", ""))[:100]
        slug = slug.strip("-")
        if not slug:
            raise forms.ValidationError(
                _("Give the letter an address: letters, digits or hyphens.")
            )
        if Letter.objects.filter(slug=slug).exists():
            raise self.slug_taken(slug)
        return slug

    def slug_taken(self, slug):
        return forms.ValidationError(
            _(
                "Another letter already has the address /letters/%(slug)s/. "
                "Choose another one, for example “%(free)s”."
            ),
            params={"slug": slug, "free": free_slug(slug)},
        )

    def clean(self):
        data = super().clean()
        kinds = ("allow_organizations", "allow_individuals", "allow_networks")
        if not any(data.get(name) for name in kinds):
            self.add_error("allow_organizations", _("Choose at least one kind of signer."))
        return data

    def text(self):
        text = {name: (self.cleaned_data.get(name) or "").strip() for name in EDITED_FIELDS}
        return {**text, "recipient": ""}

    def warnings(self):
        return paste.check(self.cleaned_data.get("body", ""))


class SaveForm(forms.Form):
    """What goes with a save: the conflict token, and for an amendment, the emails."""

    token = forms.CharField(widget=forms.HiddenInput)
    accept_warnings = forms.BooleanField(
        label=_("Save anyway: the text is meant as it is."), required=False
    )
    note = forms.CharField(
        label=_("What changed, in a sentence"),
        required=False,
        max_length=1000,
        help_text=_("Kept with the new version, and sent to signers if you email them."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notify = forms.BooleanField(
        label=_("Email the people who signed an earlier text, with what changed"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class DetailsForm(forms.ModelForm):
    """The letter's date and, while it is a draft, who may sign and how: what the "New
    letter" page asked, changeable until the letter opens (then the settings page has
    what may still change)."""

    class Meta:
        model = Letter
        fields = ["date", *SIGNING_OPTIONS]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
        labels = {"date": _("Date of the letter")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="details", **kwargs)
        self.helper = _helper()
        if self.instance.status != Letter.Status.DRAFT:
            for name in SIGNING_OPTIONS:
                del self.fields[name]

    def clean(self):
        return _one_kind_of_signer(self, super().clean())

    def values(self):
        return {name: self.cleaned_data[name] for name in self.fields}


def _one_kind_of_signer(form, data):
    kinds = [name for name in SIGNING_OPTIONS[:3] if name in form.fields]
    if kinds and not any(data.get(name) for name in kinds):
        form.add_error(kinds[0], _("Choose at least one kind of signer."))
    return data
