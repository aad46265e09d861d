import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from deputies.models import Activity, ActivityKind
from liaison_stations import services
from liaison_stations.models import (
    Opinion,
    OpinionCategory,
    OpinionState,
    OpinionTransition,
    Reception,
)
from liaison_stations.workflow import MACHINE

from .factories import deputy, place, unit

pytestmark = pytest.mark.django_db

S = OpinionState
ORDER = [S.REGISTERED, S.HANDLING, S.RESULT, S.FED_BACK, S.CLOSED]


@pytest.fixture
def station():
    return place()


@pytest.fixture
def reception(station, county_staff):
    return services.record_reception(
        place=station,
        day=datetime.date.today() - datetime.timedelta(days=1),
        deputies=[deputy("张晓梅"), deputy("李建国")],
        citizens_count=7,
        citizen_names="王大爷、刘阿姨",
        topics="道路、饮水",
        opinions=[
            {"category": OpinionCategory.INFRASTRUCTURE, "text": "村东生产路需要硬化。", "raised_by": "王大爷"},
            {"category": OpinionCategory.LIVELIHOOD, "text": "自来水水压不足。"},
            {"category": "", "text": ""},  # an empty row of the formset is not stored
        ],
        by=county_staff,
    )


def args_for(target, county_unit):
    return {
        S.HANDLING: {"unit": county_unit},
        S.RESULT: {"result": "已列入计划，月底完成。"},
        S.FED_BACK: {"feedback": "已电话告知反映人。"},
        S.CLOSED: {},
        S.REGISTERED: {},
    }[target]


def bring_to(opinion, state, by, county_unit):
    for step in ORDER[1 : ORDER.index(state) + 1]:
        services.move_opinion(opinion, step, by=by, **args_for(step, county_unit))
    opinion.refresh_from_db()
    return opinion


def test_a_reception_stores_opinions_registered_and_an_activity(reception, county_staff):
    assert reception.citizens_count == 7 and reception.deputies.count() == 2
    opinions = list(reception.opinions.order_by("id"))
    assert len(opinions) == 2
    assert all(o.state == S.REGISTERED for o in opinions)
    first = opinions[0]
    assert list(first.transitions.values_list("from_state", "to_state", "by")) == [("", "registered", county_staff.pk)]
    activity = Activity.objects.get(reception=reception)
    assert activity.kind == ActivityKind.RECEPTION and activity.opinions_count == 2
    assert activity.participants.count() == 2 and activity.status == "verified"


def test_the_whole_loop_with_who_and_when(reception, county_staff):
    county_unit = unit()
    opinion = reception.opinions.order_by("id").first()
    bring_to(opinion, S.CLOSED, county_staff, county_unit)
    assert opinion.state == S.CLOSED and opinion.unit == county_unit
    assert opinion.result and opinion.feedback
    steps = list(OpinionTransition.objects.filter(opinion=opinion).values_list("from_state", "to_state"))
    assert steps == [
        ("", "registered"),
        ("registered", "handling"),
        ("handling", "result"),
        ("result", "fed_back"),
        ("fed_back", "closed"),
    ]
    assert all(t.by == county_staff and t.at for t in opinion.transitions.all())
    assert "转交安阳县交通运输局办理" in opinion.transitions.get(to_state="handling").note


@pytest.mark.parametrize("source,target", [p for p in itertools.product(ORDER, ORDER)])
def test_each_transition_is_allowed_only_along_the_loop(reception, county_staff, source, target):
    county_unit = unit()
    opinion = bring_to(reception.opinions.order_by("id").first(), source, county_staff, county_unit)
    before = opinion.transitions.count()
    if target in MACHINE.moves()[source]:
        services.move_opinion(opinion, target, by=county_staff, **args_for(target, county_unit))
        opinion.refresh_from_db()
        assert opinion.state == target
        assert opinion.transitions.count() == before + 1
    else:
        with pytest.raises(ValidationError) as exc:
            services.move_opinion(opinion, target, by=county_staff, **args_for(target, county_unit))
        assert "不能直接变为" in exc.value.messages[0]
        opinion.refresh_from_db()
        assert opinion.state == source and opinion.transitions.count() == before


def test_handling_needs_a_unit_or_a_suggestion(reception, county_staff):
    opinion = reception.opinions.first()
    with pytest.raises(ValidationError, match="请选择转交的承办单位"):
        services.move_opinion(opinion, S.HANDLING, by=county_staff)
    with pytest.raises(ValidationError, match="只能选一项"):
        services.move_opinion(opinion, S.HANDLING, by=county_staff, unit=unit(), to_suggestion=True)
    other_county = unit("台前县水利局", "410927")
    with pytest.raises(ValidationError, match="不在本县"):
        services.move_opinion(opinion, S.HANDLING, by=county_staff, unit=other_county)
    present = reception.deputies.first()
    services.move_opinion(opinion, S.HANDLING, by=county_staff, to_suggestion=True, deputy=present)
    opinion.refresh_from_db()
    assert opinion.to_suggestion and opinion.state == S.HANDLING and opinion.suggestion_deputy == present
    assert f"转为{present.name}代表的建议" in opinion.transitions.last().note


