"""Every file field of every model is served through core/files.py's checked route: enumerated from
the installed models, not listed, so a new FileField without a route (or linked by its /media/
URL) fails here."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from accounts.scoping import is_scoped_model, visible
from core import files

ROOT = Path(settings.BASE_DIR)
STAFF = ("anyang_staff", "taiqian_staff")
JPEG = b"\xff\xd8\xff\xe0 not really a jpeg, enough for a download"


def _first_visible(model, user):
    return visible(model, user).order_by("pk").first()


def _builders():
    """Rows for the file models the demo leaves empty, hung on a parent record of one county. A model
    that is neither in the demo nor here fails the test below (add one line)."""
    from collaboration.models import Collaboration, Document
    from deputies.models import Activity, ActivityPhoto
    from livelihood.models import Cadence, ProgressUpdate, Project, ReviewAttachment, ReviewMeeting
    from suggestions.models import Attachment, Suggestion, Supplement

    anyang = User.objects.get(username="anyang_staff")
    taiqian = User.objects.get(username="taiqian_staff")

    def meeting():
        return ReviewMeeting.objects.create(
            region_id=anyang.region_id, cadence=Cadence.MONTHLY, held_on="2026-05-10", title="听取会", attendees="甲"
        )

    return {
        ActivityPhoto: lambda: ActivityPhoto(activity=_first_visible(Activity, anyang)),
        Attachment: lambda: Attachment(suggestion=_first_visible(Suggestion, anyang), name="方案（定稿）.pdf"),
        Supplement: lambda: Supplement(suggestion=_first_visible(Suggestion, anyang), text="补充"),
        ProgressUpdate: lambda: ProgressUpdate(project=_first_visible(Project, anyang), note="进展"),
        ReviewAttachment: lambda: ReviewAttachment(meeting=meeting(), name="审议纪要"),
        Document: lambda: Document(collaboration=_first_visible(Collaboration, taiqian), title="协议 文本"),
    }


def _one_sided(model):
    """A record one demo county's staff may see and the other's may not, with (seer, other)."""
    users = [User.objects.get(username=u) for u in STAFF]
    for attempt in range(2):
        for seer, other in (users, users[::-1]):
            hidden = visible(model, other).values("pk")
            row = visible(model, seer).exclude(pk__in=hidden).order_by("pk").first()
            if row is not None:
                return row, seer, other
        build = _builders().get(model)
        if attempt or build is None:
            break
        row = build()
        for field in model._meta.get_fields():  # required files: a placeholder the test replaces
            if isinstance(field, models.FileField) and not field.blank:
                getattr(row, field.name).save("占位.bin", ContentFile(b"x"), save=False)
        row.save()
    return None, None, None


def _attach(row, field, name, data):
    getattr(row, field).save(name, ContentFile(data), save=False)
    type(row)._default_manager.filter(pk=row.pk).update(**{field: getattr(row, field).name})
    return type(row)._default_manager.get(pk=row.pk)


def test_the_enumeration_finds_the_file_fields_we_know():
    found = {f"{m._meta.label}.{f}" for m, f in files.file_fields()}
    # A floor, not the list: a new field is served by the enumeration without being added here.
    assert {"livelihood.ReviewAttachment.file", "suggestions.Attachment.file", "deputies.Deputy.photo"} <= found
    assert len(found) >= 12


@pytest.mark.django_db
def test_every_file_field_has_a_checked_route_that_keeps_to_the_branch(demo):
    failures = []
    for model, field in files.file_fields():
        label = f"{model._meta.label}.{field}"
        if not is_scoped_model(model):
            failures.append(f"{label}: the model has no visible_to(user), so its files cannot be checked")
            continue
        row, seer, other = _one_sided(model)
        if row is None:
            failures.append(f"{label}: the demo has no record one county sees and the other does not")
            continue
        is_image = isinstance(model._meta.get_field(field), models.ImageField)
        ext = ".jpg" if is_image else ".pdf"
        row = _attach(row, field, f"审议 纪要（第1次）{ext}", JPEG if is_image else b"%PDF-1.4 private")
        url = files.file_url(row, field)
        assert url.startswith("/files/"), url
        ok = Client()
        ok.force_login(seer)
        r = ok.get(url)
        if r.status_code != 200:
            failures.append(f"{label}: {seer.username} got {r.status_code} for their own county's file")
            continue
        body = b"".join(r.streaming_content)
        name = files.download_name(row, field)
        checks = {
            "body": body == getattr(row, field).open("rb").read(),
            "disposition": r["Content-Disposition"].startswith("inline;" if is_image else "attachment;"),
            "RFC 5987 name": f"filename*=utf-8''{quote(name)}" in r["Content-Disposition"],
            "nosniff": r["X-Content-Type-Options"] == "nosniff",
            "type": r["Content-Type"] == ("image/jpeg" if is_image else "application/pdf"),
            "private cache": r["Cache-Control"].startswith("private"),
        }
        failures += [f"{label}: {what} wrong ({dict(r.headers)})" for what, good in checks.items() if not good]
        no = Client()
        no.force_login(other)
        if no.get(url).status_code != 404:
            failures.append(f"{label}: {other.username} (another county) was not refused")
        if Client().get(url).status_code != 404:
            failures.append(f"{label}: an anonymous visitor was not refused")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_public_files_are_exactly_those_the_models_declare(demo):
    """The public route exists only for declared fields, and serves only records of the public rule."""
    declared = 0
    for model, field in files.file_fields():
        method = files.public_fields(model).get(field)
        key = f"core:public_file_{model._meta.app_label}_{model._meta.model_name}_{field}"
        if not method:
            with pytest.raises(NoReverseMatch):
                reverse(key, args=[1])
            continue
        declared += 1
        public = getattr(model._default_manager.all(), method)()
        row = public.order_by("pk").first()
        assert row is not None, f"{model._meta.label}: the demo has no public record"
        row = _attach(row, field, "公开照片.jpg", JPEG)
        r = Client().get(files.public_file_url(row, field))
        assert r.status_code == 200 and r["Cache-Control"].startswith("public"), model._meta.label
        hidden = model._default_manager.exclude(pk__in=public.values("pk")).order_by("pk").first()
        if hidden is not None:
            hidden = _attach(hidden, field, "不公开.jpg", JPEG)
            assert Client().get(files.public_file_url(hidden, field)).status_code == 404, model._meta.label
    assert declared >= 3  # deputies' photos, stations' photos, published reply letters


def test_no_template_links_a_file_by_its_media_url():
    names = "|".join(sorted({re.escape(f) for _m, f in files.file_fields()}))
    pattern = re.compile(rf"\.({names})\.url\b")
    offenders = []
    for path in ROOT.rglob("*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts or "vendor" in path.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}")
    assert not offenders, offenders


@pytest.mark.django_db
def test_dangerous_types_are_downloaded_as_bytes_and_a_lost_file_is_a_404(demo, settings):
    from livelihood.models import ReviewAttachment

    row, seer, _other = _one_sided(ReviewAttachment)
    row = _attach(row, "file", "页面.html", b"<script>alert(1)</script>")
    c = Client()
    c.force_login(seer)
    r = c.get(files.file_url(row, "file"))
    assert r["Content-Type"] == "application/octet-stream" and r["Content-Disposition"].startswith("attachment")
    assert "sandbox" in r["Content-Security-Policy"]
    assert files.content_type_of("a.svg") == "application/octet-stream"
    # Production: Django checks and names the file, nginx streams it from the internal location.
    settings.MEDIA_ACCEL_REDIRECT = "/_protected_media/"
    r = c.get(files.file_url(row, "file"))
    assert r["X-Accel-Redirect"] == "/_protected_media/" + quote(row.file.name) and r.content == b""
    assert r["Content-Disposition"].startswith("attachment;")
    settings.MEDIA_ACCEL_REDIRECT = ""
    row.file.storage.delete(row.file.name)
    assert c.get(files.file_url(row, "file")).status_code == 404


@pytest.mark.django_db
def test_the_admin_links_a_current_file_through_the_checked_route(demo):
    from deputies.models import Deputy

    staff = User.objects.get(username="anyang_staff")
    deputy = visible(Deputy, staff).order_by("pk").first()
    deputy = _attach(deputy, "photo", "照片.jpg", JPEG)
    c = Client()
    c.force_login(staff)
    page = c.get(reverse("admin:deputies_deputy_change", args=[deputy.pk])).content.decode()
    assert files.file_url(deputy, "photo") in page
    assert settings.MEDIA_URL + deputy.photo.name not in page


def test_a_public_link_to_a_private_field_is_refused():
    from livelihood.models import ReviewAttachment

    with pytest.raises(KeyError):
        files.public_file_url(ReviewAttachment(pk=1), "file")
