from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from accounts.scoping import OwnViewMixin, view_scope

from .models import Notification
from .services import mark_read


class NotificationListView(OwnViewMixin, ListView):
    template_name = "notifications/list.html"
    paginate_by = 20
    context_object_name = "notifications"

    def get_queryset(self):
        qs = Notification.objects.for_user(self.request.user)
        if self.request.GET.get("unread"):
            qs = qs.unread()
        return qs


@view_scope("own", pk=Notification)
@login_required
@require_POST
def open_notification(request, pk):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    mark_read(request.user, [notification.pk])
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:list")


@view_scope("own")
@login_required
@require_POST
def mark_all_read(request):
    count = mark_read(request.user)
    messages.success(request, _("已将 %(count)d 条提醒标为已读") % {"count": count})
    return redirect("notifications:list")
