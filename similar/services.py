"""Indexing (on save, through the signals connected in apps.py) and the two questions asked of the
index: which items are similar to this text, and which unit handled the most similar past items.

Scoring is TF-IDF cosine in the lnc.ltc scheme, summed in SQL over the postings of the query's
grams: score(d) = Σ_g q(g)·idf(g)·w(d,g) / (|q|·|d|), where w(d,g) = 1 + log tf is stored per
posting, |d| is stored per document, and q(g) = (1 + log tf_q)·idf(g). Only candidates the user may
see take part: each kind contributes `object_id IN (Model.objects.visible_to(user))`."""

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Case, Count, Exists, F, FloatField, OuterRef, Q, Sum, Value, When
from django.utils import timezone

from accounts.models import Unit

from .models import Document, GramStat, Posting, Proposal
from .registry import SimilarKind, by_key, for_model, kinds
from .text import grams, marked

# Below this cosine an item is not "similar". Chosen on the labelled set (tests/load/similar_bench.py,
# docs/similar.md): 0.1 loses rewrites (recall@5 0.56), 0.05 lets in noise (precision@5 0.62);
# 0.07 gives 0.69 / 0.81. Unrelated complaints of the tests score under 0.05.
THRESHOLD = 0.07
# The rarest query grams only: a 300-character complaint has ~600 grams, and the common ones
# ("的问", "问题") add candidates without changing the order.
QUERY_GRAMS = 80
# ... and no more postings than this in all (the rarest grams first), but at least a few grams.
# At 1,400,000 documents reading every posting of 80 grams is millions of rows (docs/similar.md).
POSTINGS_BUDGET = 20_000
MIN_QUERY_GRAMS = 3
# Stage 1 of a staff search reads at most this many postings of one common gram (its newest)...
GRAM_CAP = 5_000
# ... and keeps this many documents for exact scoring and filtering.
CANDIDATES = 150
COUNTY = 6  # significant digits of a county's code


def _weights(counts: Counter) -> dict[str, float]:
    return {g: 1.0 + math.log(tf) for g, tf in counts.items()}


def index(kind: SimilarKind, obj) -> None:
    """Bring one record's index rows up to date; cheap when nothing indexed changed (every save of
    a suggestion passes here, most change only its state)."""
    text = kind.text(obj)
    digest = hashlib.sha256(text.encode()).hexdigest()
    region_id = kind.region_of(obj)
    unit_id = kind.unit_of(obj)
    created = getattr(obj, kind.date, None) or timezone.now()
    doc = Document.objects.filter(kind=kind.key, object_id=obj.pk).first()
    if doc and doc.digest == digest and doc.region_id == region_id and doc.unit_id == unit_id:
        return
    with transaction.atomic():
        if unit_id and (doc is None or doc.unit_id != unit_id):
            _settle_proposal(kind, obj.pk, unit_id)
        if doc and doc.digest == digest:
            Document.objects.filter(pk=doc.pk).update(region_id=region_id, unit_id=unit_id)
            return
        weights = _weights(grams(text))
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        doc, _ = Document.objects.update_or_create(
            kind=kind.key,
            object_id=obj.pk,
            defaults={"region_id": region_id, "unit_id": unit_id, "created": created, "norm": norm, "digest": digest},
        )
        Posting.objects.filter(document=doc).delete()
        Posting.objects.bulk_create([Posting(gram=g, document=doc, weight=w) for g, w in weights.items()])


def remove(kind: SimilarKind, pk) -> None:
    Document.objects.filter(kind=kind.key, object_id=pk).delete()


def index_instance(sender, instance, **kwargs):
    if instance.__dict__.pop("_similar_later", False):
        return  # left to index_pending (index_later)
    kind = for_model(sender)
    if kind and kind.region_of(instance):
        index(kind, instance)


# How far back index_pending looks: a record deferred and missed for longer (beat down for days)
# waits for the weekly rebuild.
PENDING_WINDOW = timedelta(days=2)


def index_later(instance) -> None:
    """Skip the indexing of the next save of `instance` (its insert): index_pending (beat, every
    minute) indexes it. For the citizen's message POST, where indexing cost more than storing the
    message; meanwhile the record is missing from other records' similar lists, never from its own
    (similar_to reads the record's text, not its index entry)."""
    kind = for_model(type(instance))
    if kind is None or not kind.deferred:
        raise ValueError(f"{type(instance).__name__} is not a deferred kind: index_pending would never index it")
    instance._similar_later = True


