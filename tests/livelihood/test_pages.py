import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from livelihood import services
from livelihood.models import Cadence, Review, ReviewMeeting
from tests.factories import PASSWORD

from . import factories as f

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 5, 24, 10, 0, tzinfo=TZ), tick=False):
        yield


def milestones():
    return [
        ("完成招标", D(2026, 2, 1), D(2026, 2, 3)),
        ("主体封顶", D(2026, 5, 1), D(2026, 5, 20)),
        ("装修完成", D(2026, 8, 1), None),
        ("竣工验收", D(2026, 11, 30), None),
    ]


def test_progress_comes_from_milestones_or_is_entered_with_a_reason():
    p = f.project(milestones=milestones())
    assert p.progress == 50
    q = f.project(name="技能培训", manual_progress=35, manual_progress_reason="按培训人次")
    assert q.progress == 35
    from livelihood.models import Project

    annotated = Project.objects.with_progress().get(pk=p.pk)
    assert annotated.progress == 50
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        f.project(name="无说明", manual_progress=20)


def test_project_list_and_detail_with_the_timeline(client, county_staff, django_assert_max_num_queries):
    p = f.project(milestones=milestones())
    for i in range(12):
        f.project(name=f"项目{i}", milestones=milestones()[:2])
    services.sweep()
    client.login(username="ay_staff", password=PASSWORD)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("livelihood:projects"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "新建实验小学" in page and "50%" in page
    with django_assert_max_num_queries(14):
        response = client.get(reverse("livelihood:project", args=[p.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "主体封顶" in page and "2026年5月 每月听取" in page and "逾期未审议" in page  # April's hearing
    assert client.get(reverse("livelihood:projects") + "?late=1").status_code == 200


def test_another_countys_projects_are_not_listed_nor_opened(client, county_staff, other_county_staff):
    mine = f.project(name="安阳项目")
    theirs = f.project(region="410927", name="台前项目")
    services.sweep()
    client.login(username="tq_staff", password=PASSWORD)
    page = client.get(reverse("livelihood:projects")).content.decode()
    assert "台前项目" in page and "安阳项目" not in page
    assert client.get(reverse("livelihood:project", args=[mine.pk])).status_code == 404
    assert client.get(reverse("livelihood:project", args=[theirs.pk])).status_code == 200
    cal = client.get(reverse("livelihood:calendar") + "?month=2026-05").content.decode()
    assert "台前项目" in cal and "安阳项目" not in cal
    record = client.get(reverse("livelihood:record") + "?cadence=monthly").content.decode()
    assert "台前项目" in record and "安阳项目" not in record


def test_deputy_and_anonymous_cannot_open_staff_pages(client, deputy):
    p = f.project()
    assert client.get(reverse("livelihood:projects")).status_code == 302
    client.login(username="dep_user", password=PASSWORD)
    assert client.get(reverse("livelihood:projects")).status_code == 403
    assert client.get(reverse("livelihood:project", args=[p.pk])).status_code == 403


def test_calendar_shows_due_and_held_reviews(client, county_staff, django_assert_max_num_queries):
    p = f.project()
    q = f.project(name="老旧小区改造")
    services.sweep()
    r = Review.objects.get(project=q, period_key="2026-05")
    services.record_meeting(
        user=county_staff,
        cadence=Cadence.MONTHLY,
        meeting_data={"held_on": D(2026, 5, 18), "title": "听取会", "attendees": "x", "decisions": ""},
        entries=[(r, {"progress_report": "进展顺利"})],
    )
    client.login(username="ay_staff", password=PASSWORD)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("livelihood:calendar") + "?month=2026-05")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2026年5月审议日历" in page
    assert "新建实验小学" in page and "老旧小区改造" in page
    assert "已审议 1" in page and "待审议" in page
    april = client.get(reverse("livelihood:calendar") + "?month=2026-04").content.decode()
    assert "逾期 2" in april
    assert p.pk


def test_record_one_meeting_for_several_projects(client, county_staff):
    a = f.project(name="项目甲")
    b = f.project(name="项目乙")
    services.sweep()
    ra = Review.objects.get(project=a, cadence=Cadence.MONTHLY, period_key="2026-05")
    rb = Review.objects.get(project=b, cadence=Cadence.MONTHLY, period_key="2026-05")
    client.login(username="ay_staff", password=PASSWORD)
    url = reverse("livelihood:record") + "?cadence=monthly"
    data = {
        "cadence": "monthly",
        "held_on": "2026-05-22",
        "title": "5月民生实事听取会",
        "attendees": "财经工委\n教育局",
        "decisions": "加快进度",
        f"r{ra.pk}-include": "on",
        f"r{ra.pk}-reported_progress": "40",
        f"r{ra.pk}-progress_report": "主体施工中",
        f"r{ra.pk}-problems": "资金缺口",
        f"r{rb.pk}-include": "on",
        f"r{rb.pk}-progress_report": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "请填写进展情况" in response.content.decode()
    assert not ReviewMeeting.objects.exists()
    data[f"r{rb.pk}-progress_report"] = "完成设计"
    response = client.post(url, data)
    assert response.status_code == 302
    meeting = ReviewMeeting.objects.get()
    assert set(meeting.reviews.values_list("pk", flat=True)) == {ra.pk, rb.pk}
    ra.refresh_from_db()
    assert (ra.held_on, ra.reported_progress, ra.problems) == (D(2026, 5, 22), 40, "资金缺口")
    assert ra.history.count() >= 1


def test_recording_refuses_a_future_date_and_a_held_review(county_staff):
    a = f.project()
    services.sweep()
    r = Review.objects.get(project=a, cadence=Cadence.MONTHLY, period_key="2026-05")
    meeting = {"held_on": D(2026, 5, 30), "title": "t", "attendees": "x", "decisions": ""}
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.record_meeting(user=county_staff, cadence="monthly", meeting_data=meeting, entries=[(r, {})])
    meeting["held_on"] = D(2026, 5, 20)
    services.record_meeting(user=county_staff, cadence="monthly", meeting_data=meeting, entries=[(r, {})])
    with pytest.raises(ValidationError, match="已记录"):
        services.record_meeting(user=county_staff, cadence="monthly", meeting_data=meeting, entries=[(r, {})])
    q = Review.objects.filter(project=a, cadence=Cadence.QUARTERLY).last()  # every quarter since the start
    with pytest.raises(ValidationError, match="不是本类审议"):
        services.record_meeting(user=county_staff, cadence="monthly", meeting_data=meeting, entries=[(q, {})])


def test_the_working_committee_sees_its_monthly_reviews_on_the_workbench(client):
    wc = f.wc_user()
    f.project(name="停车场建设")  # 财经工委
    f.project(name="实验小学", wc=f.committee(name="教育科学文化卫生工作委员会"))
    services.sweep()
    client.login(username="wc_user", password=PASSWORD)
    page = client.get(reverse("workbench")).content.decode()
    assert "待审议的民生实事项目" in page
    panel = page.split('data-testid="livelihood-due-reviews"', 1)[1].split("</section>", 1)[0]
    assert "停车场建设" in panel and "实验小学" not in panel
    assert "记录审议" in panel
    assert wc.notifications.filter(kind="livelihood.review_ahead").exists()
    # The other committee has no members and the county no committee staff: its reminders reached
    # nobody, and the workbench of the county's staff says so.
    assert "提醒无人可送达" in page and "实验小学" in page


def test_public_page_shows_progress_without_personal_data(client, django_assert_max_num_queries):
    wc = f.wc_user()
    p = f.project(milestones=milestones())
    for i in range(5):
        f.project(name=f"项目{i}", milestones=milestones())
    services.sweep()
    r = Review.objects.get(project=p, cadence=Cadence.MONTHLY, period_key="2026-05")
    services.record_meeting(
        user=wc,
        cadence="monthly",
        meeting_data={"held_on": D(2026, 5, 20), "title": "t", "attendees": "王建国", "decisions": ""},
        entries=[(r, {"progress_report": "主体结构已封顶，正在内部装修"})],
    )
    with django_assert_max_num_queries(8):
        response = client.get(reverse("livelihood:public", args=["410522", 2026]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "新建实验小学" in page and "50%" in page and "已完成节点 2 / 4" in page
    assert "主体结构已封顶" in page
    assert "王建国" not in page  # the attendees are not public
    assert client.get(reverse("livelihood:public", args=["410522", 2025])).status_code == 404
    assert client.get(reverse("livelihood:public", args=["999999", 2026])).status_code == 404


def test_the_workbench_panel_keeps_a_constant_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    f.wc_user()
    client.login(username="wc_user", password=PASSWORD)

    def workbench_queries(n):
        for i in range(n):
            f.project(name=f"项目{n}-{i}")
        services.sweep()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("workbench")).status_code == 200
        return len(ctx)

    assert workbench_queries(1) == workbench_queries(12)


def test_a_meeting_keeps_its_attachment(client, county_staff, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    a = f.project(name="项目甲")
    services.sweep()
    r = Review.objects.get(project=a, cadence=Cadence.QUARTERLY, period_key="2026-Q2")
    client.login(username="ay_staff", password=PASSWORD)
    response = client.post(
        reverse("livelihood:record") + "?cadence=quarterly",
        {
            "cadence": "quarterly",
            "held_on": "2026-05-20",
            "title": "主任会议",
            "attendees": "主任会议组成人员",
            "decisions": "",
            "attachment": SimpleUploadedFile("纪要.txt", "会议纪要".encode()),
            f"r{r.pk}-include": "on",
            f"r{r.pk}-progress_report": "按计划推进",
        },
    )
    assert response.status_code == 302
    meeting = ReviewMeeting.objects.get()
    assert meeting.cadence == Cadence.QUARTERLY
    assert meeting.attachments.get().file.read() == "会议纪要".encode()