def test_result_and_feedback_must_be_written(reception, county_staff):
    opinion = bring_to(reception.opinions.first(), S.HANDLING, county_staff, unit())
    with pytest.raises(ValidationError, match="办理结果"):
        services.move_opinion(opinion, S.RESULT, by=county_staff, result="  ")
    services.move_opinion(opinion, S.RESULT, by=county_staff, result="已完成")
    with pytest.raises(ValidationError, match="反馈"):
        services.move_opinion(opinion, S.FED_BACK, by=county_staff)


def test_unknown_state_is_refused(reception, county_staff):
    with pytest.raises(ValidationError, match="未知"):
        services.move_opinion(reception.opinions.first(), "archived", by=county_staff)


def test_database_refuses_handling_without_a_route(reception):
    opinion = reception.opinions.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Opinion.objects.filter(pk=opinion.pk).update(state=S.HANDLING)


def test_a_reception_without_deputies_writes_nothing(station, county_staff):
    with pytest.raises(ValidationError, match="到场的代表"):
        services.record_reception(
            place=station,
            day=datetime.date.today(),
            deputies=[],
            by=county_staff,
            opinions=[{"category": "other", "text": "x"}],
        )
    assert not Reception.objects.exists() and not Opinion.objects.exists() and not Activity.objects.exists()


def test_station_activity_figures_come_from_records(station, county_staff):
    leaders = [deputy(f"领导{i}", leader=True) for i in range(3)]
    for i, leader in enumerate(leaders):
        services.record_station_activity(
            place=station,
            kind=ActivityKind.STATION_MONTH,
            title=f"集中进站月{i}",
            day=datetime.date(2026, 6, 1 + i),
            deputies=[leader, deputy(f"驻站{i}")],
            by=county_staff,
            opinions=[{"category": "other", "text": f"意见{i}-{j}"} for j in range(i + 1)],
        )
    rows = list(services.station_activity_figures(station.activities.all()).order_by("activity__date"))
    assert [(r.deputies_count, r.leaders_count, r.opinion_total) for r in rows] == [(2, 1, 1), (2, 1, 2), (2, 1, 3)]


def test_who_may_take_an_opinion_up_as_a_suggestion(station, county_staff):
    """Present at the reception or the station activity, or stationed at the place today."""
    present, stationed, left, elsewhere, participant = (
        deputy(n) for n in ("到场代表", "驻站代表", "已离站代表", "外站代表", "活动代表")
    )
    from .factories import station as put_at

    put_at(station, [stationed])
    put_at(station, [left], end=datetime.date(2023, 1, 1))
    put_at(place("水冶镇代表联络站", "410522102"), [elsewhere])
    reception = services.record_reception(
        place=station,
        day=datetime.date.today(),
        deputies=[present],
        by=county_staff,
        opinions=[{"category": "other", "text": "路灯不亮"}],
    )
    link = services.record_station_activity(
        place=station,
        kind=ActivityKind.STATION_MONTH,
        title="集中进站月",
        day=datetime.date.today(),
        deputies=[participant],
        by=county_staff,
        opinions=[{"category": "other", "text": "垃圾清运不及时"}],
    )
    at_reception = reception.opinions.get()
    at_activity = link.opinions.get()
    assert set(services.suggestion_candidates(at_reception)) == {present, stationed}
    assert set(services.suggestion_candidates(at_activity)) == {participant, stationed}
    with pytest.raises(ValidationError, match="未参加这次接待"):
        services.move_opinion(at_reception, S.HANDLING, by=county_staff, to_suggestion=True, deputy=left)
    with pytest.raises(ValidationError, match="未参加这次接待"):
        services.move_opinion(at_activity, S.HANDLING, by=county_staff, to_suggestion=True, deputy=present)
    services.move_opinion(at_activity, S.HANDLING, by=county_staff, to_suggestion=True, deputy=participant)
    at_activity.refresh_from_db()
    assert at_activity.suggestion_deputy == participant and at_activity.suggestion_id


def test_the_opinion_page_keeps_its_query_count_with_the_deputy_choice(
    client, station, county_staff, django_assert_max_num_queries
):
    from .factories import station as put_at

    put_at(station, [deputy(f"驻站{i}") for i in range(8)])
    r = services.record_reception(
        place=station,
        day=datetime.date.today(),
        deputies=[deputy(f"到场{i}") for i in range(5)],
        by=county_staff,
        opinions=[{"category": "other", "text": "路灯不亮"}],
    )
    client.force_login(county_staff)
    from django.urls import reverse

    url = reverse("liaison_stations:opinion", args=[r.opinions.get().pk])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('name="deputy"') == 1 and "驻站7" in html and "到场4" in html
