"""Sheet names Excel accepts, for every report's spreadsheet."""

from __future__ import annotations

from littleminds.core.spreadsheets import sheet_name


def test_sheet_names_are_ones_excel_accepts() -> None:
    taken: set[str] = set()
    assert sheet_name("Why: places [cancelled]?", taken) == "Why  places  cancelled"
    long = "A translation longer than thirty-one characters"
    # Cut at the last whole word that fits, never mid-word.
    assert sheet_name(long, taken) == "A translation longer than"
    assert sheet_name(long, taken) == "A translation longer than 2"
    assert sheet_name("Embeddedness by ring of the system map", taken) == (
        "Embeddedness by ring of the"
    )
    # A single word longer than the limit can only be cut.
    assert sheet_name("x" * 40, taken) == "x" * 31
    assert all(len(name) <= 31 for name in taken)
