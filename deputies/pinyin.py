"""Pinyin of names, for search (张三 / zhangsan / zs) and sorting.

pypinyin reads some surnames with their common reading (曾 ceng, 单 dan …); a surname is read with
its surname reading from SURNAME_READINGS. Staff can add readings in the admin (issue: the override
table); `to_pinyin` accepts extra overrides for that.
"""

from pypinyin import Style, lazy_pinyin

SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "翟": "zhai",
    "乐": "yue",
    "盖": "ge",
    "缪": "miao",
    "覃": "qin",
    "秘": "bi",
    "尉": "yu",
    "长孙": "zhangsun",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "单于": "chanyu",
}


def to_pinyin(name: str, overrides: dict[str, str] | None = None) -> tuple[str, str]:
    """Return (full pinyin, initials) in lower case without spaces, e.g. ("zengguofan", "zgf")."""
    name = (name or "").strip()
    readings = {**SURNAME_READINGS, **(overrides or {})}
    # Longest surname first: 尉迟 before 尉.
    for surname in sorted(readings, key=len, reverse=True):
        if name.startswith(surname):
            head = [readings[surname]] if len(surname) == 1 else _split_compound(surname, readings[surname])
            rest = lazy_pinyin(name[len(surname) :], errors="ignore")
            syllables = head + rest
            break
    else:
        syllables = lazy_pinyin(name, errors="ignore")
    syllables = [s.lower() for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def _split_compound(surname: str, reading: str) -> list[str]:
    """Split a compound surname's reading into its two syllables for initials."""
    parts = lazy_pinyin(surname, style=Style.NORMAL)
    if "".join(parts) == reading:
        return parts
    # Fall back: find the split whose first part is a syllable of the first character.
    first = lazy_pinyin(surname[0])[0]
    if reading.startswith(first):
        return [first, reading[len(first) :]]
    return [reading[: len(reading) // 2], reading[len(reading) // 2 :]]