def index_pending(since=None) -> int:
    """Index the records of deferred kinds saved since `since` (default PENDING_WINDOW ago) that have no
    index entry yet; returns how many. Safe to run any number of times, in several processes at once:
    index() takes the document row with update_or_create under the (kind, object_id) unique index."""
    since = since or timezone.now() - PENDING_WINDOW
    done = 0
    for kind in kinds():
        if not kind.deferred:
            continue
        indexed = Document.objects.filter(kind=kind.key, object_id=OuterRef("pk"))
        missing = kind.model.objects.filter(**{f"{kind.date}__gte": since}).filter(~Exists(indexed)).order_by("pk")
        for obj in missing.iterator(chunk_size=200):
            if kind.region_of(obj):
                index(kind, obj)
                done += 1
    return done


def remove_instance(sender, instance, **kwargs):
    kind = for_model(sender)
    if kind:
        remove(kind, instance.pk)


def rebuild(batch: int = 500) -> int:
    """Index every record of every declared kind again (the management command and Celery task)."""
    done = 0
    for kind in kinds():
        Document.objects.filter(kind=kind.key).delete()
        for obj in kind.model.objects.order_by("pk").iterator(chunk_size=batch):
            if kind.region_of(obj):
                index(kind, obj)
                done += 1
    refresh_stats()
    return done


@dataclass
class Hit:
    kind: SimilarKind
    object_id: int
    score: float
    created: object
    unit_id: int | None = None
    obj: object = None
    snippet: str = ""
    url: str = ""
    words: list = field(default_factory=list)

    @property
    def percent(self):
        return round(self.score * 100)

    @property
    def note(self) -> str:
        """The mark (已并案 and the like) of a record already handled with a suggestion, or ""."""
        return self.kind.joined_label if self.obj is not None and self.kind.is_joined(self.obj) else ""


def refresh_stats() -> int:
    """Recompute the gram statistics snapshot (`GramStat`) from the postings; returns the number of
    documents. One grouped scan of the (gram, document) index."""
    with transaction.atomic():
        GramStat.objects.all().delete()
        counts = Posting.objects.values_list("gram").annotate(n=Count("id")).order_by()
        GramStat.objects.bulk_create((GramStat(gram=g, df=n) for g, n in counts.iterator()), batch_size=5000)
        total = Document.objects.count()
        GramStat.objects.create(gram="", df=total)
    return total


def _frequencies(grams_: list[str]) -> tuple[int, dict[str, int]]:
    """(number of documents, document frequency of each gram): from the snapshot, the grams it
    lacks counted live; everything live when there is no snapshot (a new or small index)."""
    stats = dict(GramStat.objects.filter(gram__in=["", *grams_]).values_list("gram", "df"))
    total = stats.pop("", None)
    if total is None:
        stats = {}
        total = Document.objects.count()
    missing = [g for g in grams_ if g not in stats]
    if missing:
        stats.update(Posting.objects.filter(gram__in=missing).values_list("gram").annotate(n=Count("id")).order_by())
    return total or 1, {g: n for g, n in stats.items() if n > 0}


def _query_vector(text: str):
    counts = grams(text)
    if not counts:
        return {}, {}, 1.0
    total, df = _frequencies(list(counts))
    weights, norm2 = {}, 0.0
    for g, tf in counts.items():
        idf = math.log((1 + total) / (1 + df.get(g, 0))) + 1.0
        w = (1.0 + math.log(tf)) * idf
        norm2 += w * w
        if g in df:
            weights[g] = w
    # `full`: the QUERY_GRAMS rarest grams, which score; `kept`: the rarest of them until their
    # postings would pass the budget, which find the candidates (a near-duplicate shares its rare
    # grams: a place, a unit, 路灯坏; the common ones only add candidates to sum).
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:QUERY_GRAMS]  # highest idf·tf first
    full = dict(ranked)
    kept, read = {}, 0
    for g, w in ranked:
        cost = min(df[g], GRAM_CAP)
        if read + cost > POSTINGS_BUDGET and len(kept) >= MIN_QUERY_GRAMS:
            break
        kept[g] = (w, df[g])
        read += cost
    return kept, full, math.sqrt(norm2) or 1.0


