import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.models import Holiday
from notifications.models import Notification
from suggestions import services
from suggestions.models import CoSignature, Reply, State, Suggestion, Supplement, Transition

pytestmark = pytest.mark.django_db


def draft(w, **kw):
    return services.create_draft(
        w.author,
        w.author.user,
        title=kw.get("title", "关于加快农村公路提档升级的建议"),
        body="建议将通村道路纳入年度计划。",
        category="rural",
        session=w.session,
        cosigners=kw.get("cosigners", [w.colleague]),
    )


def through_assign(w, s=None, today=None):
    s = s or draft(w)
    if s.cosigns.exists():
        services.cosign(s, w.colleague.user)
    services.submit(s, w.author.user)
    services.review(s, w.staff, "accept")
    services.assign(s, w.staff, w.unit, [w.other_unit], today=today)
    return s


def refused(fn, *args, match="", **kw):
    with pytest.raises(ValidationError) as e:
        fn(*args, **kw)
    assert match in " ".join(e.value.messages)
    return e.value.messages[0]


def test_the_whole_path_records_every_transition(world):
    w = world
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False):
        s = draft(w)
        assert Notification.objects.filter(recipient=w.colleague.user, kind="suggestions.cosign_invite").exists()
        services.cosign(s, w.colleague.user)
        services.submit(s, w.author.user)
        services.review(s, w.staff, "accept")
        s.refresh_from_db()
        assert s.number == 1 and s.number_label == "第16届4次会议第1号"
        services.assign(s, w.staff, w.unit, [w.other_unit])
        assert s.deadline == datetime.date(2026, 6, 2)
        assert Notification.objects.filter(recipient=w.unit_user, kind="suggestions.assigned").count() == 1
        services.mark_key(s, w.staff, leader=w.leader, leader_post="副县长")
        services.sign_for(s, w.unit_user)
        services.record_contact(s, w.unit_user, date=datetime.date(2026, 3, 5), kind="call", note="电话沟通方案")
        services.reply(s, w.unit_user, text="已列入2026年计划。", result_class="A")
        assert Notification.objects.filter(recipient=w.author.user, kind="suggestions.replied").exists()
        services.evaluate(s, w.author.user, "satisfied")
        services.close(s, w.staff)
        services.publish(s, w.staff)
    s.refresh_from_db()
    assert s.state == State.PUBLISHED and s.is_key and s.leader_label == "赵县长（副县长）"
    moves = [(t.from_state, t.to_state) for t in s.transitions.exclude(from_state=models_same())]
    assert moves == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "accepted"),
        ("accepted", "assigned"),
        ("assigned", "signed"),
        ("signed", "replied"),
        ("replied", "evaluated"),
        ("evaluated", "closed"),
        ("closed", "published"),
    ]
    assert all(t.actor_id for t in s.transitions.exclude(action="overdue"))
    assert s.transitions.filter(action="contact").exists() and s.transitions.filter(action="mark_key").exists()


def models_same():
    from django.db.models import F

    return F("to_state")


def test_invalid_transitions_are_refused_with_a_chinese_message(world):
    w = world
    s = draft(w)
    assert "审查" in refused(services.review, s, w.staff, "accept")
    refused(services.sign_for, s, w.unit_user, match="主办单位")
    refused(services.close, s, w.staff, match="不能变更为")
    services.submit(s, w.author.user)
    assert refused(services.submit, s, w.author.user) == "当前状态为“待审查”，不能变更为“待审查”"
    refused(services.review, s, w.author.user, "accept", match="工作人员")
    refused(services.review, s, w.staff, "refuse", match="理由")
    services.review(s, w.staff, "accept")
    refused(services.reply, s, w.unit_user, text="x", result_class="A", match="主办单位")
    services.assign(s, w.staff, w.unit)
    refused(services.reply, s, w.unit_user, text="x", result_class="A", match="已交办")
    refused(services.sign_for, s, w.other_unit_user, match="主办单位")
    services.sign_for(s, w.unit_user)
    refused(services.evaluate, s, w.author.user, "satisfied", match="测评")
    services.reply(s, w.unit_user, text="答复", result_class="D")
    refused(services.evaluate, s, w.colleague.user, "satisfied", match="领衔代表")
    refused(services.evaluate, s, w.author.user, "not", "", match="理由")
    refused(services.publish, s, w.staff, match="不能变更为")
    s.is_confidential = True
    s.save()
    services.evaluate(s, w.author.user, "basic")
    services.close(s, w.staff)
    refused(services.publish, s, w.staff, match="涉密")
    assert s.transitions.count() == len(set(s.transitions.values_list("id", flat=True)))


