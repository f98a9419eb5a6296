"""XLSX and ODS workbooks: the first sheet's cells, as text.

Read with python-calamine, which reads the values a spreadsheet stored and never
evaluates a formula: a cell computed by "=A1&B1" gives its stored result, and text
typed as "=cmd|..." stays text. The archive is checked first (limits.check_archive)
so that a zip bomb never reaches the reader.
"""

import datetime
import io

from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

from signatures.importing.sources.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    SourceError,
    check_archive,
    check_rows,
)


def cell_text(value):
    """A cell's value as the organizer saw it: whole numbers without ".0", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def rows(data):
    """The first visible sheet's rows (each a list of cells as text)."""
    check_archive(io.BytesIO(data))
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = SheetVisibleEnum.Visible
        names = [sheet.name for sheet in workbook.sheets_metadata if sheet.visible == visible]
        names = names or workbook.sheet_names
        sheet = workbook.get_sheet_by_name(names[0])
        found = []
        for row in sheet.iter_rows():
            found.append([cell_text(value) for value in row[:MAX_COLUMNS]])
            if len(found) > MAX_ROWS + 1:
                check_rows(len(found) - 1)
        return found
    except PasswordError:
        raise SourceError(_("The spreadsheet is protected by a password.")) from None
    except (CalamineError, ValueError, IndexError, OSError):
        raise SourceError(_("The spreadsheet is damaged: it could not be opened.")) from None
