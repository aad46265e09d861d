from django.core.management.base import BaseCommand

from similar.services import rebuild


class Command(BaseCommand):
    help = "重建相似件索引（建议、站点意见、群众留言）"

    def handle(self, *args, **options):
        self.stdout.write(f"indexed {rebuild()} records")
