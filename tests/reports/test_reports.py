"""The reports app on the demo data (a varied fixture: several counties of two cities, every kind
of record): figures against direct counts, scoping, exports, the bulletin's PDF and .docx."""

import datetime
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Region, User
from citizen_messages.models import Message
from citizen_messages.models import Status as MessageStatus
from core.dashboard import Scope
from deputies.models import Activity, ActivityStatus, Deputy
from liaison_stations.models import Duty, Opinion, Reception
from reports import dashboard, periods
from reports.models import Bulletin, BulletinStatus, DistributionList
from suggestions.models import State, Suggestion
from tests.factories import staff

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def figures(user, code, year=YEAR):
    scope = Scope(user, Region.objects.get(code=code), periods.parse({"period": "year", "year": year}))
    data = dashboard.compute(scope)
    return data, dashboard.figures_by_key(data)


def direct_counts(code, year=YEAR):
    """The same figures counted straight from the records, without the reports app."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    today = timezone.localdate()
    acts = Activity.objects.filter(region__code__startswith=code, date__range=(start, end)).exclude(
        status=ActivityStatus.RETURNED
    )
    msgs = Message.objects.filter(region__code__startswith=code, created_at__date__range=(start, end)).exclude(
        status=MessageStatus.HIDDEN
    )
    duties = Duty.objects.filter(
        place__region__code__startswith=code, date__range=(start, today - datetime.timedelta(1))
    )
    receptions = Reception.objects.filter(place__region__code__startswith=code, date__range=(start, end))
    return {
        "deputies": Deputy.objects.filter(region__code__startswith=code).current(min(end, today)).count(),
        "activities": acts.count(),
        "activities_verified": acts.filter(status=ActivityStatus.VERIFIED).count(),
        "messages": msgs.count(),
        "messages_answered": msgs.filter(answered_at__isnull=False).count(),
        "opinions": Opinion.objects.filter(
            place__region__code__startswith=code, created_at__date__range=(start, end)
        ).count(),
        "suggestions": Suggestion.objects.filter(region__code__startswith=code, submitted_at__date__range=(start, end))
        .exclude(state=State.DRAFT)
        .count(),
        "suggestions_overdue": Suggestion.objects.filter(region__code__startswith=code).overdue().count(),
        "duties": duties.count(),
        "duties_kept": duties.filter(attended=True).count(),
        "receptions": receptions.count(),
        "citizens_received": sum(receptions.values_list("citizens_count", flat=True)),
    }


def test_county_figures_equal_direct_counts(demo):
    user = User.objects.get(username="anyang_staff")
    data, got = figures(user, "410522")
    expected = direct_counts("410522")
    assert {k: got[k] for k in expected} == expected
    assert expected["activities"] > 0 and expected["messages"] > 0 and expected["suggestions"] > 0
    assert data["children"] == []  # a county compares nothing below itself


def test_province_sees_cities_and_a_city_its_counties_side_by_side(demo):
    henan = User.objects.get(username="henan_staff")
    data, got = figures(henan, "41")
    assert got == {k: v for k, v in got.items()}  # computed
    assert got["activities"] == direct_counts("41")["activities"]
    codes = [c["code"] for c in data["children"]]
    assert "4105" in codes and "4109" in codes and all(len(c) == 4 for c in codes)

    city = staff("4105", username="anyang_city_staff")
    data, _ = figures(city, "4105")
    children = [c["code"] for c in data["children"]]
    assert "410522" in children and "410927" not in children
    column = next(c for s in data["sections"] for c in s["compare"] if c["key"] == "activities")
    by_code = dict(zip(children, column["values"], strict=True))
    assert by_code["410522"] == direct_counts("410522")["activities"]
    # The counties are named in the page's language (the table, the chart and the Excel export).
    names = {c["code"]: c["name"] for c in data["children"]}
    assert names["410522"] == "安阳县"
    from django.utils import translation

    with translation.override("en"):
        data, _ = figures(city, "4105")
    assert {c["code"]: c["name"] for c in data["children"]}["410522"] == "Anyang County"


def test_dashboard_page_links_figures_and_refuses_other_branches(demo, django_assert_max_num_queries):
    anyang = client_for(User.objects.get(username="anyang_staff"))
    page = anyang.get("/reports/", {"period": "year", "year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="figure-activities"' in html
    assert f"/deputies/activities/?region=410522&amp;date_from={YEAR}-01-01" in html
    assert "数据截至" in html
    assert 'data-testid="comparison"' not in html
    assert anyang.get("/reports/", {"region": "410927"}).status_code == 404
    assert anyang.get("/reports/", {"region": "41"}).status_code == 404

    henan = client_for(User.objects.get(username="henan_staff"))
    # Aggregates only: the number of queries depends on the figures, not on the records or regions.
    with django_assert_max_num_queries(120):
        page = henan.get("/reports/", {"period": "year", "year": YEAR, "refresh": "1"})
    assert 'data-testid="comparison"' in page.content.decode()
    by_county = henan.get("/reports/", {"period": "year", "year": YEAR, "by": "county"}).content.decode()
    assert "安阳县" in by_county and "台前县" in by_county
    drill = henan.get("/reports/", {"period": "year", "year": YEAR, "region": "4105"})
    assert "安阳县" in drill.content.decode()

    deputy = client_for(User.objects.get(username="deputy_demo"))
    assert deputy.get("/reports/").status_code == 403


def test_excel_exports_of_the_dashboard_tables(demo):
    henan = client_for(User.objects.get(username="henan_staff"))
    params = {"period": "year", "year": YEAR, "region": "4105"}
    sheet = load_workbook(io.BytesIO(henan.get("/reports/export.xlsx", params | {"table": "compare"}).content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "地区" and "履职活动" in rows[0]
    anyang_row = next(r for r in rows if r[0] == "安阳县")
    assert anyang_row[rows[0].index("履职活动")] == direct_counts("410522")["activities"]

    sheet = load_workbook(io.BytesIO(henan.get("/reports/export.xlsx", params | {"table": "figures"}).content)).active
    assert ("民意直通车", "收到群众留言", direct_counts("4105")["messages"]) in list(sheet.values)

    kinds = load_workbook(
        io.BytesIO(henan.get("/reports/export.xlsx", params | {"table": "activities_by_kind"}).content)
    ).active
    assert sum(r[1] for r in list(kinds.values)[1:]) == direct_counts("4105")["activities"]
    assert henan.get("/reports/export.xlsx", params | {"table": "nonsense"}).status_code == 404


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def _keep_first_page(pdf: bytes) -> None:
    """The bulletin's first page as a PNG for a person to look at (needs poppler-utils)."""
    if not shutil.which("pdftoppm"):
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    source = SHOTS / "bulletin.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "70", "-f", "1", "-l", "1", "-png", "-singlefile", source, SHOTS / "bulletin-pdf"],
        check=True,
    )


