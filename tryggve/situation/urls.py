from django.urls import path, register_converter

from . import views


class TableFormat:
    """The formats the tables download in; any other ending is not an address (404)."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TableFormat, "table_format")

app_name = "situation"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.published, name="published"),
    path("<int:year>/tabell.<table_format:fmt>", views.published_table, name="published_table"),
    path("<int:year>/omrade/<slug:area>/", views.area, name="area"),
    path("<int:year>/personal/", views.staff, name="staff"),
    path("<int:year>/personal/tabell.<table_format:fmt>", views.staff_table, name="staff_table"),
    path("<int:year>/personal/teman/", views.edit_themes, name="themes"),
]
