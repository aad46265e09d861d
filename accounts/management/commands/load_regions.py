from django.core.management.base import BaseCommand, CommandError

from accounts.models import Region
from accounts.regions_loader import BUILTIN_CSV, load, read_rows


class Command(BaseCommand):
    help = "从 CSV（code,name 两列）导入或更新行政区划；默认导入内置区划表。"

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", default=str(BUILTIN_CSV), help="CSV 文件路径")

    def handle(self, *args, csv, **options):
        try:
            created, updated = load(Region, read_rows(csv))
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"导入失败：{exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"新增 {created} 个区划，更新 {updated} 个名称"))
