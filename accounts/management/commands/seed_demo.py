"""Load the demo data of every installed app (idempotent: a second run changes nothing).

Each app may ship a `demo` module with `seed(stdout)` and, optionally, `DEMO_LOGINS`: a list of
(username, description) that `make run` prints beside the staff accounts.
"""

import importlib
import importlib.util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def demo_modules():
    for config in apps.get_app_configs():
        if importlib.util.find_spec(f"{config.name}.demo") is not None:
            yield importlib.import_module(f"{config.name}.demo")


def demo_logins_text() -> str:
    from accounts.demo import DEMO_PASSWORD

    lines = [f"演示账号（密码均为 {DEMO_PASSWORD}）："]
    for module in demo_modules():
        lines += [f"  {username:<16} {desc}" for username, desc in getattr(module, "DEMO_LOGINS", [])]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "创建演示数据（可重复运行，不会重复创建）。生产配置（DEBUG 关闭）下需要 --force。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="在生产配置下也写入演示数据")
        parser.add_argument("--logins", action="store_true", help="只列出演示账号，不写入数据")
        # `make run` prints the logins once, in the banner of scripts/run_dev.sh, after seeding.
        parser.add_argument("--no-logins", action="store_true", help="写入数据后不列出演示账号")

    def handle(self, *args, force=False, logins=False, no_logins=False, **options):
        if logins:
            self.stdout.write(demo_logins_text())
            return
        if not settings.DEBUG and not force:
            raise CommandError("当前为生产配置（DEBUG 关闭），拒绝写入演示数据；确需写入请加 --force。")
        for module in demo_modules():
            module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪"))
        if not no_logins:
            self.stdout.write(demo_logins_text())
