"""Downloads never hand a spreadsheet a formula that someone typed into a form or an import, and
the files for people open in Swedish Excel as a person expects."""

import csv
import io
from datetime import date

from openpyxl import load_workbook

from tryggve.core.files import Figure, Sheet, csv_bytes, excel_csv, figure, xlsx

TYPED = ['=HYPERLINK("http://example.com/x","klicka")', "+46 70 123", "-2+3", "@SUM(A1)", "\t=1"]


def test_csv_cells_that_would_run_as_formulas_are_text() -> None:
    text = csv_bytes(["text", "number"], [[value, -3] for value in TYPED]).decode()
    lines = text.splitlines()[1:]
    assert all(line.startswith(("'", "\"'")) for line in lines), lines
    # Numbers, negative ones too, stay numbers.
    assert all(line.endswith(",-3") for line in lines)
    assert csv_bytes(["x"], [["-1.5"], ["ordinary text"]]).decode() == "x\n-1.5\nordinary text\n"


def test_xlsx_cells_are_never_formulas() -> None:
    book = load_workbook(io.BytesIO(xlsx([Sheet("Blad", ["text"], [[value] for value in TYPED])])))
    cells = [row[0] for row in book["Blad"].iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == TYPED
    assert {cell.data_type for cell in cells} == {"s"}


def excel_rows(lines: list[str] | bytes) -> list[list[str]]:
    """A CSV for Swedish Excel read as Excel reads it: UTF-8 with BOM, semicolons."""
    data = lines if isinstance(lines, bytes) else "".join(lines).encode()
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def swedish_number(text: str) -> float:
    assert "." not in text, text  # a dot would make Swedish Excel read a date or text
    return float(text.replace(",", "."))


def test_a_csv_for_excel_has_a_bom_semicolons_and_decimal_commas() -> None:
    rows = [
        [
            "Vallås",
            Figure(0.54321, 1, share=True),
            Figure(-0.01234, 1, share=True),
            383,
            True,
            date(2019, 10, 28),
        ],
        ["=HYPERLINK(1)", Figure(11.0357, 1), Figure(-0.00004, 1, share=True), None, False, None],
    ]
    lines = list(excel_csv(["Område", "Andel", "Förändring", "n", "Dold", "Dag"], rows))
    data = "".join(lines).encode()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads å, ä, ö as UTF-8 only with the BOM
    assert data.count(b"\r\n") == 3
    header, first, second = excel_rows(data)
    assert header == ["Område", "Andel", "Förändring", "n", "Dold", "Dag"]
    assert first == ["Vallås", "54,3", "-1,2", "383", "ja", "2019-10-28"]
    assert swedish_number(first[1]) == 54.3
    assert second[0] == "'=HYPERLINK(1)"
    assert second[1:4] == ["11,0", "0,0", ""]  # rounded for reading, never "-0,0"
    assert second[4] == "nej"


def test_an_xlsx_for_people_formats_shares_as_percentages_and_freezes_its_header() -> None:
    rows = [["Vallås", Figure(0.54321, 1, share=True), Figure(11.0357, 2), 383, date(2019, 10, 28)]]
    about = [("Källa", "Trygghetsmätning 2019"), ("Små grupper", "Färre än 30 svar visas inte.")]
    book = load_workbook(
        io.BytesIO(xlsx([Sheet("Lägesbild", ["Område", "Andel", "Medel", "n", "Dag"], rows)], about))
    )
    assert book.sheetnames == ["Lägesbild", "Om datan"]
    sheet = book["Lägesbild"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    share, mean, count, day = sheet["B2"], sheet["C2"], sheet["D2"], sheet["E2"]
    assert (share.value, share.number_format) == (0.543, "0.0%")  # Excel shows 54,3 %
    assert (mean.value, mean.number_format) == (11.04, "0.00")
    assert count.value == 383 and count.data_type == "n"
    assert day.is_date and day.number_format == "yyyy-mm-dd"
    assert all((sheet.column_dimensions[c].width or 0) >= 8 for c in "ABCDE")
    assert [tuple(row) for row in book["Om datan"].values] == about


def test_figure_keeps_whole_counts_whole_and_nothing_for_none() -> None:
    assert figure(None) is None
    assert figure(float("nan")) is None
    assert figure(68) == 68
    assert figure(0.5, 1, share=True) == Figure(0.5, 1, True)
