"""Every uploaded file of the portal is served here, never from /media/ directly.

Uploads hold personal data (a review's minutes, a suggestion's attachments, a unit's reply letter),
and their paths are guessable (`livelihood/reviews/2026/纪要.pdf`), so nginx answers 404 for all of
/media/ and each file field gets two routes, built by enumerating the models (a new FileField is
served without new code, and tests/core/test_files.py fails if one is not):

- `/files/<app>/<model>/<field>/<pk>/` — the checked route: the record must be in
  `Model.objects.visible_to(user)`, otherwise 404 as for a record that does not exist;
- `/files/public/<app>/<model>/<field>/<pk>/` — only for the fields a model lists in
  `public_files` (field → name of a queryset method giving the records whose file the public may
  see): the photos of current deputies (the citizens' QR page), the photos of active stations (the
  station's public page) and the reply letters of published suggestions.

The response carries the original (possibly Chinese) name (RFC 5987), a content type from a short
list of harmless types (anything else is application/octet-stream, so an uploaded .html or .svg is
never rendered in the portal's origin), `nosniff` and a CSP that allows nothing; it is an attachment
(a download) except for the raster photos of that list, which pages show inline. With
`MEDIA_ACCEL_REDIRECT` set (production behind nginx) Django only checks and names the file and nginx
streams it from an `internal` location (deploy/nginx/renda.conf)."""

import os
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.http import content_disposition_header

from accounts.scoping import view_scope, visible

# Types a browser shows or hands to an office program, never runs in the page's origin.
SAFE_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".txt": "text/plain; charset=utf-8",
    ".zip": "application/zip",
}
FALLBACK_TYPE = "application/octet-stream"


def file_fields():
    """(model, field name) for every FileField (ImageField included) of every installed model."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                found.append((model, field.name))
    return found


def _key(model, field: str) -> str:
    return f"{model._meta.app_label}_{model._meta.model_name}_{field}"


def public_fields(model) -> dict[str, str]:
    return dict(getattr(model, "public_files", {}) or {})


def file_url(instance, field: str) -> str:
    """The checked route of one record's file."""
    return reverse(f"core:file_{_key(type(instance), field)}", args=[instance.pk])


def public_file_url(instance, field: str) -> str:
    """The public route of a file the model declares public (a KeyError otherwise: a private file
    must never be linked from a public page)."""
    public_fields(type(instance))[field]
    return reverse(f"core:public_file_{_key(type(instance), field)}", args=[instance.pk])


def content_type_of(name: str) -> str:
    return SAFE_TYPES.get(os.path.splitext(name)[1].lower(), FALLBACK_TYPE)


def download_name(instance, field: str) -> str:
    """The name the browser saves the file under: the record's own name for it when it has one
    (`download_name(field)` on the model), always with the stored file's extension."""
    stored = os.path.basename(getattr(instance, field).name)
    own = instance.download_name(field) if hasattr(instance, "download_name") else ""
    own = (own or "").strip().replace("/", "_").replace("\\", "_")
    if not own:
        return stored
    ext = os.path.splitext(stored)[1]
    return own if own.lower().endswith(ext.lower()) else own + ext


def serve(fieldfile, filename: str, *, public: bool = False) -> HttpResponse:
    """The response for one stored file: the only way a file leaves the portal."""
    if not fieldfile:
        raise Http404
    content_type = content_type_of(fieldfile.name)
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(fieldfile.name)
    else:
        try:
            handle = fieldfile.open("rb")
        except (FileNotFoundError, IsADirectoryError) as exc:  # the row outlived its file: a 404, not a 500
            raise Http404 from exc
        response = FileResponse(handle, content_type=content_type)
    # Photos from the list are shown by <img> and opened in a tab (a raster image cannot run script,
    # and nosniff keeps a disguised one from being read as anything else); every other file is a
    # download, which the security audit trail records (accounts/middleware.py) — a page of
    # thumbnails is not an export of personal data.
    inline = content_type.startswith("image/")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # A checked file may be kept by this browser only; a public photo by any cache for an hour.
    response["Cache-Control"] = "public, max-age=3600" if public else "private, max-age=300"
    if not public:
        response["Vary"] = "Cookie"
    return response


def _checked_view(model, field):
    @view_scope("region", pk=model)
    def download(request, pk):
        # Every visible_to yields a record once (tests/accounts/test_visible_once.py), so get() suffices.
        row = get_object_or_404(visible(model, request.user), pk=pk)
        return serve(getattr(row, field), download_name(row, field))

    download.__name__ = download.__qualname__ = f"download_{_key(model, field)}"
    download.__doc__ = f"{model._meta.label}.{field}: only to who may see the record."
    return download


def _public_view(model, field, method):
    @view_scope("public")
    def public_download(request, pk):
        row = get_object_or_404(getattr(model._default_manager.all(), method)(), pk=pk)
        return serve(getattr(row, field), download_name(row, field), public=True)

    public_download.__name__ = public_download.__qualname__ = f"public_download_{_key(model, field)}"
    public_download.__doc__ = f"{model._meta.label}.{field}: public where `{method}()` says so."
    return public_download


def urlpatterns():
    patterns = []
    for model, field in file_fields():
        label = f"{model._meta.app_label}/{model._meta.model_name}/{field}"
        patterns.append(path(f"{label}/<int:pk>/", _checked_view(model, field), name=f"file_{_key(model, field)}"))
        method = public_fields(model).get(field)
        if method:
            patterns.append(
                path(
                    f"public/{label}/<int:pk>/",
                    _public_view(model, field, method),
                    name=f"public_file_{_key(model, field)}",
                )
            )
    return patterns


class _Linked:
    """A stored file as the admin's file widget shows it: its name, linked to the checked route."""

    def __init__(self, fieldfile):
        self.fieldfile = fieldfile
        self.url = file_url(fieldfile.instance, fieldfile.field.name)

    def __str__(self):
        return str(self.fieldfile)


class CheckedFileInput(AdminFileWidget):
    """The admin's "currently: <file>" link, pointing at the checked route instead of /media/
    (which nginx refuses). The scoped admin (accounts.scoping) uses it for every file field."""

    def format_value(self, value):
        value = super().format_value(value)
        if value is not None and getattr(value, "instance", None) is not None and value.instance.pk:
            return _Linked(value)
        return value
