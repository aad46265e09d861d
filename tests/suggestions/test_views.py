import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.files import file_url, public_file_url
from suggestions import services
from suggestions.models import Attachment, State, Suggestion

from .test_services import draft, through_assign

pytestmark = pytest.mark.django_db


def test_deputy_drafts_with_an_attachment_and_submits(client, world):
    w = world
    client.force_login(w.author.user)
    assert client.get(reverse("suggestions:my")).status_code == 200
    page = client.get(reverse("suggestions:create"))
    assert "写建议" in page.content.decode()
    r = client.post(
        reverse("suggestions:create"),
        {
            "title": "关于改善村卫生室条件的建议",
            "category": "rural",
            "session": w.session.pk,
            "body": "建议为村卫生室配备基本设备。",
            "cosigners": [w.colleague.pk],
            "attachment": SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4 demo", content_type="application/pdf"),
        },
    )
    s = Suggestion.objects.get(title="关于改善村卫生室条件的建议")
    assert r.status_code == 302 and r.url == reverse("suggestions:detail", args=[s.pk])
    assert Attachment.objects.filter(suggestion=s, name="调研报告.pdf").exists()
    r = client.post(reverse("suggestions:act", args=[s.pk, "submit"]))
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.state == State.SUBMITTED


def test_bad_input_is_shown_in_chinese_and_kept(client, world):
    w = world
    client.force_login(w.author.user)
    r = client.post(
        reverse("suggestions:create"),
        {
            "title": "保留的标题",
            "category": "rural",
            "body": "",
            "attachment": SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream"),
        },
    )
    html = r.content.decode()
    assert r.status_code == 200 and "这个字段是必填项" in html and "保留的标题" in html
    assert "不支持该文件类型" in html
    assert not Suggestion.objects.exists()


def test_a_refused_action_shows_the_reason_and_keeps_the_form(client, world):
    w = world
    s = draft(w)
    services.submit(s, w.author.user)
    client.force_login(w.staff)
    r = client.post(reverse("suggestions:act", args=[s.pk, "review"]), {"decision": "refuse", "note": ""})
    assert r.status_code == 400
    assert "不予立案或退回修改时请写明理由" in r.content.decode()
    r = client.post(reverse("suggestions:act", args=[s.pk, "close"]))
    assert "不能变更为" in r.content.decode()
    s.refresh_from_db()
    assert s.state == State.SUBMITTED


def test_staff_board_highlights_overdue_and_exports_safely(client, world, django_assert_max_num_queries):
    w = world
    s = through_assign(w, today=datetime.date(2025, 1, 6))
    s.title = '=HYPERLINK("http://x")'
    s.save()
    for i in range(5):
        through_assign(w, s=draft(w, title=f"建议{i}", cosigners=[]))
    client.force_login(w.staff)
    with django_assert_max_num_queries(12):
        r = client.get(reverse("suggestions:board"))
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="overdue"' in html and "table-danger" in html
    x = client.get(reverse("suggestions:board"), {"format": "xlsx", "overdue": "1"})
    ws = load_workbook(io.BytesIO(x.content)).active
    assert ws.max_row == 2 and ws["B2"].value.startswith("'=")
    for name in ("key", "units", "groups"):
        assert client.get(reverse(f"suggestions:{name}")).status_code == 200
        assert client.get(reverse(f"suggestions:{name}"), {"format": "xlsx"})["Content-Type"].startswith(
            "application/vnd.openxmlformats"
        )


def test_board_queries_stay_constant(client, world, django_assert_max_num_queries):
    w = world
    for i in range(3):
        through_assign(w, s=draft(w, title=f"a{i}", cosigners=[]))
    client.force_login(w.staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("suggestions:board")).status_code == 200
    for i in range(12):
        through_assign(w, s=draft(w, title=f"b{i}", cosigners=[]))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("suggestions:board")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("suggestions:units")).status_code == 200


