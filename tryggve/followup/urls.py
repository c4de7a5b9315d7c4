from django.urls import path

from . import evaluation_views, indicator_pages, place_findings, report_views, traceability, views, walks

app_name = "followup"
urlpatterns = [
    path("", views.index, name="index"),
    path("logga/", views.log, name="log"),
    path("aktivitet/<int:pk>/", views.activity, name="activity"),
    path("aktivitet/<int:pk>/matetal/", indicator_pages.indicators, name="indicators"),
    path("problem/<int:pk>/", traceability.problem_page, name="problem"),
    path("rapport/<int:year>/", report_views.edit, name="report"),
    path("rapport/<int:year>/beslut/", report_views.decide, name="report_decide"),
    path("rapport/<int:year>/kommentar/", report_views.comment, name="report_comment"),
    path("rapport/<int:year>/utskrift/", report_views.print_page, name="report_print"),
    path("rapport/<int:year>/rapport.pdf", report_views.pdf, name="report_pdf"),
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

# Residents' follow-up report: the public part of its latest decided version, and its PDF.
public_report_patterns = (
    [
        path("<int:year>/", report_views.public_page, name="page"),
        path("<int:year>/rapport.pdf", report_views.public_pdf, name="pdf"),
    ],
    "public_followup_report",
)

# The analysts' evaluation of one promise, under the promise's staff pages.
evaluation_patterns = ([path("", evaluation_views.evaluation_page, name="evaluation")], "promise_evaluation")
