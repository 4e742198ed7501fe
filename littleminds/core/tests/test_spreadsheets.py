"""Sheet names Excel accepts, for every report's spreadsheet."""

from __future__ import annotations

from littleminds.core.spreadsheets import sheet_name


def test_sheet_names_are_ones_excel_accepts() -> None:
    taken: set[str] = set()
    assert sheet_name("Why: places [cancelled]?", taken) == "Why  places  cancelled"
    long = "A translation longer than thirty-one characters"
    assert sheet_name(long, taken) == long[:31]
    assert sheet_name(long, taken) == long[:29] + " 2"
    assert all(len(name) <= 31 for name in taken)
