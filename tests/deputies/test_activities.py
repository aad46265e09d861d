import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deputies import services
from deputies.models import Activity, ActivityPhoto, ActivityStatus, PointRule
from notifications.models import Notification

from .factories import DeputyFactory, activity, image_file, seated

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(deputy):
    return seated(DeputyFactory(name="张晓梅", user=deputy, region_id="410522101"))


def test_deputy_logs_an_activity_from_the_phone_form(client, deputy, me):
    client.force_login(deputy)
    page = client.get(reverse("deputies:my_activity_new"))
    assert page.status_code == 200 and "登记履职活动" in page.content.decode()
    r = client.post(
        reverse("deputies:my_activity_new"),
        {"kind": "reception", "title": "接待选民", "date": "2026-05-01", "place": "联络站", "photos": [image_file()]},
    )
    assert r.status_code == 302 and r.url == reverse("deputies:my_activities")
    a = Activity.objects.get()
    assert a.status == ActivityStatus.SUBMITTED and a.region_id == "410522101"
    assert list(a.participants.values_list("deputy__name", "role")) == [("张晓梅", "lead")]
    photo = ActivityPhoto.objects.get()
    assert photo.image.name.endswith(".jpg") and photo.thumbnail.name.endswith("_thumb.jpg")
    listing = client.get(reverse("deputies:my_activities")).content.decode()
    assert "接待选民" in listing and "待审核" in listing


def test_bad_photo_gets_a_clear_message_and_nothing_is_written(client, deputy, me):
    client.force_login(deputy)
    fake = SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    r = client.post(
        reverse("deputies:my_activity_new"),
        {"kind": "reception", "title": "接待", "date": "2026-05-01", "photos": [fake]},
    )
    assert r.status_code == 200
    assert "无法识别这个文件" in r.content.decode()
    assert 'value="接待"' in r.content.decode()  # what was typed is kept
    assert not Activity.objects.exists()


def test_photo_too_big_is_refused(deputy, me):
    from django.core.exceptions import ValidationError

    from deputies.images import process_image

    big = SimpleUploadedFile("big.jpg", b"x" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="5 MB"):
        process_image(big)
    gif = image_file("a.gif", fmt="GIF")
    full, thumb = process_image(gif)
    assert full.name.endswith(".jpg")


def test_future_date_is_refused(client, deputy, me):
    client.force_login(deputy)
    r = client.post(reverse("deputies:my_activity_new"), {"kind": "reception", "title": "x", "date": "2099-01-01"})
    assert "不能晚于今天" in r.content.decode()


def test_staff_verify_and_return(client, county_staff, deputy, me):
    a = activity([me], status=ActivityStatus.SUBMITTED)
    client.force_login(county_staff)
    r = client.post(reverse("deputies:activity", args=[a.pk]), {"action": "return", "reason": ""})
    assert r.status_code == 400 and "退回原因" in r.content.decode()
    client.post(reverse("deputies:activity", args=[a.pk]), {"action": "return", "reason": "请补充照片"})
    a.refresh_from_db()
    assert a.status == ActivityStatus.RETURNED and a.return_reason == "请补充照片"
    assert Notification.objects.filter(recipient=deputy, kind="deputies.activity_returned").count() == 1
    r = client.post(reverse("deputies:activity", args=[a.pk]), {"action": "verify"})
    # a returned activity cannot be verified without resubmission: the table's own sentence
    assert r.status_code == 400 and "不能再审核" in r.content.decode()
    assert 'data-testid="verify"' not in r.content.decode()
    b = activity([me], status=ActivityStatus.SUBMITTED)
    client.post(reverse("deputies:activity", args=[b.pk]), {"action": "verify", "next": "list"})
    b.refresh_from_db()
    assert b.status == ActivityStatus.VERIFIED and b.verified_by == county_staff


def test_staff_log_one_activity_for_many(client, county_staff):
    people = [seated(DeputyFactory(name=n)) for n in ["赵一", "钱二", "孙三"]]
    client.force_login(county_staff)
    r = client.post(
        reverse("deputies:activity_new"),
        {"kind": "inspection", "title": "视察", "date": "2026-05-01", "names": "赵一、钱二，孙三", "verify_now": "on"},
    )
    assert r.status_code == 302
    a = Activity.objects.get()
    assert a.status == ActivityStatus.VERIFIED
    assert set(a.deputies.all()) == set(people)
    assert a.participants.get(role="lead").deputy.name == "赵一"
    r = client.post(
        reverse("deputies:activity_new"),
        {"kind": "inspection", "title": "视察", "date": "2026-05-01", "names": "无此人"},
    )
    assert "未找到这些现任代表：无此人" in r.content.decode()


