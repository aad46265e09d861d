import datetime
import io

import factory
from factory.django import DjangoModelFactory
from PIL import Image

from accounts.models import Region
from deputies.models import Activity, ActivityParticipant, ActivityStatus, Congress, Deputy, Level, Mandate, Term


class DeputyFactory(DjangoModelFactory):
    class Meta:
        model = Deputy

    name = factory.Sequence(lambda n: f"代表{n}")
    gender = "M"
    mobile = factory.Sequence(lambda n: f"138{n:08d}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="410522"))


def term_for(code="410522", number=16):
    congress, _ = Congress.objects.get_or_create(
        region_id=code, level=Level.COUNTY, defaults={"name": f"{Region.objects.get(code=code).name}人民代表大会"}
    )
    term, _ = Term.objects.get_or_create(
        congress=congress, number=number, defaults={"start_date": datetime.date(2021, 10, 1)}
    )
    return term


def seated(deputy, term=None, **kwargs):
    term = term or term_for(deputy.region_id[:6])
    Mandate.objects.create(deputy=deputy, term=term, start_date=term.start_date, **kwargs)
    return deputy


def activity(deputies, status=ActivityStatus.VERIFIED, kind="research", date=None, region=None, lead=True, **kw):
    deputies = list(deputies)
    a = Activity.objects.create(
        kind=kind,
        title=kw.pop("title", "调研活动"),
        date=date or datetime.date(2026, 5, 10),
        region=region or deputies[0].region,
        status=status,
        return_reason="原因" if status == ActivityStatus.RETURNED else "",
        **kw,
    )
    for i, d in enumerate(deputies):
        ActivityParticipant.objects.create(activity=a, deputy=d, role="lead" if lead and i == 0 else "participant")
    return a


def image_file(name="p.jpg", size=(800, 600), fmt="JPEG"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, fmt)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")