def test_unit_user_lists_and_opens_only_its_own(client, world):
    w = world
    mine = through_assign(w)
    other = draft(w, title="交通局的建议", cosigners=[])
    services.submit(other, w.author.user)
    services.review(other, w.staff, "accept")
    services.assign(other, w.staff, w.other_unit)
    client.force_login(w.unit_user)
    html = client.get(reverse("suggestions:unit")).content.decode()
    assert mine.title in html and "交通局的建议" not in html
    assert client.get(reverse("suggestions:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("suggestions:board")).status_code == 403
    r = client.post(reverse("suggestions:act", args=[mine.pk, "sign"]))
    assert r.status_code == 302
    r = client.post(
        reverse("suggestions:act", args=[mine.pk, "reply"]),
        {"result_class": "B", "text": "正在解决", "file": SimpleUploadedFile("答复函.pdf", b"%PDF")},
    )
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.state == State.REPLIED and mine.replies.get().file.name.endswith(".pdf")


def test_other_county_staff_cannot_list_or_open(client, world, other_county_staff):
    w = world
    s = through_assign(w)
    client.force_login(other_county_staff)
    assert s.title not in client.get(reverse("suggestions:board")).content.decode()
    assert client.get(reverse("suggestions:detail", args=[s.pk])).status_code == 404
    assert client.post(reverse("suggestions:act", args=[s.pk, "close"])).status_code == 404
    assert client.get(reverse("suggestions:units")).content.decode().count('data-testid="row"') == 0


def test_public_page_shows_replied_non_confidential_until_staff_turn_it_off(client, world):
    w = world
    s = through_assign(w)
    hidden = through_assign(w, s=draft(w, title="涉密的建议", cosigners=[]))
    hidden.is_confidential = True
    hidden.save()
    for x in (s, hidden):
        services.sign_for(x, w.unit_user)
        services.reply(x, w.unit_user, text="公开的答复内容", result_class="A")
    html = client.get(reverse("suggestions:public")).content.decode()
    assert s.title in html and "涉密的建议" not in html
    detail = client.get(reverse("suggestions:public_detail", args=[s.pk])).content.decode()
    assert "公开的答复内容" in detail
    assert client.get(reverse("suggestions:public_detail", args=[hidden.pk])).status_code == 404
    services.set_public(s, w.staff, False)
    assert client.get(reverse("suggestions:public_detail", args=[s.pk])).status_code == 404


def test_record_section_counts_led_and_cosigned(world):
    from core.registry import record_sections as sections

    w = world
    s = draft(w)
    services.cosign(s, w.colleague.user)
    services.submit(s, w.author.user)
    section = next(x for x in sections() if x.key == "suggestions")
    year = s.submitted_at.year
    assert dict(section.get_context(w.author, year)["points"])["领衔提出建议"] == 1
    assert dict(section.get_context(w.colleague, year)["points"])["附议建议"] == 1


def test_home_panels_show_what_is_waiting(client, world):
    w = world
    s = through_assign(w)
    services.sign_for(s, w.unit_user)
    services.reply(s, w.unit_user, text="答复", result_class="A")
    submitted = draft(w, title="待审查的", cosigners=[])
    services.submit(submitted, w.author.user)
    client.force_login(w.author.user)
    html = client.get(reverse("deputy_home")).content.decode()
    assert 'data-testid="panel-suggestions"' in html and "待测评 1" in html
    client.force_login(w.staff)
    html = client.get(reverse("workbench")).content.decode()
    assert "待审查 1" in html


def test_extension_and_return_requests_through_the_pages(client, world):
    w = world
    s = through_assign(w, today=datetime.date(2026, 3, 2))
    client.force_login(w.unit_user)
    client.post(reverse("suggestions:act", args=[s.pk, "sign"]))
    r = client.post(
        reverse("suggestions:act", args=[s.pk, "request_extension"]),
        {"new_deadline": "2026-12-01", "reason": "需要预算"},
    )
    assert r.status_code == 400 and "最长不超过6个月" in r.content.decode()
    assert 'value="需要预算"' in r.content.decode() or "需要预算" in r.content.decode()
    r = client.post(
        reverse("suggestions:act", args=[s.pk, "request_extension"]),
        {"new_deadline": "2026-08-01", "reason": "需要预算"},
    )
    assert r.status_code == 302
    client.post(
        reverse("suggestions:act", args=[s.pk, "contact"]), {"date": "2026-03-10", "kind": "call", "note": "通话"}
    )
    client.force_login(w.staff)
    r = client.post(reverse("suggestions:act", args=[s.pk, "decide_extension"]), {"approve": "1", "note": "同意"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.deadline == datetime.date(2026, 8, 1) and s.contacts.count() == 1
    # A unit may not decide its own request.
    client.force_login(w.unit_user)
    r = client.post(reverse("suggestions:act", args=[s.pk, "request_return"]), {"reason": "职责不符"})
    assert r.status_code == 400 and "超过期限" in r.content.decode()


def test_supplement_with_a_file_after_submission(client, world):
    w = world
    s = draft(w)
    services.submit(s, w.author.user)
    client.force_login(w.author.user)
    r = client.post(
        reverse("suggestions:act", args=[s.pk, "supplement"]),
        {"text": "补充调研数据", "file": SimpleUploadedFile("数据.xlsx", b"PK")},
    )
    assert r.status_code == 302
    sup = s.supplements.get()
    assert sup.text == "补充调研数据" and sup.file.name.endswith(".xlsx")
    assert client.get(reverse("suggestions:edit", args=[s.pk])).status_code == 200
    r = client.post(reverse("suggestions:edit", args=[s.pk]), {"title": "改", "category": "rural", "body": "改"})
    assert "锁定" in r.content.decode()
    s.refresh_from_db()
    assert s.title != "改"


def test_lists_keep_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    w = world
    for i in range(3):
        s = through_assign(w, s=draft(w, title=f"a{i}", cosigners=[]))
        services.mark_key(s, w.staff, leader_name="刘振宇", leader_post="县长")
    pages = [
        (w.author.user, reverse("suggestions:my") + "?tab=handling"),
        (w.unit_user, reverse("suggestions:unit")),
        (w.staff, reverse("suggestions:key")),
        (w.staff, reverse("suggestions:groups")),
    ]
    budgets = {}
    for user, url in pages:
        client.force_login(user)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        budgets[url] = len(ctx.captured_queries)
    for i in range(10):
        s = through_assign(w, s=draft(w, title=f"b{i}", cosigners=[]))
        services.mark_key(s, w.staff, leader_name="刘振宇", leader_post="县长")
    for user, url in pages:
        client.force_login(user)
        with django_assert_max_num_queries(budgets[url]):
            assert client.get(url).status_code == 200


def test_supervision_groups_list_each_group_once_and_record_visits(client, world):
    from suggestions.models import SupervisionGroup

    w = world
    s = through_assign(w)
    g = SupervisionGroup.objects.create(region_id="410522", year=2026, name="第一督办组", leader_post="主任")
    g.members.set([w.author, w.colleague])
    g.suggestions.add(s)
    assert SupervisionGroup.objects.visible_to(w.staff).count() == 1
    assert list(SupervisionGroup.objects.visible_to(w.author.user)) == [g]
    client.force_login(w.staff)
    assert client.get(reverse("suggestions:groups")).content.decode().count('data-testid="group"') == 1
    r = client.post(
        reverse("suggestions:groups"),
        {"group": g.pk, "date": "2026-04-15", "unit": w.unit.pk, "findings": "进度偏慢", "follow_up": "月底前完成"},
    )
    assert r.status_code == 302 and g.visits.get().findings == "进度偏慢"


def test_admin_reads_suggestions_of_its_county_only(client, world, other_county_staff):
    w = world
    s = through_assign(w)
    client.force_login(w.staff)
    assert s.title in client.get(reverse("admin:suggestions_suggestion_changelist")).content.decode()
    page = client.get(reverse("admin:suggestions_suggestion_change", args=[s.pk]))
    assert page.status_code == 200 and "办理记录" in page.content.decode()
    from suggestions.models import AssignmentMeeting

    meeting = AssignmentMeeting.objects.create(region_id="410522", title="交办会", date=datetime.date(2026, 2, 10))
    services.mark_key(s, w.staff, leader_name="刘振宇", leader_post="县长", meeting=meeting)
    page = client.get(reverse("admin:suggestions_assignmentmeeting_change", args=[meeting.pk]))
    assert page.status_code == 200 and "刘振宇（县长）" in page.content.decode()
    client.force_login(other_county_staff)
    assert client.get(reverse("admin:suggestions_suggestion_change", args=[s.pk])).status_code == 404


def test_files_are_served_only_to_those_who_may_see_them(client, world, other_county_staff):
    w = world
    s = draft(w)
    a = Attachment.objects.create(
        suggestion=s, file=SimpleUploadedFile("方案.pdf", b"%PDF-1.4"), name="方案.pdf", uploaded_by=w.author.user
    )
    url = file_url(a, "file")
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(w.author.user)
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4"
    through_assign(w, s=s)
    services.sign_for(s, w.unit_user)
    services.reply(s, w.unit_user, text="答复", result_class="A", file=SimpleUploadedFile("答复.pdf", b"%PDF-r"))
    reply = s.replies.get()
    client.force_login(other_county_staff)
    assert client.get(url).status_code == 404
    assert client.get(file_url(reply, "file")).status_code == 404  # the checked route keeps to the branch
    assert client.get(public_file_url(reply, "file")).status_code == 200  # a published reply is public
    client.logout()
    assert client.get(public_file_url(reply, "file")).status_code == 200
    services.set_public(s, w.staff, False)
    assert client.get(public_file_url(reply, "file")).status_code == 404
