import pytest
from django.core.exceptions import ValidationError

from accounts.models import Region, RegionKind

pytestmark = pytest.mark.django_db


def test_builtin_tree_has_the_places_of_the_bulletin():
    assert Region.objects.get(code="41").name == "河南省"
    henan_cities = Region.objects.filter(code__startswith="41", kind=RegionKind.CITY)
    # 17 prefecture-level cities plus the province-administered county-level unit (Jiyuan).
    assert henan_cities.count() == 18
    assert Region.objects.get(code="410522").path_name() == "河南省安阳市安阳县"
    assert Region.objects.get(code="410927").path_name() == "河南省濮阳市台前县"
    for code, name in [("371521", "阳谷县"), ("370923", "东平县"), ("370832", "梁山县"), ("371725", "郓城县")]:
        assert Region.objects.get(code=code).name == name
    baibi = Region.objects.get(name="白璧镇")
    assert baibi.kind == RegionKind.TOWNSHIP and baibi.parent_id == "410522"
    assert Region.objects.get(name="亚龙湾社区").parent == baibi


def test_english_writes_places_as_english_writes_chinese_places():
    from django.utils import translation

    from core.regions import place_name

    with translation.override("en"):
        assert Region.objects.get(code="410522").path_name() == "Anyang County, Anyang City, Henan Province"
        assert Region.objects.get(code="410927").path_name() == "Taiqian County, Puyang City, Henan Province"
        names = {
            n: place_name(n)
            for n in ("白璧镇", "管城回族区", "殷都区", "长垣市", "漯河市", "南乐县", "西安市", "吕村镇")
        }
        assert names == {
            "白璧镇": "Baibi Town",
            "管城回族区": "Guancheng Hui District",
            "殷都区": "Yindu District",
            "长垣市": "Changyuan City",
            "漯河市": "Luohe City",
            "南乐县": "Nanle County",
            "西安市": "Xi'an City",
            "吕村镇": "Lücun Town",
        }
    assert place_name("安阳县") == "安阳县"  # Chinese pages: as the data has it
    assert Region.objects.get(name="田庄村").parent.name == "打渔陈镇"
    assert Region.objects.get(name="十五里园镇").parent.name == "阳谷县"
    assert Region.objects.get(name="小路口镇").parent.name == "梁山县"


def test_every_henan_city_has_counties():
    for city in Region.objects.filter(code__startswith="41", kind=RegionKind.CITY):
        assert city.children.exists(), city


def test_branch_is_a_prefix_match():
    codes = set(Region.objects.branch("410522").values_list("code", flat=True))
    assert "410522" in codes and "410522101" in codes and "410522101001" in codes
    assert "410927" not in codes
    assert all(c.startswith("410522") for c in codes)


def test_kind_and_parent_follow_from_the_code():
    r = Region(code="410522199", name="测试乡")
    r.full_clean()
    r.save()
    assert r.kind == RegionKind.TOWNSHIP and r.parent_id == "410522"
    assert r.full_code == "410522199000"


@pytest.mark.parametrize("code", ["4", "41052", "4105221", "abcdef", "4105221010011"])
def test_bad_codes_are_refused_with_a_chinese_message(code):
    with pytest.raises(ValidationError) as exc:
        Region(code=code, name="错误").full_clean()
    assert "区划代码" in str(exc.value)


def test_missing_parent_is_refused():
    with pytest.raises(ValidationError) as exc:
        Region(code="429999", name="无上级").full_clean()
    assert "上级区划" in str(exc.value)


def test_load_regions_command_adds_and_renames(tmp_path):
    from django.core.management import call_command

    f = tmp_path / "r.csv"
    f.write_text("code,name\n410522111000,新乡镇\n410522101,白璧镇（改）\n", encoding="utf-8")
    call_command("load_regions", str(f))
    assert Region.objects.get(code="410522111").name == "新乡镇"
    assert Region.objects.get(code="410522101").name == "白璧镇（改）"
