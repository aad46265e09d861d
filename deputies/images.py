"""Uploaded photos: the type is checked by content (not by the file name), the size is limited, the
image is re-encoded (dropping whatever else the file carried, EXIF included) and a thumbnail is made."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP"}
LONG_SIDE = 1600
THUMB_SIDE = 320


def process_image(upload, stem: str = "photo") -> tuple[ContentFile, ContentFile]:
    """Return (re-encoded JPEG, thumbnail JPEG) or raise a ValidationError in Chinese."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(_("照片不能超过 5 MB，请压缩后再上传"), code="too_big")
    try:
        upload.seek(0)
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ValidationError(_("照片不能超过 5 MB，请压缩后再上传"), code="too_big")
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            if kind not in ALLOWED_FORMATS:
                raise ValidationError(_("只能上传 JPG、PNG 等常见格式的照片"), code="bad_type")
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("照片像素过大，请缩小后再上传"), code="too_many_pixels")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("无法识别这个文件，请上传 JPG 或 PNG 格式的照片"), code="not_image") from None
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((LONG_SIDE, LONG_SIDE))
    full = io.BytesIO()
    image.save(full, "JPEG", quality=85, optimize=True)
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    small = io.BytesIO()
    thumb.save(small, "JPEG", quality=80)
    return ContentFile(full.getvalue(), name=f"{stem}.jpg"), ContentFile(small.getvalue(), name=f"{stem}_thumb.jpg")


def attach_photo(instance, upload, stem: str, image_field: str = "image", thumb_field: str = "thumbnail") -> None:
    """Validate and re-encode `upload`, then store the photo and its thumbnail on `instance`
    (not saved: the caller saves the row with the rest of it)."""
    full, thumb = process_image(upload, stem=stem)
    getattr(instance, image_field).save(full.name, full, save=False)
    getattr(instance, thumb_field).save(thumb.name, thumb, save=False)
