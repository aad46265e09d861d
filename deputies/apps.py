from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("人大代表")

    @property
    def role_permissions(self):
        from accounts.roles import Role

        return {
            Role.COMMITTEE_STAFF: ["deputies.*"],
            Role.WORKING_COMMITTEE_STAFF: ["deputies.view_*"],
            Role.AUDIT_ADMIN: ["deputies.view_*"],
        }

    def ready(self):
        from accounts.roles import REGION_STAFF_ROLES, Role
        from renda_portal import panels
        from renda_portal.navigation import NavItem, register

        staff = tuple(REGION_STAFF_ROLES)
        register(
            NavItem(
                "deputies",
                _("代表名册"),
                "deputies:list",
                "people",
                roles=staff,
                order=10,
                description=_("按姓名、拼音或首字母查找代表，筛选、导入、导出"),
            )
        )
        register(
            NavItem(
                "deputy-activities",
                _("履职活动"),
                "deputies:activities",
                "calendar-check",
                roles=staff,
                order=11,
                description=_("审核代表登记的履职活动，为多名代表登记活动"),
            )
        )
        register(
            NavItem(
                "deputy-ranking",
                _("履职积分"),
                "deputies:ranking",
                "trophy",
                roles=staff,
                order=12,
                description=_("按届、按年度的代表履职积分排名"),
            )
        )
        register(
            NavItem(
                "my-activity-new",
                _("登记履职活动"),
                "deputies:my_activity_new",
                "plus-circle",
                roles=(Role.DEPUTY,),
                section="deputy",
                order=10,
                description=_("一分钟内在手机上登记"),
            )
        )
        register(
            NavItem(
                "my-activities",
                _("我的履职活动"),
                "deputies:my_activities",
                "list-check",
                roles=(Role.DEPUTY,),
                section="deputy",
                order=11,
                description=_("查看审核状态、退回原因"),
            )
        )
        register(
            NavItem(
                "my-record",
                _("我的履职档案"),
                "deputies:my_record",
                "journal-text",
                roles=(Role.DEPUTY,),
                section="deputy",
                order=12,
                description=_("本年度履职活动、出席会议和积分"),
            )
        )
        panels.register(
            panels.Panel(
                "deputies-my-year",
                section="deputy",
                template="deputies/panels/my_year.html",
                context=_my_year_panel,
                order=5,
                roles=(Role.DEPUTY,),
            )
        )
        panels.register(
            panels.Panel(
                "deputies-pending",
                section="staff",
                template="deputies/panels/pending.html",
                context=_pending_panel,
                order=20,
                roles=staff,
            )
        )


def _pending_panel(request):
    from .models import Activity, ActivityStatus

    n = Activity.objects.visible_to(request.user).filter(status=ActivityStatus.SUBMITTED).count()
    return {"pending_count": n} if n else None


def _my_year_panel(request):
    """The deputy's year at a glance: verified, waiting, returned (one query)."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from .models import ActivityParticipant, ActivityStatus

    year = timezone.localdate().year
    counts = ActivityParticipant.objects.filter(deputy__user=request.user, activity__date__year=year).aggregate(
        verified=Count("id", filter=Q(activity__status=ActivityStatus.VERIFIED)),
        waiting=Count("id", filter=Q(activity__status=ActivityStatus.SUBMITTED)),
        returned=Count("id", filter=Q(activity__status=ActivityStatus.RETURNED)),
    )
    return {**counts, "year": year}
