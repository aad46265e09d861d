from html.parser import HTMLParser

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.roles import WORKBENCH_ROLES, Role
from tests.factories import deputy_user, staff

pytestmark = pytest.mark.django_db


def test_staff_home_is_the_workbench_with_region_and_role(client):
    client.force_login(staff("410522", username="ay"))
    r = client.get(reverse("home"), follow=True)
    html = r.content.decode()
    assert r.resolver_match.url_name == "workbench"
    assert "河南省安阳市安阳县" in html
    assert "人大常委会工作人员" in html
    assert reverse("admin:index") in html


def test_deputy_home(client):
    client.force_login(deputy_user(username="dep"))
    r = client.get(reverse("home"), follow=True)
    assert r.resolver_match.url_name == "deputy_home"
    assert "人大代表" in r.content.decode()
    # A deputy has no workbench and no admin.
    assert client.get(reverse("workbench")).status_code == 403
    assert reverse("admin:index") not in r.content.decode()


def test_403_page_is_chinese(client):
    client.force_login(deputy_user(username="dep"))
    r = client.get(reverse("workbench"))
    assert r.status_code == 403 and "无权访问" in r.content.decode()


def test_404_page_is_chinese(client):
    r = client.get("/no-such-page/")
    assert r.status_code == 404
    html = r.content.decode()
    assert "页面不存在" in html and "Traceback" not in html


@override_settings(DEBUG=False)
def test_500_page_shows_no_traceback(client):
    from renda_portal import views

    response = views.error_500(None)
    html = response.content.decode()
    assert response.status_code == 500 and "系统繁忙" in html and "Traceback" not in html


def test_language_switch_shows_english(client):
    client.force_login(staff("410522", username="ay"))
    r = client.post(reverse("set_language"), {"language": "en", "next": reverse("workbench")}, follow=True)
    html = r.content.decode()
    assert "Workbench" in html
    assert "工作台" not in html
    r = client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("workbench")}, follow=True)
    assert "工作台" in r.content.decode()


def test_header_shows_name_role_region_and_unread_count(client):
    from notifications.services import notify

    user = staff("410927", username="tq", full_name="刘丽")
    notify(user, kind="test", subject="请审核", dedup_key="t1")
    client.force_login(user)
    html = client.get(reverse("workbench")).content.decode()
    assert "刘丽" in html and "台前县" in html and "人大常委会工作人员" in html
    assert 'data-testid="unread-count">1<' in html


def test_admin_is_themed_in_chinese(client):
    client.force_login(staff("410522", username="ay", role=Role.SYSTEM_ADMIN))
    html = client.get(reverse("admin:index")).content.decode()
    assert "人大代表履职管理平台" in html and "返回门户" in html


def test_pages_load_nothing_from_other_hosts(client):
    client.force_login(staff("410522", username="ay"))
    for url in (reverse("accounts:login"), reverse("workbench"), reverse("notifications:list")):
        html = client.get(url).content.decode()
        assert "http://" not in html.replace("http://testserver", "") and "https://" not in html, url


def test_unit_staff_land_on_a_workbench_with_their_own_tiles(client):
    from accounts.models import Unit

    unit = Unit.objects.create(name="安阳县交通运输局", region_id="410522")
    user = staff("410522", username="unit1", role=Role.UNIT_STAFF, unit=unit)
    client.force_login(user)
    r = client.get(reverse("home"), follow=True)
    assert r.resolver_match.url_name == "workbench"
    html = r.content.decode()
    assert reverse("suggestions:unit") in html
    # Nothing of the committee's own work.
    assert reverse("suggestions:board") not in html and reverse("admin:index") not in html


class _Header(HTMLParser):
    """The links of the header (<header> … </header>) and the items of its "功能" menu."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links: list[str] = []
        self.in_menu = 0
        self.menu_items = None  # None: no "功能" menu in the header

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "header":
            self.depth += 1
        if not self.depth:
            return
        if tag == "a" and attrs.get("href", "#").startswith("/"):
            self.links.append(attrs["href"])
            if self.in_menu:
                self.menu_items += 1
        if attrs.get("data-testid") == "main-menu":
            self.menu_items = 0
        if tag == "ul" and "portal-menu" in (attrs.get("class") or ""):
            self.in_menu = 1

    def handle_endtag(self, tag):
        if tag == "header":
            self.depth -= 1
        if tag == "ul":
            self.in_menu = 0


def _seated_deputy():
    from tests.deputies.factories import DeputyFactory, seated

    user = deputy_user(username="dep")
    seated(DeputyFactory(user=user))
    return user


def _unit_staff():
    from accounts.models import Unit

    unit = Unit.objects.create(name="安阳县农业农村局", region_id="410522")
    return staff("410522", role=Role.UNIT_STAFF, username="unit", unit=unit)


@pytest.mark.parametrize(
    "make_user",
    [
        _seated_deputy,
        lambda: staff("410522", username="ay"),
        lambda: staff("410522", role=Role.WORKING_COMMITTEE_STAFF, username="wc"),
        _unit_staff,
        lambda: staff("410522", role=Role.PARTNER_LIAISON, username="partner"),
    ],
    ids=["deputy", "county-staff", "working-committee-staff", "unit-staff", "partner-liaison"],
)
def test_header_offers_no_link_that_answers_403_and_no_empty_menu(client, make_user):
    """Every link in a user's header opens for that user, and a "功能" menu, when shown, has items.
    (A staff tile declared without a role used to give deputies a 工作台 link that answered 403.)"""
    user = make_user()
    client.force_login(user)
    home = client.get(reverse("home"), follow=True)
    assert home.status_code == 200
    header = _Header()
    header.feed(home.content.decode())
    assert header.links, "the header shows no links at all"
    assert header.menu_items is None or header.menu_items > 0
    for link in sorted(set(header.links)):
        assert client.get(link).status_code != 403, link
    if not user.has_role(*WORKBENCH_ROLES):
        assert reverse("workbench") not in header.links
