from django.urls import path

from . import feeds, views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:municipality>/", views.municipality_home, name="home"),
    path("<slug:municipality>/flode.atom", feeds.MunicipalityFeed(), name="feed"),
    path("<slug:municipality>/personuppgifter/", views.privacy, name="privacy"),
    path("<slug:municipality>/tillganglighet/", views.accessibility, name="accessibility"),
]