def test_only_verified_activities_count_in_record_and_points(client, deputy, me):
    PointRule.objects.create(region_id="410522", kind="research", points_lead=3, points_participant=2, yearly_cap=5)
    activity([me], date=datetime.date(2026, 3, 1))  # lead: 3
    activity([DeputyFactory(), me], date=datetime.date(2026, 4, 1))  # participant: 2
    activity([me], date=datetime.date(2026, 4, 2))  # lead: 3 → capped at 5
    activity([me], status=ActivityStatus.SUBMITTED, title="未审核活动")
    activity([me], status=ActivityStatus.RETURNED, title="退回活动")
    total, lines = services.points_for(me, 2026)
    assert total == 5
    client.force_login(deputy)
    page = client.get(reverse("deputies:my_record") + "?year=2026").content.decode()
    assert 'data-testid="verified-total">3<' in page
    assert "未审核活动" not in page and "退回活动" not in page
    assert 'data-testid="points-total">5<' in page


def test_ranking_per_term(client, county_staff):
    from .factories import term_for

    PointRule.objects.create(region_id="410522", kind="research", points_lead=3, points_participant=2)
    a, b = seated(DeputyFactory(name="甲")), seated(DeputyFactory(name="乙"))
    activity([b])
    activity([b, a])
    rows = services.ranking(term_for(), 2026)
    assert [(d.name, int(p)) for d, p in rows] == [("乙", 6), ("甲", 2)]
    client.force_login(county_staff)
    page = client.get(reverse("deputies:ranking") + "?year=2026").content.decode()
    assert page.index("乙") < page.index("甲")


def test_record_sections_from_other_apps_are_shown(client, deputy, me, monkeypatch):
    """An app declares a record section on its AppConfig; the record page and the points show it."""
    from django.apps import apps

    from core.registry import RecordSection, declared

    section = RecordSection(
        "test-section", "测试栏目", lambda d, y: {"points": [("答复", 2)]}, "deputies/panels/pending.html"
    )
    monkeypatch.setattr(apps.get_app_config("livelihood"), "record_sections", [section], raising=False)
    declared.cache_clear()
    try:
        PointRule.objects.create(region_id="410522", kind="test-section", points_participant=4)
        assert services.points_for(me, 2026)[0] == 8
        client.force_login(deputy)
        assert "测试栏目" in client.get(reverse("deputies:my_record")).content.decode()
    finally:
        monkeypatch.undo()
        declared.cache_clear()


def test_returned_activity_is_corrected_and_submitted_again(client, deputy, me):
    a = activity([me], status=ActivityStatus.RETURNED, title="走访")
    other = activity([DeputyFactory()], status=ActivityStatus.RETURNED)
    client.force_login(deputy)
    assert client.get(reverse("deputies:my_activity_edit", args=[other.pk])).status_code == 404
    page = client.get(reverse("deputies:my_activity_edit", args=[a.pk])).content.decode()
    assert 'value="走访"' in page and "退回原因" in page
    r = client.post(
        reverse("deputies:my_activity_edit", args=[a.pk]),
        {"kind": "reception", "title": "走访选民（补充地点）", "date": "2026-05-01", "place": "联络站"},
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == ActivityStatus.SUBMITTED and a.title == "走访选民（补充地点）"
    assert client.get(reverse("deputies:my_activity_edit", args=[a.pk])).status_code == 404


def test_deputy_home_shows_the_year_at_a_glance(client, deputy, me):
    from django.utils import timezone

    today = timezone.localdate()
    activity([me], date=today)
    activity([me], date=today, status=ActivityStatus.SUBMITTED)
    client.force_login(deputy)
    page = client.get(reverse("deputy_home")).content.decode()
    assert 'data-testid="my-year"' in page
    assert "已审核 <strong>1</strong>" in page and "待审核 <strong>1</strong>" in page
