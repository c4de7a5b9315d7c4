from django.urls import path

from . import views

app_name = "situation"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.published, name="published"),
    path("<int:year>/tabell.<str:fmt>", views.published_table, name="published_table"),
    path("<int:year>/personal/", views.staff, name="staff"),
    path("<int:year>/personal/tabell.<str:fmt>", views.staff_table, name="staff_table"),
    path("<int:year>/personal/teman/", views.edit_themes, name="themes"),
]
