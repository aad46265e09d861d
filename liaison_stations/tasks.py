"""Reminders of the stations, as sources of the one reminder engine (`core.reminders`): the duty
the next day, and opinions left open too long. The engine's log makes each reminder go once,
however often (or however late) the job runs."""

import datetime

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from core.recipients import Audience
from core.reminders import Due, run

from .models import Duty, Opinion, OpinionState

STAFF = (Role.COMMITTEE_STAFF.value,)


def _duty_reminder(duty) -> Due:
    """To the deputy on duty; a deputy without an account falls back to the staff, asked to call."""
    values = {
        "date": duty.date,
        "place": duty.place.name,
        "shift": duty.get_shift_display(),
        "deputy": duty.deputy.name,
    }
    if duty.deputy.user_id:
        audience = Audience(duty.place.region_id, users=(duty.deputy.user_id,))
        subject = _("明天（%(date)s）请到%(place)s值班（%(shift)s）") % values
    else:
        audience = Audience(duty.place.region_id, roles=STAFF)
        subject = _("%(deputy)s代表%(date)s在%(place)s值班（%(shift)s），该代表没有账号，请电话通知") % values
    return Due(
        target=f"liaison_stations.duty:{duty.pk}",
        stage="day_before",
        period=f"{duty.date.isoformat()}:{duty.deputy_id}",  # a swapped duty reminds the new deputy
        region_id=duty.place.region_id,
        audience=audience,
        kind="liaison_stations.duty_reminder",
        subject=subject,
        body=_("地址：%(address)s；开放时间：%(hours)s。如不能到岗，请及时联系工作人员调班。")
        % {"address": duty.place.address or "-", "hours": duty.place.opening_hours or "-"},
        link=reverse("deputy_home"),
    )


@shared_task
def remind_duties(today: str | None = None) -> int:
    """Remind each deputy of a duty tomorrow, or today if the day-before run was missed: a range,
    not an exact date, so a missed run never skips a reminder. Returns the reminders sent."""
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    duties = Duty.objects.filter(date__gte=today, date__lte=today + datetime.timedelta(days=1)).select_related(
        "place", "deputy"
    )
    return len(run(_duty_reminder(d) for d in duties).claimed)


@shared_task
def sweep_overdue_opinions() -> int:
    """Remind staff of the station's branch (and the unit handling it) of opinions open longer than
    the configured days: once per opinion and stay in a state. Returns the reminders sent."""
    days = settings.LIAISON_STATIONS_OPINION_OVERDUE_DAYS
    items = []
    for opinion in Opinion.objects.overdue(days).select_related("place"):
        region = opinion.place.region_id
        units = (opinion.unit_id,) if opinion.state == OpinionState.HANDLING and opinion.unit_id else ()
        items.append(
            Due(
                target=f"liaison_stations.opinion:{opinion.pk}",
                stage="overdue",
                period=f"{opinion.state}:{opinion.state_since.isoformat()}",
                region_id=region,
                audience=Audience(region, roles=STAFF, units=units),
                kind="liaison_stations.opinion_overdue",
                subject=_("意见建议“%(text)s”处于“%(state)s”已超过 %(days)s 天")
                % {"text": str(opinion), "state": opinion.get_state_display(), "days": days},
                body=_("站点：%(place)s。请推动办理、反馈。") % {"place": opinion.place.name},
                link=opinion.get_absolute_url(),
                # A unit's staff answer it on their own page; they cannot open the staff one.
                link_for=_unit_link(opinion) if units else None,
            )
        )
    return len(run(items).claimed)


def _unit_link(opinion):
    unit_page = reverse("liaison_stations:unit_opinion", args=[opinion.pk])

    def link_for(user) -> str | None:
        return unit_page if user.unit_id == opinion.unit_id and not user.is_region_staff else None

    return link_for