def _visible_documents(user, only: tuple[str, ...] = (), within=None, prefix="document__") -> Q:
    """`within`: {kind key: queryset} to search instead of what `user` may see (a deputy's duplicate
    warning searches the submitted suggestions of their county's session, see suggestions)."""
    condition = Q(pk__in=[])
    for kind in kinds():
        if only and kind.key not in only:
            continue
        if within is not None:
            if kind.key not in within:
                continue
            visible = within[kind.key].values("pk")
        else:
            visible = kind.model.objects.visible_to(user).values("pk")
        condition |= Q(**{f"{prefix}kind": kind.key, f"{prefix}object_id__in": visible})
    return condition


def _branch(user) -> str | None:
    """The region prefix that bounds what a region's staff may see ("" for a superuser), or None
    for anyone else (a deputy, a unit): their visible sets are small and filtered exactly."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return ""
    if getattr(user, "is_region_staff", False) and user.region_id:
        return user.region_id
    return None


def _verified(rows, user):
    """The candidate rows whose records `user` may see (visible_to, on these few ids only)."""
    by_kind = defaultdict(set)
    for r in rows:
        by_kind[r["document__kind"]].add(r["document__object_id"])
    seen = set()
    for key, ids in by_kind.items():
        kind = by_key().get(key)
        if kind:
            seen.update(
                (key, pk) for pk in kind.model.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
            )
    return [r for r in rows if (r["document__kind"], r["document__object_id"]) in seen]


def _score(weights):
    return Sum(
        Case(*[When(gram=g, then=Value(w)) for g, w in weights.items()], default=Value(0.0), output_field=FloatField())
        * F("weight"),
        output_field=FloatField(),
    )


def _candidates(kept) -> list[int]:
    """Stage 1 for a region's staff: the documents with the highest partial score over the rarest
    grams (the budget), from the postings alone — no join, no filter: one covering-index range per
    gram and a hash aggregate. A gram held by more than GRAM_CAP documents contributes its newest
    GRAM_CAP (its postings from the GRAM_CAP-th newest document on, one index range), so no common
    gram drags in a hundred thousand rows; rarer grams are read whole. Stage 2 filters and scores
    the candidates exactly."""
    condition = Q(gram__in=[g for g, (_w, df) in kept.items() if df <= GRAM_CAP])
    for g, (_w, df) in kept.items():
        if df > GRAM_CAP:
            newest = Posting.objects.filter(gram=g).order_by("-document_id").values_list("document_id", flat=True)
            floor = newest[GRAM_CAP - 1 : GRAM_CAP].first()
            condition |= Q(gram=g, document_id__gte=floor) if floor is not None else Q(gram=g)
    rows = (
        Posting.objects.filter(condition)
        .values("document_id")
        .annotate(raw=_score({g: w for g, (w, _df) in kept.items()}))
        .order_by("-raw", "-document_id")[:CANDIDATES]
    )
    return [r["document_id"] for r in rows]


def search(
    text, user, *, exclude=None, only=(), region_prefix="", assigned=False, limit=10, threshold=THRESHOLD, within=None
):
    """The items most similar to `text` among those `user` may see, best first, newest first among
    equal scores (scores compared to 3 decimals, so SQLite and PostgreSQL order the same way).

    A region's staff (whose `visible_to` is their whole branch: hundreds of thousands of records at
    scale) search in two stages: the CANDIDATES best documents on the rarest grams (`_candidates`),
    then, for those only, every filter (branch, kind, unit, exclusion), the full score over the
    query's grams and a `visible_to` check of the few ids. Anyone else (a deputy, a unit, the
    duplicate warning's `within`) has a small visible set and is filtered exactly inside the SQL."""
    weights, full, qnorm = _query_vector(text)
    if not weights:
        return []
    branch = _branch(user) if within is None else None
    postings = Posting.objects.filter(gram__in=list(full))
    if branch is None:
        docs = Document.objects.filter(_visible_documents(user, only, within, prefix=""))
    else:
        docs = Document.objects.filter(pk__in=_candidates(weights))
        if branch:
            docs = docs.filter(region__code__startswith=branch)
        if only:
            docs = docs.filter(kind__in=only)
    if exclude is not None:
        docs = docs.exclude(kind=exclude[0], object_id=exclude[1])
    if region_prefix:
        docs = docs.filter(region__code__startswith=region_prefix)
    if assigned:
        docs = docs.filter(unit__isnull=False)
    rows = list(
        postings.filter(document__in=docs.values("pk"))
        .values("document__kind", "document__object_id", "document__norm", "document__created", "document__unit")
        .annotate(raw=_score(full))
        .annotate(cosine=F("raw") / F("document__norm"))
        .order_by("-cosine", "-document__created", "-document__object_id")[: limit * 3 if branch is None else None]
    )
    if branch is not None:
        rows = _verified(rows, user)
    hits = []
    for r in rows:
        cosine = round(r["raw"] / (r["document__norm"] * qnorm), 3)
        kind = by_key().get(r["document__kind"])
        if cosine >= threshold and kind:
            hits.append(Hit(kind, r["document__object_id"], cosine, r["document__created"], r["document__unit"]))
    hits.sort(key=lambda h: (-h.score, -h.created.timestamp(), -h.object_id))
    return hits[:limit]


