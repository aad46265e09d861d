"""With the liaison_stations selectors present (stubbed here: the app is merged separately), the
entry page offers stations, the page shows the deputy's station, and staff print a station's sheet."""

import types

import pytest

from citizen_messages import selectors
from tests.citizen_messages.factories import make_deputy, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def stations(monkeypatch):
    state = {}

    stub = types.SimpleNamespace(
        station_names_for=lambda ids, on=None: {i: "白璧镇代表联络站" for i in ids if i in state["ids"]},
        public_stations=lambda code: [{"key": "k-baibi", "name": "白璧镇代表联络站", "region_name": "白璧镇"}],
        deputy_ids_of_station=lambda key, on=None: state["ids"] if key == "k-baibi" else None,
    )
    monkeypatch.setattr(selectors, "station_selectors", stub)
    return state


def test_entry_page_and_message_page_use_stations(client, stations):
    dep = make_deputy(name="王建国")
    other = make_deputy(name="赵六")
    stations["ids"] = [dep.pk]
    county = client.get("/messages/?region=410522").content.decode()
    assert "白璧镇代表联络站" in county and "k-baibi" in county
    listing = client.get("/messages/?region=410522&station=k-baibi").content.decode()
    assert "王建国" in listing and "赵六" not in listing
    assert client.get("/messages/?region=410522&station=nope").status_code == 404
    page = client.get(f"/d/{token_of(dep).token}/").content.decode()
    assert "白璧镇代表联络站" in page
    assert "白璧镇代表联络站" not in client.get(f"/d/{token_of(other).token}/").content.decode()


def test_station_sheet_for_staff(client, county_staff, stations):
    dep = make_deputy(name="王建国")
    stations["ids"] = [dep.pk]
    client.force_login(county_staff)
    assert "k-baibi" in client.get("/messages/staff/qr/").content.decode()
    r = client.get("/messages/staff/qr/sheet.pdf", {"station": "k-baibi"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert client.get("/messages/staff/qr/sheet.pdf", {"station": "nope"}).status_code == 404


def test_a_broken_station_app_never_breaks_the_public_page(client, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("stations down")

    monkeypatch.setattr(
        selectors,
        "station_selectors",
        types.SimpleNamespace(station_names_for=boom, public_stations=boom, deputy_ids_of_station=boom),
    )
    dep = make_deputy(name="王建国")
    assert client.get(f"/d/{token_of(dep).token}/").status_code == 200
    assert client.get("/messages/?region=410522").status_code == 200
