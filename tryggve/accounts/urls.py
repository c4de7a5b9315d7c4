from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import setup, sso, views

app_name = "accounts"
# Our own templates, named explicitly: the admin ships templates under the same default names.
urlpatterns = [
    path("", views.home, name="home"),
    # A new municipality in one sitting (setup.py).
    path("kom-igang/<slug:municipality>/", setup.overview, name="setup"),
    path("kom-igang/<slug:municipality>/befolkning/", setup.population, name="setup_population"),
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("sso/", sso.start, name="sso_start"),
    path("sso/svar/", sso.callback, name="sso_callback"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("logga-in/kod/", views.verify, name="verify"),
    path("tvastegsinloggning/", views.two_factor_settings, name="two_factor"),
    path("mina-uppgifter/", views.my_data, name="my_data"),
    path("epost/", views.email_choices, name="email"),
    path(
        "losenord/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "losenord/skickat/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "losenord/nytt/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
