"""The analysis as files: retrieval's passages as CSV and as a Word document (.docx,
python-docx) for writing up, and the matrix as CSV and as a spreadsheet (.xlsx, openpyxl).
Every cell of words is kept from being read as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from docx import Document
from openpyxl import Workbook  # type: ignore[import-untyped]

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.core.spreadsheets import formula_safe, sheet_name
from littleminds.evaluation.models import Study
from littleminds.evaluation.selectors_analysis import Matrix, Retrieved

CSV = "text/csv; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

About = Sequence[tuple[str, str]]


def _csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([formula_safe(cell) for cell in row])
    # A byte-order mark, so that Excel reads the file as UTF-8 (Urdu, "–", emoji).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def passages_csv(found: Retrieved, about: About) -> bytes:
    rows: list[list[object]] = [[name, value] for name, value in about]
    rows.append([])
    rows.append(
        [
            _("Code"),
            _("Transcript"),
            _("Time point"),
            _("Participants"),
            _("Coded by"),
            _("Start"),
            _("End"),
            _("Passage"),
        ]
    )
    for node, passages in found.codes:
        for passage in passages:
            point = passage.transcript.time_point
            rows.append(
                [
                    node.name,
                    passage.transcript.title,
                    point.label if point else "",
                    passage.participant_labels,
                    passage.coder_names,
                    passage.start,
                    passage.end,
                    passage.text,
                ]
            )
    return _csv(rows)


def passages_docx(found: Retrieved, *, title: str, about: About) -> bytes:
    """A heading for each code, then each passage as a quote followed by who said it and
    where."""
    document = Document()
    document.add_heading(title, level=1)
    for name, value in about:
        document.add_paragraph(f"{name}: {value}")
    for node, passages in found.codes:
        document.add_heading(node.name, level=2)
        for passage in passages:
            document.add_paragraph(passage.text, style="Quote")
            document.add_paragraph(
                _("%(participants)s, %(transcript)s")
                % {
                    "participants": passage.participant_labels or _("speaker not known"),
                    "transcript": passage.transcript.title,
                }
            )
    if not found.codes:
        document.add_paragraph(_("No passages match these filters."))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _matrix_rows(table: Matrix) -> list[list[object]]:
    first: list[object] = [_("Code")]
    second: list[object] = [""]
    for column in table.columns:
        first += [f"{column.group_label}, {column.time_point.label}", ""]
        second += [_("Passages"), _("Participants")]
    first += [_("All passages"), ""]
    second += [_("Passages"), _("Participants")]
    rows = [first, second]
    for row in table.rows:
        line: list[object] = [("  " * row.depth) + row.code.name]
        for cell in row.cells:
            line += [cell.passages, cell.participants]
        line += [row.total.passages, row.total.participants]
        rows.append(line)
    return rows


def matrix_csv(table: Matrix, about: About) -> bytes:
    rows: list[list[object]] = [[name, value] for name, value in about]
    rows.append([])
    return _csv(rows + _matrix_rows(table))


def matrix_xlsx(table: Matrix, about: About) -> bytes:
    book = Workbook(write_only=True)
    taken: set[str] = set()
    sheet = book.create_sheet(sheet_name(_("About these figures"), taken))
    for name, value in about:
        sheet.append([formula_safe(name), formula_safe(value)])
    sheet = book.create_sheet(sheet_name(_("Codes by group and time point"), taken))
    for row in _matrix_rows(table):
        sheet.append([formula_safe(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def matrix_export_audited(*, by: User, study: Study, coder: User | None, form: str) -> None:
    audit_record(
        by=by,
        action="analysis.matrix_exported",
        target=study,
        team=study.team,
        detail={"form": form, "coder": str(coder.code) if coder else ""},
    )