def test_refused_is_final_and_return_for_revision_can_be_resubmitted(world):
    w = world
    a = draft(w)
    services.submit(a, w.author.user)
    services.review(a, w.staff, "refuse", "属于个人诉求，不作为代表建议")
    refused(services.review, a, w.staff, "accept")
    refused(services.submit, a, w.author.user, match="不予立案")
    b = draft(w, title="第二件")
    services.submit(b, w.author.user)
    services.review(b, w.staff, "return", "请补充具体地点")
    assert Notification.objects.filter(recipient=w.author.user, kind="suggestions.review").count() == 2
    services.update_draft(b, w.author.user, title="第二件（修改）", body="补充了地点", category="rural")
    services.submit(b, w.author.user)
    services.review(b, w.staff, "accept")
    b.refresh_from_db()
    assert b.state == State.ACCEPTED and b.title == "第二件（修改）"


def test_text_and_cosigners_freeze_on_submission(world):
    w = world
    third = __import__("tests.suggestions.factories", fromlist=["deputy"]).deputy("孙海涛", username="third")
    s = draft(w, cosigners=[w.colleague, third])
    services.cosign(s, w.colleague.user)
    services.submit(s, w.author.user)
    # The invitation nobody answered lapsed; the list is what it was at submission.
    assert list(s.cosigns.values_list("deputy__name", "status")) == [("李秀英", "signed")]
    refused(services.cosign, s, third.user, match="已锁定")
    refused(services.update_draft, s, w.author.user, title="改", body="改", category="rural", match="锁定")
    refused(services.invite_cosigners, s, w.author.user, [third], match="锁定")
    services.add_supplement(s, w.author.user, "补充：附上村民联名信")
    s.refresh_from_db()
    assert s.body == "建议将通村道路纳入年度计划。"
    assert Supplement.objects.filter(suggestion=s).count() == 1


def test_cosign_without_an_invitation_or_after_submission_is_refused(world):
    w = world
    s = draft(w)
    refused(services.cosign, s, w.leader.user, match="没有收到")
    services.submit(s, w.author.user)
    CoSignature.objects.create(suggestion=s, deputy=w.leader)
    refused(services.cosign, s, w.leader.user, match="已锁定")


NATIONAL_DAY = [datetime.date(2026, 10, d) for d in range(1, 9)]


def holidays():
    for d in NATIONAL_DAY:
        Holiday.objects.create(region_id="410522", date=d, name="国庆节")
    Holiday.objects.create(region_id="41", date=datetime.date(2026, 9, 27), is_workday=True, name="国庆调休")
    Holiday.objects.create(region_id="410522", date=datetime.date(2026, 10, 10), is_workday=True, name="国庆调休")


def test_return_window_counts_working_days_across_a_holiday(world):
    w = world
    holidays()
    s = through_assign(w, today=datetime.date(2026, 9, 25))  # a Friday
    # Sun 27 (make-up), Mon–Wed 28–30, (1–8 off), Fri 9, Sat 10 (make-up), Mon 12 = 7 working days.
    assert services.return_window_end(s) == datetime.date(2026, 10, 12)
    with time_machine.travel(datetime.datetime(2026, 10, 13, 9), tick=False):
        refused(services.request_return, s, w.unit_user, "不属于本单位职责", match="7个工作日")
    with time_machine.travel(datetime.datetime(2026, 10, 12, 9), tick=False):
        refused(services.request_return, s, w.unit_user, " ", match="理由")
        req = services.request_return(s, w.unit_user, "不属于本单位职责")
    assert s.state == State.RETURN_REQUESTED
    assert Notification.objects.filter(recipient=w.staff, kind="suggestions.return_request").exists()
    refused(services.decide_return, req, w.staff, True, match="改交")
    with time_machine.travel(datetime.datetime(2026, 10, 14, 9), tick=False):
        services.decide_return(req, w.staff, True, new_unit=w.other_unit, note="改交交通运输局")
    s.refresh_from_db()
    assert s.state == State.ASSIGNED and s.lead_unit == w.other_unit and s.assigned_on == datetime.date(2026, 10, 14)
    assert not Suggestion.objects.visible_to(w.unit_user).filter(pk=s.pk).exists()
    assert Suggestion.objects.visible_to(w.other_unit_user).filter(pk=s.pk).exists()


