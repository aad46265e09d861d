"""Reminders: the day before a duty, and opinions left open too long. Both are idempotent: each
reminder has a dedup key, so a job that runs twice sends once."""

import datetime
from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from notifications.services import notify

from .models import Duty, Opinion, OpinionState


@shared_task
def remind_duties(day: str | None = None) -> int:
    """Remind each deputy on duty tomorrow (or on `day`): one reminder per duty (and deputy, so a
    swapped duty reminds the new deputy). Returns the number of duties looked at."""
    target = datetime.date.fromisoformat(day) if day else timezone.localdate() + datetime.timedelta(days=1)
    sent = 0
    duties = Duty.objects.filter(date=target, deputy__user__isnull=False).select_related("place", "deputy__user")
    with transaction.atomic():
        for duty in duties:
            notify(
                duty.deputy.user,
                kind="liaison_stations.duty_reminder",
                subject=_("明天（%(date)s）请到%(place)s值班（%(shift)s）")
                % {"date": duty.date, "place": duty.place.name, "shift": duty.get_shift_display()},
                body=_("地址：%(address)s；开放时间：%(hours)s。如不能到岗，请及时联系工作人员调班。")
                % {"address": duty.place.address or "-", "hours": duty.place.opening_hours or "-"},
                link=reverse("deputy_home"),
                dedup_key=f"liaison_stations:duty:{duty.pk}:{duty.deputy_id}:reminder",
            )
            sent += 1
    return sent


def _staff_for(region_codes) -> dict[str, list]:
    """Committee staff per county code (accounts of the county, its townships)."""
    counties = {c[:6] for c in region_codes}
    users = (
        User.objects.filter(is_active=True, groups__name="人大常委会工作人员")
        .filter(region_id__in=counties | set(region_codes))
        .distinct()
    )
    by_code = defaultdict(list)
    for u in users:
        by_code[u.region_id].append(u)
    return by_code


@shared_task
def sweep_overdue_opinions() -> int:
    """Remind staff (and the unit it went to) of opinions open longer than the configured days:
    once per opinion and stage."""
    days = settings.LIAISON_STATIONS_OPINION_OVERDUE_DAYS
    overdue = list(Opinion.objects.overdue(days).select_related("place__region", "unit"))
    if not overdue:
        return 0
    staff = _staff_for({o.place.region_id for o in overdue})
    unit_staff = defaultdict(list)
    for u in User.objects.filter(is_active=True, unit_id__in={o.unit_id for o in overdue if o.unit_id}):
        if u.has_role(Role.UNIT_STAFF):
            unit_staff[u.unit_id].append(u)
    count = 0
    with transaction.atomic():
        for opinion in overdue:
            code = opinion.place.region_id
            recipients = {u.pk: u for c in {code[:6], code[:9], code} for u in staff.get(c, [])}
            if opinion.state == OpinionState.HANDLING and opinion.unit_id:
                recipients.update({u.pk: u for u in unit_staff.get(opinion.unit_id, [])})
            for user in recipients.values():
                notify(
                    user,
                    kind="liaison_stations.opinion_overdue",
                    subject=_("意见建议“%(text)s”处于“%(state)s”已超过 %(days)s 天")
                    % {"text": str(opinion), "state": opinion.get_state_display(), "days": days},
                    body=_("站点：%(place)s。请推动办理、反馈。") % {"place": opinion.place.name},
                    # A unit's staff answer it on their own page; they cannot open the staff one.
                    link=reverse("liaison_stations:unit_opinion", args=[opinion.pk])
                    if user.unit_id == opinion.unit_id and not user.is_region_staff
                    else opinion.get_absolute_url(),
                    dedup_key=f"liaison_stations:opinion:{opinion.pk}:overdue:{opinion.state}",
                )
                count += 1
    return count
