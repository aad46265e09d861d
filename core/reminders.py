"""The one reminder engine: each app's sweep says what is due, this sends each reminder once.

    from core.reminders import Due, run
    run(Due(target=f"suggestions.suggestion:{s.pk}", stage="overdue", period=str(s.deadline), ...)
        for s in overdue_suggestions)

A source gives every reminder that is due *now* under its own rule, whether or not it went
before: the log decides. Each `Due` is named by (target, stage, period key); the period key (a
month, a quarter, a deadline, a duty's date, a state) is what makes catch-up work after an outage
of any length: a sweep does not look back over a window of days, it asks for every key that is
due and sends the ones the log does not have.

`run` claims by inserting: the log row for (target, stage, period) is unique, so it is inserted
with this run's token and only the rows carrying the token are sent. Rows, notifications and the
source's own bookkeeping (`on_claimed`) are written in one transaction: two beats at once send
once (the second insert waits for the first and finds the row), a worker killed half-way leaves
nothing behind and the next run sends it all. Who is told comes from `core.recipients`; a reminder
nobody can receive is logged as undeliverable and shown on the staff workbench.
"""

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from notifications.services import notify_many

from . import recipients
from .models import ReminderLog, ReminderStatus

CHUNK = 500


@dataclass(frozen=True)
class Due:
    target: str  # "app.model:pk"
    stage: str
    period: str
    region_id: str
    audience: recipients.Audience
    kind: str  # the notification's kind
    subject: str
    body: str = ""
    link: str = ""
    digest: str = ""  # reminders with one digest key reach each person as one notification
    line: str = ""  # what this reminder adds to its digest
    link_for: Callable | None = None  # user -> a link of their own (None: `link`), e.g. a unit's page

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.target, self.stage, self.period)


@dataclass
class Outcome:
    due: int = 0
    claimed: list = field(default_factory=list)
    notifications: int = 0
    undeliverable: int = 0

    def as_dict(self) -> dict:
        return {
            "due": self.due,
            "claimed": len(self.claimed),
            "notifications": self.notifications,
            "undeliverable": self.undeliverable,
        }


Digest = Callable[[list[Due]], tuple[str, str]]  # items of one digest -> (subject, body)


def refresh_statistics(table: str, rows: int) -> None:
    """After a large insert, let PostgreSQL's planner see the new rows at once (autovacuum would
    only later): without it the anti-joins of the next sweep pick nested loops over 10,000s of rows."""
    if rows >= 1000 and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")


def _logged(keys: list[tuple]) -> set[tuple]:
    found = set()
    targets = sorted({k[0] for k in keys})
    for i in range(0, len(targets), CHUNK):
        found.update(
            ReminderLog.objects.filter(target__in=targets[i : i + CHUNK]).values_list("target", "stage", "period")
        )
    return found


def _claim(fresh: list[Due], people: dict) -> set[tuple]:
    """Insert a log row for each reminder; return the keys of the rows this run inserted."""
    token = uuid.uuid4().hex
    ReminderLog.objects.bulk_create(
        [
            ReminderLog(
                target=d.target,
                stage=d.stage,
                period=d.period,
                kind=d.kind,
                region_id=d.region_id,
                subject=d.subject[:200],
                link=d.link,
                recipients=len(people[d.audience]),
                status=ReminderStatus.SENT if people[d.audience] else ReminderStatus.UNDELIVERABLE,
                claim=token,
            )
            for d in fresh
        ],
        batch_size=CHUNK,
        ignore_conflicts=True,
    )
    return set(ReminderLog.objects.filter(claim=token).values_list("target", "stage", "period"))


def _dedup_key(group: str, items: list[Due]) -> str:
    tag = hashlib.sha1("|".join(sorted(":".join(d.key) for d in items)).encode()).hexdigest()[:16]
    return f"reminder:{group[:150]}:{tag}"


@transaction.atomic
def run(items: Iterable[Due], *, digest: Digest | None = None, on_claimed=None) -> Outcome:
    """Send every due reminder the log does not have yet, once; log the undeliverable ones."""
    unique = {d.key: d for d in items}
    outcome = Outcome(due=len(unique))
    if not unique:
        return outcome
    logged = _logged(list(unique))
    fresh = [d for k, d in unique.items() if k not in logged]
    if not fresh:
        return outcome
    # Who is told is settled before the claim, so the row is written once, with its outcome.
    people = recipients.resolve({d.audience for d in fresh})
    ours = _claim(fresh, people)
    claimed = [d for d in fresh if d.key in ours]
    refresh_statistics(ReminderLog._meta.db_table, len(claimed))
    outcome.claimed = claimed

    # Per digest (or per reminder), per person: the reminders that person gets in one notification.
    per_person = defaultdict(lambda: defaultdict(list))
    for d in claimed:
        group = d.digest or ":".join(d.key)
        for user in people[d.audience]:
            per_person[group][user].append(d)
    for group, by_user in per_person.items():
        bundles = defaultdict(list)
        for user, its in by_user.items():
            link = (its[0].link_for and its[0].link_for(user)) or its[0].link
            bundles[(tuple(its), link)].append(user)
        for (its, link), users in bundles.items():
            its = list(its)
            subject, body = digest(its) if (digest and its[0].digest) else (its[0].subject, its[0].body)
            outcome.notifications += notify_many(
                users, kind=its[0].kind, subject=subject, body=body, link=link, dedup_key=_dedup_key(group, its)
            )

    outcome.undeliverable = sum(1 for d in claimed if not people[d.audience])
    if on_claimed:
        on_claimed(claimed)
    return outcome
