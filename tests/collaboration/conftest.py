import pytest
from django.test import Client

from accounts.models import User


@pytest.fixture
def demo(db):
    """The accounts' demo logins and the collaboration demo (no deputies: seeded without them)."""
    from accounts import demo as accounts_demo
    from collaboration import demo

    accounts_demo.seed()
    demo.seed()
    from collaboration.models import Collaboration

    return Collaboration.objects.get(name=demo.FIVE)


@pytest.fixture
def three(demo):
    from collaboration import demo as collab_demo
    from collaboration.models import Collaboration

    return Collaboration.objects.get(name=collab_demo.THREE)


def login(username) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


@pytest.fixture
def taiqian(demo):
    return login("taiqian_staff")


@pytest.fixture
def liaison(demo):
    return login("yanggu_liaison")


@pytest.fixture
def anyang(demo):
    return login("anyang_staff")