def similar_to(obj, user, limit=10):
    """`search` for a record's own text, with each hit's record, marked snippet and shared words."""
    kind = for_model(type(obj))
    if kind is None:
        return []
    text = kind.text(obj)
    hits = search(text, user, exclude=(kind.key, obj.pk), limit=limit)
    return decorate(hits, text, user)


def decorate(hits, text, user):
    query_grams = set(grams(text))
    by_kind = defaultdict(list)
    for h in hits:
        by_kind[h.kind].append(h.object_id)
    records = {}
    for kind, ids in by_kind.items():
        for obj in kind.model.objects.visible_to(user).filter(pk__in=ids):
            records[(kind.key, obj.pk)] = obj
    shown = []
    for h in hits:
        h.obj = records.get((h.kind.key, h.object_id))
        if h.obj is None:
            continue
        h.url = h.kind.url(h.object_id, user)
        h.snippet, h.words = marked(h.kind.text(h.obj), query_grams)
        h.words = [w for w in h.words if len(w) >= 2][:6]
        shown.append(h)
    return shown


@dataclass
class UnitProposal:
    unit: object
    score: float
    reasons: list  # the similar past items handled by this unit


def propose_units(obj, user, limit=2, neighbours=10):
    """The unit(s) that handled the most similar past items of the same county, weighted by
    similarity, with those items as the reason. The top one is recorded as the first proposal."""
    kind = for_model(type(obj))
    region_id = kind.region_of(obj) if kind else None
    if not region_id:
        return []
    text = kind.text(obj)
    hits = search(
        text, user, exclude=(kind.key, obj.pk), region_prefix=region_id[:COUNTY], assigned=True, limit=neighbours
    )
    votes = defaultdict(float)
    reasons = defaultdict(list)
    for h in hits:
        votes[h.unit_id] += h.score
        reasons[h.unit_id].append(h)
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    units = Unit.objects.in_bulk([u for u, _ in ranked])
    proposals = [UnitProposal(units[u], round(s, 3), decorate(reasons[u][:3], text, user)) for u, s in ranked]
    if proposals and kind.unit_of(obj) is None:
        Proposal.objects.get_or_create(
            kind=kind.key, object_id=obj.pk, defaults={"region_id": region_id, "unit": proposals[0].unit}
        )
    return proposals


def _settle_proposal(kind, pk, unit_id):
    # The first assignment after a proposal tells whether it was accepted; later changes do not.
    proposal = Proposal.objects.filter(kind=kind.key, object_id=pk, accepted__isnull=True).first()
    if proposal:
        proposal.chosen_id = unit_id
        proposal.accepted = proposal.unit_id == unit_id
        proposal.save(update_fields=["chosen", "accepted"])


def hit_rate(user):
    """(accepted, decided) over the proposals of the user's branch."""
    decided = Proposal.objects.visible_to(user).filter(accepted__isnull=False)
    return decided.filter(accepted=True).count(), decided.count()
