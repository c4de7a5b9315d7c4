from django.urls import path

from . import cycles, staff, views

app_name = "surveys"
urlpatterns = [
    path("<slug:survey>/", views.start, name="start"),
    path("<slug:survey>/steg/<int:number>/", views.page, name="page"),
    path("<slug:survey>/tack/", views.thanks, name="thanks"),
    path("<slug:survey>/pappersversion/", views.paper, name="paper"),
    path("<slug:survey>/personal/", staff.monitoring, name="monitoring"),
    path("<slug:survey>/personal/export/<slug:part>/", staff.export, name="export"),
    path("<slug:survey>/personal/koder/", staff.codes, name="codes"),
    path("<slug:survey>/personal/import/", staff.import_file, name="import"),
]

# The municipality's cycles (Omgångar): the year's round started with its survey.
cycle_patterns = (
    [
        path("", cycles.cycles, name="index"),
        path("ny/", cycles.new_cycle, name="new"),
        path("<int:year>/", cycles.cycle_page, name="cycle"),
    ],
    "cycles",
)
