"""Tables several apps share. Today: the holiday table of the working-day calendar (workdays.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, ScopedQuerySet


class HolidayQuerySet(ScopedQuerySet):
    pass


class Holiday(models.Model):
    """A day off on a weekday (法定节假日) or a make-up working day on a weekend (调休上班).
    Kept per region (usually the county, or the province for everybody below it)."""

    region = models.ForeignKey(Region, verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("日期"))
    is_workday = models.BooleanField(_("调休上班"), default=False, help_text=_("勾选表示该日虽是周末但需上班"))
    name = models.CharField(_("名称"), max_length=32, blank=True, help_text=_("如：国庆节、春节调休"))

    objects = HolidayQuerySet.as_manager()

    class Meta:
        # The table was created by the suggestions app, where the calendar began; it keeps its name.
        db_table = "suggestions_holiday"
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["region", "date"], name="holiday_unique_day")]

    def __str__(self):
        kind = _("调休上班") if self.is_workday else _("放假")
        return f"{self.date} {self.name} {kind}"