def test_a_refused_return_request_sends_the_unit_back_to_work(world):
    w = world
    s = through_assign(w)
    req = services.request_return(s, w.unit_user, "职责不符")
    services.decide_return(req, w.staff, False, note="属于本单位职责")
    s.refresh_from_db()
    assert s.state == State.SIGNED
    assert Notification.objects.filter(recipient=w.unit_user, kind="suggestions.return_refused").exists()


def test_reply_deadline_moves_past_a_holiday(world):
    w = world
    holidays()
    s = through_assign(w, today=datetime.date(2026, 7, 1))
    assert s.deadline == datetime.date(2026, 10, 9)  # 1 October + the holiday


def test_extension_is_capped_at_six_months(world):
    w = world
    s = through_assign(w, today=datetime.date(2026, 3, 2))
    refused(services.request_extension, s, w.unit_user, datetime.date(2026, 7, 1), "需要预算", match="申请延期")
    services.sign_for(s, w.unit_user)
    refused(services.request_extension, s, w.unit_user, datetime.date(2026, 5, 1), "x", match="晚于")
    refused(services.request_extension, s, w.unit_user, datetime.date(2026, 9, 3), "x", match="2026-09-02")
    req = services.request_extension(s, w.unit_user, datetime.date(2026, 9, 2), "需要纳入下年度预算")
    refused(services.request_extension, s, w.unit_user, datetime.date(2026, 8, 1), "x", match="审批中")
    services.decide_extension(req, w.staff, True)
    s.refresh_from_db()
    assert s.deadline == datetime.date(2026, 9, 2)
    refused(services.decide_extension, req, w.staff, True, match="已处理")
    refused(services.request_extension, s, w.unit_user, datetime.date(2026, 9, 3), "x", match="6个月")


def test_not_satisfied_opens_a_new_round_and_keeps_the_old_reply(world):
    w = world
    s = through_assign(w, today=datetime.date(2026, 3, 2))
    services.sign_for(s, w.unit_user)
    services.reply(s, w.unit_user, text="第一次答复", result_class="C")
    with time_machine.travel(datetime.datetime(2026, 4, 1, 9), tick=False):
        services.evaluate(s, w.author.user, "not", "没有具体措施")
    s.refresh_from_db()
    assert s.state == State.SIGNED and s.round == 2
    assert s.deadline == datetime.date(2026, 5, 13)  # 30 working days after 1 April (no holiday rows)
    assert Notification.objects.filter(recipient=w.unit_user, kind="suggestions.reround").exists()
    refused(services.request_return, s, w.unit_user, "x", match="重新办理")
    services.reply(s, w.unit_user, text="第二次答复", result_class="B")
    services.evaluate(s, w.author.user, "basic")
    replies = list(Reply.objects.filter(suggestion=s).values_list("round", "text", "satisfaction"))
    assert replies == [(1, "第一次答复", "not"), (2, "第二次答复", "basic")]


