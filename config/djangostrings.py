"""Django's own messages that Firmas shows, listed so that Firmas's catalog carries them.

Django's Spanish catalog addresses the reader as *usted* ("Introduzca una dirección
válida"); Firmas speaks *tú* everywhere. Firmas's catalog is read before Django's
(LOCALE_PATHS), so a translation here replaces Django's wherever the message appears:
a form's error, a password rule, the login page. The names are never used; listing
the messages is what keeps `makemessages` from dropping their translations.

The models of django-axes and of the task queue, as the admin lists them, are here
for the same reason: those packages have no Spanish of their own.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # Fields and validators (django.forms, django.core.validators).
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid integer."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Enter a list of values."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("Please correct the duplicate data for %(field)s, which must be unique."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    ),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
    ),
    # Accounts (django.contrib.auth): the login page and setting a password.
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
    ),
    # The admin's index (django-axes, django-tasks-db).
    gettext_noop("access failures"),
    gettext_noop("access attempts"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access logs"),
    gettext_noop("Task Results"),
]
