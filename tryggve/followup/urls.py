from django.urls import path

from . import evaluation_views, place_findings, views, walks

app_name = "followup"
urlpatterns = [
    path("", views.index, name="index"),
    path("logga/", views.log, name="log"),
    path("aktivitet/<int:pk>/", views.activity, name="activity"),
    path("vandringar/", walks.walks, name="walks"),
    path("vandringar/ny/", walks.new_walk, name="new_walk"),
    path("vandringar/<int:pk>/", walks.walk, name="walk"),
    path(
        "vandringar/fran-platsrapport/<int:report>/",
        place_findings.finding_from_report,
        name="finding_from_report",
    ),
    path(
        "vandringar/<int:pk>/fynd/<int:finding>/platsrapport/",
        place_findings.publish_finding,
        name="publish_finding",
    ),
    path("vandringar/<int:pk>/protokoll/", walks.protocol, name="protocol"),
    path("vandringar/<int:pk>/atgarder.csv", walks.measures_csv, name="measures_csv"),
    path("vandringar/<int:pk>/atgarder-excel.csv", walks.measures_excel, name="measures_excel"),
    path(
        "vandringar/<int:pk>/fynd/<int:finding>/foto-liten.jpg", walks.photo_thumbnail, name="photo_thumbnail"
    ),
]

# Residents' page of the walks and what was done about their findings.
public_walk_patterns = ([path("", walks.public_walks, name="walks")], "public_walks")

# The analysts' evaluation of one promise, under the promise's staff pages.
evaluation_patterns = ([path("", evaluation_views.evaluation_page, name="evaluation")], "promise_evaluation")
