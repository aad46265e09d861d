"""The collaboration section of the statistics dashboard (declared on CollaborationConfig; the
reports app runs it as aggregate queries and never imports this app)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.dashboard import Measure, link

from .models import Collaboration, Dispute, JointActivity, JointMeeting, Member, ProblemItem


def dashboard_figures(scope):
    start, end = scope.period.start, scope.period.end
    url = link("collaboration:list")  # the collaborations' list: each one opens on its meetings, items, disputes
    # A collaboration counts once it has started by the end of the period; its members with it.
    collaborations = scope.scoped(Collaboration).filter(started_on__lte=end)
    members = scope.scoped(Member).filter(collaboration__started_on__lte=end)
    items = scope.scoped(ProblemItem)
    return [
        Measure("collab_collaborations", _("跨区域联动"), collaborations, url),
        Measure("collab_members", _("联动成员区划"), members, url, aggregate=Count("region", distinct=True)),
        Measure("collab_meetings", _("联席会议"), scope.scoped(JointMeeting).filter(date__range=(start, end)), url),
        Measure("collab_activities", _("联合活动"), scope.scoped(JointActivity).filter(date__range=(start, end)), url),
        Measure("collab_items_open", _("未解决的联动问题"), items.unfinished(), url),
        Measure("collab_items_resolved", _("解决的联动问题"), items.filter(resolved_on__range=(start, end)), url),
        Measure(
            "collab_disputes_resolved",
            _("化解的纠纷"),
            scope.scoped(Dispute).filter(resolved_on__range=(start, end)),
            url,
        ),
    ]
