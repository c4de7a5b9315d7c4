"""Photos from staff and residents (safety-walk findings, place reports), stored without their
metadata: an EXIF position or time could tell who took the photo where and when."""

import io
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from tryggve.core.files import refuse_oversized_image

MAX_BYTES = 15 * 1024 * 1024
MAX_SIDE = 2400  # larger photos are scaled down: plenty for a protocol, a tenth of the bytes
THUMBNAIL_SIDE = 320


def without_metadata(upload: UploadedFile) -> "ContentFile[bytes]":
    """The image re-encoded as JPEG from its pixels alone; anything else is refused."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(_("The photo is larger than 15 MB."))
    refuse_oversized_image(upload)  # before a single pixel is decoded
    try:
        with Image.open(upload) as image:
            image.load()
            pixels = image.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(_("The file is not a photo Tryggve can read (JPEG, PNG or WebP).")) from error
    pixels.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    pixels.save(out, format="JPEG", quality=85)  # a fresh image: no EXIF, XMP or ICC comments
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


class PhotoField(forms.ImageField):
    """Django's image field, refusing too many pixels before Django's own check opens the image
    (which, beyond Pillow's limit, would only say the file is not a valid image)."""

    def to_python(self, data: Any) -> Any:
        if data:
            refuse_oversized_image(data)
        return super().to_python(data)


def thumbnail(photo: Any) -> bytes:
    """A stored photo at most THUMBNAIL_SIDE pixels wide and high, as JPEG. The photo was
    re-encoded on upload, so this is a JPEG Tryggve wrote; JPEG's draft mode decodes it at a
    fraction of its size, so a thumbnail costs milliseconds."""
    with photo.open("rb") as file, Image.open(file) as image:
        image.draft("RGB", (THUMBNAIL_SIDE * 2, THUMBNAIL_SIDE * 2))
        small = image.convert("RGB")
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=80)
    return out.getvalue()
