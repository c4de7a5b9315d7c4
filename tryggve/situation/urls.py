from django.urls import path, register_converter

from . import report_editor, report_print, report_public, views


class TableFormat:
    """The formats the tables download in, by the address's ending: `tabell.csv` (for programs),
    `tabell-excel.csv` (for Swedish Excel), `tabell.xlsx`; any other ending is not an address (404)."""

    regex = r"\.csv|\.xlsx|-excel\.csv"
    ENDINGS = {".csv": "csv", ".xlsx": "xlsx", "-excel.csv": "excel"}

    def to_python(self, value: str) -> str:
        return self.ENDINGS[value]

    def to_url(self, value: str) -> str:
        return next(ending for ending, fmt in self.ENDINGS.items() if fmt == value)


register_converter(TableFormat, "table_format")

app_name = "situation"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.published, name="published"),
    path("<int:year>/tabell<table_format:fmt>", views.published_table, name="published_table"),
    path("<int:year>/omrade/<slug:area>/", views.area, name="area"),
    path("<int:year>/personal/", views.staff, name="staff"),
    path("<int:year>/personal/tabell<table_format:fmt>", views.staff_table, name="staff_table"),
    path("<int:year>/personal/teman/", views.edit_themes, name="themes"),
    path("<int:year>/personal/rapport/", report_editor.edit, name="report"),
    path("<int:year>/personal/rapport/beslut/", report_editor.decide, name="report_decide"),
    path("<int:year>/personal/rapport/kommentar/", report_editor.comment, name="report_comment"),
    path("<int:year>/rapport/", report_public.page, name="public_report"),
    path("<int:year>/rapport.pdf", report_print.public_pdf, name="public_report_pdf"),
    path("<int:year>/personal/rapport/utskrift/", report_print.page, name="report_print"),
    path("<int:year>/personal/rapport/rapport.pdf", report_print.pdf, name="report_pdf"),
]
