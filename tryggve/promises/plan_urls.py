from django.urls import path

from . import agreement_pages, plan_pages, problem_pages

# The action plan's staff pages, under /<kommun>/atgardsplan/.
app_name = "plans"
urlpatterns = [
    path("", plan_pages.index, name="index"),
    path("<int:year>/", plan_pages.plan, name="plan"),
    path("<int:year>/redigera/", plan_pages.edit, name="edit"),
    path("<int:year>/utskrift/", plan_pages.print_page, name="print"),
    path("<int:year>/beslut/", plan_pages.decide, name="decide"),
    path("<int:year>/atgard/<int:activity>/", plan_pages.measure, name="measure"),
    path("<int:year>/problem/ny/", problem_pages.problem, name="new_problem"),
    path("<int:year>/problem/<int:pk>/", problem_pages.problem, name="problem"),
    path("<int:year>/problem/<int:pk>/orsaksanalys/", problem_pages.analysis, name="analysis"),
    path("<int:year>/overenskommelse/", agreement_pages.agreement, name="agreement"),
]
