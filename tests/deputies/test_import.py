import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from deputies.models import Deputy, Mandate
from deputies.roster import COLUMNS

from .factories import DeputyFactory, seated, term_for

pytestmark = pytest.mark.django_db


def workbook(rows, header=COLUMNS):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("roster.xlsx", out.getvalue())


GOOD = [
    [
        "王建国",
        "男",
        "汉族",
        "1975.03",
        "中共党员",
        "大学本科",
        "安阳县建筑公司 经理",
        "建筑业",
        "第1选区",
        "白璧镇代表组",
        "白璧镇",
        "13800001234",
    ],
    ["曾丽", "女", "回族", "1980-11-02", "群众", "研究生", "县一中 教师", "教育", "第2选区", "", "", "13800005678"],
]


def test_template_workbook_downloads(client, county_staff):
    client.force_login(county_staff)
    r = client.get(reverse("deputies:import_template"))
    header = next(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert list(header) == COLUMNS


def test_good_roster_dry_run_then_import(client, county_staff):
    term = term_for()
    existing = seated(DeputyFactory(name="李老", mobile="13900000000"), term_for("4105", 15))
    rows = GOOD + [["李老", "男", "汉族", "", "", "", "", "", "第3选区", "", "", "13900000000"]]
    client.force_login(county_staff)
    r = client.post(reverse("deputies:import"), {"file": workbook(rows), "term": term.pk})
    page = r.content.decode()
    assert 'data-testid="import-ok"' in page and "已有此人" in page
    assert Deputy.objects.count() == 1  # the dry run wrote nothing
    token = r.context["token"]
    r = client.post(reverse("deputies:import"), {"token": token})
    assert r.status_code == 302
    wang = Deputy.objects.get(name="王建国")
    assert (wang.work_unit, wang.post, wang.region.name, wang.birth_date.isoformat()) == (
        "安阳县建筑公司",
        "经理",
        "白璧镇",
        "1975-03-01",
    )
    assert Deputy.objects.get(name="曾丽").name_pinyin == "zengli"
    assert Mandate.objects.filter(term=term).count() == 3
    assert existing.mandates.count() == 2  # one person, two mandates
    assert client.post(reverse("deputies:import"), {"token": token}).status_code == 302  # a token works once
    assert Mandate.objects.filter(term=term).count() == 3


def test_bad_roster_shows_row_errors_and_writes_nothing(client, county_staff):
    term = term_for()
    rows = GOOD + [
        ["", "男", "", "", "", "", "", "", "", "", "", ""],
        ["赵六", "公", "", "1975年13月", "", "", "", "", "", "", "火星镇", "1234"],
        ["钱七", "女", "", "", "", "", "", "", "", "", "", "13800001234"],
    ]
    client.force_login(county_staff)
    page = client.post(reverse("deputies:import"), {"file": workbook(rows), "term": term.pk}).content.decode()
    assert "名册有错误，未导入任何数据" in page
    for message in [
        "第4行：姓名不能为空",
        "第5行：性别应填“男”或“女”",
        "第5行：出生年月格式不正确",
        "第5行：所属乡镇“火星镇”不在安阳县辖区内",
        "第5行：手机号应为11位数字",
        "第6行：手机号与第2行重复",
    ]:
        assert message in page, message
    assert "import-ok" not in page
    assert not Deputy.objects.exists() and not Mandate.objects.exists()


def test_missing_header_and_not_excel(client, county_staff):
    term = term_for()
    client.force_login(county_staff)
    page = client.post(
        reverse("deputies:import"), {"file": workbook([["x"]], header=["名字"]), "term": term.pk}
    ).content.decode()
    assert "表头缺少必填列" in page
    junk = SimpleUploadedFile("roster.xlsx", b"not a workbook")
    page = client.post(reverse("deputies:import"), {"file": junk, "term": term.pk}).content.decode()
    assert "无法读取这个文件" in page


def test_other_countys_term_cannot_be_chosen(client, county_staff):
    term = term_for("410927", 11)
    client.force_login(county_staff)
    r = client.post(reverse("deputies:import"), {"file": workbook(GOOD), "term": term.pk})
    assert "term" in r.context["form"].errors
    assert not Deputy.objects.exists()
