"""The partner liaison (协作地区联络员) of Yanggu county: only the collaborations they belong to; they
add updates to their side's items, record their side's attendance and upload documents — nothing else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from collaboration.models import Attendance, Document, ItemStatus, JointMeeting, ProblemItem
from core.files import file_url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%demo\n"


def yanggu_item(demo, status):
    return demo.items.filter(sides__member__region_id="371521", status=status).first()


def test_sees_only_their_collaboration(liaison, demo, three):
    listing = liaison.get(reverse("collaboration:list")).content.decode()
    assert demo.name in listing and three.name not in listing
    assert liaison.get(reverse("collaboration:detail", args=[demo.pk])).status_code == 200
    # the three-town collaboration (Yanggu's town is a member, not the county's liaison): 404 by every URL
    for url in (
        reverse("collaboration:detail", args=[three.pk]),
        reverse("collaboration:items", args=[three.pk]),
        reverse("collaboration:export_items", args=[three.pk]),
        reverse("collaboration:meeting", args=[three.meetings.first().pk]),
    ):
        assert liaison.get(url).status_code == 404, url


def test_nothing_else_of_the_portal(liaison, demo):
    for url in (
        reverse("workbench"),
        reverse("deputies:list"),
        reverse("suggestions:board"),
        reverse("suggestions:my"),
        reverse("livelihood:projects"),
        reverse("collaboration:meeting_new", args=[demo.pk]),
        reverse("collaboration:activity_new", args=[demo.pk]),
    ):
        assert liaison.get(url).status_code in (403, 404), url
    # the admin: not staff, so every admin URL sends them to the admin's login
    for url in ("/admin/", reverse("admin:collaboration_problemitem_changelist"),
                reverse("admin:collaboration_problemitem_change", args=[demo.items.first().pk])):  # fmt: skip
        r = liaison.get(url)
        assert r.status_code == 302 and r.url.startswith("/admin/login/"), url


def test_adds_an_update_to_their_sides_item_and_it_starts(liaison, demo):
    item = demo.items.get(title="省际边界农村客运班线衔接")  # Liangshan's, not Yanggu's
    mine = ProblemItem.objects.filter(collaboration=demo, sides__member__region_id="371521", status="in_progress")[0]
    r = liaison.post(reverse("collaboration:item_action", args=[mine.pk, "update"]), {"note": "阳谷县已完成对接"})
    assert r.status_code == 302
    latest = mine.updates.first()
    assert latest.text == "阳谷县已完成对接" and latest.member.region_id == "371521"
    # an item their side is not concerned by: refused, nothing written
    page = liaison.post(reverse("collaboration:item_action", args=[item.pk, "update"]), {"note": "越权"}, follow=True)
    assert "只有本方工作人员或涉及该问题的成员联络员可以报送进展" in page.content.decode()
    assert not item.updates.filter(text="越权").exists()


def test_an_open_item_moves_to_in_progress_on_the_liaisons_update(liaison, demo, taiqian):
    from collaboration import services
    from collaboration.models import Member

    item = services.add_item(
        demo, title="新问题", lead=Member.objects.get(collaboration=demo, region_id="371521"), category="other"
    )
    assert item.status == ItemStatus.OPEN
    liaison.post(reverse("collaboration:item_action", args=[item.pk, "update"]), {"note": "已开始办理"})
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS


def test_cannot_change_an_items_status(liaison, demo):
    item = yanggu_item(demo, ItemStatus.IN_PROGRESS)
    page = liaison.get(reverse("collaboration:item", args=[item.pk])).content.decode()
    assert 'data-testid="action-update"' in page and 'data-testid="action-resolve"' not in page
    liaison.post(reverse("collaboration:item_action", args=[item.pk, "resolve"]), {"note": "已解决"})
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS


def test_records_their_own_sides_attendance_only(liaison, demo):
    meeting = JointMeeting.objects.get(collaboration=demo, number=1)
    taiqian_member = demo.members.get(region_id="410927")
    url = reverse("collaboration:attendance", args=[meeting.pk])
    liaison.post(url, {"member": taiqian_member.pk, "attendees": "冒名"})
    assert not Attendance.objects.filter(attendees="冒名").exists()
    yanggu = demo.members.get(region_id="371521")
    r = liaison.post(url, {"member": yanggu.pk, "attendees": "孙庆华、张明远"})
    assert r.status_code == 302
    assert Attendance.objects.get(meeting=meeting, member=yanggu).attendees == "孙庆华、张明远"


def test_uploads_documents_checked_and_served_only_to_members(liaison, demo, anyang, taiqian):
    url = reverse("collaboration:upload", args=[demo.pk])
    fake = SimpleUploadedFile("纪要.pdf", b"MZ not a pdf", content_type="application/pdf")
    page = liaison.post(url, {"title": "伪装文件", "file": fake}, follow=True).content.decode()
    assert "文件内容与扩展名不符" in page
    exe = SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")
    assert "不支持该文件类型" in liaison.post(url, {"title": "程序", "file": exe}, follow=True).content.decode()
    assert not Document.objects.exists()
    good = SimpleUploadedFile("纪要.pdf", PDF, content_type="application/pdf")
    liaison.post(url, {"title": "阳谷县会议纪要", "file": good})
    doc = Document.objects.get()
    assert doc.member.region_id == "371521"
    download = file_url(doc, "file")
    assert b"".join(liaison.get(download).streaming_content) == PDF
    assert taiqian.get(download).status_code == 200
    assert anyang.get(download).status_code == 404
