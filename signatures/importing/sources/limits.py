"""What an upload may be: its size, its rows, and what a spreadsheet may unpack to.

Every check raises SourceError with a message for the organizer; nothing is saved
before the checks pass. The limits are generous for a real list (a Google Forms
sheet of a large coalition has a few thousand rows) and small for an attack.
"""

import zipfile

from django.utils.translation import gettext_lazy as _

# An uploaded file or pasted text, in bytes.
MAX_BYTES = 10 * 1024 * 1024
# Rows of data in one import (the header row not counted).
MAX_ROWS = 50_000
# Columns kept from a row; a form export rarely has more than thirty.
MAX_COLUMNS = 60
# One cell's text, in characters: a long member list fits, a megabyte does not.
MAX_CELL = 20_000
# What the parts of an XLSX or ODS file (a zip archive) may unpack to, in total:
# a 10 MB spreadsheet unpacks to some tens of megabytes, a zip bomb to gigabytes.
MAX_UNPACKED = 50 * 1024 * 1024
# Parts in the archive: a workbook has a few dozen.
MAX_PARTS = 2000
_CHUNK = 1024 * 1024


class SourceError(ValueError):
    """The upload cannot be read; the message says why, for the organizer."""


def check_size(data):
    if len(data) > MAX_BYTES:
        raise SourceError(
            _("The file is too large: at most %(max)s MB can be imported at once.")
            % {"max": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise SourceError(_("The file is empty."))


def check_rows(count):
    if count > MAX_ROWS:
        raise SourceError(
            _(
                "The list has %(count)s rows: at most %(max)s can be imported at once. "
                "Split it into several files."
            )
            % {"count": f"{count:,}", "max": f"{MAX_ROWS:,}"}
        )


def check_archive(file):
    """Unpacks every part of a zip archive without keeping it, stopping at MAX_UNPACKED.

    The sizes an archive declares can lie, so the parts are really unpacked, a chunk
    at a time; the reader (calamine) then only sees an archive known to be small.
    """
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SourceError(_("The spreadsheet is damaged: it could not be opened.")) from None
    too_large = SourceError(
        _("The spreadsheet unpacks to more than %(max)s MB: it cannot be imported.")
        % {"max": MAX_UNPACKED // (1024 * 1024)}
    )
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise too_large
        total = 0
        for part in parts:
            if part.flag_bits & 0x1:
                raise SourceError(_("The spreadsheet is protected by a password."))
            try:
                with archive.open(part) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_UNPACKED:
                            raise too_large
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
                raise SourceError(
                    _("The spreadsheet is damaged: it could not be opened.")
                ) from None
