"""The reach report as a download, with the same figures as the page (suppressed the same
way for the analyst): a spreadsheet (.xlsx, openpyxl) with a sheet saying what it covers
and a sheet a table, or CSV with the tables one after the other."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]

from littleminds.community.selectors_report import ReachReport
from littleminds.core.spreadsheets import formula_safe, sheet_name

_safe = formula_safe


def _about(report: ReachReport) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [_("Community reach report")],
        [_("From"), date_format(report.start, "j F Y")],
        [_("To"), date_format(report.end, "j F Y")],
        [_("Teams"), ", ".join(team.name for team in report.teams)],
    ]
    if report.suppressed:
        rows.append(
            [
                _("Small numbers"),
                _(
                    "Counts from 1 to 7 are shown as *, others are rounded to the nearest 5, "
                    "and totals are added up from the figures shown."
                ),
            ]
        )
    elif report.referrals_suppressed:
        rows.append(
            [
                _("Small numbers"),
                _(
                    "Self-referrals are counted for every team that received them, so in the "
                    "self-referral columns counts from 1 to 7 are shown as *, others are "
                    "rounded to the nearest 5, and totals are added up from the figures "
                    "shown. The other figures are the team's, exactly."
                ),
            ]
        )
    if report.suppressed or report.referrals_suppressed:
        rows.append(
            [
                _("Totals marked + *"),
                _(
                    "A total marked “+ *” leaves out figures shown as *, so the true total "
                    "is more than the number shown. A total shown as * is made only of "
                    "figures shown as *."
                ),
            ]
        )
    return rows


def workbook(report: ReachReport) -> bytes:
    book = Workbook(write_only=True)
    taken: set[str] = set()
    about = book.create_sheet(sheet_name(_("About this report"), taken))
    for row in _about(report):
        about.append([_safe(cell) for cell in row])
    for table in report.tables:
        sheet = book.create_sheet(sheet_name(table.sheet, taken))
        sheet.append([table.caption])
        sheet.append(table.headings)
        for row in [*table.rows, table.total]:
            sheet.append([_safe(cell) for cell in row])
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_csv(report: ReachReport) -> bytes:
    """The tables one after the other, each under its caption, a blank line between; with a
    byte-order mark, so that a spreadsheet program reads the words in Urdu script right."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _about(report):
        writer.writerow([_safe(cell) for cell in row])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.caption])
        writer.writerow(table.headings)
        for row in [*table.rows, table.total]:
            writer.writerow([_safe(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
