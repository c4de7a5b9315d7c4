from django.urls import path

from . import staff

# Staff pages of the workflow; the public promise pages are served by `public` (promise_pages).
app_name = "promises"
urlpatterns = [
    path("", staff.index, name="index"),
    path("<int:pk>/", staff.promise, name="promise"),
]
