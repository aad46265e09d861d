import datetime

import pytest
from django.core.exceptions import ValidationError

from core.excel import safe_cell
from deputies import services
from deputies.demo import make_uscc
from deputies.models import (
    Deputy,
    EnterpriseOpinion,
    GroupStatus,
    OpinionStatus,
    PinyinOverride,
    ProfessionalGroup,
    validate_uscc,
)

from .factories import DeputyFactory, seated, term_for

pytestmark = pytest.mark.django_db


def test_uscc_check_digit():
    validate_uscc("91350100M000100Y43")  # a published example
    with pytest.raises(ValidationError, match="校验位"):
        validate_uscc("91350100M000100Y44")
    with pytest.raises(ValidationError, match="18位"):
        validate_uscc("91350100M000100Y4")
    with pytest.raises(ValidationError, match="18位"):
        validate_uscc("91350100M000100I43")
    import random

    rng = random.Random(1)
    for _ in range(20):
        validate_uscc(make_uscc(rng))


def test_search_by_characters_pinyin_and_initials():
    zs = DeputyFactory(name="张三")
    DeputyFactory(name="李四")
    assert list(Deputy.objects.search("张三")) == [zs]
    assert list(Deputy.objects.search("zhangsan")) == [zs]
    assert list(Deputy.objects.search("zs")) == [zs]
    assert list(Deputy.objects.search("Zhang San")) == [zs]


def test_surname_override_table_is_used_on_save():
    d = DeputyFactory(name="曾国藩")
    assert d.name_pinyin == "zengguofan"  # built-in reading
    PinyinOverride.objects.create(surname="覃", reading="tan", region_id="410522")
    tan = DeputyFactory(name="覃明", region_id="410522101")
    assert tan.name_pinyin == "tanming" and tan.name_initials == "tm"
    elsewhere = DeputyFactory(name="覃明", region_id="410927")
    assert elsewhere.name_pinyin == "qinming"  # the override applies to its region's branch only


def test_masked_mobile():
    d = DeputyFactory(mobile="13812341234")
    assert d.masked_mobile == "138****1234"


def test_one_person_two_mandates_and_current_of():
    d = seated(DeputyFactory(name="王双"))
    city_term = term_for("4105", 15)
    seated(d, city_term)
    assert d.mandates.count() == 2
    assert d in Deputy.objects.current_of(city_term.congress)
    ended = seated(DeputyFactory(), end_date=datetime.date(2022, 1, 1), end_reason="resigned")
    assert ended not in Deputy.objects.current_of(term_for().congress)


def test_group_status_planned_established_dissolved():
    g = ProfessionalGroup.objects.create(name="教育专业小组", kind="professional", region_id="410522")
    d = DeputyFactory()
    with pytest.raises(ValidationError):
        services.change_group_status(g, GroupStatus.PLANNED)
    services.change_group_status(g, GroupStatus.ESTABLISHED, on=datetime.date(2024, 1, 1))
    assert g.founded == datetime.date(2024, 1, 1)
    g.memberships.create(deputy=d, joined=datetime.date(2024, 1, 2))
    services.change_group_status(g, GroupStatus.DISSOLVED, on=datetime.date(2025, 1, 1))
    assert g.memberships.get().left == datetime.date(2025, 1, 1)
    with pytest.raises(ValidationError, match="不能从"):
        services.change_group_status(g, GroupStatus.ESTABLISHED)


def test_enterprise_opinion_flow_and_history():
    from accounts.models import Unit
    from deputies.models import Enterprise, EnterpriseLink

    e = Enterprise.objects.create(name="某公司", uscc="91350100M000100Y43", region_id="410522")
    link = EnterpriseLink.objects.create(enterprise=e, deputy=DeputyFactory(), start_date=datetime.date(2024, 1, 1))
    op = EnterpriseOpinion.objects.create(link=link, text="贷款难", date=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="不能从"):
        services.advance_opinion(op, OpinionStatus.ANSWERED, answer="x")
    with pytest.raises(ValidationError, match="承办单位"):
        services.advance_opinion(op, OpinionStatus.FORWARDED)
    unit = Unit.objects.create(name="县发改委", region_id="410522")
    services.advance_opinion(op, OpinionStatus.FORWARDED, unit=unit)
    services.advance_opinion(op, OpinionStatus.ANSWERED, answer="已协调")
    services.advance_opinion(op, OpinionStatus.CLOSED)
    assert op.history.count() == 4
    assert e.history.count() == 1


def test_formula_cells_are_neutralised():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("+1") == "'+1" and safe_cell("-1") == "'-1" and safe_cell("@x") == "'@x"
    assert safe_cell("张三") == "张三" and safe_cell(3) == 3


def test_demo_mirrors_the_seed():
    from django.core.management import call_command

    from deputies.models import Activity, EnterpriseLink

    call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))
    assert EnterpriseLink.objects.values("deputy").distinct().count() == 78
    assert EnterpriseLink.objects.values("enterprise").distinct().count() == 53
    assert EnterpriseOpinion.objects.count() == 43
    assert set(ProfessionalGroup.objects.filter(status="established").values_list("name", flat=True)) == {
        "财政经济专业小组",
        "教育专业小组",
        "建筑产业小组",
    }
    assert Activity.objects.filter(kind="outreach", title__startswith="市人大代表").count() == 12
    assert Deputy.objects.filter(region__code__startswith="410522", sector="建筑业").count() == 32


def test_override_added_in_the_admin_rereads_stored_names(client, county_staff):
    from django.urls import reverse

    d = DeputyFactory(name="覃明", region_id="410522101")
    assert d.name_pinyin == "qinming"
    client.force_login(county_staff)
    r = client.post(
        reverse("admin:deputies_pinyinoverride_add"), {"surname": "覃", "reading": "tan", "region": "410522"}
    )
    assert r.status_code == 302
    d.refresh_from_db()
    assert (d.name_pinyin, d.name_initials) == ("tanming", "tm")
    assert list(Deputy.objects.search("tm")) == [d]
    r = client.post(
        reverse("admin:deputies_pinyinoverride_add"), {"surname": "单", "reading": "Shan1", "region": "410522"}
    )
    assert "读音只能是小写拼音字母" in r.content.decode()