def test_bulletin_draft_from_the_period_to_pdf_and_docx(demo):
    user = User.objects.get(username="anyang_staff")
    c = client_for(user)
    lst = DistributionList.objects.create(
        region_id="410522", name="常委会领导", send_to="县人大常委会主任、副主任", copy_to="各乡镇人大主席团"
    )
    response = c.post(
        "/reports/bulletins/draft/", {"period": "year", "year": YEAR, "distribution": lst.pk}, follow=True
    )
    bulletin = Bulletin.objects.get(region_id="410522", year=timezone.localdate().year, title__contains=str(YEAR))
    sections = list(bulletin.sections.all())
    acts = direct_counts("410522")["activities"]
    assert sections[0].title == "代表履职活动扎实开展"
    assert (f"{acts // 10 * 10}余次" if acts >= 20 and acts % 10 else f"{acts}次") in sections[0].text
    assert response.status_code == 200 and "代表履职活动扎实开展" in response.content.decode()
    assert bulletin.send_to == "县人大常委会主任、副主任"

    pdf = c.get(f"/reports/bulletins/{bulletin.pk}/bulletin.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content).replace(" ", "")
    for expected in (
        "工作简报",
        f"第{bulletin.number}期",
        "代表履职活动扎实开展",
        "安阳县人大常委会供稿",
        "送：县人大常委会主任",
        "发：各乡镇人大主席团",
    ):
        assert expected in text
    _keep_first_page(pdf.content)
    docx = _docx_text(c.get(f"/reports/bulletins/{bulletin.pk}/bulletin.docx").content)
    assert "民意直通车畅通高效" in docx and "送：县人大常委会主任、副主任" in docx

    c.post(f"/reports/bulletins/{bulletin.pk}/publish/")
    bulletin.refresh_from_db()
    assert bulletin.status == BulletinStatus.PUBLISHED
    found = c.get("/reports/bulletins/", {"q": "民意直通车"}).content.decode()
    assert bulletin.title in found
    assert bulletin.title not in c.get("/reports/bulletins/", {"q": "没有这段文字"}).content.decode()
    taiqian = client_for(User.objects.get(username="taiqian_staff"))
    assert bulletin.title not in taiqian.get("/reports/bulletins/").content.decode()
    assert taiqian.get(f"/reports/bulletins/{bulletin.pk}/bulletin.pdf").status_code == 404


def test_bulletin_form_refuses_a_taken_number_in_chinese_and_keeps_input(demo):
    c = client_for(User.objects.get(username="anyang_staff"))
    first = {
        "year": YEAR,
        "number": 7,
        "issue_date": f"{YEAR}-03-01",
        "title": "第一份",
        "issuing_body": "安阳县人大常委会代表工作委员会",
        "send_to": "主任",
        "copy_to": "",
        "sections-TOTAL_FORMS": 1,
        "sections-INITIAL_FORMS": 0,
        "sections-0-order": 1,
        "sections-0-title": "小标题",
        "sections-0-contributor": "安阳县人大常委会",
        "sections-0-text": "正文",
    }
    assert c.post("/reports/bulletins/new/", first).status_code == 302
    again = c.post("/reports/bulletins/new/", first | {"title": "第二份"})
    html = again.content.decode()
    assert again.status_code == 200 and "本年度已有这一期号的简报" in html and 'value="第二份"' in html


def test_yearly_deputy_reports_one_page_per_deputy(demo):
    from pypdf import PdfReader

    c = client_for(User.objects.get(username="anyang_staff"))
    response = c.get("/reports/deputies.pdf", {"year": YEAR})
    reader = PdfReader(io.BytesIO(response.content))
    current = Deputy.objects.filter(region__code__startswith="410522").current().count()
    assert len(reader.pages) == current
    first = reader.pages[0].extract_text().replace(" ", "")
    assert f"{YEAR}年度人大代表履职报告" in first and "参加履职活动" in first and "出席人代会" in first


def test_per_unit_suggestion_table_equals_direct_counts_and_exports(demo):
    user = User.objects.get(username="anyang_staff")
    data, _ = figures(user, "410522")
    table = next(t for s in data["sections"] for t in s["tables"] if t["key"] == "suggestions_by_unit")
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    submitted = Suggestion.objects.filter(
        region__code__startswith="410522", submitted_at__date__range=(start, end), lead_unit__isnull=False
    ).exclude(state=State.DRAFT)
    expected = {}
    for s in submitted.select_related("lead_unit"):
        expected[s.lead_unit.name] = expected.get(s.lead_unit.name, 0) + 1
    assert {r["label"]: r["values"][0] for r in table["rows"]} == expected
    c = client_for(user)
    rows = list(
        load_workbook(
            io.BytesIO(c.get("/reports/export.xlsx", {"year": YEAR, "table": "suggestions_by_unit"}).content)
        ).active.values
    )
    assert rows[0][:2] == ("主办单位", "交办") and rows[0][-1] == "满意率（%）"
    assert {r[0]: r[1] for r in rows[1:]} == expected


def test_distribution_lists_are_kept_per_branch_and_fill_a_draft(demo):
    c = client_for(User.objects.get(username="anyang_staff"))
    assert "这个字段是必填项" in c.post("/reports/bulletins/lists/", {"name": "", "send_to": "主任"}).content.decode()
    c.post("/reports/bulletins/lists/", {"name": "报县委", "send_to": "县委书记、副书记", "copy_to": "县委办公室"})
    kept = DistributionList.objects.get(name="报县委")
    assert kept.region_id == "410522"
    taiqian = client_for(User.objects.get(username="taiqian_staff"))
    assert "报县委" not in taiqian.get("/reports/bulletins/lists/").content.decode()
    assert taiqian.get(f"/reports/bulletins/lists/{kept.pk}/").status_code == 404
    c.post("/reports/bulletins/draft/", {"period": "month", "year": YEAR, "month": 1, "distribution": kept.pk})
    assert Bulletin.objects.filter(distribution=kept, send_to="县委书记、副书记", copy_to="县委办公室").exists()


def _collaboration_like(scope):
    """What a later app (collaboration) would declare: figures over its own records, here the
    county's activities of one kind, to stand in for them."""
    from core.dashboard import Measure, link

    qs = scope.scoped(Activity).filter(kind="inspection", date__year=YEAR)
    return [Measure("joint_inspections", "联合视察", qs, link("deputies:activities", kind="inspection"))]


def test_a_section_declared_by_another_app_shows_on_dashboard_comparison_and_draft(demo, monkeypatch):
    from core.registry import DashboardSection, dashboard_sections

    declared = (*dashboard_sections(), DashboardSection("collab", "跨区域协作", _collaboration_like, order=80))
    monkeypatch.setattr("reports.dashboard.dashboard_sections", lambda: declared)
    expected = Activity.objects.filter(region__code__startswith="410522", kind="inspection", date__year=YEAR).count()
    assert expected > 0
    henan = client_for(User.objects.get(username="henan_staff"))
    html = henan.get("/reports/", {"year": YEAR, "region": "4105"}).content.decode()
    assert 'data-testid="section-collab"' in html and "联合视察" in html
    data, got = figures(User.objects.get(username="henan_staff"), "4105")
    column = next(c for s in data["sections"] for c in s["compare"] if c["key"] == "joint_inspections")
    assert dict(zip([c["code"] for c in data["children"]], column["values"], strict=True))["410522"] == expected
    c = client_for(User.objects.get(username="anyang_staff"))
    c.post("/reports/bulletins/draft/", {"period": "year", "year": YEAR})
    section = Bulletin.objects.filter(region_id="410522").latest("pk").sections.get(title="跨区域协作")
    assert f"联合视察{expected}" in section.text
