"""The portal's own pages: home (by role), the staff workbench, the deputy's home, error pages."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.roles import WORKBENCH_ROLES, Role
from accounts.scoping import RoleRequiredMixin, view_scope

from . import navigation, panels


def _is_staff_user(user) -> bool:
    return user.is_superuser or user.has_role(*WORKBENCH_ROLES)


@view_scope("own")
def home(request):
    """Send each person to the page that is theirs."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if _is_staff_user(user):
        return redirect("workbench")
    if user.is_deputy:
        return redirect("deputy_home")
    if user.has_role(Role.PARTNER_LIAISON):  # a partner county's liaison sees only their collaborations
        return redirect("collaboration:list")
    return redirect("notifications:list")


class HomeContextMixin:
    """Context every home page shows: the user's region, roles and their latest reminders."""

    def get_context_data(self, **kwargs):
        from notifications.models import Notification

        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["region_path"] = user.region.path_name() if user.region_id else _("全部区划")
        ctx["latest_notifications"] = list(Notification.objects.for_user(user).unread()[:5])
        ctx["home_sections"] = self.get_sections()
        ctx["panels"] = panels.render_panels(self.request, self.section)
        return ctx

    def get_sections(self):
        return navigation.items_for(self.request.user, self.section)


class WorkbenchView(RoleRequiredMixin, HomeContextMixin, TemplateView):
    """The staff workbench: what this user can do, for their branch of the tree."""

    scope = "region"
    section = "staff"
    template_name = "portal/workbench.html"
    required_roles = WORKBENCH_ROLES


class DeputyHomeView(RoleRequiredMixin, HomeContextMixin, TemplateView):
    """A deputy's home on the phone: their own duties, messages and record as the apps add them."""

    scope = "own"
    section = "deputy"
    template_name = "portal/deputy_home.html"
    required_roles = (Role.DEPUTY,)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No context processors that touch the database: the database may be why we are here.
    import sys

    from django.db import InterfaceError, OperationalError
    from django.http import HttpResponse, HttpResponseServerError
    from django.template import loader

    # Django calls this inside its `except` for any exception of a view or a middleware, so the
    # exception is at hand. A database that is restarting or unreachable is not a bug: tell the
    # citizen to try again (503, nothing was stored: the request's transaction did not commit)
    # and let the next request reconnect (CONN_HEALTH_CHECKS drops the broken connection).
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
