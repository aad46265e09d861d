from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from .forms import LoginForm, PortalPasswordChangeForm


class LoginView(auth_views.LoginView):
    scope = "public"
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    scope = "own"


class PasswordChangeView(auth_views.PasswordChangeView):
    scope = "own"
    form_class = PortalPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    scope = "own"
    template_name = "accounts/password_change_done.html"
