"""The deputy works offline on a phone (docs/offline.md): activities logged without a signal wait in
the phone's IndexedDB, survive a reload, are sent once when the signal returns; a refused record
comes back with its reason and the text kept; logging out leaves nothing behind."""

import re
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from deputies.models import Activity
from renda_portal.offline import offline_pages
from tests.deputies.factories import DeputyFactory, seated
from tests.e2e.conftest import PHONE, login
from tests.factories import PASSWORD, deputy_user

NEW = "/deputies/me/activities/new/"


@pytest.fixture(autouse=True)
def _patient_expect():
    """Every step here waits on the live server (a POST, its redirect, a service worker's requests);
    on the shared 2-core machine under load one took longer than expect()'s 5 s (the flake under
    `-n 2`). Auto-waiting with the same 15 s the actions get, then back to the default."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=None)


@pytest.fixture
def phone(browser):
    """A phone without the shared request guard: Playwright bypasses service workers while it routes
    requests, so requests to other hosts are only watched here, not blocked."""
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai", is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15000)
    foreign = []
    context.on(
        "request",
        lambda r: r.url.startswith(("http://localhost", "http://127.0.0.1", "data:", "blob:")) or foreign.append(r.url),
    )
    yield context.new_page()
    assert not foreign, f"requests to other hosts: {foreign}"
    context.close()


@pytest.fixture
def big_photo(tmp_path):
    """A 3000×2250 photo of noise: far above the configured maximum, so the stored size shows the
    phone shrank it."""
    path = tmp_path / "village.jpg"
    Image.effect_noise((3000, 2250), 60).convert("RGB").save(path, quality=92)
    return path


def _logged_in_deputy(page, base, username, name):
    """A seated deputy logged in on the phone, once the service worker controls the page and holds
    the deputy's pages."""
    user = deputy_user("410522", username=username, full_name=name)
    seated(DeputyFactory(name=name, user=user, region_id="410522101"))
    login(page, base, username, PASSWORD)
    page.wait_for_url(f"{base}/me/")
    # Polled: each round starts a cache lookup and reads the previous round's answer.
    page.wait_for_function(
        f"() => {{ caches.match(location.origin + '{NEW}').then(r => {{ window.cached = !!r; }});"
        " return window.cached && !!navigator.serviceWorker.controller; }"
    )
    page.goto(base + NEW)
    page.wait_for_function("() => !!navigator.serviceWorker.controller")


def _log(page, title, place, photo=None):
    page.select_option("select[name=kind]", "reception")
    page.fill("input[name=title]", title)
    page.fill("input[name=place]", place)
    if photo:
        page.set_input_files("input[name=photos]", str(photo))
    page.get_by_role("button", name="提交").click()


def test_two_activities_logged_offline_are_sent_once_each(live_server, phone, shot, big_photo, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.OFFLINE_PHOTO_MAX_PX = 1000
    base = live_server.url
    _logged_in_deputy(phone, base, "dep_village", "张晓梅")

    phone.context.set_offline(True)
    queue = phone.get_by_test_id("offline-item")
    _log(phone, "走访白璧镇东街村", "东街村委会", big_photo)
    expect(queue).to_have_count(1)
    _log(phone, "联络站接待选民", "白璧镇代表联络站", big_photo)
    expect(queue).to_have_count(2)
    expect(queue.first).to_contain_text("等待发送")
    expect(phone.locator("input[name=title]")).to_have_value("")  # the form is ready for the next record

    phone.reload()  # still offline: the page comes from the phone, the queue from IndexedDB
    expect(phone.get_by_test_id("offline-queue")).to_contain_text("当前离线，页面内容截至")
    expect(queue).to_have_count(2)
    expect(phone.get_by_test_id("offline-queue")).to_contain_text("2 条记录等待发送")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "offline-queued-phone")
    assert not Activity.objects.exists()

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")  # also what a tap on "send now" does
    expect(queue.filter(has_text="已发送")).to_have_count(2)
    shot(phone, "offline-sent-phone")
    assert sorted(Activity.objects.values_list("title", flat=True)) == ["联络站接待选民", "走访白璧镇东街村"]
    for a in Activity.objects.all():
        (photo,) = a.photos.all()
        with Image.open(photo.image.path) as img:
            assert max(img.size) <= 1000  # shrunk on the phone, below the server's own 1600

    phone.goto(f"{base}/deputies/me/activities/")
    expect(phone.get_by_test_id("my-activity")).to_have_count(2)


def test_a_refused_record_keeps_its_text_and_logout_clears_the_phone(live_server, phone):
    base = live_server.url
    _logged_in_deputy(phone, base, "dep_refused", "李建国")

    phone.context.set_offline(True)
    _log(phone, "", "东街村委会")  # no title: the server will refuse it
    item = phone.get_by_test_id("offline-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("等待发送")
    # Back online: the browser's own "online" event, this one, and Background Sync all send — once.
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("未被接受：活动名称：")
    item.get_by_role("button", name="修改后重发").click()
    expect(phone.locator("input[name=place]")).to_have_value("东街村委会")
    expect(phone.get_by_test_id("offline-refused")).to_contain_text("活动名称")
    expect(item).to_have_count(0)  # taken out of the queue, back into the form
    phone.fill("input[name=title]", "走访东街村")
    phone.get_by_role("button", name="提交").click()
    expect(phone).to_have_url(re.compile(r"/deputies/me/activities/$"))
    expect(phone.get_by_test_id("my-activity")).to_have_count(1)
    assert Activity.objects.get().place == "东街村委会"

    phone.context.set_offline(True)
    phone.goto(f"{base}{NEW}")
    _log(phone, "", "某村")  # refused again and left in the queue: logging out must not leave it behind
    expect(item).to_have_count(1)
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(item).to_contain_text("未被接受")
    expect(item).to_have_count(1)

    requests = []
    phone.context.on("request", lambda r: requests.append((r.method, urlsplit(r.url).path)))
    warned = []
    phone.once("dialog", lambda d: (warned.append(d.message), d.accept()))
    phone.get_by_role("button", name="展开菜单").click()
    phone.get_by_test_id("user-menu").click()
    phone.get_by_role("button", name="退出登录").click()
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
    expect(phone.locator("input[name=username]")).to_be_visible()
    # The logout waited for the service worker: everything is gone already, and stays gone.
    assert phone.evaluate("async () => (await indexedDB.databases()).map(d => d.name)") == []
    assert phone.evaluate("async () => (await caches.keys()).length") == 0
    assert Activity.objects.count() == 1
    assert "还有 1 条记录没有发送" in warned[0]

    # At once (no waiting for the network to go quiet) the next person logs in: no background request
    # of the old session may land meanwhile and set another CSRF cookie (403 on this login).
    phone.fill("input[name=username]", "dep_refused")
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"/me/$"))
    logout_at = requests.index(("POST", "/accounts/logout/"))
    login_at = requests.index(("POST", "/accounts/login/"))
    background = [r for r in requests[logout_at + 1 : login_at] if r[1] in offline_pages()]
    assert not background, background
    assert phone.evaluate("async () => (await indexedDB.databases()).map(d => d.name)") == []
