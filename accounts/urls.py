from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("2fa/", views.SecondFactorManageView.as_view(), name="second_factor_manage"),
    path("2fa/verify/", views.SecondFactorView.as_view(), name="second_factor"),
    path("2fa/setup/", views.SecondFactorSetupView.as_view(), name="second_factor_setup"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
