"""Issue 18: the messages side at province scale. What a page runs must not grow with the number of
messages: no COUNT(*) over the whole table, statistics aggregated by the database, searches that an
index can serve (checked on Chinese text), the QR list and the workbench without scans of everything."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from citizen_messages import selectors
from citizen_messages.models import Message, Status

from .factories import make_deputy, make_message, token_of

TABLE = "citizen_messages_message"


def _run(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    return r, [q["sql"] for q in ctx.captured_queries]


def _on_messages(sqls):
    return [s for s in sqls if TABLE in s]


def _seed(n, deputies):
    now = timezone.now()
    for i in range(n):
        m = make_message(deputies[i % len(deputies)], body=f"村里路灯不亮了{i}")
        if i % 2:
            Message.objects.filter(pk=m.pk).update(
                status=Status.ANSWERED, answered_at=now, created_at=now - datetime.timedelta(hours=i + 1)
            )


@pytest.fixture
def deps(db):
    return [make_deputy(name=n) for n in ("王建国", "李秀英", "张伟")]


def _counts_unbounded(sql):
    """A COUNT over the message table that is not capped by a LIMIT inside it."""
    return "COUNT(" in sql.upper() and TABLE in sql and "LIMIT" not in sql.upper()


@pytest.mark.parametrize("url", ["citizen_messages:staff_list", "admin:citizen_messages_message_changelist"])
def test_message_lists_never_count_the_whole_table_and_do_not_grow(client, admin_user, county_staff, deps, url):
    client.force_login(admin_user if url.startswith("admin") else county_staff)
    _seed(4, deps)
    _, few = _run(client, reverse(url))
    _seed(40, deps)
    r, many = _run(client, reverse(url) + "?q=路灯不亮")
    _, plain = _run(client, reverse(url))
    assert len(plain) == len(few)
    assert not [s for s in few + many + plain if _counts_unbounded(s)]
    if url.startswith("admin"):  # the changelist shows the deputy, not the body
        assert len(r.context["cl"].result_list) == 44
    else:
        assert "村里路灯不亮了" in r.content.decode()


def test_statistics_are_aggregated_in_the_database_and_cached_with_an_as_of_time(client, county_staff, deps):
    client.force_login(county_staff)
    _seed(6, deps)
    _, few = _run(client, reverse("citizen_messages:stats"))
    from django.core.cache import cache

    from core.models import ComputedCopy

    cache.clear()
    ComputedCopy.objects.all().delete()  # neither the cached nor the database copy: computed again
    _seed(60, deps)
    r, many = _run(client, reverse("citizen_messages:stats"))
    assert len(_on_messages(many)) == len(_on_messages(few)) == 2
    # Every read of messages groups (counts / median) or ranks in the database: no row-by-row fetch.
    for sql in _on_messages(many):
        assert "GROUP BY" in sql or " OVER " in sql, sql
    assert "统计截至" in r.content.decode()
    # Cached: the next request reads no message at all and shows the same "as of".
    r2, again = _run(client, reverse("citizen_messages:stats"))
    assert not _on_messages(again) and r2.context["as_of"] == r.context["as_of"]
    # Redis restarted (the cache is empty): the database copy answers, with its own "as of".
    cache.clear()
    r3, after_restart = _run(client, reverse("citizen_messages:stats"))
    assert not _on_messages(after_restart) and r3.context["as_of"] == r.context["as_of"]
    assert "统计截至" in r3.content.decode()
    # A copy older than an hour (the beat has not refreshed it) is not served: computed again.
    cache.clear()
    ComputedCopy.objects.update(computed_at=timezone.now() - datetime.timedelta(hours=2))
    r4, stale = _run(client, reverse("citizen_messages:stats"))
    assert len(_on_messages(stale)) == 2 and r4.context["as_of"] > r.context["as_of"]


@pytest.mark.parametrize("hours, median", [((2, 4, 10), 4.0), ((2, 4, 10, 20), 7.0), ((5,), 5.0)])
def test_median_hours_to_answer(deps, hours, median):
    now = timezone.now()
    for h in hours:
        m = make_message(deps[0])
        Message.objects.filter(pk=m.pk).update(answered_at=now, created_at=now - datetime.timedelta(hours=h))
    make_message(deps[1])  # not answered: no median
    got = selectors.median_hours(Message.objects.all(), [deps[0].pk, deps[1].pk])
    assert got == {deps[0].pk: median}


def test_statistics_page_two(client, county_staff, settings, monkeypatch):
    monkeypatch.setattr(selectors, "STATS_PER_PAGE", 2)
    people = [make_deputy(name=n) for n in ("甲代表", "乙代表", "丙代表")]
    for i, d in enumerate(people):
        for _ in range(3 - i):
            make_message(d)
    client.force_login(county_staff)
    first = client.get(reverse("citizen_messages:stats"))
    assert [r["name"] for r in first.context["rows"]] == ["甲代表", "乙代表"] and first.context["has_next"]
    second = client.get(reverse("citizen_messages:stats") + "?page=2")
    assert [r["name"] for r in second.context["rows"]] == ["丙代表"] and not second.context["has_next"]
    assert second.context["chart"] is None and "上一页" in second.content.decode()


BODIES = [
    "村口的路灯不亮已经一个月了",
    "路灯不亮，晚上走路很危险",
    "建议在学校门口增设红绿灯",
    "小区垃圾清运不及时",
    "感谢王代表帮助解决饮水问题",
    "关于农村医保报销的咨询",
]


@pytest.mark.parametrize(
    "term", ["路灯不亮", "路灯", "灯", "垃圾清运", "王建国", "秀英", "医保报销的咨询", "不存在的话"]
)
def test_search_on_chinese_text_finds_what_icontains_finds(deps, term):
    for i, body in enumerate(BODIES):
        make_message(deps[i % len(deps)], body=body)
    expected = set(
        Message.objects.filter(body__icontains=term).values_list("id", flat=True)
        | Message.objects.filter(deputy__name__icontains=term).values_list("id", flat=True)
    )
    found = set(Message.objects.filter(selectors.search_q(term)).values_list("id", flat=True))
    assert found == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only")
def test_chinese_body_search_uses_the_trigram_index(deps):
    for body in BODIES:
        make_message(deps[0], body=body)
    with connection.cursor() as c:
        c.execute("SELECT show_trgm('路灯不亮')")
        assert c.fetchone()[0], "LC_CTYPE must be UTF-8-aware for CJK trigrams"
        # A GIN index is read by a bitmap scan: with plain scans off, the planner cannot pick the
        # created_at index for the model's ordering on a table this small, whatever its statistics.
        c.execute("SET LOCAL enable_seqscan = off")
        c.execute("SET LOCAL enable_indexscan = off")
        query = Message.objects.filter(body__contains="路灯不亮").order_by().values("id").query
        sql, params = query.sql_with_params()
        c.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in c.fetchall())
    assert "message_body_trgm" in plan, plan


def test_qr_list_takes_townships_from_the_region_table(client, county_staff, deps):
    client.force_login(county_staff)
    r, sqls = _run(client, reverse("citizen_messages:tokens"))
    assert not [s for s in sqls if "DISTINCT" in s.upper()]
    html = r.content.decode()
    township = deps[0].region
    assert f'<option value="{township.code}">{township.name}</option>' in html


def test_workbench_review_panel_counts_only_waiting_messages(client, county_staff, deps):
    client.force_login(county_staff)
    make_message(deps[0], status=Status.HELD)
    make_message(deps[1], status=Status.REOPENED)
    _seed(10, deps)
    r, sqls = _run(client, reverse("workbench"))
    panel = [s for s in _on_messages(sqls) if "'held'" in s or "'reopened'" in s]
    assert len(panel) == 2, panel  # one capped count per status
    assert all("LIMIT 1000" in s.upper() for s in panel), panel
    assert all("FILTER" not in s.upper() and "CASE WHEN" not in s.upper() for s in panel), panel
    assert "待审核 1 条" in r.content.decode()


def test_public_page_reads_only_the_columns_it_needs(client, deps):
    token = token_of(deps[0]).token
    client.get(f"/d/{token}/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/d/{token}/").status_code == 200
    assert len(ctx.captured_queries) <= 1
    sql = ctx.captured_queries[0]["sql"]
    assert "mobile" not in sql and "work_unit" not in sql and "revoked_at" not in sql, sql


def test_redis_cache_client_is_built_once():
    from core.cache import RedisCache

    backend = RedisCache("redis://127.0.0.1:6379/11", {})
    assert backend._cache.get_client() is backend._cache.get_client()
    assert backend._cache.get_client(write=True) is backend._cache.get_client()


def test_staff_export_is_capped_to_the_newest_messages(client, county_staff, deps, monkeypatch):
    from io import BytesIO

    from openpyxl import load_workbook

    from citizen_messages import views

    monkeypatch.setattr(views, "EXPORT_CAP", 2)
    for body in ("第一条留言", "第二条留言", "第三条留言"):
        make_message(deps[0], body=body)
    client.force_login(county_staff)
    r = client.get(reverse("citizen_messages:staff_list"), {"format": "xlsx"})
    rows = list(load_workbook(BytesIO(r.content)).active.values)[1:]
    assert sorted(row[3] for row in rows) == ["第三条留言", "第二条留言"]


def test_public_page_is_the_full_render_for_every_deputy_from_one_shell_per_kind(client, deps):
    """The GET page joins a shell rendered once per (language, photo, facts present) with each deputy's
    escaped values: byte for byte what rendering the template for that deputy gives (CSRF token and form
    stamp aside), and no new rendering for the next deputy of the same kind."""
    from django.template.loader import render_to_string

    from citizen_messages import public_views, services
    from citizen_messages.forms import MessageForm
    from deputies.models import Deputy

    odd = make_deputy(name="<b>\"欧'阳&</b>")
    photo = make_deputy(name="李&照")
    Deputy.objects.filter(pk=photo.pk).update(photo="deputies/photos/a&b.jpg")
    public_views._shells.clear()

    def normalised(html):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken" value="C"', html)
        return re.sub(r'name="stamp" value="[^"]*"', 'name="stamp" value="S"', html)

    for deputy in (deps[0], deps[1], odd, photo):
        row = services.active_token(token_of(deputy).token)
        html = client.get(f"/d/{row.token}/").content.decode()
        ctx = public_views._page_context(row, MessageForm(), public_views._deputy_facts(row.deputy, {}))
        ctx.update(csrf_token="C", stamp="S")
        assert normalised(html) == render_to_string("citizen_messages/public/message.html", ctx)
        assert "__CM_SLOT" not in html
        if deputy is odd:
            assert "&lt;b&gt;&quot;欧&#x27;阳&amp;&lt;/b&gt;" in html and "<b>" not in html
    assert len(public_views._shells) == 2  # no photo / photo; the other facts are alike here


@pytest.mark.parametrize(
    "url",
    [
        "citizen_messages:staff_list",
        "citizen_messages:stats",
        "citizen_messages:tokens",
        "workbench",
        "reports:dashboard",
        "detail",
    ],
)
def test_staff_pages_run_the_same_queries_for_few_and_many_messages(client, county_staff, deps, url):
    """Every staff page of the messages side (and the workbench and the dashboard, which count them)
    runs as many queries with 4 messages as with 44: nothing is fetched per message or per deputy."""
    from django.core.cache import cache

    client.force_login(county_staff)
    # Unlike every other message: the detail page's panel of similar items (another app, at most one
    # query per kind found) stays empty in both runs.
    first = make_message(deps[0], body="小区水管爆裂，请尽快维修")
    path = reverse("citizen_messages:staff_detail", args=[first.pk]) if url == "detail" else reverse(url)
    if url == "reports:dashboard":
        path += "?refresh=1"
    _seed(3, deps)
    _run(client, path)  # once for what a first request does (the session, the similar index's size)
    cache.clear()
    _, few = _run(client, path)
    _seed(40, deps + [make_deputy(name=f"代表{i}") for i in range(5)])
    cache.clear()
    _, many = _run(client, path)
    assert len(many) == len(few), "\n".join(q[:150] for q in sorted(set(few) ^ set(many)))


def test_region_staff_queries_do_not_join_the_deputies_for_records_they_do_not_own(county_staff, deps):
    """A committee staff account that is no deputy and no unit owns no message: its visibility is the
    branch alone, with no OR across a join to the deputies (which no index serves). A deputy still sees
    their own messages beyond any branch rule."""
    from accounts.roles import Role, group_for
    from deputies.models import Activity, Deputy
    from suggestions.models import Suggestion

    for model in (Message, Deputy, Activity, Suggestion):
        where = str(model.objects.visible_to(county_staff).query).split(" WHERE ", 1)[1]
        assert "deputies_deputy" not in where or model is Deputy, where
        assert "user_id" not in where, where
    deputy = deps[0]
    assert deputy.user.groups.filter(pk=group_for(Role.DEPUTY).pk).exists()
    mine = make_message(deputy)
    Message.objects.filter(pk=mine.pk).update(region_id="410526")  # outside any branch of the deputy
    assert list(Message.objects.visible_to(deputy.user)) == [mine]


def test_reassign_by_name_offers_the_deputies_of_that_name(client, county_staff, deps):
    from citizen_messages.models import EventKind, MessageEvent

    twin = make_deputy(name="王建国")  # the same name as deps[0]
    other = deps[1]
    m = make_message(deps[2])
    client.force_login(county_staff)
    url = reverse("citizen_messages:staff_detail", args=[m.pk])
    page = client.get(url).content.decode()
    assert 'name="name"' in page and "<option" not in page.split('value="reassign"')[1].split("</form>")[0]
    r = client.post(url, {"action": "reassign", "name": "王建国"})
    html = r.content.decode()
    assert "有多位同名代表，请选择其中一位" in html
    assert f'value="{deps[0].pk}"' in html and f'value="{twin.pk}"' in html
    client.post(url, {"action": "reassign", "name": "王建国", "deputy": twin.pk})
    m.refresh_from_db()
    assert m.deputy == twin
    r = client.post(url, {"action": "reassign", "name": "查无此人"})
    assert "没有找到这位现任代表，请核对姓名" in r.content.decode()
    client.post(url, {"action": "reassign", "name": other.name})
    m.refresh_from_db()
    assert m.deputy == other
    assert MessageEvent.objects.filter(message=m, kind=EventKind.REASSIGNED).count() == 2


def test_capped_count_stops_at_the_cap(deps):
    from deputies.paging import capped_count

    _seed(4, deps)
    assert capped_count(Message.objects.all(), cap=10) == 4
    assert capped_count(Message.objects.all(), cap=3) == "3+"
    with CaptureQueriesContext(connection) as ctx:
        capped_count(Message.objects.all(), cap=3)
    assert "LIMIT 4" in ctx.captured_queries[0]["sql"].upper()


def test_warm_stats_keeps_the_first_page_of_each_branch(client, county_staff, deps):
    from django.core.cache import cache

    from citizen_messages.tasks import warm_stats

    _seed(6, deps)
    cache.clear()
    assert warm_stats() == 1  # one branch with staff: 410522
    client.force_login(county_staff)
    r, sqls = _run(client, reverse("citizen_messages:stats"))
    assert not _on_messages(sqls)  # served from what the task computed
    assert "统计截至" in r.content.decode()


def test_public_page_facts_come_with_the_token_in_one_query(client, deps):
    """The GET reads the deputy's congress and station within the token's query, the same facts the
    cached path gives (a station; then a second mandate: the joined names, one more query)."""
    from citizen_messages import public_views
    from deputies.models import Congress, Level, Mandate, Term
    from liaison_stations.models import Place, Stationing

    dep = deps[0]
    place = Place.objects.create(name="城关镇代表联络站", region=dep.region)
    Stationing.objects.create(place=place, deputy=dep, start_date=datetime.date(2022, 1, 1), is_head=True)
    token = token_of(dep).token
    with CaptureQueriesContext(connection) as ctx:
        row = selectors.public_token(token)
    assert len(ctx.captured_queries) == 1
    assert row.facts == public_views._deputy_facts(dep, {})
    assert row.facts["station"] == "城关镇代表联络站" and row.facts["terms"] == (("安阳县", 16),)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(f"/d/{token}/").content.decode()
    assert len(ctx.captured_queries) == 1 and "城关镇代表联络站" in html
    city = Congress.objects.create(region_id="4105", level=Level.MUNICIPAL, name="安阳市人民代表大会")
    term = Term.objects.create(congress=city, number=10, start_date=datetime.date(2021, 10, 1))
    Mandate.objects.create(deputy=dep, term=term, start_date=datetime.date(2021, 10, 1))
    row = selectors.public_token(token)
    assert row.facts == public_views._deputy_facts(dep, {}) and len(row.facts["terms"]) == 2
