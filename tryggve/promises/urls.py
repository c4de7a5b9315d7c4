from django.urls import path

from . import views

app_name = "promises"
urlpatterns = [
    path("", views.current_promise, name="current"),
    path("<slug:promise>/", views.promise_detail, name="detail"),
]
