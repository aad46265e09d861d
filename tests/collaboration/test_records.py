"""Forms beside the records: a joint meeting whose decisions become items; a joint activity that
counts in each participating deputy's record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from collaboration.models import JointActivity, ProblemItem
from deputies.models import ActivityStatus, Deputy
from deputies.services import activity_counts

pytestmark = pytest.mark.django_db


def _form(demo, **extra):
    members = {m.region_id: m.pk for m in demo.members.all()}
    data = {
        "date": "2026-11-20",
        "host": members["371521"],
        "place": "阳谷县",
        "agenda": "通报问题清单办理情况",
        "decisions": "省界道路路灯联建\n跨省公交线路延伸",
        "to_list": "on",
        "category": "infrastructure",
        "lead": members["410927"],
        "sides": [members["371521"]],
        "due_date": "2027-01-31",
    }
    data.update(extra)
    return data


def test_a_meeting_whose_decisions_become_items(taiqian, demo):
    r = taiqian.post(reverse("collaboration:meeting_new", args=[demo.pk]), _form(demo))
    meeting = demo.meetings.get(number=2)
    assert r.status_code == 302 and r.url == reverse("collaboration:meeting", args=[meeting.pk])
    items = ProblemItem.objects.filter(meetings=meeting).order_by("number")
    assert [(i.number, i.title, i.status) for i in items] == [
        (13, "省界道路路灯联建", "open"),
        (14, "跨省公交线路延伸", "open"),
    ]
    assert {s.member.region_id for s in items[0].sides.all()} == {"410927", "371521"}
    page = taiqian.get(r.url).content.decode()
    assert "省界道路路灯联建" in page and "第2次联席会议" in page
    board = taiqian.get(reverse("collaboration:detail", args=[demo.pk])).content.decode()
    assert 'data-testid="fig-meetings">2<' in board and 'data-testid="fig-items">14<' in board


def test_a_meeting_form_refuses_in_chinese_and_keeps_the_input(taiqian, demo):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    r = taiqian.post(reverse("collaboration:meeting_new", args=[demo.pk]), _form(demo, date=future, lead=""))
    body = r.content.decode()
    assert r.status_code == 200
    assert "会议日期不能晚于今天" in body and "列入问题清单时请选择牵头成员" in body
    assert "省界道路路灯联建" in body
    assert demo.meetings.count() == 1


def test_a_joint_activity_counts_in_each_deputys_record(taiqian, demo):
    from tests.factories import deputy_user

    people = []
    for i in range(2):
        user = deputy_user("410927", username=f"tq_dep{i}")
        people.append(Deputy.objects.create(name=f"台前代表{i}", gender="M", region_id="410927", user=user))
    r = taiqian.post(
        reverse("collaboration:activity_new", args=[demo.pk]),
        {
            "kind": "enforcement",
            "title": "台前、阳谷联合开展黄河滩区执法检查",
            "date": "2026-11-18",
            "members": [m.pk for m in demo.members.filter(region_id__in=["410927", "371521"])],
            "deputies": [d.pk for d in people],
        },
    )
    assert r.status_code == 302
    joint = JointActivity.objects.get(title="台前、阳谷联合开展黄河滩区执法检查")
    duty = joint.duty_activity
    assert duty.status == ActivityStatus.VERIFIED and duty.kind == "law_enforcement"
    assert duty.region_id == "410927"
    counts = activity_counts([d.pk for d in people], 2026)
    for d in people:
        assert sum(counts[d.pk].values()) == 1
