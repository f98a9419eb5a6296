"""The Spanish translation is complete, and the compiled catalog matches it."""

from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

CATALOG = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_every_string_has_a_spanish_translation():
    catalog = polib.pofile(str(CATALOG))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []
    assert len(catalog.translated_entries()) > 100


def test_the_compiled_catalog_is_up_to_date():
    source = polib.pofile(str(CATALOG))
    compiled = polib.mofile(str(CATALOG.with_suffix(".mo")))
    # A message is known by its context and its text ("English" alone and inside a sentence).
    compiled_ids = {(entry.msgctxt, entry.msgid): entry for entry in compiled}

    stale = [e.msgid for e in source if (e.msgctxt, e.msgid) not in compiled_ids]
    stale += [
        e.msgid
        for e in source
        if not e.msgid_plural
        and compiled_ids.get((e.msgctxt, e.msgid))
        and compiled_ids[(e.msgctxt, e.msgid)].msgstr != e.msgstr
    ]
    assert stale == [], "run `make messages` to recompile locale/es"


def test_django_uses_the_spanish_catalog():
    with translation.override("es"):
        assert translation.gettext("Civil society organizations") == (
            "Organizaciones de la sociedad civil"
        )
