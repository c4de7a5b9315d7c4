"""Downloads never hand a spreadsheet a formula that someone typed into a form or an import."""

import io

from openpyxl import load_workbook

from tryggve.core.files import csv_bytes, xlsx

TYPED = ['=HYPERLINK("http://example.com/x","klicka")', "+46 70 123", "-2+3", "@SUM(A1)", "\t=1"]


def test_csv_cells_that_would_run_as_formulas_are_text() -> None:
    text = csv_bytes(["text", "number"], [[value, -3] for value in TYPED]).decode()
    lines = text.splitlines()[1:]
    assert all(line.startswith(("'", "\"'")) for line in lines), lines
    # Numbers, negative ones too, stay numbers.
    assert all(line.endswith(",-3") for line in lines)
    assert csv_bytes(["x"], [["-1.5"], ["ordinary text"]]).decode() == "x\n-1.5\nordinary text\n"


def test_xlsx_cells_are_never_formulas() -> None:
    book = load_workbook(io.BytesIO(xlsx([("Blad", ["text"], [[value] for value in TYPED])])))
    cells = [row[0] for row in book["Blad"].iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == TYPED
    assert {cell.data_type for cell in cells} == {"s"}
