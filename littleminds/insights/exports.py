"""Disclosed tables as files: CSV (one table) and XLSX (openpyxl; a sheet saying what the
figures cover, then a sheet a table). Only `tables.Disclosed` comes in, so a download can
never show more than the page."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]

from littleminds.core.spreadsheets import formula_safe, sheet_name
from littleminds.insights.tables import Disclosed, Shown

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(cell: Shown) -> object:
    """A cell as written to a file: formulas never, empty for no figure."""
    return "" if cell is None else formula_safe(cell)


def as_csv(table: Disclosed, about: Sequence[tuple[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for name, value in about:
        writer.writerow([name, _safe(value)])
    writer.writerow([])
    writer.writerow([table.caption])
    writer.writerow(table.headings)
    for row in table.all_rows():
        writer.writerow([_safe(cell) for cell in row])
    if table.note:
        writer.writerow([])
        writer.writerow([table.note])
    # A byte-order mark, so that Excel reads the file as UTF-8 (Urdu names, "–").
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(tables: Sequence[Disclosed], about: Sequence[tuple[str, str]]) -> bytes:
    book = Workbook(write_only=True)
    taken: set[str] = set()
    sheet = book.create_sheet(sheet_name(_("About these figures"), taken))
    for name, value in about:
        sheet.append([name, _safe(value)])
    for table in tables:
        sheet = book.create_sheet(sheet_name(table.caption, taken))
        sheet.append([table.caption])
        sheet.append(list(table.headings))
        for row in table.all_rows():
            sheet.append([_safe(cell) for cell in row])
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
