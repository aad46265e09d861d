import contextlib
import os

import pytest

# Browser tests drive the live server from the same process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Run tasks inline in tests; the Redis-backed path has its own marked tests."""
    from renda_portal.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    try:
        cache.clear()
    except Exception:  # a test that stops Redis must not break the next one
        pass
    yield


@pytest.fixture(autouse=True)
def _test_client_logins_are_complete(monkeypatch):
    """The test client's force_login() and login() stand for a complete login, second factor
    included: tests that are not about logging in need not type a code. The login itself (password,
    then code) is exercised through the login pages in tests/security/test_second_factor.py and the
    browser journeys (tests/e2e/conftest.py `login`)."""
    from django.test import Client

    from tests.factories import pass_second_factor

    original = Client._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        pass_second_factor(self)

    monkeypatch.setattr(Client, "_login", _login)


@pytest.fixture(scope="module")
def demo_clock():
    """The clock the demo is seeded under: the real one. A module whose tests unfold a frozen year
    overrides it (e.g. `time_machine.travel(...)`), so the demo's dates start where its clock does."""
    return contextlib.nullcontext()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_clock):
    """The demo data (a varied fixture: several counties, every kind of record), seeded once for
    the test module that asks for it and rolled back after it."""
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        with transaction.atomic():
            with demo_clock:
                call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))
            yield
            transaction.set_rollback(True)


@pytest.fixture
def county_staff(db):
    from tests.factories import staff

    return staff("410522", username="ay_staff")


@pytest.fixture
def other_county_staff(db):
    from tests.factories import staff

    return staff("410927", username="tq_staff")


@pytest.fixture
def province_staff(db):
    from tests.factories import staff

    return staff("41", username="henan_staff_t")


@pytest.fixture
def deputy(db):
    from tests.factories import deputy_user

    return deputy_user("410522", username="dep_user")


@pytest.fixture(autouse=True)
def _restore_migrated_data(request):
    """Transactional tests (live_server, transaction=True) flush the database after each test.
    The post_migrate signal that follows recreates content types, permissions and the role
    groups; the regions, loaded by a data migration, are put back here, and again after the
    flush (pytest_runtest_teardown below): under pytest-xdist a worker runs whole files in turn, so
    a file of ordinary tests may follow a transactional one on the same database."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or "transactional_db" in request.fixturenames
    if marker and marker.kwargs.get("transaction"):
        transactional = True
    if transactional:
        request.getfixturevalue("transactional_db")
        request.node.flushes_database = True
        restore_regions()


def restore_regions():
    """Put back the regions (loaded by a data migration) after a flush."""
    from accounts.models import Region
    from accounts.regions_loader import load, read_rows

    if not Region.objects.filter(code="410522").exists():
        load(Region, read_rows())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # the fixtures' teardown: a transactional test's database is flushed here
    # After the last test the session's teardown has destroyed the test database: nothing to restore.
    if nextitem is not None and getattr(item, "flushes_database", False):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_regions()
