import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from deputies.models import ActivityStatus
from tests.factories import staff

from .factories import DeputyFactory, activity, seated

pytestmark = pytest.mark.django_db


def test_staff_list_search_by_characters_pinyin_initials(client, county_staff):
    seated(DeputyFactory(name="张三", mobile="13812341234"))
    seated(DeputyFactory(name="李四"))
    client.force_login(county_staff)
    for q in ["张三", "zhangsan", "zs"]:
        page = client.get(reverse("deputies:list"), {"q": q}).content.decode()
        assert "张三" in page and "李四" not in page, q
    page = client.get(reverse("deputies:list")).content.decode()
    assert "138****1234" in page and "13812341234" not in page
    assert page.index("李四") < page.index("张三")  # pinyin order: li < zhang


def test_filters(client, county_staff):
    a = seated(DeputyFactory(name="建一", sector="建筑业", gender="F", party="中共党员"))
    seated(DeputyFactory(name="教二", sector="教育"))
    client.force_login(county_staff)
    page = client.get(
        reverse("deputies:list"), {"sector": "建筑业", "gender": "F", "party": "中共党员"}
    ).content.decode()
    assert "建一" in page and "教二" not in page
    from deputies.models import ProfessionalGroup

    g = ProfessionalGroup.objects.create(name="建筑产业小组", kind="industry", region_id="410522")
    g.memberships.create(deputy=a, joined="2024-01-01")
    page = client.get(reverse("deputies:list"), {"group": g.pk}).content.decode()
    assert "建一" in page and "教二" not in page


def test_full_mobile_only_on_detail_for_allowed_staff(client, county_staff):
    d = seated(DeputyFactory(name="张三", mobile="13812341234"))
    client.force_login(county_staff)
    assert "13812341234" in client.get(reverse("deputies:detail", args=[d.pk])).content.decode()
    viewer = staff("410522", role=Role.WORKING_COMMITTEE_STAFF, username="wc_viewer")
    client.force_login(viewer)
    page = client.get(reverse("deputies:detail", args=[d.pk])).content.decode()
    assert "138****1234" in page and "13812341234" not in page


