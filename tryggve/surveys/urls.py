from django.urls import path

from . import staff, views

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
