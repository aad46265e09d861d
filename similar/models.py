"""The inverted index of similar items and the record of unit-routing proposals.

`Document` is one indexed record (a suggestion, an opinion, a citizen's message: its kind and id),
with its region, date, handling unit and the length of its vector; `Posting` is one (gram, document)
pair with the document's weight for that gram. Weights follow the "lnc" scheme (1 + log tf, cosine
normalised, no idf): a new record changes only its own rows, never anyone else's; the idf is applied
on the query side at search time ("ltc"), from the postings' current document frequencies."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, ScopedQuerySet, Unit


class DocumentQuerySet(ScopedQuerySet):
    pass


class Document(models.Model):
    kind = models.CharField(_("类型"), max_length=20)
    object_id = models.BigIntegerField(_("记录编号"))
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(_("时间"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("承办单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    norm = models.FloatField(_("向量长度"), default=1.0)
    digest = models.CharField(_("文本摘要"), max_length=64)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("相似索引条目")
        verbose_name_plural = _("相似索引条目")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="similar_document_unique")]
        indexes = [models.Index(fields=["region", "unit"], name="similar_document_region_unit")]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"


class Posting(models.Model):
    gram = models.CharField(_("字串"), max_length=3)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="postings")
    weight = models.FloatField(_("权重"))

    class Meta:
        verbose_name = _("倒排条目")
        verbose_name_plural = _("倒排条目")
        # Covering (PostgreSQL): a search reads a gram's postings from the index alone, in order,
        # instead of one heap page per posting scattered over the table (docs/similar.md "Scale").
        indexes = [models.Index(fields=["gram", "document"], include=["weight"], name="similar_posting_gram_w")]

    def __str__(self):
        return f"{self.gram} {self.weight:.2f}"


class ProposalQuerySet(ScopedQuerySet):
    pass


class Proposal(models.Model):
    """The first unit the portal proposed for a record, and whether staff accepted it (filled in
    when the record is first assigned to a unit)."""

    kind = models.CharField(_("类型"), max_length=20)
    object_id = models.BigIntegerField(_("记录编号"))
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("建议单位"), on_delete=models.CASCADE, related_name="+")
    chosen = models.ForeignKey(
        Unit, verbose_name=_("实际单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted = models.BooleanField(_("采纳"), null=True)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("交办单位推荐")
        verbose_name_plural = _("交办单位推荐")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="similar_proposal_unique")]

    def __str__(self):
        return f"{self.kind}:{self.object_id} → {self.unit_id}"


class GramStat(models.Model):
    """A snapshot of the index's statistics: for each gram the number of documents holding it (its
    document frequency), and under the empty gram the number of documents. The query side reads
    its idf from here instead of counting postings (at a million documents a common gram has
    hundreds of thousands of postings). Refreshed by `services.refresh_stats()` (the rebuild and
    the daily Celery task), not on every save: a save would otherwise lock the row of every common
    gram ("问题") until its transaction ends, serialising all submissions. A gram missing from the
    snapshot is counted live (new grams are rare, so cheap); with no snapshot at all every gram is."""

    gram = models.CharField(_("字串"), max_length=3, primary_key=True)
    df = models.BigIntegerField(_("文档频率"))

    class Meta:
        verbose_name = _("字串统计")
        verbose_name_plural = _("字串统计")

    def __str__(self):
        return f"{self.gram} {self.df}"
