"""The public pages: tokens, the form's bad inputs, idempotency, tracking and rating."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from citizen_messages import services
from citizen_messages.models import Message, Status
from notifications.models import Notification
from tests.citizen_messages.conftest import form_fields, submit
from tests.citizen_messages.factories import make_deputy, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dep(db):
    return make_deputy(name="王建国")


def code_in(response) -> str:
    m = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', response.content.decode())
    return m.group(1) if m else ""


def test_token_is_long_random_and_public_url_has_no_id(dep):
    token = token_of(dep).token
    assert len(token) >= 22  # 18 random bytes = 144 bits
    r = Client().get(f"/d/{token}/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "王建国" in html and "个人信息处理说明" in html
    assert f"/{dep.pk}/" not in html


def test_forged_rotated_and_disabled_tokens_get_the_same_404(client, dep):
    old = token_of(dep).token
    forged = client.get("/d/AAAAAAAAAAAAAAAAAAAAAAAA/")
    services.rotate_token(dep)
    rotated = client.get(f"/d/{old}/")
    new = token_of(dep).token
    assert client.get(f"/d/{new}/").status_code == 200
    services.disable_token(dep)
    disabled = client.get(f"/d/{new}/")
    assert forged.status_code == rotated.status_code == disabled.status_code == 404
    assert forged.content == rotated.content == disabled.content


def test_the_deputys_title_is_whole_in_each_language(dep):
    """English showed "安阳县第十六届人民代表大会Deputy": the Chinese name with an English word glued on;
    then "…of 安阳县": the place is now written as English writes Chinese places (Anyang County)."""
    from accounts.models import Region
    from deputies.models import Congress, Level, Mandate, Term

    city_region = Region.objects.get(code="4105")
    congress = Congress.objects.create(region=city_region, level=Level.MUNICIPAL, name="安阳市人民代表大会")
    city = Term.objects.create(congress=congress, number=14, start_date="2021-10-01")
    token = token_of(dep).token
    html = Client().get(f"/d/{token}/").content.decode()
    assert "安阳县第十六届人民代表大会代表" in html
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.cookies["django_language"] = "en"
    html = english.get(f"/d/{token}/").content.decode()
    assert "Deputy to the 16th People&#x27;s Congress of Anyang County" in html
    assert "人民代表大会" not in html and "大会Deputy" not in html and "安阳县" not in html
    # Two seats (the county and the city congress): each named, in English, highest level first.
    Mandate.objects.create(deputy=dep, term=city, start_date="2021-10-01")
    cache.clear()  # the deputy's public facts are cached for 5 minutes
    html = english.get(f"/d/{token}/").content.decode()
    both = "Deputy to the 14th People&#x27;s Congress of Anyang City; the 16th People&#x27;s Congress of Anyang County"
    assert both in html

    # The way in (民意直通车) names the places the same way; the deputy's own name stays as written.
    entry = english.get("/messages/", {"region": "410522"}).content.decode()
    assert "Anyang County" in entry and "Baibi Town" in entry and "白璧镇" not in entry


def test_page_uses_at_most_3_queries(client, dep, django_assert_max_num_queries):
    token = token_of(dep).token
    with django_assert_max_num_queries(3):
        r = client.get(f"/d/{token}/")
    assert r.status_code == 200
    # The deputy's public facts are cached with the limits: the next GET is one query.
    with django_assert_max_num_queries(1):
        assert client.get(f"/d/{token}/").status_code == 200


def test_page_is_light_and_local(client, dep):
    """HTML + every stylesheet it loads < 100 KB; no script, nothing from another host."""
    from django.contrib.staticfiles import finders

    html = client.get(f"/d/{token_of(dep).token}/").content.decode()
    total = len(html.encode())
    for href in re.findall(r'<link[^>]+href="([^"]+)"', html):
        assert href.startswith("/static/"), href
        total += len(open(finders.find(href.removeprefix("/static/")), "rb").read())
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert total < 100 * 1024, total


def test_valid_message_is_stored_once_with_a_tracking_code(client, dep):
    r = submit(client, token_of(dep).token, body="村口路灯坏了一个月", name="李四", mobile="13912345678")
    assert r.status_code == 200
    code = code_in(r)
    assert len(code) == 23
    m = Message.objects.get()
    assert m.body == "村口路灯坏了一个月" and m.citizen_phone == "13912345678" and m.status == Status.NEW
    assert code not in m.tracking_digest and services.find_by_code(code) == m
    assert Notification.objects.filter(recipient=dep.user, kind="citizen_messages.new").count() == 1


def test_double_submit_and_replay_store_one_message(client, dep):
    token = token_of(dep).token
    page = client.get(f"/d/{token}/")
    data = {"category": "problem", "consent": "on", "body": "同一条留言", **form_fields(page.content.decode())}
    first = client.post(f"/d/{token}/", data)
    second = client.post(f"/d/{token}/", data)
    assert first.status_code == second.status_code == 200
    assert Message.objects.count() == 1
    assert code_in(first) == code_in(second)
    assert "不会重复提交" in second.content.decode()


@pytest.mark.parametrize(
    "data,error",
    [
        ({"body": ""}, "请填写留言内容"),
        ({"body": "   "}, "请填写留言内容"),
        ({"body": "长" * 1001}, "不能超过1000个字"),
        ({"body": "好", "mobile": "1234"}, "请输入正确的11位手机号码"),
        ({"body": "好", "mobile": "23912345678"}, "请输入正确的11位手机号码"),
        ({"body": "好", "consent": ""}, "请阅读个人信息处理说明并勾选同意"),
    ],
)
def test_bad_input_shows_chinese_error_and_keeps_text(client, dep, data, error):
    r = submit(client, token_of(dep).token, **data)
    assert r.status_code == 400
    html = r.content.decode()
    assert error in html
    assert Message.objects.count() == 0
    if data.get("mobile"):
        assert f'value="{data["mobile"]}"' in html


def test_html_script_emoji_and_rare_characters_are_kept_as_text(client, dep):
    body = "<script>alert(1)</script><b>粗</b> 😀👍 𠮷𪚥 龘"
    r = submit(client, token_of(dep).token, body=body)
    assert r.status_code == 200
    m = Message.objects.get()
    assert m.body == body
    staff_page = Client()
    from tests.factories import staff

    staff_page.force_login(staff("410522", username="cm_st"))
    html = staff_page.get(f"/messages/staff/{m.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "😀👍 𠮷𪚥 龘" in html


def test_missing_csrf_is_refused(dep):
    c = Client(enforce_csrf_checks=True)
    token = token_of(dep).token
    fields = form_fields(c.get(f"/d/{token}/").content.decode())
    fields.pop("csrfmiddlewaretoken")
    r = c.post(f"/d/{token}/", {"body": "无CSRF", "consent": "on", "category": "problem", **fields})
    assert r.status_code == 403
    assert Message.objects.count() == 0


def test_forged_or_foreign_stamp_is_refused(client, dep):
    other = make_deputy(name="赵六")
    stamp_other = form_fields(client.get(f"/d/{token_of(other).token}/").content.decode())["stamp"]
    r = submit(client, token_of(dep).token, body="好", stamp=stamp_other)
    assert r.status_code == 400 and "页面已过期" in r.content.decode()
    r = submit(client, token_of(dep).token, body="好", stamp="garbage")
    assert r.status_code == 400
    assert Message.objects.count() == 0


def test_honeypot_and_minimum_fill_time(client, dep, settings):
    r = submit(client, token_of(dep).token, body="机器人", website="http://spam")
    assert r.status_code == 400 and Message.objects.count() == 0
    settings.CITIZEN_MESSAGES_MIN_FILL_SECONDS = 60
    r = submit(client, token_of(dep).token, body="太快了")
    assert r.status_code == 400 and "提交太快了" in r.content.decode()
    assert Message.objects.count() == 0


def test_tracking_page_shows_status_answer_and_rating_reopens(client, dep, county_staff):
    r = submit(client, token_of(dep).token, body="路灯坏了")
    code = code_in(r)
    page = client.post("/messages/track/", {"code": code.lower().replace("-", " ")})
    assert page.status_code == 200 and "等待代表回复" in page.content.decode()
    m = Message.objects.get()
    services.answer(m, dep.user, "已联系供电所维修")
    page = client.post("/messages/track/", {"code": code})
    html = page.content.decode()
    assert "已联系供电所维修" in html and "您对回复是否满意" in html
    rated = client.post("/messages/track/rate/", {"code": code, "rating": "unsatisfied"})
    assert rated.status_code == 200 and "感谢您的评价" in rated.content.decode()
    m.refresh_from_db()
    assert m.status == Status.REOPENED and m.rating == "unsatisfied"
    assert Notification.objects.filter(recipient=county_staff, kind="citizen_messages.reopened").exists()
    again = client.post("/messages/track/rate/", {"code": code, "rating": "satisfied"})
    assert again.status_code == 400


def test_unknown_tracking_code(client):
    r = client.post("/messages/track/", {"code": "AAAAA-BBBBB-CCCCC-DDDDD"})
    assert r.status_code == 404 and "没有找到" in r.content.decode()
    assert client.get("/messages/track/").status_code == 200


def test_entry_lists_townships_then_deputies(client, dep):
    county = client.get("/messages/?region=410522")
    assert dep.region.name in county.content.decode()
    township = client.get(f"/messages/?region={dep.region_id}")
    html = township.content.decode()
    assert "王建国" in html and f"/d/{token_of(dep).token}/" in html
    assert "安阳县" in client.get("/messages/").content.decode()
