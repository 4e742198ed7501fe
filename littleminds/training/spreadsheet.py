"""The training report as a spreadsheet (.xlsx, openpyxl) for commissioners: a first sheet
saying what the report covers, then one sheet a table, with the same figures as the page."""

from __future__ import annotations

import io
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

from littleminds.core.spreadsheets import sheet_name
from littleminds.training.selectors_reports import Rate, Report


def workbook(report: Report) -> bytes:
    book = Workbook(write_only=True)
    taken: set[str] = set()
    about = book.create_sheet(sheet_name(_("About this report"), taken))
    about.append([_("Training report")])
    about.append([_("From"), date_format(report.start, "j F Y")])
    about.append([_("To"), date_format(report.end, "j F Y")])
    about.append([_("Teams"), ", ".join(team.name for team in report.teams)])
    about.append([_("People who trained"), report.trained])
    about.append([_("of whom students"), report.students])
    about.append(
        [
            _("Sessions counted"),
            _("Sessions whose first day is in the period and that were not cancelled"),
        ]
    )
    for table in report.tables:
        sheet = book.create_sheet(sheet_name(table.sheet, taken))
        sheet.append([table.caption])
        sheet.append(table.headings)
        for row in table.rows:
            sheet.append([_value(sheet, cell) for cell in row])
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _value(sheet: Any, cell: str | int | Rate) -> Any:
    """A share as a fraction shown as a percentage, empty when there is no whole to share."""
    if isinstance(cell, Rate):
        value = cell.value
        if value is None:
            return None
        written = WriteOnlyCell(sheet, value=round(value, 4))
        written.number_format = "0%"
        return written
    return cell