def test_county_staff_cannot_list_open_export_or_autocomplete_another_county(client, county_staff, other_county_staff):
    mine = seated(DeputyFactory(name="安阳代表"))
    theirs = seated(DeputyFactory(name="台前代表", region_id="410927"))
    a = activity([theirs], status=ActivityStatus.SUBMITTED, title="台前活动")
    client.force_login(county_staff)
    assert "台前代表" not in client.get(reverse("deputies:list")).content.decode()
    assert client.get(reverse("deputies:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("deputies:record", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("deputies:activity", args=[a.pk])).status_code == 404
    assert client.post(reverse("deputies:activity", args=[a.pk]), {"action": "verify"}).status_code == 404
    assert "台前活动" not in client.get(reverse("deputies:activities")).content.decode()
    wb = load_workbook(io.BytesIO(client.get(reverse("deputies:export")).content))
    names = [row[0] for row in wb.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["安阳代表"]
    r = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "deputies", "model_name": "activityparticipant", "field_name": "deputy", "term": "代表"},
    )
    assert r.status_code == 200
    assert {row["text"] for row in r.json()["results"]} == {"安阳代表"}
    assert client.get(reverse("admin:deputies_deputy_change", args=[theirs.pk])).status_code == 404
    client.force_login(other_county_staff)
    assert client.get(reverse("deputies:detail", args=[mine.pk])).status_code == 404


def test_deputy_cannot_open_staff_pages(client, deputy):
    client.force_login(deputy)
    assert client.get(reverse("deputies:list")).status_code == 403
    assert client.get(reverse("deputies:activities")).status_code == 403


def test_export_masks_mobiles_and_neutralises_formulas(client, county_staff):
    seated(DeputyFactory(name="张三", mobile="13812341234", work_unit='=HYPERLINK("http://x")'))
    client.force_login(county_staff)
    r = client.get(reverse("deputies:export"))
    wb = load_workbook(io.BytesIO(r.content))
    row = next(wb.active.iter_rows(min_row=2, values_only=True))
    assert row[-1] == "138****1234"
    assert row[6].startswith("'=")


@pytest.mark.parametrize("url_name", ["deputies:list", "deputies:activities"])
def test_list_pages_use_the_same_number_of_queries_for_10_and_100_rows(
    client, county_staff, url_name, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n):
        for _ in range(n):
            d = seated(DeputyFactory())
            activity([d, DeputyFactory()])

    client.force_login(county_staff)
    make(10)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(reverse(url_name), {"page": 1}).status_code == 200
    make(90)
    with CaptureQueriesContext(connection) as hundred:
        r = client.get(reverse(url_name) + "?page=2")
        assert r.status_code == 200
    assert len(ten) == len(hundred), [q["sql"] for q in hundred.captured_queries]
    with CaptureQueriesContext(connection) as searched:
        assert client.get(reverse(url_name), {"q": "dai"}).status_code == 200
    # The activity search first fetches the named deputies' ids and their activities' ids (filters.activities_of).
    assert len(searched) <= len(hundred) + 2


def test_record_page_query_count_is_bounded(client, county_staff):
    """The same number of queries for 1 activity as for 30; each section another app registers
    may add a few of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.registry import record_sections

    d = seated(DeputyFactory())
    activity([d])
    client.force_login(county_staff)
    url = reverse("deputies:record", args=[d.pk]) + "?year=2026"
    client.get(url)  # warm caches that are not per request
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(29):
        activity([d])
    with CaptureQueriesContext(connection) as thirty:
        assert client.get(url).status_code == 200
    assert len(thirty) == len(one)
    assert len(one) <= 16 + 3 * len(record_sections())


def test_admin_pages_render(client, county_staff):
    d = seated(DeputyFactory())
    activity([d])
    client.force_login(county_staff)
    for name in [
        "deputy",
        "activity",
        "professionalgroup",
        "enterprise",
        "enterpriseopinion",
        "pointrule",
        "pinyinoverride",
    ]:
        assert client.get(reverse(f"admin:deputies_{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:deputies_deputy_history", args=[d.pk])).status_code == 200
    r = client.get(reverse("admin:deputies_deputy_changelist"), {"q": "dai", "term": "1", "level": "county"})
    assert r.status_code == 200


def test_admin_keeps_opinions_and_groups_to_their_transitions(client, county_staff):
    import datetime

    from deputies.models import Enterprise, EnterpriseLink, EnterpriseOpinion, ProfessionalGroup

    e = Enterprise.objects.create(name="某公司", uscc="91350100M000100Y43", region_id="410522")
    link = EnterpriseLink.objects.create(enterprise=e, deputy=DeputyFactory(), start_date=datetime.date(2024, 1, 1))
    op = EnterpriseOpinion.objects.create(link=link, text="贷款难", date=datetime.date(2026, 1, 1))
    client.force_login(county_staff)
    data = {"link": link.pk, "text": "贷款难", "date": "2026-01-01", "category": "other", "status": "closed"}
    r = client.post(reverse("admin:deputies_enterpriseopinion_change", args=[op.pk]), data)
    assert r.status_code == 200 and "状态不能从“已收集”直接改为“已办结”" in r.content.decode()
    g = ProfessionalGroup.objects.create(
        name="教育专业小组", kind="professional", region_id="410522", status="dissolved"
    )
    data = {
        "name": g.name,
        "kind": "professional",
        "region": "410522",
        "status": "established",
        "founded": "2024-01-01",
    }
    data.update({"memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0})
    r = client.post(reverse("admin:deputies_professionalgroup_change", args=[g.pk]), data)
    assert "状态不能从“已撤销”直接改为“已成立”" in r.content.decode()


@pytest.mark.parametrize(
    "model, params",
    [
        ("deputy", {}),
        ("deputy", {"q": "dai"}),
        ("deputy", {"q": "代"}),
        ("deputy", {"sector": "建筑业", "gender__exact": "M"}),
        ("deputy", {"term": "1", "level": "county"}),
        ("activity", {}),
        ("activity", {"q": "活动"}),
        ("activity", {"status__exact": "verified", "kind__exact": "research"}),
    ],
)
def test_admin_changelists_use_the_same_number_of_queries_for_10_and_50_rows(client, county_staff, model, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n):
        for _ in range(n):
            d = seated(DeputyFactory(name="代表甲", sector="建筑业", gender="M"))
            activity([d])

    client.force_login(county_staff)
    url = reverse(f"admin:deputies_{model}_changelist")
    make(10)
    assert client.get(url, params).status_code == 200  # warm the cached filter choices
    with CaptureQueriesContext(connection) as ten:
        assert client.get(url, params).status_code == 200
    make(40)
    with CaptureQueriesContext(connection) as fifty:
        r = client.get(url, params)
        assert r.status_code == 200
    assert r.context["cl"].result_count >= 50 or params, r.context["cl"].result_count
    assert len(ten) == len(fifty), [q["sql"] for q in fifty.captured_queries]
    assert not any("DISTINCT" in q["sql"] for q in fifty.captured_queries), "a filter joins and de-duplicates"


def test_admin_searches_characters_anywhere_and_pinyin_by_prefix(client, county_staff):
    seated(DeputyFactory(name="欧阳晓梅", work_unit="红旗渠建设公司"))
    seated(DeputyFactory(name="李四", work_unit="县一中"))
    client.force_login(county_staff)
    url = reverse("admin:deputies_deputy_changelist")
    for q in ["晓梅", "红旗渠", "ouyang", "oyxm"]:
        page = client.get(url, {"q": q}).content.decode()
        assert "欧阳晓梅" in page and "李四" not in page, q
    a = activity([seated(DeputyFactory())])
    a.title = "农村公路养护调研"
    a.place = "白璧镇代表联络站"
    a.save()
    url = reverse("admin:deputies_activity_changelist")
    for q in ["公路养护", "白璧镇"]:
        assert "农村公路养护调研" in client.get(url, {"q": q}).content.decode(), q
    assert "农村公路养护调研" not in client.get(url, {"q": "水利"}).content.decode()
