"""The responsible unit reports progress with a note and a photo; staff edit milestones and inputs
(要素保障) on the project page, not in the admin."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from livelihood.models import Milestone, ProgressUpdate, Requirement
from notifications.models import Notification
from tests.deputies.factories import image_file
from tests.factories import unit_user

from . import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def school():
    member = f.wc_user()
    project = f.project(
        wc=f.committee(),
        milestones=[("完成招标", D(2026, 2, 1), D(2026, 2, 3)), ("主体封顶", D(2026, 5, 1), None)],
    )
    return project, member


def test_unit_reports_progress_with_a_photo_and_a_milestone(client, school):
    project, member = school
    clerk = unit_user(project.unit, username="edu_clerk")
    client.force_login(clerk)
    listing = client.get(reverse("livelihood:unit_projects")).content.decode()
    assert project.name in listing and "50%" in listing
    url = reverse("livelihood:unit_project", args=[project.pk])
    topping = project.milestones.get(name="主体封顶")
    response = client.post(
        url,
        {"note": "主体结构已封顶，开始内部装修。", "milestone": topping.pk, "photo": image_file("site.png", fmt="PNG")},
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(project=project)
    assert update.by == clerk and update.unit == project.unit and update.milestone == topping
    assert update.photo.name.endswith(".jpg") and update.thumbnail.name.endswith("_thumb.jpg")
    topping.refresh_from_db()
    assert topping.actual_date == timezone.localdate()
    page = client.get(url).content.decode()
    assert "100%" in page and "主体结构已封顶" in page and "完成节点：主体封顶" in page
    note = Notification.objects.get(recipient=member, kind="livelihood.progress_reported")
    assert note.link == project.get_absolute_url()
    # Staff see the report on the project page.
    client.force_login(member)
    assert "主体结构已封顶" in client.get(project.get_absolute_url()).content.decode()


def test_bad_reports_are_refused_in_chinese_and_keep_what_was_typed(client, school):
    project, _member = school
    client.force_login(unit_user(project.unit, username="edu_clerk"))
    url = reverse("livelihood:unit_project", args=[project.pk])
    empty = client.post(url, {"note": ""}).content.decode()
    assert "请填写进展情况" in empty
    fake = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    bad = client.post(url, {"note": "已完成招标后的准备工作", "photo": fake}).content.decode()
    assert "无法识别这个文件" in bad and "已完成招标后的准备工作" in bad
    assert not ProgressUpdate.objects.exists()


def test_another_unit_and_county_cannot_see_the_project(client, school, other_county_staff):
    project, _member = school
    other = unit_user(f.unit(name="县水利局"), username="water_clerk")
    client.force_login(other)
    url = reverse("livelihood:unit_project", args=[project.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"note": "x"}).status_code == 404
    assert project.name not in client.get(reverse("livelihood:unit_projects")).content.decode()
    assert client.get(project.get_absolute_url()).status_code == 403  # staff pages stay staff's
    client.force_login(other_county_staff)
    assert client.get(reverse("livelihood:plan", args=[project.pk])).status_code == 404


def test_staff_edit_milestones_and_inputs_on_the_project_page(client, school, county_staff):
    project, _member = school
    client.force_login(county_staff)
    page = client.get(project.get_absolute_url()).content.decode()
    plan_url = reverse("livelihood:plan", args=[project.pk])
    assert plan_url in page and "/admin/livelihood" not in page
    first, second = project.milestones.order_by("planned_date")
    data = {
        "m-TOTAL_FORMS": "3",
        "m-INITIAL_FORMS": "2",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "1000",
        "m-0-id": first.pk,
        "m-0-name": first.name,
        "m-0-planned_date": "2026-02-01",
        "m-0-actual_date": "2026-02-03",
        "m-1-id": second.pk,
        "m-1-name": second.name,
        "m-1-planned_date": "2026-05-01",
        "m-1-DELETE": "on",
        "m-2-name": "竣工验收",
        "m-2-planned_date": "2026-11-30",
        "r-TOTAL_FORMS": "1",
        "r-INITIAL_FORMS": "0",
        "r-MIN_NUM_FORMS": "0",
        "r-MAX_NUM_FORMS": "1000",
        "r-0-kind": "funds",
        "r-0-description": "县财政配套资金800万元",
        "r-0-status": "in_progress",
        "r-0-note": "已拨付一半",
    }
    assert client.post(plan_url, data).status_code == 302
    assert list(project.milestones.values_list("name", flat=True)) == ["完成招标", "竣工验收"]
    assert Requirement.objects.get(project=project).description == "县财政配套资金800万元"
    # A date in the future for "reached" and a missing name are refused in Chinese; nothing saved.
    data.update({"m-2-actual_date": "2099-01-01", "m-0-name": "", "m-1-DELETE": ""})
    data["m-INITIAL_FORMS"] = "2"
    bad = client.post(plan_url, data).content.decode()
    assert "实际完成日期不能晚于今天" in bad and "这个字段是必填项" in bad
    assert Milestone.objects.filter(project=project).count() == 2


def test_working_committee_staff_cannot_edit_the_plan(client, school):
    project, member = school
    client.force_login(member)
    assert client.get(reverse("livelihood:plan", args=[project.pk])).status_code == 403
