from django.urls import path

from . import editor, place_measures, staff

# Staff pages of the workflow and the editor; the public promise pages are served by `public`
# (promise_pages).
app_name = "promises"
urlpatterns = [
    path("", staff.index, name="index"),
    path("ny/", editor.new, name="new"),
    path("<int:pk>/", staff.promise, name="promise"),
    path("<int:pk>/redigera/", editor.edit, name="edit"),
    path("<int:pk>/aktiviteter/ny/", editor.activity, name="new_activity"),
    path("<int:pk>/aktiviteter/<int:activity>/", editor.activity, name="activity"),
    path("<int:pk>/underlag/", editor.evidence, name="evidence"),
    path("fran-platsrapport/<int:report>/", place_measures.measure_from_report, name="measure_from_report"),
]
