from django.urls import path

from . import place_exports, place_reports, posters, views

app_name = "inputs"
urlpatterns = [
    path("est/", views.incidents, name="incidents"),
    path("est/ny/", views.new_incident, name="new_incident"),
    path("est/<int:pk>/", views.incident, name="incident"),
    path("est/importera/", views.import_reports, name="import"),
    path("est/vecka/", views.this_week, name="this_week"),
    path("est/vecka/<int:year>-<int:week>/", views.week, name="week"),
    path("est/vecka/<int:year>-<int:week>.csv", views.week_csv, name="week_csv"),
    path("est/vecka/<int:year>-<int:week>-excel.csv", views.week_excel, name="week_excel"),
    path("est/kvartal/<int:year>-<int:quarter>/", views.quarter, name="quarter"),
    path("est/ar/<int:year>/", views.year_summary, name="year"),
    path("rapportera/", place_reports.report_place, name="report_place"),
    path("rapportera/tack/", place_reports.place_report_thanks, name="place_report_thanks"),
    path("platsrapporter/", place_reports.place_reports, name="place_reports"),
    path("platsrapporter/affischer/", posters.place_posters, name="place_posters"),
    path("platsrapporter/arenden/", place_reports.place_report_cases, name="place_report_cases"),
    path("platsrapporter/rapporter.csv", place_exports.place_reports_csv, name="place_reports_csv"),
    path("platsrapporter/rapporter.xlsx", place_exports.place_reports_xlsx, name="place_reports_xlsx"),
    path("platsrapporter/<int:pk>/", place_reports.place_report, name="place_report"),
    path(
        "platsrapporter/<int:pk>/foto-liten.jpg", place_reports.place_report_photo, name="place_report_photo"
    ),
    path("dialoger/", views.dialogues, name="dialogues"),
    path("dialoger/ny/", views.new_dialogue, name="new_dialogue"),
    path("dialoger/<int:pk>/", views.dialogue, name="dialogue"),
]
