"""Writes of the reports app (bulletins), and the dashboard's tables as rows for the exports."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .dashboard import comparison_table, dashboard, figures_by_key
from .models import Bulletin, BulletinSection, BulletinStatus, DistributionList


# --- exports -----------------------------------------------------------------------------------
def dashboard_table(data: dict, table: str):
    """(title, header, rows) of one table of the dashboard, or (None, None, None)."""
    if table == "figures":
        rows = [[s["title"], f["label"], f["value"]] for s in data["sections"] for f in s["figures"]]
        return _("统计数据"), [_("类别"), _("指标"), _("数值")], rows
    if table == "compare":
        if not data["children"]:
            return None, None, None
        header, rows = comparison_table(data)
        return _("分地区对比"), [_("地区"), *header], rows
    for section in data["sections"]:
        for b in section["breakdowns"]:
            if b["key"] == table:
                return b["label"], [_("分类"), _("数量")], [[r["label"], r["value"]] for r in b["rows"]]
        for t in section.get("tables", []):
            if t["key"] == table:
                return t["label"], t["header"], [[r["label"], *r["values"]] for r in t["rows"]]
    return None, None, None


# --- bulletins ---------------------------------------------------------------------------------
def next_number(region, year: int) -> int:
    last = Bulletin.objects.filter(region=region, year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def committee_name(region) -> str:
    return _("%(region)s人大常委会") % {"region": region.name}


def approx(n) -> str:
    """How a bulletin writes a count: exact below 20, "20余" above (the seed's "20余次调研")."""
    n = int(n or 0)
    if n >= 20 and n % 10:
        return _("%(n)d余") % {"n": n // 10 * 10}
    return str(n)


def _sentences(f: dict) -> list[tuple[str, str]]:
    """(title, text) of the proposed sections, from the dashboard's figures; a section whose
    figures are all zero is left out."""
    out = []
    if f.get("activities"):
        out.append(
            (
                _("代表履职活动扎实开展"),
                _(
                    "本期共组织代表开展视察、调研、座谈等履职活动%(acts)s次，代表参加%(people)s人次，"
                    "其中已审核%(verified)s次。"
                )
                % {
                    "acts": approx(f["activities"]),
                    "people": approx(f.get("participations")),
                    "verified": f.get("activities_verified", 0),
                },
            )
        )
    if f.get("duties") or f.get("receptions") or f.get("opinions"):
        out.append(
            (
                _("代表联络站作用有效发挥"),
                _(
                    "全域%(places)s个站点安排代表值班%(duties)s次，到岗%(kept)s次；接待群众%(citizens)s人次，"
                    "收集意见建议%(opinions)s件，已办结%(closed)s件。"
                )
                % {
                    "places": f.get("places", 0),
                    "duties": f.get("duties", 0),
                    "kept": f.get("duties_kept", 0),
                    "citizens": approx(f.get("citizens_received")),
                    "opinions": f.get("opinions", 0),
                    "closed": f.get("opinions_closed", 0),
                },
            )
        )
    if f.get("messages"):
        median = f.get("messages_median_days")
        text = _("群众通过代表二维码留言%(n)s条，代表已回复%(answered)s条。") % {
            "n": f["messages"],
            "answered": f.get("messages_answered", 0),
        }
        if median is not None:
            text += _("回复用时中位数为%(d)s天。") % {"d": median}
        out.append((_("民意直通车畅通高效"), text))
    if f.get("suggestions"):
        out.append(
            (
                _("代表建议办理提质增效"),
                _("代表提出建议%(n)s件，其中重点建议%(key)s件；目前逾期未答复%(overdue)s件。")
                % {
                    "n": f["suggestions"],
                    "key": f.get("suggestions_key", 0),
                    "overdue": f.get("suggestions_overdue", 0),
                },
            )
        )
    if f.get("projects"):
        out.append(
            (
                _("民生实事项目有序推进"),
                _("票决产生的民生实事项目%(n)s项，已完成%(done)s项；“三个一”应审议%(due)s次，已审议%(held)s次。")
                % {
                    "n": f["projects"],
                    "done": f.get("projects_done", 0),
                    "due": f.get("reviews_due", 0),
                    "held": f.get("reviews_held", 0),
                },
            )
        )
    return out


def propose_sections(scope) -> list[dict]:
    """The sections a draft starts from: the built-in sentences, then one line per section that
    another app contributed to the dashboard (e.g. collaboration), figures filled in."""
    data = dashboard(scope)
    contributor = committee_name(scope.region)
    sections = [{"title": t, "text": x, "contributor": contributor} for t, x in _sentences(figures_by_key(data))]
    builtin = {"deputies", "activities", "stations", "opinions", "messages", "suggestions", "livelihood"}
    for s in data["sections"]:
        if s["key"] in builtin or not any(f["value"] for f in s["figures"]):
            continue
        text = "；".join(f"{f['label']}{f['value']}{f.get('suffix', '')}" for f in s["figures"]) + "。"
        sections.append({"title": s["title"], "text": text, "contributor": contributor})
    return sections


@transaction.atomic
def start_draft(scope, user, distribution: DistributionList | None = None) -> Bulletin:
    today = timezone.localdate()
    region = scope.region
    bulletin = Bulletin.objects.create(
        region=region,
        year=today.year,
        number=next_number(region, today.year),
        issue_date=today,
        title=_("%(region)s人大代表工作（%(period)s）") % {"region": region.name, "period": scope.period.label},
        issuing_body=_("%(region)s人大常委会代表工作委员会") % {"region": region.name},
        distribution=distribution,
        send_to=distribution.send_to if distribution else "",
        copy_to=distribution.copy_to if distribution else "",
        period_label=scope.period.label,
        created_by=user,
    )
    BulletinSection.objects.bulk_create(
        BulletinSection(bulletin=bulletin, order=i, **s) for i, s in enumerate(propose_sections(scope), start=1)
    )
    return bulletin


@transaction.atomic
def save_bulletin(form, formset, user) -> Bulletin:
    bulletin = form.save(commit=False)
    if bulletin.distribution and not (bulletin.send_to or bulletin.copy_to):
        bulletin.send_to, bulletin.copy_to = bulletin.distribution.send_to, bulletin.distribution.copy_to
    if not bulletin.created_by_id:
        bulletin.created_by = user
    bulletin.save()
    formset.instance = bulletin
    formset.save()
    return bulletin


def publish(bulletin: Bulletin) -> None:
    Bulletin.objects.filter(pk=bulletin.pk).update(status=BulletinStatus.PUBLISHED, published_at=timezone.now())
