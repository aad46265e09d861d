"""Factories of the livelihood tests."""

import datetime

from accounts.models import Unit
from accounts.roles import Role
from deputies.models import Congress, Level, Session, Term, WorkingCommittee
from livelihood.models import Candidate, ChairsMeetingMember, Milestone, Project, VoteSitting
from tests.factories import staff


def congress(region="410522"):
    c, _ = Congress.objects.get_or_create(region_id=region, level=Level.COUNTY, defaults={"name": f"{region}人大"})
    term, _ = Term.objects.get_or_create(
        congress=c,
        number=16,
        defaults={"start_date": datetime.date(2021, 10, 1), "end_date": datetime.date(2026, 12, 31)},
    )
    session, _ = Session.objects.get_or_create(
        term=term, number=4, defaults={"start_date": datetime.date(2026, 1, 7), "end_date": datetime.date(2026, 1, 10)}
    )
    return c, session


def committee(region="410522", name="财政经济工作委员会", members=()):
    c, _ = congress(region)
    wc, _ = WorkingCommittee.objects.get_or_create(congress=c, name=name)
    wc.members.add(*members)
    return wc


def wc_user(region="410522", username="wc_user", committee_name="财政经济工作委员会"):
    user = staff(region, role=Role.WORKING_COMMITTEE_STAFF, username=username, full_name="王建国")
    committee(region, committee_name, [user])
    return user


def chair(region="410522", username="chair", title="主任"):
    user = staff(region, role=Role.WORKING_COMMITTEE_STAFF, username=username, full_name="高志远")
    c, _ = congress(region)
    ChairsMeetingMember.objects.create(congress=c, user=user, title=title)
    return user


def unit(region="410522", name="县教育局"):
    return Unit.objects.get_or_create(region_id=region, name=name)[0]


def project(region="410522", name="新建实验小学", wc=None, milestones=(), **kwargs):
    defaults = {
        "year": 2026,
        "start_date": datetime.date(2026, 1, 11),
        "target_date": datetime.date(2026, 12, 31),
        "unit": unit(region),
        "committee": wc if wc is not None else committee(region),
    }
    defaults.update(kwargs)
    p = Project.objects.create(region_id=region, name=name, **defaults)
    for m_name, planned, actual in milestones:
        Milestone.objects.create(project=p, name=m_name, planned_date=planned, actual_date=actual)
    return p


def sitting(region="410522", candidates=3, rule="top_n", top_n=2):
    _c, session = congress(region)
    s = VoteSitting.objects.create(session=session, held_on=datetime.date(2026, 1, 9), rule=rule, top_n=top_n)
    wc = committee(region)
    for i in range(candidates):
        Candidate.objects.create(
            sitting=s, name=f"候选项目{i + 1}", source="public", status="shortlisted", unit=unit(region), committee=wc
        )
    return s
