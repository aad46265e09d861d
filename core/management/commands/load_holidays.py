from django.core.management.base import BaseCommand, CommandError

from accounts.models import Region
from core.holidays import load_year


class Command(BaseCommand):
    help = "把某年国家法定节假日和调休上班日加入节假日表（已有的日期保持工作人员的设置）"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--region",
            action="append",
            help="区划代码，可重复；默认每个省级区划（其下各级都适用）",
        )

    def handle(self, year, region=None, **options):
        codes = region or list(Region.objects.filter(kind="province").values_list("code", flat=True))
        regions = list(Region.objects.filter(code__in=codes))
        if len(regions) != len(set(codes)):
            raise CommandError(f"未知的区划代码：{sorted(set(codes) - {r.code for r in regions})}")
        try:
            for r in regions:
                added = load_year(r, year)
                self.stdout.write(f"{r.code} {r.name}: {added}")
        except NotImplementedError as e:
            raise CommandError(f"chinese-calendar 还没有 {year} 年的安排：{e}") from e
