from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

from tryggve.core import tiles
from tryggve.followup.urls import evaluation_patterns, public_report_patterns, public_walk_patterns
from tryggve.public import views as public_views
from tryggve.public.promise_pages import promise_patterns
from tryggve.surveys.urls import cycle_patterns

from .api import api

urlpatterns = [
    # Lets the admin's login page offer "forgotten your password?".
    path(
        "admin/password_reset/",
        RedirectView.as_view(url=reverse_lazy("accounts:password_reset")),
        name="admin_password_reset",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("<slug:municipality>/tema.css", public_views.theme, name="theme"),
    path("favicon.ico", public_views.favicon, name="favicon"),
    # Map tiles, in no language and no municipality: the same map for every page.
    path("kartor/<int:z>/<int:x>/<int:y>", tiles.tile, name="map_tile"),
]
urlpatterns += i18n_patterns(
    path("konto/", include("tryggve.accounts.urls")),
    path("<slug:municipality>/enkat/", include("tryggve.surveys.urls")),
    path("<slug:municipality>/omgangar/", include(cycle_patterns)),
    path("<slug:municipality>/medborgarloften/personal/<int:pk>/utvardering/", include(evaluation_patterns)),
    path("<slug:municipality>/medborgarloften/personal/", include("tryggve.promises.urls")),
    path("<slug:municipality>/medborgarloften/", include(promise_patterns)),
    path("<slug:municipality>/atgardsplan/", include("tryggve.promises.plan_urls")),
    path("<slug:municipality>/uppfoljning/", include("tryggve.followup.urls")),
    path("<slug:municipality>/trygghetsvandringar/", include(public_walk_patterns)),
    path("<slug:municipality>/uppfoljningsrapport/", include(public_report_patterns)),
    path("<slug:municipality>/lagesbild/", include("tryggve.situation.urls")),
    path("<slug:municipality>/", include("tryggve.inputs.urls")),
    path("", include("tryggve.public.urls")),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
