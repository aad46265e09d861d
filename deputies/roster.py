"""Excel roster import (代表名册导入) and list exports.

Import: every row is checked first (a dry run shows what would be written and each row's errors in
Chinese); nothing is written when any row fails. Export: mobiles masked; the workbook is written by
`core.excel`, which keeps formula-like text as text.
"""

import datetime
import io
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from accounts.models import Region
from accounts.validators import mask_mobile, validate_mobile

from .models import Deputy, Gender, Mandate, PinyinOverride
from .pinyin import to_pinyin

COLUMNS = [
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "党派",
    "文化程度",
    "工作单位及职务",
    "行业",
    "选区",
    "代表小组",
    "所属乡镇",
    "手机号",
]
REQUIRED = {"姓名", "性别"}
GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE}
MAX_ROWS = 20000
# A checked roster waits in media/imports between the preview and the confirmation. A preview never
# confirmed would stay for good: anything older than this is deleted on the next preview and by the
# nightly sweep (deputies.tasks.prune_roster_uploads).
STASH_MAX_AGE = datetime.timedelta(hours=12)


@dataclass
class RowResult:
    number: int
    values: dict
    errors: list = field(default_factory=list)
    deputy: Deputy | None = None
    existing: Deputy | None = None


@dataclass
class ImportResult:
    rows: list
    header_errors: list

    @property
    def errors(self):
        return self.header_errors + [f"第{r.number}行：{e}" for r in self.rows for e in r.errors]

    @property
    def ok(self):
        return not self.errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_birth(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    m = re.fullmatch(r"(\d{4})\s*[.\-/年]?\s*(\d{1,2})\s*(?:[.\-/月]\s*(\d{1,2})\s*日?)?\s*月?", text)
    if not m:
        raise ValueError
    year, month, day = int(m[1]), int(m[2]), int(m[3] or 1)
    return datetime.date(year, month, day)


def read_rows(upload) -> tuple[list[str], list[tuple[int, list]]]:
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise ValidationError(_("无法读取这个文件，请上传 .xlsx 格式的 Excel 名册（可先下载模板）")) from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [_text(c) for c in next(rows, [])]
    body = []
    for i, row in enumerate(rows, start=2):
        if row is None or all(c in (None, "") for c in row):
            continue
        body.append((i, list(row)))
        if len(body) > MAX_ROWS:
            raise ValidationError(_("一次最多导入 %(n)d 行，请分批导入") % {"n": MAX_ROWS})
    wb.close()
    return header, body


def check_roster(upload, *, region: Region, term) -> ImportResult:
    """Read and check every row; build unsaved Deputy objects. Writes nothing."""
    header, body = read_rows(upload)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return ImportResult([], [_("表头缺少必填列：%(cols)s（请使用模板）") % {"cols": "、".join(sorted(missing))}])
    index = {name: header.index(name) for name in COLUMNS if name in header}
    townships = {
        r.name: r for r in Region.objects.filter(code__startswith=region.code, kind__in=["township", "county"])
    }
    # Only the people the roster may name (by mobile): a county may hold 200,000 deputies.
    mobiles = sorted(
        {_text(row[index["手机号"]]) for _n, row in body if "手机号" in index and index["手机号"] < len(row)}
    )
    mobiles = [m for m in mobiles if m]
    existing = {}
    for start in range(0, len(mobiles), 1000):
        for d in Deputy.objects.filter(
            region__code__startswith=region.code, mobile__in=mobiles[start : start + 1000]
        ).only("id", "name", "mobile", "region_id"):
            existing.setdefault((d.name, d.mobile), d)
    ids = [d.pk for d in existing.values()]
    seated = set()
    for start in range(0, len(ids), 1000):
        seated |= set(
            Mandate.objects.filter(term=term, deputy_id__in=ids[start : start + 1000]).values_list(
                "deputy_id", flat=True
            )
        )
    overrides = PinyinOverride.readings_for(region.code)
    seen_mobiles: dict[str, int] = {}
    results = []
    for number, row in body:
        values = {name: (row[i] if i < len(row) else None) for name, i in index.items()}
        r = RowResult(number, {k: _text(v) if k != "出生年月" else v for k, v in values.items()})
        v = r.values
        name = v.get("姓名", "")
        if not name:
            r.errors.append(_("姓名不能为空"))
        elif len(name) > 32:
            r.errors.append(_("姓名过长"))
        gender = GENDERS.get(v.get("性别", ""))
        if gender is None:
            r.errors.append(_("性别应填“男”或“女”"))
        try:
            birth = parse_birth(values.get("出生年月"))
        except (ValueError, TypeError):
            birth = None
            r.errors.append(_("出生年月格式不正确，应如 1975.03 或 1975-03-01"))
        mobile = v.get("手机号", "")
        if mobile:
            try:
                validate_mobile(mobile)
            except ValidationError:
                r.errors.append(_("手机号应为11位数字，以13至19开头"))
            if mobile in seen_mobiles:
                r.errors.append(_("手机号与第%(n)d行重复") % {"n": seen_mobiles[mobile]})
            seen_mobiles.setdefault(mobile, number)
        town_name = v.get("所属乡镇", "")
        deputy_region = region
        if town_name:
            deputy_region = townships.get(town_name)
            if deputy_region is None:
                r.errors.append(
                    _("所属乡镇“%(name)s”不在%(region)s辖区内") % {"name": town_name, "region": region.name}
                )
        unit_post = v.get("工作单位及职务", "")
        unit, _sep, post = unit_post.rpartition(" ") if " " in unit_post else (unit_post, "", "")
        found = existing.get((name, mobile)) if mobile else None
        if found is not None:
            r.existing = found
            if found.pk in seated:
                r.errors.append(_("该代表已在本届名册中"))
        elif not r.errors:
            deputy = Deputy(
                name=name,
                gender=gender,
                ethnicity=v.get("民族") or "汉族",
                birth_date=birth,
                party=v.get("党派", "")[:32],
                education=v.get("文化程度", "")[:32],
                work_unit=unit[:128],
                post=post[:64],
                sector=v.get("行业", "")[:64],
                mobile=mobile,
                region=deputy_region,
            )
            deputy.name_pinyin, deputy.name_initials = to_pinyin(name, overrides)
            r.deputy = deputy
        results.append(r)
    return ImportResult(results, [] if results else [_("名册中没有数据行")])


@transaction.atomic
def import_roster(result: ImportResult, *, term) -> int:
    """Write a checked roster: all rows or none."""
    if not result.ok:
        raise ValidationError(_("名册有错误，未导入任何数据"))
    new = [r.deputy for r in result.rows if r.deputy is not None]
    Deputy.objects.bulk_create(new, batch_size=1000)
    mandates = []
    for r in result.rows:
        person = r.deputy or r.existing
        mandates.append(
            Mandate(
                deputy=person,
                term=term,
                start_date=term.start_date,
                constituency=r.values.get("选区", "")[:64],
                delegation=r.values.get("代表小组", "")[:64],
            )
        )
    Mandate.objects.bulk_create(mandates, batch_size=1000)
    return len(mandates)


# --- the checked file between preview and confirmation -----------------------------------------------
def _stash_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def stash(upload) -> str:
    """Keep a checked upload until it is confirmed; returns its token."""
    prune_stash()
    _stash_dir().mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    upload.seek(0)
    (_stash_dir() / f"{token}.xlsx").write_bytes(upload.read())
    return token


def stashed(token: str):
    """The path of a stashed upload, or None when the token is not one of ours or it is gone."""
    if not token or not token.isalnum():
        return None
    path = _stash_dir() / f"{token}.xlsx"
    return path if path.exists() else None


def prune_stash(max_age: datetime.timedelta = STASH_MAX_AGE) -> int:
    """Delete stashed uploads older than max_age; returns how many."""
    folder = _stash_dir()
    if not folder.is_dir():
        return 0
    cutoff = time.time() - max_age.total_seconds()
    removed = 0
    for path in folder.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # confirmed (and deleted) meanwhile
            pass
    return removed


def template_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "代表名册"
    ws.append(COLUMNS)
    ws.append(
        [
            "王建国",
            "男",
            "汉族",
            "1975.03",
            "中共党员",
            "大学本科",
            "安阳县某某建筑公司 经理",
            "建筑业",
            "第1选区",
            "白璧镇代表组",
            "白璧镇",
            "13800001234",
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE9E7")
    for col, width in zip("ABCDEFGHIJKL", [10, 6, 8, 10, 12, 10, 32, 10, 10, 14, 12, 14], strict=True):
        ws.column_dimensions[col].width = width
    notes = wb.create_sheet("填写说明")
    for line in [
        "姓名、性别为必填；性别填“男”或“女”。",
        "出生年月可写 1975.03、1975-03 或 1975-03-01。",
        "工作单位及职务：单位与职务之间用一个空格隔开。",
        "所属乡镇须为本县（区）的乡镇（街道）名称，留空则记在本县（区）。",
        "手机号为11位数字；同名同手机号的代表视为同一人，只增加本届代表资格。",
        "导入前先“预检”，全部行无误后才能确认导入；有任何一行错误，都不会写入数据。",
    ]:
        notes.append([line])
    notes.column_dimensions["A"].width = 80
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def deputy_rows(deputies):
    for d in deputies:
        yield [
            d.name,
            d.get_gender_display(),
            d.ethnicity,
            d.birth_date.strftime("%Y.%m") if d.birth_date else "",
            d.party,
            d.education,
            " ".join(x for x in [d.work_unit, d.post] if x),
            d.sector,
            d.region.name,
            mask_mobile(d.mobile),
        ]


DEPUTY_EXPORT_HEADER = [
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "党派",
    "文化程度",
    "工作单位及职务",
    "行业",
    "所属区划",
    "手机号",
]
