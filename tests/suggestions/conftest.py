import datetime

import pytest

from accounts.models import User

from . import factories as f


@pytest.fixture
def world(db, county_staff):
    """A county with a session, an author and a colleague, two units with a login each."""
    ns = type("World", (), {})()
    ns.staff = county_staff
    ns.session = f.session()
    ns.author = f.deputy("王建军", username="author")
    ns.colleague = f.deputy("李秀英", username="colleague")
    ns.leader = f.deputy("赵县长", username="leader", leader=True)
    ns.unit = f.unit("安阳县农业农村局", staff_username="unit_ag")
    ns.other_unit = f.unit("安阳县交通运输局", staff_username="unit_tr")
    ns.unit_user = User.objects.get(username="unit_ag")
    ns.other_unit_user = User.objects.get(username="unit_tr")
    return ns


MONDAY = datetime.date(2026, 3, 2)
