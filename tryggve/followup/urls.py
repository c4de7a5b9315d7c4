from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("", views.index, name="index"),
    path("logga/", views.log, name="log"),
    path("aktivitet/<int:pk>/", views.activity, name="activity"),
]

# The public promise pages keep the `promises` namespace; followup serves them with progress.
promise_patterns = (
    [
        path("", views.current_promise, name="current"),
        path("<slug:promise>/", views.promise_detail, name="detail"),
    ],
    "promises",
)