def test_reminders_are_sent_once_before_and_after_the_deadline(world):
    from suggestions.tasks import deadline_sweep

    w = world
    s = through_assign(w, today=datetime.date(2026, 3, 2))  # deadline Tue 2 June
    services.sign_for(s, w.unit_user)
    with time_machine.travel(datetime.datetime(2026, 5, 25, 8), tick=False):  # 6 working days before
        assert deadline_sweep.delay().get() == {"reminded": 0, "flagged": 0}
    with time_machine.travel(datetime.datetime(2026, 5, 26, 8), tick=False):  # 5 working days before
        assert deadline_sweep.delay().get()["reminded"] == 1
        assert deadline_sweep.delay().get()["reminded"] == 0
    with time_machine.travel(datetime.datetime(2026, 5, 27, 8), tick=False):
        deadline_sweep.delay()
    assert Notification.objects.filter(recipient=w.unit_user, kind="suggestions.due").count() == 1
    assert not Notification.objects.filter(recipient=w.other_unit_user, kind="suggestions.due").exists()
    with time_machine.travel(datetime.datetime(2026, 6, 3, 8), tick=False):
        assert deadline_sweep.delay().get()["flagged"] == 1
        assert deadline_sweep.delay().get()["flagged"] == 0
        assert Suggestion.objects.overdue().filter(pk=s.pk).exists()
    assert Notification.objects.filter(kind="suggestions.overdue", recipient=w.unit_user).count() == 1
    assert Notification.objects.filter(kind="suggestions.overdue", recipient=w.staff).count() == 1
    assert Transition.objects.filter(suggestion=s, action="overdue").count() == 1


def test_a_unit_user_sees_only_suggestions_assigned_to_its_unit(world):
    w = world
    mine = through_assign(w)
    theirs = draft(w, title="关于公交线路的建议", cosigners=[])
    services.submit(theirs, w.author.user)
    services.review(theirs, w.staff, "accept")
    services.assign(theirs, w.staff, w.other_unit)
    unassigned = draft(w, title="还在草稿", cosigners=[])
    visible = set(Suggestion.objects.visible_to(w.unit_user))
    assert visible == {mine}
    # The assisting unit sees the one it assists, and its own.
    assert set(Suggestion.objects.visible_to(w.other_unit_user)) == {mine, theirs}
    assert unassigned in set(Suggestion.objects.visible_to(w.author.user))
    assert not Transition.objects.visible_to(w.unit_user).filter(suggestion=theirs).exists()


def test_county_scoping(world, other_county_staff, province_staff):
    w = world
    s = through_assign(w)
    assert s in Suggestion.objects.visible_to(w.staff)
    assert s in Suggestion.objects.visible_to(province_staff)
    assert not Suggestion.objects.visible_to(other_county_staff).exists()
    refused(services.close, s, other_county_staff, match="工作人员")


def test_a_draft_stays_private_to_its_author_and_invitees(world):
    w = world
    s = draft(w)
    assert s not in Suggestion.objects.visible_to(w.staff)
    assert s in Suggestion.objects.visible_to(w.colleague.user)
    assert s in Suggestion.objects.visible_to(w.author.user)
    services.submit(s, w.author.user)
    assert s in Suggestion.objects.visible_to(w.staff)


def test_suggestions_between_sessions_are_numbered_by_year(world):
    w = world
    with time_machine.travel(datetime.datetime(2026, 7, 1, 9), tick=False):
        first = services.create_draft(w.author, w.author.user, title="闭会期间一", body="x", category="other")
        second = services.create_draft(w.author, w.author.user, title="闭会期间二", body="x", category="other")
        for s in (first, second):
            services.submit(s, w.author.user)
            services.review(s, w.staff, "accept")
    assert [first.number_label, second.number_label] == ["2026年闭会期间第1号", "2026年闭会期间第2号"]
    assert services.is_staff_for(w.staff, first) and not services.is_staff_for(w.unit_user, first)


def test_staff_may_withdraw_key_status_and_a_unit_outside_the_county_is_refused(world):
    from tests.suggestions.factories import unit

    w = world
    s = through_assign(w)
    services.mark_key(s, w.staff, leader=w.leader, leader_post="副县长")
    refused(services.mark_key, s, w.staff, is_key=True, match="领办")
    services.mark_key(s, w.staff, is_key=False)
    s.refresh_from_db()
    assert not s.is_key and s.leader_label == ""
    elsewhere = unit("台前县农业农村局", region_code="410927")
    other = draft(w, title="另一件", cosigners=[])
    services.submit(other, w.author.user)
    services.review(other, w.staff, "accept")
    refused(services.assign, other, w.staff, elsewhere, match="不在本行政区划")
    other.refresh_from_db()
    assert other.state == State.ACCEPTED and other.lead_unit is None
