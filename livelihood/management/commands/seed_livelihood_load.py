"""Seed many livelihood projects for the sweep benchmark (tests/load/livelihood_sweep.py).

    manage.py seed_livelihood_load --projects 10000

Spreads the projects over the counties of Henan (a congress, two working committees with two
members each, a chairs' meeting of two and one committee staff account per county), with three
milestones each, one of them already late. Only for a benchmark database.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Region, User
from accounts.roles import Role, group_for
from deputies.models import Congress, Level, WorkingCommittee
from livelihood.models import ChairsMeetingMember, Milestone, Project


class Command(BaseCommand):
    help = "为性能测试生成大量民生实事项目（仅用于测试数据库）"

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=10000)
        parser.add_argument("--counties", type=int, default=50)
        parser.add_argument("--year", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, projects, counties, year, **options):
        regions = list(Region.objects.filter(code__startswith="41", kind="county").order_by("code")[:counties])
        staff_group = group_for(Role.COMMITTEE_STAFF)
        wc_group = group_for(Role.WORKING_COMMITTEE_STAFF)
        committees = []
        for region in regions:
            congress, _ = Congress.objects.get_or_create(
                region=region, level=Level.COUNTY, defaults={"name": f"{region.name}人民代表大会"}
            )
            users = []
            for suffix in ("s", "c1", "c2", "w1", "w2", "w3", "w4"):
                user, made = User.objects.get_or_create(
                    username=f"load{region.code}{suffix}",
                    defaults={"region": region, "email": f"load{region.code}{suffix}@example.invalid"},
                )
                users.append(user)
            users[0].groups.add(staff_group)
            for u in users[1:]:
                u.groups.add(wc_group)
            for order, u in enumerate(users[1:3]):
                ChairsMeetingMember.objects.get_or_create(
                    congress=congress, user=u, defaults={"title": "副主任", "order": order}
                )
            for i, name in enumerate(("财政经济工作委员会", "社会建设工作委员会")):
                wc, _ = WorkingCommittee.objects.get_or_create(congress=congress, name=name)
                wc.members.add(*users[3 + 2 * i : 5 + 2 * i])
                committees.append((region, wc))
        start, end = datetime.date(year, 1, 11), datetime.date(year, 12, 31)
        rows = []
        for i in range(projects):
            region, wc = committees[i % len(committees)]
            rows.append(
                Project(
                    region=region,
                    year=year,
                    number=i // len(committees) + 1,
                    name=f"负载测试项目{i + 1}",
                    committee=wc,
                    start_date=start,
                    target_date=end,
                )
            )
        Project.objects.bulk_create(rows, batch_size=1000)
        ids = list(Project.objects.filter(name__startswith="负载测试项目").values_list("pk", flat=True))
        milestones = []
        for pk in ids:
            milestones += [
                Milestone(
                    project_id=pk,
                    name="开工",
                    planned_date=datetime.date(year, 3, 1),
                    actual_date=datetime.date(year, 3, 2),
                ),
                Milestone(project_id=pk, name="主体完工", planned_date=datetime.date(year, 5, 15)),
                Milestone(project_id=pk, name="竣工验收", planned_date=datetime.date(year, 11, 30)),
            ]
        Milestone.objects.bulk_create(milestones, batch_size=2000)
        self.stdout.write(f"{len(ids)} projects, {len(milestones)} milestones in {len(regions)} counties")
