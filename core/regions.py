"""The region-code rules every app uses, written once.

A region's code is the significant digits of the national division code (province 2, city 4,
county 6, township 9, village 12), so "this region and everything under it" is a prefix match and
"the county a record belongs to" is the first six digits. Apps call these instead of slicing codes.
"""

from functools import lru_cache

from django.utils.translation import get_language
from pypinyin import lazy_pinyin

from accounts.regions_loader import CODE_LENGTHS

COUNTY_DIGITS = 6


def county_of(code: str | None) -> str:
    """The county code of a region code; a province's or a city's code is returned as it is."""
    code = code or ""
    return code[:COUNTY_DIGITS] if len(code) >= COUNTY_DIGITS else code


def ancestors(code: str | None) -> list[str]:
    """The code itself and every code above it, from the province down."""
    code = code or ""
    return [code[:n] for n in CODE_LENGTHS if n <= len(code)]


def in_branch(code: str | None, branch: str | None) -> bool:
    """Whether `code` is the region `branch` or lies under it. An empty branch contains nothing
    (an account without a region governs no records)."""
    return bool(code) and bool(branch) and code.startswith(branch)


def governs(user, code: str | None, *roles) -> bool:
    """A superuser, or a holder of one of `roles` whose account's region contains `code`."""
    if user.is_superuser:
        return True
    return user.has_role(*roles) and in_branch(code, user.region_id)


# The generic part of a Chinese place name and how English writes it; the longest first.
_GENERIC_TERMS = (
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治区", "Autonomous Region"),
    ("街道", "Subdistrict"),
    ("社区", "Community"),
    ("省", "Province"),
    ("市", "City"),
    ("县", "County"),
    ("区", "District"),
    ("镇", "Town"),
    ("乡", "Township"),
    ("村", "Village"),
)


def place_name(name: str) -> str:
    """A place's name in the active language: as the data has it in Chinese; in English in Hanyu
    Pinyin with its generic term translated, as Chinese place names are written in English
    (安阳县 → Anyang County, 白璧镇 → Baibi Town, 西安市 → Xi'an City). Names of people, stations and
    bodies are not places and stay as written."""
    if not name or not (get_language() or "").startswith("en"):
        return name
    return _romanised(name)


# Characters whose reading in place names differs from pypinyin's first guess (殷都 Yindu, 长垣
# Changyuan, 漯河 Luohe, 南乐 Nanle).
_PLACE_READINGS = {"都": "du", "长": "chang", "漯": "luo", "乐": "le"}
# Ethnic groups named in autonomous areas and ethnic districts (管城回族区 → Guancheng Hui District).
_ETHNIC = {"回族": "Hui", "满族": "Manchu", "蒙古族": "Mongol", "土家族": "Tujia", "苗族": "Miao", "壮族": "Zhuang",
           "彝族": "Yi", "藏族": "Tibetan", "维吾尔族": "Uygur", "瑶族": "Yao", "侗族": "Dong"}  # fmt: skip


def place_path(names: list[str]) -> str:
    """Places from the largest down (河南省, 安阳市, 安阳县) as one name in the active language:
    河南省安阳市安阳县, or in English from the smallest up, "Anyang County, Anyang City, Henan Province"."""
    if (get_language() or "").startswith("en"):
        return ", ".join(place_name(n) for n in reversed(names) if n)
    return "".join(names)


@lru_cache(maxsize=4096)
def _romanised(name: str) -> str:
    for term, english in _GENERIC_TERMS:
        if name.endswith(term) and len(name) > len(term):
            base, words = name[: -len(term)], [english]
            for group, group_en in _ETHNIC.items():
                if base.endswith(group) and len(base) > len(group):
                    base, words = base[: -len(group)], [group_en, english]
                    break
            return " ".join([_pinyin(base), *words])
    return _pinyin(name)


def _pinyin(text: str) -> str:
    syllables, run = [], ""
    for ch in text:
        if ch in _PLACE_READINGS:
            syllables += lazy_pinyin(run, v_to_u=True) if run else []
            syllables.append(_PLACE_READINGS[ch])
            run = ""
        else:
            run += ch
    syllables += lazy_pinyin(run, v_to_u=True) if run else []
    out = ""
    for syllable in syllables:
        # An apostrophe where a syllable starting with a, o or e would run into the one before (Xi'an).
        if out and out[-1].isalpha() and syllable[:1] in "aoe":
            out += "'"
        out += syllable
    return out[:1].upper() + out[1:]
