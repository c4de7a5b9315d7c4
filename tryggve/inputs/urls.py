from django.urls import path

from . import views

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
    path("dialoger/", views.dialogues, name="dialogues"),
    path("dialoger/ny/", views.new_dialogue, name="new_dialogue"),
    path("dialoger/<int:pk>/", views.dialogue, name="dialogue"),
]
