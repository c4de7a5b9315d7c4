from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("<slug:survey>/", views.start, name="start"),
    path("<slug:survey>/steg/<int:number>/", views.page, name="page"),
    path("<slug:survey>/tack/", views.thanks, name="thanks"),
    path("<slug:survey>/pappersversion/", views.paper, name="paper"),
]
